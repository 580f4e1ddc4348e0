//! One client connection: the request-head gate in front of hyper, its timeouts, and the switch a
//! fault uses to close the connection.
//!
//! hyper answers a request head it cannot parse (NUL or a non-ASCII byte in the path, a bad
//! `Content-Length`, too many or too large headers …) by itself, with an empty body and no
//! `X-Request-Id`, and offers no hook to change that answer. So every byte the client sends goes
//! through a [`Gate`] first. The gate reads each request head in full, checks it the way hyper
//! will (with [`httparse`], the parser hyper uses), and only then hands it on. A head it refuses
//! is replaced by a stand-in request (`GET / HTTP/1.1`, `Connection: close`) and the reason is
//! left in the connection's [`ConnState`]: hyper serves the stand-in like any request, and the
//! handler answers it with the gateway's JSON error and an `X-Request-Id`, in order after any
//! pipelined request before it. Nothing more is read from that connection.
//!
//! The gate also knows where each request head starts and ends, which is what the timeouts need:
//!
//! - **idle**: no byte of a next request within [`ConnLimits::idle_timeout`] of the last answer →
//!   the connection is closed (nothing was asked, so nothing is answered);
//! - **head**: a head not complete within [`ConnLimits::header_timeout`] of its first byte → 408;
//! - **body**: the handler reads the body under [`ConnLimits::body_timeout`] → 408.
//!
//! To find where each head starts, the gate follows the body framing: `Content-Length`, or the
//! chunks of a chunked body ([`Chunks`]). A chunked body it cannot follow (a malformed one, which
//! hyper refuses too: 400 from the handler, connection closed; or a rare form hyper tolerates,
//! such as a size with more than 16 digits) sends the rest of that connection to hyper unchecked,
//! bounded by hyper's own header timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf, Bytes};
use http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// The most header fields a request may have (hyper's own default, set explicitly on hyper too).
pub const MAX_HEADERS: usize = 100;

/// The largest request head accepted by default (request line and headers): 32 KiB.
pub const DEFAULT_MAX_HEAD_BYTES: usize = 32 * 1024;

/// The largest request head that can be configured: hyper answers a longer request target itself
/// (414, empty), so the gate must refuse first.
pub const MAX_HEAD_BYTES_CEILING: usize = 64 * 1024 - 2;

/// How long a kept-alive connection may stay idle by default: a minute, as gateways do (the
/// runtime stops reusing a connection after 50 s, so it never races this close).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a request head may take from its first byte by default.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request body may take by default, from when the emulator starts reading it.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest timeout that can be configured (longer ones are lowered to it): a year, which is
/// "never" for an emulator and keeps deadline arithmetic far from overflowing.
pub const LONGEST_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// How many bytes one read from the socket takes at most.
const READ_CHUNK: usize = 8 * 1024;

/// What hyper is given in place of a refused head.
const STAND_IN: &[u8] = b"GET / HTTP/1.1\r\nconnection: close\r\n\r\n";

/// The limits of every connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ConnLimits {
    /// Idle time allowed between an answer and the first byte of the next request.
    pub(crate) idle_timeout: Duration,
    /// Time allowed from the first byte of a request head to its end.
    pub(crate) header_timeout: Duration,
    /// Time allowed to read a request body.
    pub(crate) body_timeout: Duration,
    /// The largest request head, in bytes.
    pub(crate) max_head_bytes: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        Self {
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            max_head_bytes: DEFAULT_MAX_HEAD_BYTES,
        }
    }
}

/// A request head the gate refused, and what to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// 400, 408, 431 …
    pub(crate) status: StatusCode,
    /// Why, for `error_msg`.
    pub(crate) reason: String,
    /// The method as far as it was read, printable (for the request log).
    pub(crate) method: String,
    /// The request target as far as it was read, printable (for the request log).
    pub(crate) target: String,
}

