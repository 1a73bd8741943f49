//! Pageable operations: the page models generated code implements, and the shared
//! `azure_core::http::ItemIterator` plumbing that follows next links.
//!
//! Each page body is deserialized once, into the typed page, when it arrives: the next link and
//! the items both come from that value (azure_core's own `Pager` would parse the body a second
//! time for the items).

use azure_core::{
    error::{Error, ErrorKind},
    http::{
        ItemIterator, RawResponse, StatusCode, Url,
        headers::Headers,
        pager::{Page, PagerContinuation, PagerResult, PagerState},
    },
};
use super::origin::TrustedOrigins;
use std::{
    collections::HashSet,
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex},
};

/// Implemented by generated page models (besides azure_core's `Page`, which yields the items).
pub trait Paged: azure_core::http::pager::Page + serde::de::DeserializeOwned + Send + 'static {
    /// The link to the next page, absolute or relative; `None` or empty on the last page.
    fn next_link(&self) -> Option<&str>;
}

/// What a pageable operation returns: a stream of items across pages; `into_pages()` gives the
/// pages ([`PageResponse`]) instead.
pub type Pager<P> = ItemIterator<PageResponse<P>>;

/// One page: the typed page, deserialized once when it arrived, and the response it came in.
#[derive(Debug)]
pub struct PageResponse<P> {
    page: P,
    raw: RawResponse,
}

impl<P> PageResponse<P> {
    /// The HTTP status of the page's response.
    pub fn status(&self) -> StatusCode {
        self.raw.status()
    }

    /// The headers of the page's response.
    pub fn headers(&self) -> &Headers {
        self.raw.headers()
    }

    /// The typed page.
    pub fn model(&self) -> &P {
        &self.page
    }

    /// The typed page (already decoded: this does not fail; a `Result` like azure_core's
    /// `Response::into_model`).
    pub fn into_model(self) -> azure_core::Result<P> {
        Ok(self.page)
    }

    /// The raw response, body included.
    pub fn into_raw_response(self) -> RawResponse {
        self.raw
    }
}

#[async_trait::async_trait]
impl<P: Page + Send> Page for PageResponse<P> {
    type Item = P::Item;
    type IntoIter = P::IntoIter;

    async fn into_items(self) -> azure_core::Result<Self::IntoIter> {
        self.page.into_items().await
    }
}

/// Fetches one page: `None` for the first one, `Some(url)` for a next link (already resolved and
/// with api-version applied). Returns the raw response and the URL it was fetched from, which
/// relative next links resolve against.
pub(crate) type FetchPage = Arc<
    dyn Fn(
            Option<Url>,
            azure_core::http::Context<'static>,
        ) -> Pin<Box<dyn Future<Output = azure_core::Result<(RawResponse, Url)>> + Send>>
        + Send
        + Sync,
>;

/// What every next link is held to.
#[derive(Clone)]
pub(crate) struct Rules {
    /// Re-applied to every next link when the client has one.
    pub(crate) api_version: Option<String>,
    /// A next link elsewhere is refused before any request (the token stays home).
    pub(crate) origins: Arc<TrustedOrigins>,
    /// Pages fetched at most (at least the first).
    pub(crate) max_pages: u32,
}

/// Builds a `Pager` over `fetch`. The pager callback is `Fn` and may be re-entered by azure_core,
/// so the set of links already followed lives behind a mutex: a next link seen twice is an
/// error, never an endless loop.
pub(crate) fn pager<P: Paged>(fetch: FetchPage, rules: Rules, context: azure_core::http::Context<'static>) -> Pager<P> {
    let seen: Arc<Mutex<HashSet<String>>> = Arc::default();
    let rules = Arc::new(rules);
    ItemIterator::new(
        move |state: PagerState, options| {
            let fetch = fetch.clone();
            let seen = seen.clone();
            let rules = rules.clone();
            Box::pin(async move {
                let link = match state {
                    PagerState::Initial => None,
                    PagerState::More(continuation) => {
                        let link = Url::try_from(continuation)?;
                        // Checked when the link is about to be followed, so the items of the
                        // page that gave it are still yielded before the error.
                        rules.origins.check(&link, "the next link of a page")?;
                        // Every fetched page's URL is in `seen` (and only those): its size is
                        // the number of pages fetched so far.
                        let fetched = lock(&seen).len();
                        if fetched >= rules.max_pages.max(1) as usize {
                            return Err(Error::with_message(
                                ErrorKind::Other,
                                format!(
                                    "stopped after {fetched} pages (`limits.max_pages` in the client options); the service has more"
                                ),
                            ));
                        }
                        if !remember(&seen, &link) {
                            return Err(Error::with_message(
                                ErrorKind::Other,
                                format!(
                                    "the service returned the next link {link} again; stopping instead of looping forever"
                                ),
                            ));
                        }
                        Some(link)
                    }
                };
                let (raw, url) = fetch(link, options.context).await?;
                remember(&seen, &url);
                let page: P = serde_json::from_slice(raw.body().as_ref()).map_err(|e| {
                    Error::with_error(ErrorKind::DataConversion, e, "the page body is not the expected JSON")
                })?;
                let next = match page.next_link() {
                    Some(next) if !next.is_empty() => {
                        let mut next = resolve(&url, next)?;
                        // Next links usually carry an api-version already; ours wins so that
                        // every page is read with the version the client was built for.
                        if let Some(version) = &rules.api_version {
                            super::request::set_api_version(&mut next, version);
                        }
                        Some(next)
                    }
                    _ => None,
                };
                let response = PageResponse { page, raw };
                Ok(match next {
                    Some(next) => PagerResult::More {
                        response,
                        continuation: PagerContinuation::Link(next),
                    },
                    None => PagerResult::Done { response },
                })
            })
        },
        Some(azure_core::http::pager::PagerOptions {
            context,
            continuation: None,
        }),
    )
}

/// Records `url`; false when it was already there.
fn remember(seen: &Mutex<HashSet<String>>, url: &Url) -> bool {
    lock(seen).insert(url.as_str().to_owned())
}

/// A poisoned lock still holds a valid set.
fn lock(seen: &Mutex<HashSet<String>>) -> std::sync::MutexGuard<'_, HashSet<String>> {
    seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Next links are usually absolute; a relative one resolves against the page it came from, as
/// a browser would. Only http(s) links are followed.
pub(crate) fn resolve(base: &Url, link: &str) -> azure_core::Result<Url> {
    let url = base.join(link).map_err(|e| {
        Error::with_error(
            ErrorKind::DataConversion,
            e,
            format!("invalid link from the service: {link}"),
        )
    })?;
    match url.scheme() {
        "https" | "http" => Ok(url),
        other => Err(Error::with_message(
            ErrorKind::DataConversion,
            format!("refusing to follow a `{other}:` link from the service"),
        )),
    }
}
