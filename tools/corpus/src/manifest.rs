//! `MANIFEST.tsv`: every vendored file with its source, path there, size and sha256. The check
//! fails on a file whose bytes changed, a listed file that is missing, and a spec file under the
//! corpus folder that is not listed.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

/// `local_path → sha256` as recorded.
pub fn read(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let path = dir.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut rows = BTreeMap::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != 5 {
            return Err(format!(
                "{}:{}: expected 5 tab-separated cells",
                path.display(),
                number + 1
            ));
        }
        rows.insert(cells[0].to_string(), cells[4].to_string());
    }
    Ok(rows)
}

/// Problems found, one line each; empty when every file is what the manifest says.
pub fn verify(dir: &Path) -> Result<Vec<String>, String> {
    let rows = read(dir)?;
    let mut problems = Vec::new();
    for (local, recorded) in &rows {
        match std::fs::read(dir.join(local)) {
            Ok(bytes) => {
                let actual = hex(&Sha256::digest(&bytes));
                if &actual != recorded {
                    problems.push(format!(
                        "{local}: sha256 {actual}, MANIFEST.tsv says {recorded} (edited?)"
                    ));
                }
            }
            Err(e) => problems.push(format!("{local}: listed in MANIFEST.tsv but unreadable: {e}")),
        }
    }
    let mut on_disk = Vec::new();
    walk(dir, dir, &mut on_disk);
    for file in on_disk {
        if !rows.contains_key(&file) {
            problems.push(format!("{file}: not in MANIFEST.tsv"));
        }
    }
    Ok(problems)
}

/// Spec files (JSON / YAML) under `dir`, relative, `/`-separated.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
            && let Ok(relative) = path.strip_prefix(root)
        {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
