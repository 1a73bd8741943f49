//! The credential of tests that talk to loopback servers: one fixed bearer token.

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::{Duration, OffsetDateTime};

/// The bearer token [`FixedToken`] hands out.
pub const TOKEN: &str = "test-token";

/// Hands out [`TOKEN`], valid for an hour, for any scope.
#[derive(Debug)]
pub struct FixedToken;

#[async_trait::async_trait]
impl TokenCredential for FixedToken {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}
