//! Offset/limit pagination as a stream.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

use crate::Result;

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

struct State<T, F> {
    fetch: F,
    first: i64,
    received: u64,
    /// The last page fetched, kept until the next one shows it is not a repeat.
    pending: Option<Vec<T>>,
    /// Items being handed out.
    ready: VecDeque<T>,
    /// Yielded after `ready` is drained; ends the stream.
    error: Option<crate::Error>,
    /// No more fetching.
    exhausted: bool,
}

/// A stream over offset/limit pages.
///
/// Calls `fetch(offset)` with `offset = first`, then `first + items received so far`, and yields
/// the items one by one. It stops
/// - on an empty page,
/// - when the number of items received reaches the page's `total` (so it works for 0- and 1-based
///   offsets alike),
/// - when a page equals the previous one (a server that ignores the offset would otherwise loop
///   forever).
///
/// An error is yielded once, after the items already fetched, and ends the stream.
///
/// To detect a repeated page without requiring `T: Clone`, a page's items are handed out once the
/// next page has been fetched (or once no further page is needed), so at most two pages are held
/// in memory, independent of the listing's length.
pub fn offset_stream<T, F, Fut>(first: i64, fetch: F) -> impl Stream<Item = Result<T>> + Send
where
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
    T: PartialEq + Send,
{
    let state = State {
        fetch,
        first,
        received: 0,
        pending: None,
        ready: VecDeque::new(),
        error: None,
        exhausted: false,
    };
    futures_util::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.ready.pop_front() {
                return Some((Ok(item), st));
            }
            if let Some(e) = st.error.take() {
                st.exhausted = true;
                st.pending = None;
                return Some((Err(e), st));
            }
            if st.exhausted {
                let page = st.pending.take()?;
                st.ready = page.into();
                continue;
            }
            let offset = st
                .first
                .saturating_add(i64::try_from(st.received).unwrap_or(i64::MAX));
            match (st.fetch)(offset).await {
                Err(e) => {
                    st.error = Some(e);
                    st.exhausted = true;
                    if let Some(page) = st.pending.take() {
                        st.ready = page.into();
                    }
                }
                Ok(page) if page.items.is_empty() => st.exhausted = true,
                Ok(page) if st.pending.as_ref() == Some(&page.items) => {
                    tracing::debug!(offset, "page repeats the previous one; stopping");
                    st.exhausted = true;
                }
                Ok(page) => {
                    st.received = st.received.saturating_add(page.items.len() as u64);
                    if page.total.is_some_and(|t| st.received >= t) {
                        st.exhausted = true;
                    }
                    if let Some(previous) = st.pending.replace(page.items) {
                        st.ready = previous.into();
                    }
                }
            }
        }
    })
}
