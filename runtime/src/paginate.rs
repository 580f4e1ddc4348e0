//! Offset/limit pagination as a stream, with bounds.
//!
//! [`items`] (what the generated `into_stream` methods call) asks for the page at
//! `offset = first`, then at `first + items received so far`, and yields the items one by one,
//! holding one page at a time. Pages are fetched lazily: the next one is requested only when the
//! items of the previous one have been taken.
//!
//! # When a listing ends
//!
//! - **Done**, the stream ends: a page is empty and the reported total (if any) does not say that
//!   more remain (see `EndedShort` below); or the items received reach the total the service reports
//!   (`task_count`), so no empty page is fetched then. A *short* page (fewer items than the
//!   `limit` asked for) is not taken as the end: services cap the page size below what is asked,
//!   so the next page is requested.
//! - **[`Error::Paging`]** (yielded once, after the items already received, and ending the
//!   stream; see [`PagingProblem`]):
//!   - [`TooManyPages`](PagingProblem::TooManyPages): another request would be needed after
//!     [`PageLimits::max_pages`] of them. A listing without a total is only known to be done by an
//!     empty page, which counts.
//!   - [`TooManyItems`](PagingProblem::TooManyItems): more items than [`PageLimits::max_items`]
//!     were sent, or the limit is reached and the listing may go on (a next page would be needed).
//!     Exactly `max_items` items are yielded before the error.
//!   - [`RepeatedPage`](PagingProblem::RepeatedPage): a page has the same length and the same
//!     first and last items as the previous one, i.e. the service ignores the offset. Its items
//!     are not yielded.
//!   - [`EndedShort`](PagingProblem::EndedShort): a page is empty while the total last reported
//!     (by that page, else by the latest page that reported one) is above the items received plus
//!     the offset of the first page. The first offset counts as items skipped before it (exactly so
//!     for 0-based offsets, one too many for 1-based ones): a listing asked to start further on
//!     (`start(11)`) receives fewer items than the total, and that is no error.
//!
//! Totals may change while a listing is read (items created or deleted between two requests):
//! the latest total reported is the one that counts. A total that drops to or below the items
//! received ends the listing; items inserted before the offset can make an item appear twice, and
//! items deleted before it can make one be skipped, as with any offset paging. An empty page while
//! the service still reports more is an error, never a silent short result.
//!
//! # Bounds
//!
//! The limits keep a misbehaving server (a huge total, pages that never end) from making a
//! listing run for hours or a caller that collects the stream run out of memory. The defaults,
//! [`DEFAULT_MAX_PAGES`] and [`DEFAULT_MAX_ITEMS`], are set per client
//! ([`ClientBuilder::page_limits`](crate::ClientBuilder::page_limits)) or per listing
//! ([`items_with_limits`]). Nothing is allocated from a reported total.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::{ApiRequest, Client, Error, PagingProblem, Result};

/// Default bound on the requests of one listing: 10,000 pages are 100,000 items at the page size
/// of 10 that Huawei Cloud's list operations use when `limit` is not given, and a few minutes of
/// requests at the usual latency, where the unbounded loop this replaces ran for an hour.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;
/// Default bound on the items of one listing: far above what one account holds of any listed
/// resource, while a caller collecting them stays around 100 MB (a background task is ~1 KB).
pub const DEFAULT_MAX_ITEMS: u64 = 100_000;

/// The bounds of one listing (see the [module documentation](self)).
///
/// ```
/// use huaweicloud_core::paginate::PageLimits;
///
/// let limits = PageLimits::default().with_max_pages(50).with_max_items(5_000);
/// assert_eq!((limits.max_pages, limits.max_items), (50, 5_000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PageLimits {
    /// The most requests one listing makes (default [`DEFAULT_MAX_PAGES`]).
    pub max_pages: u64,
    /// The most items one listing yields (default [`DEFAULT_MAX_ITEMS`]).
    pub max_items: u64,
}

impl Default for PageLimits {
    fn default() -> Self {
        Self {
            max_pages: DEFAULT_MAX_PAGES,
            max_items: DEFAULT_MAX_ITEMS,
        }
    }
}

impl PageLimits {
    /// These limits with at most `pages` requests per listing.
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages;
        self
    }

    /// These limits with at most `items` items per listing.
    pub fn with_max_items(mut self, items: u64) -> Self {
        self.max_items = items;
        self
    }
}