/// What the gate, the service and the handler share about one connection.
#[derive(Debug)]
pub(crate) struct ConnState {
    /// Set by a fault: from then on the connection reads EOF and fails writes.
    killed: AtomicBool,
    /// Heads handed to hyper so far (stand-ins included).
    heads: AtomicU64,
    /// Requests hyper has handed to the service so far.
    requests: AtomicU64,
    /// Requests being answered now.
    in_flight: AtomicU64,
    /// When the last answer was ready (or the connection opened): the start of the idle time.
    idle_since: Mutex<Instant>,
    /// The refused head: its number among the heads, and why.
    refusal: Mutex<Option<(u64, Refusal)>>,
}

impl ConnState {
    fn new() -> Self {
        Self {
            killed: AtomicBool::new(false),
            heads: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            idle_since: Mutex::new(Instant::now()),
            refusal: Mutex::new(None),
        }
    }

    /// Closes the connection without an answer (a fault).
    pub(crate) fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
    }

    fn killed(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }

    /// Called by the service for each request hyper parsed: the refusal when the request is the
    /// stand-in of a refused head, and a guard that marks the connection busy until dropped.
    pub(crate) fn begin_request(self: &Arc<Self>) -> (Option<Refusal>, Busy) {
        let number = self.requests.fetch_add(1, Ordering::SeqCst);
        let mut slot = self.refusal.lock().unwrap_or_else(|e| e.into_inner());
        let refusal = match slot.take() {
            Some((n, r)) if n == number => Some(r),
            other => {
                *slot = other;
                None
            }
        };
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        (refusal, Busy(self.clone()))
    }

    fn busy(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) > 0
    }

    fn idle_since(&self) -> Instant {
        *self.idle_since.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Marks a connection busy while a request is being answered; the idle time starts when the last
/// one is dropped.
#[derive(Debug)]
pub(crate) struct Busy(Arc<ConnState>);

impl Drop for Busy {
    fn drop(&mut self) {
        *self.0.idle_since.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Where the gate is in the client's byte stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Reading a request head; `first_byte` is when its first byte came.
    Head { first_byte: Option<Instant> },
    /// Passing on the body of a request with `Content-Length`.
    Body { remaining: u64 },
    /// Passing on a chunked body, following its framing to find its end.
    Chunked(Chunks),
    /// After a chunked body the gate could not follow: everything goes to hyper unchecked.
    Unchecked,
    /// A head was refused and its stand-in handed on: nothing more is read.
    Refused,
}

/// Where a chunked body is, byte by byte, as hyper's decoder reads it (`size[;ext]\r\n`, data,
/// `\r\n`, …, `0\r\n`, trailer lines, `\r\n`). Anything hyper would not read the same way makes
/// the gate give up following ([`Chunks::Lost`]) rather than guess where the next head starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chunks {
    /// In the hex size; `digits` read so far.
    Size { size: u64, digits: u8 },
    /// After the size: spaces, or an extension, up to the CR.
    SizeRest { size: u64, extension: bool },
    /// The LF that ends a size line.
    SizeLf { size: u64 },
    /// In a chunk's data.
    Data { remaining: u64 },
    /// The CR after a chunk's data.
    DataCr,
    /// The LF after a chunk's data.
    DataLf,
    /// At the start of a trailer line (or the final empty line).
    TrailerStart,
    /// In a trailer line, up to its CR.
    Trailer,
    /// The LF after a trailer line; `last` when the line was empty (the body ends with it).
    TrailerLf { last: bool },
    /// The body is over.
    Done,
    /// The framing is not what hyper reads; stop following.
    Lost,
}

impl Chunks {
    /// Follows `bytes`; returns the new state and how many of them belong to the body (all of
    /// them unless the body ends inside).
    fn follow(mut self, bytes: &[u8]) -> (Self, usize) {
        let mut i = 0;
        while i < bytes.len() {
            if let Chunks::Data { remaining } = self {
                let n = (bytes.len() - i).min(usize::try_from(remaining).unwrap_or(usize::MAX));
                i += n;
                let remaining = remaining - n as u64;
                self = if remaining == 0 {
                    Chunks::DataCr
                } else {
                    Chunks::Data { remaining }
                };
                continue;
            }
            let b = bytes[i];
            i += 1;
            self = match (self, b) {
                (Chunks::Size { size, digits }, _) if b.is_ascii_hexdigit() => {
                    let digit = u64::from(char::from(b).to_digit(16).unwrap_or(0));
                    // More than 64 bits is an overflow to hyper; more than 16 digits (leading
                    // zeros included) is not followed, to stay on the safe side.
                    if digits >= 16 {
                        Chunks::Lost
                    } else {
                        Chunks::Size {
                            size: (size << 4) | digit,
                            digits: digits + 1,
                        }
                    }
                }
                (Chunks::Size { digits: 0, .. }, _) => Chunks::Lost,
                (Chunks::Size { size, .. }, b' ' | b'\t') => Chunks::SizeRest {
                    size,
                    extension: false,
                },
                (Chunks::Size { size, .. } | Chunks::SizeRest { size, .. }, b';') => {
                    Chunks::SizeRest {
                        size,
                        extension: true,
                    }
                }
                (Chunks::Size { size, .. } | Chunks::SizeRest { size, .. }, b'\r') => {
                    Chunks::SizeLf { size }
                }
                (Chunks::SizeRest { size, extension }, b' ' | b'\t') => {
                    Chunks::SizeRest { size, extension }
                }
                (
                    Chunks::SizeRest {
                        size,
                        extension: true,
                    },
                    _,
                ) if b != b'\n' => Chunks::SizeRest {
                    size,
                    extension: true,
                },
                (Chunks::SizeLf { size: 0 }, b'\n') => Chunks::TrailerStart,
                (Chunks::SizeLf { size }, b'\n') => Chunks::Data { remaining: size },
                (Chunks::DataCr, b'\r') => Chunks::DataLf,
                (Chunks::DataLf, b'\n') => Chunks::Size { size: 0, digits: 0 },
                (Chunks::TrailerStart, b'\r') => Chunks::TrailerLf { last: true },
                (Chunks::TrailerStart | Chunks::Trailer, b'\n') => Chunks::Lost,
                (Chunks::Trailer, b'\r') => Chunks::TrailerLf { last: false },
                (Chunks::TrailerStart | Chunks::Trailer, _) => Chunks::Trailer,
                (Chunks::TrailerLf { last: true }, b'\n') => return (Chunks::Done, i),
                (Chunks::TrailerLf { last: false }, b'\n') => Chunks::TrailerStart,
                _ => Chunks::Lost,
            };
            if self == Chunks::Lost {
                // Everything goes on to hyper, which will refuse the body itself.
                return (Chunks::Lost, bytes.len());
            }
        }
        (self, bytes.len())
    }
}

/// How a checked request's body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Length(u64),
    Chunked,
}

