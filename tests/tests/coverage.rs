//! Nothing silently dropped: every operation of the vendored Azure entry files, and every Graph
//! operation the manifest's include globs select, has a generated method whose rustdoc names
//! its operationId (`- operationId: `X``). The expected sets are computed here from the specs
//! themselves (serde_json / serde_yaml), independently of the generator.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What the Graph include globs must select at least, spelled as the slices spell it.
const GRAPH_EXPECTED: &[(&str, &str)] = &[
    ("/users", "get"),
    ("/users/{user-id}", "get"),
    ("/users/{user-id}", "patch"),
    ("/users/{user-id}/microsoft.graph.revokeSignInSessions", "post"),
];

/// (service, after side-by-side api-versions are expanded; module directory under
/// generated/src; expected operation count).
const CASES: &[(&str, &str, Option<usize>)] = &[
    ("network", "network/v2024_05_01", Some(12)),
    ("network_2023_11_01", "network/v2023_11_01", Some(12)),
    ("desktop_virtualization", "desktop_virtualization", Some(80)),
    ("graph_v1_0", "graph/v1_0", None),
    ("graph_beta", "graph/beta", None),
];

/// The operation selection of a service: its include globs over `PATH#METHOD` (`*` = one
/// segment, segment prefix stripped first). No globs: everything.
struct Selection {
    include: Vec<String>,
    strip_prefix: Option<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn read_spec(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Does `path#METHOD` match the glob (segment-wise, `*` = exactly one segment)?
fn glob_matches(glob: &str, path: &str, method: &str, strip_prefix: Option<&str>) -> bool {
    let Some((glob_path, glob_method)) = glob.split_once('#') else {
        return false;
    };
    if !glob_method.eq_ignore_ascii_case(method) {
        return false;
    }
    let path: Vec<&str> = path
        .split('/')
        .map(|s| strip_prefix.and_then(|p| s.strip_prefix(p)).unwrap_or(s))
        .collect();
    let glob: Vec<&str> = glob_path.split('/').collect();
    path.len() == glob.len() && glob.iter().zip(&path).all(|(g, p)| *g == "*" || g == p)
}

/// (path, method, operationId) of every operation of the file that the selection selects.
fn selected(spec: &serde_json::Value, selection: &Selection) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Some(paths) = spec["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let strip = selection.strip_prefix.as_deref();
            if !selection.include.is_empty() && !selection.include.iter().any(|g| glob_matches(g, path, method, strip))
            {
                continue;
            }
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            out.push((path.clone(), method.to_string(), id.to_string()));
        }
    }
    out
}

/// operationIds named in the rustdoc of the generated files under `dir`.
fn documented(dir: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(rest) = line.trim_start().strip_prefix("/// - operationId: `") {
                    ids.insert(rest.trim_end().trim_end_matches('`').to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn every_selected_operation_is_generated() {
    let root = root();
    let manifest = xtask::manifest::Manifest::read(&root.join("specs/specs.toml")).unwrap();
    let services = specgen::api_versions::expand(&manifest.services).unwrap();
    assert_eq!(services.len(), CASES.len(), "every generated service has a case");
    let mut failures = Vec::new();
    for &(name, module, count) in CASES {
        let service = services
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no service {name} in specs.toml"));
        let selection = Selection {
            include: service.include.clone(),
            strip_prefix: service.transforms.strip_segment_prefix.clone(),
        };
        let graph = name.starts_with("graph");
        assert!(
            graph != selection.include.is_empty(),
            "{name}: Azure selects all, Graph some"
        );
        let mut ops = Vec::new();
        for entry in &service.entry {
            ops.extend(selected(&read_spec(&root.join("specs").join(entry)), &selection));
        }
        let ids: BTreeSet<String> = ops.iter().map(|(_, _, id)| id.clone()).collect();
        assert_eq!(ids.len(), ops.len(), "{}: duplicate operationIds in the spec", module);
        if let Some(count) = count {
            assert_eq!(ops.len(), count, "{}: operations in the entry files", module);
        }
        if graph {
            for (path, method) in GRAPH_EXPECTED {
                assert!(
                    ops.iter().any(|(p, m, _)| p == path && m == method),
                    "{}: the include globs do not select {} {path}",
                    module,
                    method.to_uppercase()
                );
            }
        }

        let docs = documented(&root.join("generated/src").join(module));
        let missing: Vec<_> = ops.iter().filter(|(_, _, id)| !docs.contains(id)).collect();
        let extra: Vec<_> = docs.difference(&ids).collect();
        println!(
            "{}: {} operations selected, {} documented operationIds, {} missing, {} not in the selection",
            module,
            ops.len(),
            docs.len(),
            missing.len(),
            extra.len()
        );
        for (path, method, id) in &ops {
            if graph {
                println!("  {} {path} {id}", method.to_uppercase());
            }
        }
        for (path, method, id) in missing {
            failures.push(format!(
                "{}: {id} ({} {path}) has no generated method",
                module,
                method.to_uppercase()
            ));
        }
        for id in extra {
            failures.push(format!(
                "{}: generated docs name {id}, which the selection does not contain",
                module
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn glob_matching_is_segment_wise() {
    let cases = [
        ("/users#GET", "/users", "get", true),
        ("/users#GET", "/users", "post", false),
        ("/users/*#GET", "/users/{user-id}", "get", true),
        ("/users/*#GET", "/users/$count", "get", true),
        ("/users/*#GET", "/users/{user-id}/manager", "get", false),
        ("/users/*#GET", "/users", "get", false),
        (
            "/users/*/revokeSignInSessions#POST",
            "/users/{user-id}/microsoft.graph.revokeSignInSessions",
            "post",
            true,
        ),
        (
            "/users/*/revokeSignInSessions#POST",
            "/users/{user-id}/microsoft.graph.revokeSignInSession",
            "post",
            false,
        ),
    ];
    for (glob, path, method, expected) in cases {
        assert_eq!(
            glob_matches(glob, path, method, Some("microsoft.graph.")),
            expected,
            "{glob} vs {method} {path}"
        );
    }
}