/// A request whose listing pages with an offset and a page size. Generated code implements it for
/// every list operation; [`items`] turns such a request into a stream of every item.
pub trait PagedRequest: ApiRequest + Clone + Send + 'static {
    /// What the listing lists.
    type Item: PartialEq + Clone + Send + 'static;

    /// The offset of the first page: the request's own, else the operation's first offset.
    fn first_offset(&self) -> i64;

    /// This request asking for the page at `offset` (an error when the offset does not fit the
    /// parameter's type).
    fn at_offset(&self, offset: i64) -> Result<Self>;

    /// The items of an answer, and the total the answer reports.
    fn page(response: Self::Response) -> Result<Page<Self::Item>>;
}

/// Every item of the listing `request` starts, fetched page by page with `client`, within the
/// client's [`page_limits`](Client::page_limits) (see the [module documentation](self) for when
/// it stops).
pub fn items<R: PagedRequest>(
    client: Client,
    request: R,
) -> impl Stream<Item = Result<R::Item>> + Send + 'static
where
    R::Response: Send,
{
    let limits = client.page_limits();
    items_with_limits(client, request, limits)
}

/// [`items`] with the bounds of this one listing, e.g. for a generated builder:
/// `items_with_limits(client.core().clone(), builder.as_request().clone(), limits)`.
pub fn items_with_limits<R: PagedRequest>(
    client: Client,
    request: R,
    limits: PageLimits,
) -> impl Stream<Item = Result<R::Item>> + Send + 'static
where
    R::Response: Send,
{
    offset_stream_with_limits(request.first_offset(), limits, move |offset| {
        let client = client.clone();
        let next = request.at_offset(offset);
        async move { R::page(client.send(next?).await?) }
    })
}

/// One page of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The total number of items the listing reports (e.g. `task_count`), if it does.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of items with an optional total.
    pub fn new(items: Vec<T>, total: Option<u64>) -> Self {
        Self { items, total }
    }
}

/// The stream [`offset_stream_with_limits`] returns.
struct OffsetStream<T, F, Fut> {
    fetch: F,
    first: i64,
    limits: PageLimits,
    /// Pages received.
    pages: u64,
    /// Items received (yielded, or in `ready`).
    received: u64,
    /// The latest total the service reported.
    total: Option<u64>,
    /// The page being fetched.
    pending: Option<Pin<Box<Fut>>>,
    /// What identifies the previous page: its length and clones of its first and last items.
    previous: Option<(usize, T, T)>,
    /// Items being handed out (one page at most).
    ready: VecDeque<T>,
    /// Yielded after `ready` is drained; ends the stream.
    error: Option<Error>,
    /// No more fetching.
    exhausted: bool,
}

// The fetch future is boxed and no field is ever pinned in place, so the stream can move freely
// whatever `T` and `F` are.
impl<T, F, Fut> Unpin for OffsetStream<T, F, Fut> {}