/// The result of looking at the bytes of a request head.
#[derive(Debug, PartialEq, Eq)]
enum Inspected {
    /// More bytes are needed.
    Partial,
    /// A good head of `len` bytes, and its body.
    Complete { len: usize, body: Framing },
}

/// The connection as hyper sees it: the socket behind the request-head gate.
pub(crate) struct Gate {
    io: TcpStream,
    state: Arc<ConnState>,
    limits: ConnLimits,
    /// Bytes read from the socket and not yet handed on.
    inbox: Vec<u8>,
    /// Bytes approved for hyper: a checked head or a stand-in.
    outbox: Bytes,
    /// The inbox may hold a complete head: a newline came since it was last checked. (A head can
    /// only end at a newline; checking on every byte would cost quadratic time on a slow client.)
    head_may_be_complete: bool,
    phase: Phase,
    timer: Pin<Box<Sleep>>,
}

impl Gate {
    /// Wraps an accepted socket; the state is shared with the service.
    pub(crate) fn new(io: TcpStream, limits: ConnLimits) -> (Self, Arc<ConnState>) {
        let state = Arc::new(ConnState::new());
        let gate = Self {
            io,
            state: state.clone(),
            limits,
            inbox: Vec::new(),
            outbox: Bytes::new(),
            head_may_be_complete: false,
            phase: Phase::Head { first_byte: None },
            timer: Box::pin(tokio::time::sleep(Duration::ZERO)),
        };
        (gate, state)
    }

