//! Where the bearer token may go: the origin (scheme, host, port) of the client's endpoint, and
//! the hosts the user allowed explicitly. Nothing else ever receives it.
//!
//! Services hand out URLs the client follows on its own (ARM `nextLink`, Graph
//! `@odata.nextLink`, `Azure-AsyncOperation`, `Location`, `Operation-Location`). A service (or
//! anyone who can alter its answers) could point those anywhere; following one to another host
//! would hand that host a token for the whole cloud. So the code that follows a link checks it
//! first, with an error that says which link it was, and `OriginPolicy` checks every request
//! again right before the bearer policy, so no code path (nor a user policy that rewrites URLs
//! earlier in the pipeline) can skip the rule.

use azure_core::{
    error::{Error, ErrorKind},
    http::{
        Context, Request, Url,
        policies::{Policy, PolicyResult},
    },
};
use std::{fmt, sync::Arc};

/// A scheme, host and port, compared exactly (hosts are lowercased by URL parsing).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(url: &Url) -> Option<Self> {
        Some(Self {
            scheme: url.scheme().to_owned(),
            host: url.host_str()?.to_owned(),
            port: url.port_or_known_default()?,
        })
    }

    /// `url` is on this origin (no allocation: runs for every request).
    fn contains(&self, url: &Url) -> bool {
        url.scheme() == self.scheme
            && url.host_str() == Some(self.host.as_str())
            && url.port_or_known_default() == Some(self.port)
    }
}

/// `https://host` for the scheme's default port, `https://host:port` otherwise.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_port = match self.scheme.as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        };
        if default_port == Some(self.port) {
            write!(f, "{}://{}", self.scheme, self.host)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// The origins that receive the bearer token: the endpoint's, and each allowed host.
#[derive(Clone, Debug)]
pub struct TrustedOrigins {
    home: Origin,
    allowed: Vec<Origin>,
}

impl TrustedOrigins {
    /// `endpoint` is the client's base URL (cloud default or override). Each `allowed_hosts`
    /// entry is `host` (https, port 443), `host:port` (https) or `https://host[:port]`; anything
    /// else (another scheme, a path, a wildcard) is an error, so a typo cannot widen the list.
    pub fn new(endpoint: &Url, allowed_hosts: &[String]) -> azure_core::Result<Self> {
        let home = Origin::of(endpoint).ok_or_else(|| {
            Error::with_message(
                ErrorKind::Other,
                format!("endpoint `{endpoint}` has no host and port"),
            )
        })?;
        let allowed = allowed_hosts
            .iter()
            .map(|entry| allowed_origin(entry))
            .collect::<azure_core::Result<_>>()?;
        Ok(Self { home, allowed })
    }

    /// Ok when `url` may receive the bearer token; otherwise an error naming `url`'s origin,
    /// the endpoint's origin and `what` the URL was (e.g. "the Location header").
    pub fn check(&self, url: &Url, what: &str) -> azure_core::Result<()> {
        if self.home.contains(url) || self.allowed.iter().any(|o| o.contains(url)) {
            return Ok(());
        }
        let origin = Origin::of(url);
        // Only the origin is shown: a URL's path and query may carry signatures.
        let target = match &origin {
            Some(origin) => origin.to_string(),
            None => format!("a `{}:` URL", url.scheme()),
        };
        let hint = match (&origin, url.scheme()) {
            (Some(o), "https") if o.port == 443 => format!("add \"{}\" to", o.host),
            (Some(o), "https") => format!("add \"{}:{}\" to", o.host, o.port),
            // Plain http (or another scheme) never receives a token, allowed or not.
            _ => "only https URLs can be added to".to_owned(),
        };
        Err(Error::with_message(
            ErrorKind::Other,
            format!(
                "refusing to send the bearer token to {target} ({what}): it is not the origin of the client's endpoint, {}; if that host is trusted, {hint} `allowed_hosts` in the client options",
                self.home
            ),
        ))
    }
}

fn allowed_origin(entry: &str) -> azure_core::Result<Origin> {
    let invalid = |why: &str| {
        Error::with_message(
            ErrorKind::Other,
            format!("allowed host `{entry}` {why}; write `host`, `host:port` or `https://host[:port]`"),
        )
    };
    let trimmed = entry.trim();
    if trimmed.is_empty() {
        return Err(invalid("is empty"));
    }
    if trimmed.contains('*') {
        return Err(invalid("has a wildcard (list each host)"));
    }
    let text = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&text).map_err(|_| invalid("is not a host"))?;
    if url.scheme() != "https" {
        return Err(invalid("is not https (the bearer token is never sent over plain http)"));
    }
    let bare = url.username().is_empty()
        && url.password().is_none()
        && matches!(url.path(), "" | "/")
        && url.query().is_none()
        && url.fragment().is_none();
    if !bare {
        return Err(invalid("has more than a host and port"));
    }
    Origin::of(&url).ok_or_else(|| invalid("has no host"))
}

/// Refuses, before the bearer policy adds the token, any request to an origin that is not
/// trusted. Sits right before the bearer policy (per try), so it sees the final URL.
#[derive(Debug)]
pub(crate) struct OriginPolicy {
    origins: Arc<TrustedOrigins>,
}

impl OriginPolicy {
    pub(crate) fn new(origins: Arc<TrustedOrigins>) -> Self {
        Self { origins }
    }
}

#[async_trait::async_trait]
impl Policy for OriginPolicy {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        self.origins.check(request.url(), "a request")?;
        next[0].send(ctx, request, &next[1..]).await
    }
}
