//! Fault injection: make chosen requests fail the way real networks and services do, to test
//! retry logic.
//!
//! A [`FaultRule`] has a [`FaultScope`] (one operation, or every operation), a [`Fault`], and how
//! many matching requests it applies to (`None`: all of them). For each request to a known
//! operation the first rule of the operation's own list that still has uses applies, else the
//! first global one; using it counts one use. Requests to unknown routes never get faults.
//!
//! Rules are set from the library ([`Faults`], reached with
//! [`MockServer::faults`](crate::MockServer::faults)) or from the command line in the text form
//! that [`FaultRule`]'s `FromStr` reads:
//!
//! ```text
//! status=503                       every request answers 503
//! status=429,retry-after=2,times=1 the next request answers 429 with `Retry-After: 2`
//! op=ListBackgroundTasks,status=500,times=2
//! delay=1500ms                     every answer is 1.5 s late (also `2s`, or a number of ms)
//! truncate                         the body is cut in the middle (Content-Length stays)
//! close,times=1                    the connection is closed without an answer
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What an injected fault does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and a Huawei-style error body (see [`crate::error`] for the codes),
    /// with a `Retry-After` header (seconds) when given.
    Status {
        /// The HTTP status (400–599).
        code: u16,
        /// `Retry-After` in seconds.
        retry_after: Option<u32>,
    },
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer normally but send only the first half of the body, with the full `Content-Length`,
    /// then close the connection.
    TruncatedBody,
    /// Close the connection without answering.
    CloseConnection,
}

/// Which requests a rule applies to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FaultScope {
    /// Every operation.
    Global,
    /// The operation with this `operationId`.
    Operation(String),
}

impl From<&str> for FaultScope {
    /// An operation id.
    fn from(id: &str) -> Self {
        Self::Operation(id.to_owned())
    }
}

impl From<String> for FaultScope {
    /// An operation id.
    fn from(id: String) -> Self {
        Self::Operation(id)
    }
}

/// A fault, where it applies, and how many times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultRule {
    /// Which requests.
    pub scope: FaultScope,
    /// What happens.
    pub fault: Fault,
    /// How many more matching requests get it (`None`: all).
    pub times: Option<u32>,
}

/// Why a fault description does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault `{text}`: {reason}")]
pub struct FaultParseError {
    text: String,
    reason: String,
}

/// A duration as the emulator's flags and fault rules write it: `250ms`, `2s`, `1.5s`, or a number
/// of milliseconds. `None` for anything else (negative, too large, not a number).
pub fn parse_duration(v: &str) -> Option<Duration> {
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.trim().parse().ok().map(Duration::from_millis);
    }
    if let Some(s) = v.strip_suffix('s') {
        let secs: f64 = s.trim().parse().ok()?;
        return Duration::try_from_secs_f64(secs).ok();
    }
    v.parse().ok().map(Duration::from_millis)
}

impl FromStr for FaultRule {
    type Err = FaultParseError;

    /// Reads the command-line form described in the [module docs](self).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| FaultParseError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let mut scope = FaultScope::Global;
        let mut fault = None;
        let mut retry_after = None;
        let mut times = None;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = match part.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (part, None),
            };
            let new_fault = match (key, value) {
                ("op" | "operation", Some(v)) if !v.is_empty() => {
                    scope = FaultScope::Operation(v.to_owned());
                    None
                }
                ("status", Some(v)) => {
                    let code: u16 = v.parse().map_err(|_| err("status must be a number"))?;
                    if !(400..=599).contains(&code) {
                        return Err(err("status must be between 400 and 599"));
                    }
                    Some(Fault::Status {
                        code,
                        retry_after: None,
                    })
                }
                ("retry-after" | "retry_after", Some(v)) => {
                    retry_after = Some(
                        v.parse()
                            .map_err(|_| err("retry-after must be whole seconds"))?,
                    );
                    None
                }
                ("times", Some(v)) => {
                    times = Some(v.parse().map_err(|_| err("times must be a whole number"))?);
                    None
                }
                ("delay", Some(v)) => {
                    Some(Fault::Delay(parse_duration(v).ok_or_else(|| {
                        err("delay must look like 250ms, 2s or 250")
                    })?))
                }
                ("truncate" | "truncated" | "truncated-body", None) => Some(Fault::TruncatedBody),
                ("close" | "close-connection", None) => Some(Fault::CloseConnection),
                _ => return Err(err(&format!("unknown part `{part}`"))),
            };
            if let Some(f) = new_fault
                && fault.replace(f).is_some()
            {
                return Err(err("give one of status, delay, truncate, close"));
            }
        }
        let mut fault = fault.ok_or_else(|| err("give one of status, delay, truncate, close"))?;
        if let Some(secs) = retry_after {
            match &mut fault {
                Fault::Status { retry_after, .. } => *retry_after = Some(secs),
                _ => return Err(err("retry-after only goes with status")),
            }
        }
        Ok(FaultRule {
            scope,
            fault,
            times,
        })
    }
}