    /// Replaces the head in the inbox with the stand-in and leaves the refusal for the handler.
    fn refuse(&mut self, status: StatusCode, reason: impl Into<String>) {
        let (method, target) = request_line_prefix(&self.inbox);
        let number = self.state.heads.fetch_add(1, Ordering::SeqCst);
        let refusal = Refusal {
            status,
            reason: reason.into(),
            method,
            target,
        };
        tracing::debug!(?refusal, "request head refused");
        *self.state.refusal.lock().unwrap_or_else(|e| e.into_inner()) = Some((number, refusal));
        self.inbox = Vec::new();
        self.outbox = Bytes::from_static(STAND_IN);
        self.phase = Phase::Refused;
    }

    /// Looks at the inbox in the head phase: hands a good head on, or refuses a bad one.
    fn check_head(&mut self) {
        self.head_may_be_complete = false;
        match inspect(&self.inbox, self.limits.max_head_bytes) {
            Ok(Inspected::Partial) => {
                if self.inbox.len() > self.limits.max_head_bytes {
                    let max = self.limits.max_head_bytes;
                    self.refuse(
                        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                        format!("the request head is larger than {max} bytes"),
                    );
                }
            }
            Ok(Inspected::Complete { len, body }) => {
                self.outbox = Bytes::from(self.inbox.drain(..len).collect::<Vec<u8>>());
                self.state.heads.fetch_add(1, Ordering::SeqCst);
                // The idle time of this connection ends here, whatever hyper does next.
                *self
                    .state
                    .idle_since
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = Instant::now();
                self.head_may_be_complete = !self.inbox.is_empty();
                self.phase = match body {
                    Framing::Length(0) => Phase::Head { first_byte: None },
                    Framing::Length(n) => Phase::Body { remaining: n },
                    Framing::Chunked => Phase::Chunked(Chunks::Size { size: 0, digits: 0 }),
                };
                if matches!(self.phase, Phase::Head { .. }) && !self.inbox.is_empty() {
                    // A pipelined request's first bytes are already here.
                    self.phase = Phase::Head {
                        first_byte: Some(Instant::now()),
                    };
                }
            }
            Err((status, reason)) => self.refuse(status, reason),
        }
    }

    /// The deadline in force while the socket has nothing to read, and what happens then.
    fn deadline(&self) -> Option<(Instant, Expiry)> {
        match self.phase {
            Phase::Head {
                first_byte: Some(t),
            } => Some((t + self.limits.header_timeout, Expiry::HeadTimeout)),
            // While a request is being answered, hyper only reads to notice a close.
            Phase::Head { first_byte: None } if !self.state.busy() => Some((
                self.state.idle_since() + self.limits.idle_timeout,
                Expiry::Idle,
            )),
            _ => None,
        }
    }
}

/// What a passed deadline does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expiry {
    /// Close the connection (EOF to hyper, which closes an idle connection quietly).
    Idle,
    /// Answer 408.
    HeadTimeout,
}

/// Moves up to `limit` bytes from the front of `from` into `buf`; returns how many.
fn deliver(from: &mut Vec<u8>, buf: &mut ReadBuf<'_>, limit: u64) -> usize {
    let n = from
        .len()
        .min(buf.remaining())
        .min(usize::try_from(limit).unwrap_or(usize::MAX));
    buf.put_slice(&from[..n]);
    from.drain(..n);
    n
}

