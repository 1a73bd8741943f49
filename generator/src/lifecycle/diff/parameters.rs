//! Parameters of one operation present in both versions: added, removed, made required or
//! optional, moved (`in`), retyped. Path parameters are matched by position, so a renamed
//! `{name}` is reported as a rename, not as a removed and an added parameter.

use std::collections::BTreeMap;

use serde_json::Value;

use super::change::{Changes, Direction, Impact};
use super::doc::{Doc, bool_of, str_of};
use super::operations::{Op, operation_parameters};
use super::schemas::SchemaDiff;

pub fn compare(old: &Doc, new: &Doc, a: &Op, b: &Op, loc: &str, out: &mut Changes) {
    let pa = keyed(a, operation_parameters(old, a.item, a.op));
    let pb = keyed(b, operation_parameters(new, b.item, b.op));
    for (k, p) in &pa {
        if !pb.contains_key(k) {
            let required = bool_of(p, "required");
            out.push(
                Impact::Breaking,
                if required {
                    "RemovedRequiredParameter"
                } else {
                    "RemovedOptionalParameter"
                },
                loc,
                format!("parameter {} removed", label(p)),
            );
        }
    }
    for (k, p) in &pb {
        let Some(q) = pa.get(k) else {
            let required = bool_of(p, "required");
            out.push(
                Impact::breaking_if(required),
                if required {
                    "AddingRequiredParameter"
                } else {
                    "AddingOptionalParameter"
                },
                loc,
                format!(
                    "{} parameter {} added",
                    if required { "required" } else { "optional" },
                    label(p)
                ),
            );
            continue;
        };
        if str_of(q, "name") != str_of(p, "name") {
            out.push(
                Impact::NonBreaking,
                "PathParameterRenamed",
                loc,
                format!("path parameter {} renamed to {}", label(q), label(p)),
            );
        }
        let (rq, rp) = (bool_of(q, "required"), bool_of(p, "required"));
        if rq != rp {
            out.push(
                Impact::breaking_if(rp),
                "RequiredStatusChange",
                loc,
                format!(
                    "parameter {} {}",
                    label(p),
                    if rp { "made required" } else { "made optional" }
                ),
            );
        }
        for key in ["style", "explode", "allowReserved"] {
            if q.get(key) != p.get(key) {
                out.push(
                    Impact::Breaking,
                    "ArrayCollectionFormatChanged",
                    loc,
                    format!("parameter {} `{key}` changed", label(p)),
                );
            }
        }
        if str_of(q, "description") != str_of(p, "description") {
            out.push(
                Impact::Docs,
                "DescriptionChanged",
                loc,
                format!("parameter {} description changed", label(p)),
            );
        }
        if let (Some(sq), Some(sp)) = (q.get("schema"), p.get("schema")) {
            let here = format!("{loc} parameter {}", label(p));
            SchemaDiff { old, new, out }.schema(sq, sp, &here, Direction::REQUEST);
        }
    }
}

/// `query api-version`, and `path #2` for the third `{…}` of the path.
fn keyed<'a>(op: &Op, params: BTreeMap<String, &'a Value>) -> BTreeMap<String, &'a Value> {
    params
        .into_values()
        .map(|p| {
            let name = str_of(p, "name").unwrap_or_default();
            let location = str_of(p, "in").unwrap_or_default();
            let position = (location == "path")
                .then(|| path_params(op.path).iter().position(|n| n == name))
                .flatten();
            match position {
                Some(i) => (format!("path #{i}"), p),
                None => (format!("{location} {name}"), p),
            }
        })
        .collect()
}

fn path_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
        .collect()
}

fn label(p: &Value) -> String {
    format!(
        "`{}` ({})",
        str_of(p, "name").unwrap_or("?"),
        str_of(p, "in").unwrap_or("?")
    )
}