impl fmt::Display for FaultRule {
    /// The command-line form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let FaultScope::Operation(op) = &self.scope {
            write!(f, "op={op},")?;
        }
        match &self.fault {
            Fault::Status { code, retry_after } => {
                write!(f, "status={code}")?;
                if let Some(s) = retry_after {
                    write!(f, ",retry-after={s}")?;
                }
            }
            Fault::Delay(d) => write!(f, "delay={}ms", d.as_millis())?,
            Fault::TruncatedBody => f.write_str("truncate")?,
            Fault::CloseConnection => f.write_str("close")?,
        }
        if let Some(t) = self.times {
            write!(f, ",times={t}")?;
        }
        Ok(())
    }
}

/// The fault rules of a running emulator. Cheap to clone; clones share the rules.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the rules of `scope` with one rule.
    pub fn set(&self, scope: impl Into<FaultScope>, fault: Fault, times: Option<u32>) {
        let scope = scope.into();
        let mut rules = self.lock();
        rules.retain(|r| r.scope != scope);
        rules.push(FaultRule {
            scope,
            fault,
            times,
        });
    }

    /// Adds a rule after the existing ones of its scope (it applies once they are used up).
    pub fn add(&self, rule: FaultRule) {
        self.lock().push(rule);
    }

    /// Removes the rules of `scope`.
    pub fn clear(&self, scope: impl Into<FaultScope>) {
        let scope = scope.into();
        self.lock().retain(|r| r.scope != scope);
    }

    /// Removes every rule.
    pub fn clear_all(&self) {
        self.lock().clear();
    }

    /// The rules still in force, in order.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    /// Takes one use of the rule that applies to a request for `operation`, if any.
    pub(crate) fn take(&self, operation: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let pick = |rules: &[FaultRule], global: bool| {
            rules.iter().position(|r| {
                let scope_ok = match &r.scope {
                    FaultScope::Global => global,
                    FaultScope::Operation(op) => !global && op == operation,
                };
                scope_ok && r.times != Some(0)
            })
        };
        let i = pick(&rules, false).or_else(|| pick(&rules, true))?;
        let rule = &mut rules[i];
        let fault = rule.fault.clone();
        if let Some(t) = &mut rule.times {
            *t -= 1;
            if *t == 0 {
                rules.remove(i);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let ok = |s: &str| s.parse::<FaultRule>().expect(s);
        assert_eq!(
            ok("status=503"),
            FaultRule {
                scope: FaultScope::Global,
                fault: Fault::Status {
                    code: 503,
                    retry_after: None
                },
                times: None
            }
        );
        assert_eq!(
            ok("op=ListBackgroundTasks, status=429, retry-after=2, times=1"),
            FaultRule {
                scope: FaultScope::Operation("ListBackgroundTasks".into()),
                fault: Fault::Status {
                    code: 429,
                    retry_after: Some(2)
                },
                times: Some(1)
            }
        );
        assert_eq!(
            ok("delay=250ms").fault,
            Fault::Delay(Duration::from_millis(250))
        );
        assert_eq!(ok("delay=2s").fault, Fault::Delay(Duration::from_secs(2)));
        assert_eq!(
            ok("delay=0.5s").fault,
            Fault::Delay(Duration::from_millis(500))
        );
        assert_eq!(
            ok("delay=40").fault,
            Fault::Delay(Duration::from_millis(40))
        );
        assert_eq!(ok("truncate").fault, Fault::TruncatedBody);
        assert_eq!(ok("close,times=3").times, Some(3));
        for bad in [
            "",
            "status=200",
            "status=abc",
            "delay=x",
            "truncate,close",
            "retry-after=1",
            "delay=1s,retry-after=2",
            "bogus",
            "op=,close",
            "times=1",
            // Would overflow a Duration (and panic in from_secs_f64).
            "delay=1e30s",
            "delay=-1s",
        ] {
            assert!(bad.parse::<FaultRule>().is_err(), "{bad}");
        }
        for text in [
            "op=X,status=429,retry-after=2,times=1",
            "delay=250ms",
            "truncate",
            "close,times=3",
        ] {
            assert_eq!(ok(text).to_string(), text);
        }
    }

    #[test]
    fn take_order_and_counts() {
        let f = Faults::default();
        f.set(FaultScope::Global, Fault::CloseConnection, None);
        f.set("A", Fault::TruncatedBody, Some(1));
        f.add(FaultRule {
            scope: "A".into(),
            fault: Fault::Status {
                code: 500,
                retry_after: None,
            },
            times: Some(2),
        });
        assert_eq!(f.take("A"), Some(Fault::TruncatedBody));
        assert_eq!(
            f.take("A"),
            Some(Fault::Status {
                code: 500,
                retry_after: None
            })
        );
        assert_eq!(f.take("B"), Some(Fault::CloseConnection));
        assert_eq!(
            f.take("A"),
            Some(Fault::Status {
                code: 500,
                retry_after: None
            })
        );
        assert_eq!(f.take("A"), Some(Fault::CloseConnection));
        f.clear_all();
        assert_eq!(f.take("A"), None);
        f.set("A", Fault::TruncatedBody, Some(0));
        assert_eq!(f.take("A"), None);
    }
}