impl AsyncRead for Gate {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.state.killed() {
            return Poll::Ready(Ok(()));
        }
        loop {
            if !this.outbox.is_empty() {
                let n = this.outbox.len().min(buf.remaining());
                buf.put_slice(&this.outbox[..n]);
                this.outbox.advance(n);
                return Poll::Ready(Ok(()));
            }
            match this.phase {
                Phase::Refused => return Poll::Pending,
                Phase::Unchecked if !this.inbox.is_empty() => {
                    deliver(&mut this.inbox, buf, u64::MAX);
                    return Poll::Ready(Ok(()));
                }
                Phase::Chunked(chunks) if !this.inbox.is_empty() => {
                    let window = this.inbox.len().min(buf.remaining());
                    let (chunks, used) = chunks.follow(&this.inbox[..window]);
                    deliver(&mut this.inbox, buf, used as u64);
                    this.phase = match chunks {
                        Chunks::Done => {
                            this.head_may_be_complete = !this.inbox.is_empty();
                            Phase::Head {
                                first_byte: (!this.inbox.is_empty()).then(Instant::now),
                            }
                        }
                        Chunks::Lost => {
                            tracing::debug!("chunked body not followed; the rest goes unchecked");
                            Phase::Unchecked
                        }
                        chunks => Phase::Chunked(chunks),
                    };
                    return Poll::Ready(Ok(()));
                }
                Phase::Body { remaining } if !this.inbox.is_empty() => {
                    let n = deliver(&mut this.inbox, buf, remaining) as u64;
                    let remaining = remaining - n;
                    this.phase = if remaining > 0 {
                        Phase::Body { remaining }
                    } else {
                        this.head_may_be_complete = !this.inbox.is_empty();
                        Phase::Head {
                            first_byte: (!this.inbox.is_empty()).then(Instant::now),
                        }
                    };
                    return Poll::Ready(Ok(()));
                }
                Phase::Head { .. }
                    if this.head_may_be_complete
                        || this.inbox.len() > this.limits.max_head_bytes =>
                {
                    this.check_head();
                    if !matches!(this.phase, Phase::Head { .. }) || !this.outbox.is_empty() {
                        continue;
                    }
                }
                _ => {}
            }

            // More bytes are needed from the socket.
            let mut chunk = [0u8; READ_CHUNK];
            let mut read = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.io).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if read.filled().is_empty() => {
                    if matches!(this.phase, Phase::Head { .. }) && !this.inbox.is_empty() {
                        this.refuse(
                            StatusCode::BAD_REQUEST,
                            "the connection was closed in the middle of a request head",
                        );
                        continue;
                    }
                    return Poll::Ready(Ok(()));
                }
                Poll::Ready(Ok(())) => {
                    if let Phase::Head { first_byte: None } = this.phase {
                        this.phase = Phase::Head {
                            first_byte: Some(Instant::now()),
                        };
                    }
                    this.head_may_be_complete |= read.filled().contains(&b'\n');
                    this.inbox.extend_from_slice(read.filled());
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    let Some((deadline, expiry)) = this.deadline() else {
                        return Poll::Pending;
                    };
                    if this.timer.deadline() != deadline {
                        this.timer.as_mut().reset(deadline);
                    }
                    if this.timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    match expiry {
                        Expiry::Idle => {
                            tracing::debug!("idle connection closed");
                            return Poll::Ready(Ok(()));
                        }
                        Expiry::HeadTimeout => {
                            let secs = this.limits.header_timeout.as_secs_f64();
                            this.refuse(
                                StatusCode::REQUEST_TIMEOUT,
                                format!("the request head did not arrive within {secs} s"),
                            );
                        }
                    }
                }
            }
        }
    }
}

impl AsyncWrite for Gate {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.state.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.state.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.state.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

fn killed_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "injected fault: connection closed",
    )
}