impl<T, F, Fut> OffsetStream<T, F, Fut>
where
    T: PartialEq + Clone,
{
    /// Takes in a fetched page (or error) and decides whether there is more to fetch.
    fn receive(&mut self, offset: i64, page: Result<Page<T>>) {
        self.exhausted = true;
        let mut page = match page {
            Ok(page) => page,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.pages = self.pages.saturating_add(1);
        self.total = page.total.or(self.total);
        let (Some(head), Some(tail)) = (page.items.first(), page.items.last()) else {
            // Items before the first offset are not this listing's to receive (see the module doc).
            let skipped = u64::try_from(self.first).unwrap_or(0);
            let accounted = self.received.saturating_add(skipped);
            if let Some(total) = self.total.filter(|&t| accounted < t) {
                self.fail(PagingProblem::EndedShort { offset, total });
            }
            return;
        };
        let signature = (page.items.len(), head.clone(), tail.clone());
        if self.previous.as_ref() == Some(&signature) {
            self.fail(PagingProblem::RepeatedPage { offset });
            return;
        }
        self.previous = Some(signature);
        let allowance = self.limits.max_items.saturating_sub(self.received);
        if page.items.len() as u64 > allowance {
            page.items.truncate(allowance as usize);
            self.received = self.limits.max_items;
            self.ready = page.items.into();
            self.fail(PagingProblem::TooManyItems {
                limit: self.limits.max_items,
            });
            return;
        }
        self.received += page.items.len() as u64;
        self.ready = page.items.into();
        self.exhausted = self.total.is_some_and(|t| self.received >= t);
    }

    /// Ends the listing with `problem`, after the items already received.
    fn fail(&mut self, problem: PagingProblem) {
        tracing::debug!(%problem, pages = self.pages, items = self.received, "listing stopped");
        self.error = Some(Error::Paging {
            problem,
            pages: self.pages,
            items: self.received,
        });
        self.exhausted = true;
    }

    /// Whether another request is within the limits (else the listing fails here).
    fn may_fetch(&mut self) -> bool {
        if self.received >= self.limits.max_items {
            self.fail(PagingProblem::TooManyItems {
                limit: self.limits.max_items,
            });
            return false;
        }
        if self.pages >= self.limits.max_pages {
            self.fail(PagingProblem::TooManyPages {
                limit: self.limits.max_pages,
            });
            return false;
        }
        true
    }

    fn next_offset(&self) -> i64 {
        self.first
            .saturating_add(i64::try_from(self.received).unwrap_or(i64::MAX))
    }
}

impl<T, F, Fut> Stream for OffsetStream<T, F, Fut>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
    T: PartialEq + Clone,
{
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if let Some(fetch) = this.pending.as_mut() {
                let page = std::task::ready!(fetch.as_mut().poll(cx));
                this.pending = None;
                this.receive(this.next_offset(), page);
            }
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(e) = this.error.take() {
                return Poll::Ready(Some(Err(e)));
            }
            if this.exhausted || !this.may_fetch() {
                // `may_fetch` failing leaves its error for the next turn of the loop.
                if this.error.is_none() {
                    return Poll::Ready(None);
                }
                continue;
            }
            let offset = this.next_offset();
            this.pending = Some(Box::pin((this.fetch)(offset)));
        }
    }
}

/// A stream over offset/limit pages within the default [`PageLimits`]; see
/// [`offset_stream_with_limits`].
pub fn offset_stream<T, F, Fut>(first: i64, fetch: F) -> impl Stream<Item = Result<T>> + Send
where
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
    T: PartialEq + Clone + Send,
{
    offset_stream_with_limits(first, PageLimits::default(), fetch)
}

/// A stream over offset/limit pages.
///
/// Calls `fetch(offset)` with `offset = first`, then `first + items received so far`, and yields
/// the items one by one; it ends, or fails with [`Error::Paging`], as the
/// [module documentation](self) says. An error of `fetch` is yielded once, after the items already
/// fetched, and ends the stream.
///
/// At most one page is held in memory (plus two items of the previous one), however long the
/// listing, and at most `limits.max_pages` calls of `fetch` are made.
pub fn offset_stream_with_limits<T, F, Fut>(
    first: i64,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send
where
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
    T: PartialEq + Clone + Send,
{
    OffsetStream {
        fetch,
        first,
        limits,
        pages: 0,
        received: 0,
        total: None,
        pending: None,
        previous: None,
        ready: VecDeque::new(),
        error: None,
        exhausted: false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use futures_util::StreamExt;

    use super::*;

    #[tokio::test]
    async fn items_come_out_before_the_next_page_is_fetched() {
        let fetches = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&fetches);
        let stream = offset_stream(0, move |offset| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(Page::new(vec![offset, offset + 1], Some(6))) }
        });
        let mut stream = Box::pin(stream);
        assert_eq!(stream.next().await.map(|r| r.ok()), Some(Some(0)));
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            1,
            "one page in memory, no look-ahead"
        );
        let rest: Vec<i64> = stream.map(|r| r.unwrap_or(-1)).collect().await;
        assert_eq!(rest, [1, 2, 3, 4, 5]);
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_server_ignoring_the_offset_is_an_error_after_one_page() {
        let stream = offset_stream(0, |_| async { Ok(Page::new(vec!["a", "b"], None)) });
        let items: Vec<Result<&str, String>> =
            stream.map(|r| r.map_err(|e| e.to_string())).collect().await;
        assert_eq!(
            items,
            [
                Ok("a"),
                Ok("b"),
                Err(
                    "listing stopped after 2 pages and 2 items: the page at offset 2 repeats the \
                     previous one: the service ignores the offset"
                        .to_owned()
                )
            ]
        );
    }
}
