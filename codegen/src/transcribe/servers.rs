//! `servers` of a fresh spec from a regions file (`--regions FILE`, like `../shared/oracle/regions.tsv`).
//!
//! The file is tab-separated text with a header line naming at least the columns `service`, `region` and
//! `endpoints` (other columns, such as `api_version`, are ignored); each row gives one region's endpoint(s) of
//! one service (several endpoints separated by `,` or spaces: the first is used). The service's rows become one
//! server, following the Huawei Cloud endpoint convention `https://<host>.<region>.myhuaweicloud.com`:
//! the URL is that template with `{region}` as a variable whose `enum` lists the regions that follow it (in file
//! order, each once; the `default` is the first of them), and every other region's endpoint is listed in
//! `x-region-endpoints` (spec/README.md). `<host>` is the host most of the service's endpoints use.

use crate::spec::keys;
use crate::spec::yaml::{Map, Node};

/// The regional domain of the endpoint convention.
const DOMAIN: &str = ".myhuaweicloud.com";

/// At most this many lines are read from a regions file (the official one has about 1,200).
pub(crate) const MAX_LINES: usize = 100_000;

/// A problem in the regions file: (line, column, message), 1-based.
pub(crate) type Problem = (usize, usize, String);

/// The `servers` list for `service` from the regions file `text`.
pub(crate) fn servers(text: &str, service: &str) -> Result<Node, Problem> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines
        .next()
        .ok_or((1, 1, "the regions file is empty".to_owned()))?;
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let column = |name: &str| {
        columns.iter().position(|c| *c == name).ok_or((
            1,
            1,
            format!(
                "the regions file's header has no `{name}` column (it needs service, region and endpoints, tab-separated)"
            ),
        ))
    };
    let (c_service, c_region, c_endpoints) =
        (column("service")?, column("region")?, column("endpoints")?);

    // (region, endpoint) of the service, each region once, in file order.
    let mut rows: Vec<(String, String)> = Vec::new();
    for (i, line) in lines {
        if i >= MAX_LINES {
            return Err((
                i + 1,
                1,
                format!("the regions file has more than {MAX_LINES} lines"),
            ));
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |c: usize| cells.get(c).copied().unwrap_or("");
        if cell(c_service) != service {
            continue;
        }
        let region = cell(c_region);
        let endpoint = cell(c_endpoints)
            .split([',', ' '])
            .find(|e| !e.is_empty())
            .unwrap_or("");
        if region.is_empty() || !endpoint.starts_with("https://") {
            return Err((
                i + 1,
                1,
                format!(
                    "a row of `{service}` needs a region and an https:// endpoint, found `{region}` and `{endpoint}`"
                ),
            ));
        }
        if !rows.iter().any(|(r, _)| r == region) {
            rows.push((region.to_owned(), endpoint.trim_end_matches('/').to_owned()));
        }
    }
    if rows.is_empty() {
        return Err((
            1,
            1,
            format!("the regions file has no row for service `{service}`"),
        ));
    }

    // The host of each endpoint that follows the convention for its own region.
    let host_of = |region: &str, endpoint: &str| {
        endpoint
            .strip_prefix("https://")?
            .strip_suffix(DOMAIN)?
            .strip_suffix(region)?
            .strip_suffix('.')
            .filter(|h| !h.is_empty() && !h.contains('/'))
            .map(str::to_owned)
    };
    let mut hosts: Vec<(String, usize)> = Vec::new();
    for (region, endpoint) in &rows {
        if let Some(h) = host_of(region, endpoint) {
            match hosts.iter_mut().find(|(x, _)| *x == h) {
                Some(e) => e.1 += 1,
                None => hosts.push((h, 1)),
            }
        }
    }
    // Most endpoints; on a tie, the first in file order (max_by_key keeps the last maximum, so reverse).
    let host = hosts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(h, _)| h.clone());

    let mut server = Map::new();
    let mut others = Map::new();
    match host {
        Some(host) => {
            let (templated, other): (Vec<_>, Vec<_>) = rows
                .iter()
                .partition(|(r, e)| host_of(r, e).as_deref() == Some(host.as_str()));
            server.insert(
                keys::URL.into(),
                Node::str(format!("https://{host}.{{region}}{DOMAIN}")),
            );
            server.insert(
                keys::DESCRIPTION.into(),
                Node::str(format!("Regional endpoint of {service}.")),
            );
            let mut region = Map::new();
            if let Some((first, _)) = templated.first() {
                region.insert(keys::DEFAULT.into(), Node::str(first));
            }
            region.insert(keys::DESCRIPTION.into(), Node::str("Region id."));
            region.insert(
                keys::ENUM.into(),
                Node::seq(templated.iter().map(|(r, _)| Node::str(r)).collect()),
            );
            let mut variables = Map::new();
            variables.insert("region".into(), Node::map(region));
            server.insert(keys::VARIABLES.into(), Node::map(variables));
            for (r, e) in other {
                others.insert(r.clone().into(), Node::str(e));
            }
        }
        None => {
            // No endpoint follows the convention: the first region's endpoint is the URL, the rest are listed.
            if let Some(((_, first), rest)) = rows.split_first() {
                server.insert(keys::URL.into(), Node::str(first));
                server.insert(
                    keys::DESCRIPTION.into(),
                    Node::str(format!("Endpoint of {service}.")),
                );
                for (r, e) in rest {
                    others.insert(r.clone().into(), Node::str(e));
                }
            }
        }
    }
    if !others.is_empty() {
        server.insert(keys::X_REGION_ENDPOINTS.into(), Node::map(others));
    }
    Ok(Node::seq(vec![Node::map(server)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "service\tapi_version\tregion\tendpoints\n\
        kafka\tv2\teu-west-101\thttps://dms.eu-west-101.myhuaweicloud.eu\n\
        kafka\tv2\tcn-north-1\thttps://dms.cn-north-1.myhuaweicloud.com\n\
        other\tv1\tcn-north-1\thttps://other.cn-north-1.myhuaweicloud.com\n\
        kafka\tv2\tcn-north-4\thttps://dms.cn-north-4.myhuaweicloud.com\n\
        kafka\tv3\tcn-north-4\thttps://dms.cn-north-4.myhuaweicloud.com\n";

    #[test]
    fn the_template_takes_the_regions_that_follow_it_the_others_are_listed() {
        let mut doc = Map::new();
        doc.insert("servers".into(), servers(FILE, "kafka").unwrap());
        let yaml = super::super::yaml::to_string(&Node::map(doc)).unwrap();
        // Hand-written from the rows above: dms is the host, eu-west-101 is off-template, cn-north-4 once.
        assert_eq!(
            yaml,
            "servers:\n  \
               - url: https://dms.{region}.myhuaweicloud.com\n    \
                 description: Regional endpoint of kafka.\n    \
                 variables:\n      region:\n        default: cn-north-1\n        description: Region id.\n        \
                 enum:\n          - cn-north-1\n          - cn-north-4\n    \
                 x-region-endpoints:\n      eu-west-101: https://dms.eu-west-101.myhuaweicloud.eu\n"
        );
    }

    #[test]
    fn bad_files_are_errors_with_their_line() {
        assert_eq!(servers("", "x").unwrap_err().0, 1);
        assert!(
            servers("service\tregion\n", "x")
                .unwrap_err()
                .2
                .contains("`endpoints`")
        );
        assert!(
            servers(FILE, "nosuch")
                .unwrap_err()
                .2
                .contains("no row for service `nosuch`")
        );
        let bad =
            "service\tregion\tendpoints\nx\tr1\thttps://x.r1.myhuaweicloud.com\nx\tr2\tftp://y\n";
        assert_eq!(servers(bad, "x").unwrap_err().0, 3);
    }
}