/// Checks a request head as hyper will parse it, so that whatever hyper would refuse is refused
/// here first, with a reason. The error is the status and the reason.
fn inspect(bytes: &[u8], max_head_bytes: usize) -> Result<Inspected, (StatusCode, String)> {
    let bad = |reason: &str| Err((StatusCode::BAD_REQUEST, reason.to_owned()));
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(bytes) {
        Ok(httparse::Status::Partial) => return Ok(Inspected::Partial),
        Ok(httparse::Status::Complete(len)) => len,
        Err(httparse::Error::TooManyHeaders) => {
            return Err((
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!("the request has more than {MAX_HEADERS} header fields"),
            ));
        }
        Err(httparse::Error::Token) if request.method.is_none() => {
            return bad("the method is not a token");
        }
        Err(httparse::Error::Token) => {
            return bad(
                "the request target has a byte that is not allowed (a control character such as NUL, or a space)",
            );
        }
        Err(httparse::Error::HeaderName) => {
            return bad("a header name has a byte that is not allowed");
        }
        Err(httparse::Error::HeaderValue) => {
            return bad("a header value has a byte that is not allowed (a control character)");
        }
        Err(httparse::Error::Version) => return bad("the protocol is not HTTP/1.0 or HTTP/1.1"),
        Err(_) => return bad("the request line or a header line is malformed"),
    };
    if len > max_head_bytes {
        return Err((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the request head is larger than {max_head_bytes} bytes"),
        ));
    }
    let target = request.path.unwrap_or_default();
    if !target.is_ascii() {
        return bad("the request target has a byte that is not ASCII; percent-encode UTF-8");
    }
    if let Err(e) = http::Uri::try_from(target) {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("the request target is not a valid URI: {e}"),
        ));
    }
    let http11 = request.version == Some(1);
    let (mut chunked, mut transfer_encoding, mut length) = (false, false, None::<u64>);
    for h in request.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            if !http11 {
                return bad("HTTP/1.0 requests cannot have Transfer-Encoding");
            }
            transfer_encoding = true;
            // As hyper: only the last Transfer-Encoding line counts, and it must end in chunked.
            chunked = std::str::from_utf8(h.value).is_ok_and(|v| {
                v.rsplit(',')
                    .next()
                    .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
            });
        } else if h.name.eq_ignore_ascii_case("content-length") {
            // hyper keeps the two largest values for its own markers.
            let Some(n) = decimal(h.value).filter(|n| *n <= u64::MAX - 2) else {
                return bad("Content-Length is not a decimal number of bytes");
            };
            if length.is_some_and(|prev| prev != n) {
                return bad("the request has several different Content-Length values");
            }
            length = Some(n);
        }
    }
    if transfer_encoding && !chunked {
        return bad("Transfer-Encoding must end with chunked");
    }
    let body = if chunked {
        Framing::Chunked
    } else {
        Framing::Length(length.unwrap_or(0))
    };
    Ok(Inspected::Complete { len, body })
}

