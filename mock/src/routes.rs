//! The route table: every operation of the spec, matched on the method and the path template.
//!
//! The received path is split on `/` first and each segment is percent-decoded afterwards, so an
//! encoded `%2F` stays inside its segment: `/instances/a%2Fb/tasks` has the instance id `a/b` and
//! can never reach a route with one more segment. Literal segments are compared after decoding
//! too. When several templates match (a literal and a parameter in the same place), the most
//! specific one wins: segments are compared from the left, and at the first place where the
//! templates differ a literal beats a parameter with literal text around it (`{engine}-x`), which
//! beats a bare parameter. Matching is by method and path together: a template that lacks the
//! method does not hide a less specific one that has it (`GET /instances/action` is ShowInstance
//! with the id `action`, while `POST /instances/action` is BatchRestartOrDeleteInstances). When no
//! template has the method, the answer is 405 and `Allow` lists exactly the methods of the most
//! specific template matching the path (`OPTIONS /instances/action` → `Allow: POST`). Operations that
//! share a method and a template (action APIs) are told apart by the request body afterwards
//! ([`Routes::siblings`], `Validator::body_fit`).

use codegen::spec::{Method, Spec};
use huaweicloud_core::sign::unquote;

/// One segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// Text that must be equal.
    Literal(String),
    /// `prefix{name}suffix`: a parameter, possibly with literal text around it in the segment.
    Param {
        prefix: String,
        name: String,
        suffix: String,
    },
}

/// A compiled route.
#[derive(Clone, Debug)]
struct Route {
    operation: usize,
    method: http::Method,
    segments: Vec<Segment>,
    /// How specific each segment is (2 literal, 1 parameter with affixes, 0 bare parameter):
    /// compared lexicographically, the larger wins.
    rank: Vec<u8>,
    /// The template with parameter names erased: routes with the same key share a path.
    key: String,
}

impl Route {
    fn new(operation: usize, method: http::Method, template: &str) -> Self {
        let segments: Vec<Segment> = template.split('/').skip(1).map(compile_segment).collect();
        let rank = segments
            .iter()
            .map(|s| match s {
                Segment::Literal(_) => 2,
                Segment::Param { prefix, suffix, .. }
                    if !prefix.is_empty() || !suffix.is_empty() =>
                {
                    1
                }
                Segment::Param { .. } => 0,
            })
            .collect();
        let key = segments
            .iter()
            .map(|s| match s {
                Segment::Literal(l) => format!("/{l}"),
                Segment::Param { prefix, suffix, .. } => format!("/{prefix}{{}}{suffix}"),
            })
            .collect();
        Route {
            operation,
            method,
            segments,
            rank,
            key,
        }
    }
}

/// What a path and method resolve to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// An operation (index into the spec's operations) and its decoded path parameters.
    Found {
        operation: usize,
        params: Vec<(String, String)>,
    },
    /// The path exists with other methods: those of the most specific matching template, in
    /// spec order.
    MethodNotAllowed(Vec<http::Method>),
    /// No operation has this path.
    NotFound,
}

/// The route table of a spec.
#[derive(Clone, Debug, Default)]
pub(crate) struct Routes {
    routes: Vec<Route>,
}

/// The wire method of a spec method.
pub(crate) fn http_method(m: Method) -> http::Method {
    match m {
        Method::Get => http::Method::GET,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Delete => http::Method::DELETE,
        Method::Patch => http::Method::PATCH,
        Method::Head => http::Method::HEAD,
    }
}

fn compile_segment(text: &str) -> Segment {
    if let Some((prefix, rest)) = text.split_once('{')
        && let Some((name, suffix)) = rest.split_once('}')
    {
        return Segment::Param {
            prefix: prefix.to_owned(),
            name: name.to_owned(),
            suffix: suffix.to_owned(),
        };
    }
    Segment::Literal(text.to_owned())
}

impl Routes {
    /// Compiles the path templates of every operation.
    pub(crate) fn new(spec: &Spec) -> Self {
        let routes = spec
            .operations
            .iter()
            .enumerate()
            .map(|(operation, op)| Route::new(operation, http_method(op.method), &op.path))
            .collect();
        Self { routes }
    }

    /// The operations sharing `operation`'s method and path template (action APIs, told apart by their
    /// bodies), `operation` included, in spec order; empty when it has the route alone.
    pub(crate) fn siblings(&self, operation: usize) -> Vec<usize> {
        let Some(me) = self.routes.iter().find(|r| r.operation == operation) else {
            return Vec::new();
        };
        let all: Vec<usize> = self
            .routes
            .iter()
            .filter(|r| r.method == me.method && r.key == me.key)
            .map(|r| r.operation)
            .collect();
        if all.len() > 1 { all } else { Vec::new() }
    }

    /// Resolves a raw (still percent-encoded) path and a method.
    pub(crate) fn resolve(&self, method: &http::Method, raw_path: &str) -> Resolution {
        let Some(rest) = raw_path.strip_prefix('/') else {
            return Resolution::NotFound;
        };
        let decoded: Vec<String> = rest.split('/').map(unquote).collect();
        // The best route with this method, and the most specific template of any method.
        let mut best: Option<(&Route, Vec<(String, String)>)> = None;
        let mut most_specific: Option<&Route> = None;
        for route in &self.routes {
            let Some(params) = match_segments(&route.segments, &decoded) else {
                continue;
            };
            if most_specific.is_none_or(|m| route.rank > m.rank) {
                most_specific = Some(route);
            }
            if route.method == *method && best.as_ref().is_none_or(|(b, _)| route.rank > b.rank) {
                best = Some((route, params));
            }
        }
        match (best, most_specific) {
            (Some((route, params)), _) => Resolution::Found {
                operation: route.operation,
                params,
            },
            (None, Some(template)) => {
                let mut allowed: Vec<http::Method> = Vec::new();
                for route in self.routes.iter().filter(|r| r.key == template.key) {
                    if !allowed.contains(&route.method) {
                        allowed.push(route.method.clone());
                    }
                }
                Resolution::MethodNotAllowed(allowed)
            }
            (None, None) => Resolution::NotFound,
        }
    }
}

