//! Offset/limit pagination as a stream.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::{ApiRequest, Client, Result};

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

/// Every item of the listing `request` starts, fetched page by page with `client` (see
/// [`offset_stream`] for when it stops).
pub fn items<R: PagedRequest>(
    client: Client,
    request: R,
) -> impl Stream<Item = Result<R::Item>> + Send + 'static
where
    R::Response: Send,
{
    offset_stream(request.first_offset(), move |offset| {
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

/// The stream [`offset_stream`] returns.
struct OffsetStream<T, F, Fut> {
    fetch: F,
    first: i64,
    received: u64,
    /// The page being fetched.
    pending: Option<Pin<Box<Fut>>>,
    /// What identifies the previous page: its length and clones of its first and last items.
    previous: Option<(usize, T, T)>,
    /// Items being handed out (one page at most).
    ready: VecDeque<T>,
    /// Yielded after `ready` is drained; ends the stream.
    error: Option<crate::Error>,
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
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                self.error = Some(e);
                self.exhausted = true;
                return;
            }
        };
        let (Some(head), Some(tail)) = (page.items.first(), page.items.last()) else {
            self.exhausted = true;
            return;
        };
        let signature = (page.items.len(), head.clone(), tail.clone());
        if self.previous.as_ref() == Some(&signature) {
            tracing::debug!(offset, "page repeats the previous one; stopping");
            self.exhausted = true;
            return;
        }
        self.previous = Some(signature);
        self.received = self.received.saturating_add(page.items.len() as u64);
        if page.total.is_some_and(|t| self.received >= t) {
            self.exhausted = true;
        }
        self.ready = page.items.into();
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
            if this.exhausted {
                return Poll::Ready(None);
            }
            let offset = this.next_offset();
            this.pending = Some(Box::pin((this.fetch)(offset)));
        }
    }
}

/// A stream over offset/limit pages.
///
/// Calls `fetch(offset)` with `offset = first`, then `first + items received so far`, and yields
/// the items one by one. It stops
/// - on an empty page,
/// - when the number of items received reaches the page's `total` (so it works for 0- and 1-based
///   offsets alike),
/// - when a page repeats the previous one (same length, first and last items): a server that ignores
///   the offset would otherwise loop forever.
///
/// An error is yielded once, after the items already fetched, and ends the stream.
///
/// At most one page is held in memory (plus two items of the previous one), however long the listing.
pub fn offset_stream<T, F, Fut>(first: i64, fetch: F) -> impl Stream<Item = Result<T>> + Send
where
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
    T: PartialEq + Clone + Send,
{
    OffsetStream {
        fetch,
        first,
        received: 0,
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
    async fn a_server_ignoring_the_offset_stops_after_one_page() {
        let stream = offset_stream(0, |_| async { Ok(Page::new(vec!["a", "b"], None)) });
        let items: Vec<&str> = stream.map(|r| r.unwrap_or("error")).collect().await;
        assert_eq!(items, ["a", "b"]);
    }
}