/// Plain decimal digits (no sign, no spaces, no overflow), as hyper reads `Content-Length`.
fn decimal(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u64, |n, &b| {
        if !b.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// The method and target of a (possibly broken) request line, made printable and short: they come
/// from the client and end up in logs.
fn request_line_prefix(bytes: &[u8]) -> (String, String) {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    let line = &bytes[start..];
    let line = &line[..line.iter().position(|b| *b == b'\n').unwrap_or(line.len())];
    let mut parts = line.splitn(3, |b| *b == b' ');
    let printable = |part: Option<&[u8]>| {
        let text = String::from_utf8_lossy(part.unwrap_or_default());
        let mut out: String = text
            .chars()
            .take(200)
            .flat_map(|c| {
                let escaped: Vec<char> = if c.is_control() {
                    c.escape_default().collect()
                } else {
                    vec![c]
                };
                escaped
            })
            .collect();
        if text.chars().count() > 200 {
            out.push('…');
        }
        out
    };
    let method = printable(parts.next());
    let target = printable(parts.next());
    (method, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(head: &[u8]) -> Result<Inspected, StatusCode> {
        inspect(head, DEFAULT_MAX_HEAD_BYTES).map_err(|(s, _)| s)
    }

    #[test]
    fn good_heads_pass_with_their_framing() {
        let cases: [(&[u8], Framing); 5] = [
            (
                b"GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n",
                Framing::Length(0),
            ),
            (
                b"POST /a HTTP/1.1\r\nContent-Length: 12\r\n\r\n",
                Framing::Length(12),
            ),
            (
                b"POST /a HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n",
                Framing::Length(3),
            ),
            (
                b"POST /a HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                Framing::Chunked,
            ),
            // Raw UTF-8 in a header value is what the official SDK sends.
            (
                "GET / HTTP/1.1\r\nX-Unicode: café\r\n\r\n".as_bytes(),
                Framing::Length(0),
            ),
        ];
        for (head, body) in cases {
            assert_eq!(
                status(head),
                Ok(Inspected::Complete {
                    len: head.len(),
                    body
                }),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost:"), Ok(Inspected::Partial));
    }

    #[test]
    fn bad_heads_are_refused_with_the_status_hyper_would_use() {
        let many: String = (0..=MAX_HEADERS).map(|i| format!("h{i}: v\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        let large = format!("GET / HTTP/1.1\r\nx: {}\r\n\r\n", "a".repeat(40_000));
        let cases: [(&[u8], StatusCode); 13] = [
            (b"GET /a\0b HTTP/1.1\r\n\r\n", StatusCode::BAD_REQUEST),
            (b"GET /a\xffb HTTP/1.1\r\n\r\n", StatusCode::BAD_REQUEST),
            (b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n", StatusCode::BAD_REQUEST),
            (
                b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 18446744073709551614\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (
                b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                StatusCode::BAD_REQUEST,
            ),
            (b"G(T / HTTP/1.1\r\n\r\n", StatusCode::BAD_REQUEST),
            (many.as_bytes(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
            (
                large.as_bytes(),
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ),
        ];
        for (head, want) in cases {
            assert_eq!(status(head), Err(want), "{}", String::from_utf8_lossy(head));
        }
    }

    /// Where a chunked body ends, fed whole and byte by byte; the oracle is the hand-counted
    /// length of each body (RFC 9112 §7.1 framing).
    #[test]
    fn chunked_bodies_end_where_their_framing_says() {
        let next = b"GET / HTTP/1.1\r\n\r\n";
        let cases: [&[u8]; 5] = [
            b"0\r\n\r\n",
            b"5\r\nhello\r\n0\r\n\r\n",
            b"A;name=value\r\n0123456789\r\n0\r\n\r\n",
            b"3 \t\r\nabc\r\n0\r\nX-Trailer: t\r\nX-More: u\r\n\r\n",
            // Data that looks like framing is data.
            b"c\r\n0\r\n\r\n0\r\n\r\nab\r\n0\r\n\r\n",
        ];
        for body in cases {
            let shown = String::from_utf8_lossy(body);
            let stream = [body, next].concat();
            let start = Chunks::Size { size: 0, digits: 0 };
            assert_eq!(start.follow(&stream), (Chunks::Done, body.len()), "{shown}");
            let mut state = start;
            let mut used = 0;
            for b in stream.chunks(1) {
                let (s, n) = state.follow(b);
                state = s;
                used += n;
                if state == Chunks::Done {
                    break;
                }
            }
            assert_eq!(
                (state, used),
                (Chunks::Done, body.len()),
                "{shown} byte by byte"
            );
        }
        for bad in [
            &b"x\r\n"[..],
            b"5\nhello",
            b"5\r\nhelloX",
            b"5;ext\n",
            b"5 x\r\n",
            b"12345678901234567\r\n",
        ] {
            let start = Chunks::Size { size: 0, digits: 0 };
            assert_eq!(
                start.follow(bad).0,
                Chunks::Lost,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn logged_request_lines_are_printable() {
        assert_eq!(
            request_line_prefix(b"\r\nGET /a\0\x1b[2Jb HTTP/1.1\r\n"),
            ("GET".to_owned(), "/a\\u{0}\\u{1b}[2Jb".to_owned())
        );
        assert_eq!(
            request_line_prefix(b"GET /\xff HTTP/1.1"),
            ("GET".to_owned(), "/\u{fffd}".to_owned())
        );
    }
}