/// The segments of a raw path after the leading `/`, each percent-decoded.
pub(crate) fn decoded_segments(raw_path: &str) -> Vec<String> {
    raw_path
        .strip_prefix('/')
        .unwrap_or(raw_path)
        .split('/')
        .map(unquote)
        .collect()
}

fn match_segments(template: &[Segment], decoded: &[String]) -> Option<Vec<(String, String)>> {
    if template.len() != decoded.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, d) in template.iter().zip(decoded) {
        match t {
            Segment::Literal(l) => {
                if l != d {
                    return None;
                }
            }
            Segment::Param {
                prefix,
                name,
                suffix,
            } => {
                let value = d
                    .strip_prefix(prefix.as_str())
                    .and_then(|v| v.strip_suffix(suffix.as_str()))
                    .filter(|v| !v.is_empty())?;
                params.push((name.clone(), value.to_owned()));
            }
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(paths: &[(&str, http::Method)]) -> Routes {
        Routes {
            routes: paths
                .iter()
                .enumerate()
                .map(|(i, (p, m))| Route::new(i, m.clone(), p))
                .collect(),
        }
    }

    fn found(op: usize, params: &[(&str, &str)]) -> Resolution {
        Resolution::Found {
            operation: op,
            params: params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn resolution_table() {
        let r = table(&[
            (
                "/v2/{project_id}/instances/{instance_id}/tasks",
                http::Method::GET,
            ),
            ("/v2/{project_id}/instances/count", http::Method::GET),
            (
                "/v2/{project_id}/instances/{instance_id}",
                http::Method::DELETE,
            ),
            ("/v2/{engine}-x/products", http::Method::GET),
            ("/v2/{project_id}/instances/action", http::Method::POST),
            (
                "/v2/{project_id}/instances/{instance_id}",
                http::Method::PUT,
            ),
            ("/v2/{engine}/{project_id}/instances", http::Method::POST),
            ("/v2/{any}/products", http::Method::GET),
        ]);
        let get = http::Method::GET;
        let cases: Vec<(&http::Method, &str, Resolution)> = vec![
            (
                &get,
                "/v2/p/instances/i/tasks",
                found(0, &[("project_id", "p"), ("instance_id", "i")]),
            ),
            (
                &get,
                "/v2/p/instances/a%2Fb/tasks",
                found(0, &[("project_id", "p"), ("instance_id", "a/b")]),
            ),
            (
                &get,
                "/v2/p/instances/..%2Fx/tasks",
                found(0, &[("project_id", "p"), ("instance_id", "../x")]),
            ),
            (
                &get,
                "/v2/p/instances/%E4%B8%AD/tasks",
                found(0, &[("project_id", "p"), ("instance_id", "中")]),
            ),
            (
                &get,
                "/v2/p/instances/count",
                found(1, &[("project_id", "p")]),
            ),
            (
                &get,
                "/v2/p/instances/i",
                Resolution::MethodNotAllowed(vec![http::Method::DELETE, http::Method::PUT]),
            ),
            (
                &http::Method::POST,
                "/v2/p/instances/i/tasks",
                Resolution::MethodNotAllowed(vec![http::Method::GET]),
            ),
            (&get, "/v2/p/instances//tasks", Resolution::NotFound),
            (&get, "/v2/p/instances/i/tasks/", Resolution::NotFound),
            (&get, "/v2/p/instances/a/b/tasks", Resolution::NotFound),
            (
                &get,
                "/v2/kafka-x/products",
                found(3, &[("engine", "kafka")]),
            ),
            // A literal beats a parameter for the Allow header, not for a method it lacks.
            (
                &http::Method::OPTIONS,
                "/v2/p/instances/action",
                Resolution::MethodNotAllowed(vec![http::Method::POST]),
            ),
            (
                &http::Method::OPTIONS,
                "/v2/p/instances/i",
                Resolution::MethodNotAllowed(vec![http::Method::DELETE, http::Method::PUT]),
            ),
            (
                &http::Method::POST,
                "/v2/p/instances/action",
                found(4, &[("project_id", "p")]),
            ),
            (
                &http::Method::PUT,
                "/v2/p/instances/action",
                found(5, &[("project_id", "p"), ("instance_id", "action")]),
            ),
            // The leftmost difference decides: `instances` at the third place beats `{project_id}`.
            (
                &http::Method::POST,
                "/v2/e/instances/instances",
                found(6, &[("engine", "e"), ("project_id", "instances")]),
            ),
            (
                &http::Method::DELETE,
                "/v2/e/instances/instances",
                found(2, &[("project_id", "e"), ("instance_id", "instances")]),
            ),
            (
                &http::Method::OPTIONS,
                "/v2/e/instances/instances",
                Resolution::MethodNotAllowed(vec![http::Method::DELETE, http::Method::PUT]),
            ),
            // An affixed parameter beats a bare one.
            (&get, "/v2/-x/products", found(7, &[("any", "-x")])),
            (&get, "/v2/kafka/products", found(7, &[("any", "kafka")])),
            (&get, "", Resolution::NotFound),
            (&get, "/", Resolution::NotFound),
        ];
        for (method, path, want) in cases {
            assert_eq!(r.resolve(method, path), want, "{method} {path}");
        }
    }
}
