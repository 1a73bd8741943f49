//! Rewrites `specs/specs.toml` for a bump: the service's `api_version`, `entry` and `docs_url`
//! and the crate's `version` (edited in place with toml_edit, so comments and layout survive),
//! and the `[[file]]` records (regenerated, sorted by path, in the file's one layout).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use toml_edit::{Array, DocumentMut, Item, Value};

use crate::config::SideBySide;

use crate::lifecycle::manifest::VendoredFile;

/// Sets `[crate] version`, leaving everything else as it is.
pub fn set_crate_version(text: &str, version: &str) -> Result<String> {
    // Like `rewrite`: the `[[file]]` records (most of the text) are kept as they are.
    let split = text.find("\n[[file]]").map(|i| i + 1).unwrap_or(text.len());
    let mut doc: DocumentMut = text[..split].parse().context("parsing the manifest")?;
    let Some(table) = doc.get_mut("crate").and_then(Item::as_table_mut) else {
        bail!("the manifest has no [crate] table");
    };
    set(table, "version", Value::from(version));
    Ok(doc.to_string() + &text[split..])
}

pub struct ServiceEdit<'a> {
    pub service: &'a str,
    pub api_version: &'a str,
    pub entries: &'a [PathBuf],
    pub docs_url: Option<&'a str>,
    /// The older api-versions generated beside the new one (`side_by_side`, removed when empty).
    pub side_by_side: &'a [SideBySide],
}

pub fn rewrite(text: &str, edit: &ServiceEdit, files: &[VendoredFile]) -> Result<String> {
    // Everything before the first `[[file]]` (its comment included) is edited in place.
    let split = text.find("\n[[file]]").map(|i| i + 1).unwrap_or(text.len());
    let mut doc: DocumentMut = text[..split].parse().context("parsing specs.toml")?;
    let services = doc
        .get_mut("service")
        .and_then(Item::as_array_of_tables_mut)
        .context("specs.toml has no [[service]]")?;
    let Some(table) = services
        .iter_mut()
        .find(|t| t.get("name").and_then(Item::as_str) == Some(edit.service))
    else {
        bail!("no service `{}` in specs.toml", edit.service);
    };
    set(table, "api_version", Value::from(edit.api_version));
    let entries: Array = edit
        .entries
        .iter()
        .map(|e| e.to_string_lossy().replace('\\', "/"))
        .collect();
    set(table, "entry", Value::Array(entries));
    if let Some(url) = edit.docs_url {
        set(table, "docs_url", Value::from(url));
    }
    if edit.side_by_side.is_empty() {
        table.remove("side_by_side");
    } else {
        set(table, "side_by_side", Value::Array(side_by_side(edit.side_by_side)));
    }
    let mut out = doc.to_string();
    let mut files: Vec<&VendoredFile> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let blocks: Vec<String> = files.iter().map(|f| block(f)).collect();
    out.push_str(&blocks.join("\n"));
    Ok(out)
}

/// One inline table per line: `{ api_version = "…", docs_url = "…" }`.
fn side_by_side(versions: &[SideBySide]) -> Array {
    let mut array: Array = versions
        .iter()
        .map(|v| {
            let mut t = toml_edit::InlineTable::new();
            t.insert("api_version", Value::from(v.api_version.as_str()));
            if let Some(url) = &v.docs_url {
                t.insert("docs_url", Value::from(url.as_str()));
            }
            let mut value = Value::InlineTable(t);
            value.decor_mut().set_prefix("\n  ");
            value
        })
        .collect();
    array.set_trailing("\n");
    array.set_trailing_comma(true);
    array
}

/// Replaces a value keeping the decoration (spacing, trailing comment) of the old one.
fn set(table: &mut toml_edit::Table, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table[key] = Item::Value(value);
}

fn block(f: &VendoredFile) -> String {
    format!(
        "[[file]]\npath = {}\nrepo = {}\ncommit = {}\nupstream_path = {}\nsha256 = {}\n",
        quote(&f.path.to_string_lossy().replace('\\', "/")),
        quote(&f.repo),
        quote(&f.commit),
        quote(&f.upstream_path),
        quote(&f.sha256)
    )
}

fn quote(s: &str) -> String {
    Value::from(s).to_string().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_manifest_is_a_fixed_point() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/specs.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest = crate::lifecycle::manifest::Manifest::read(&path).unwrap();
        let network = manifest.services.iter().find(|s| s.name == "network").unwrap();
        let edit = ServiceEdit {
            service: "network",
            api_version: network.api_version.as_deref().unwrap(),
            entries: &network.entry,
            docs_url: network.docs_url.as_deref(),
            side_by_side: &network.side_by_side,
        };
        assert!(
            rewrite(&text, &edit, &manifest.files).unwrap() == text,
            "rewrite changed an unchanged manifest"
        );
    }

    #[test]
    fn sets_the_crate_version_in_place() {
        let text = "# head\n[crate]\nname = \"c\"\nversion = \"0.1.0\" # set by bump\n\n[[service]]\nname = \"a\"\n";
        assert_eq!(
            set_crate_version(text, "0.2.0").unwrap(),
            text.replace("0.1.0", "0.2.0")
        );
        assert!(set_crate_version("[[service]]\nname = \"a\"\n", "1.0.0").is_err());
    }

    #[test]
    fn edits_one_service_and_sorts_files() {
        let text = "# head\n[[service]]\nname = \"a\"\napi_version = \"1\" # pinned\nentry = [\"x/1/a.json\"]\n\n[[service]]\nname = \"b\"\napi_version = \"1\"\nentry = [\"y/1/b.json\"]\n\n# Files.\n[[file]]\npath = \"old\"\nrepo = \"r\"\ncommit = \"c\"\nupstream_path = \"old\"\nsha256 = \"s\"\n";
        let file = |p: &str| VendoredFile {
            path: p.into(),
            repo: "r".into(),
            commit: "c".into(),
            upstream_path: p.into(),
            sha256: "s".into(),
        };
        let entries = [PathBuf::from("x/2/a.json")];
        let edit = ServiceEdit {
            service: "a",
            api_version: "2",
            entries: &entries,
            docs_url: None,
            side_by_side: &[],
        };
        let out = rewrite(text, &edit, &[file("z"), file("m")]).unwrap();
        assert_eq!(
            out,
            "# head\n[[service]]\nname = \"a\"\napi_version = \"2\" # pinned\nentry = [\"x/2/a.json\"]\n\n[[service]]\nname = \"b\"\napi_version = \"1\"\nentry = [\"y/1/b.json\"]\n\n# Files.\n[[file]]\npath = \"m\"\nrepo = \"r\"\ncommit = \"c\"\nupstream_path = \"m\"\nsha256 = \"s\"\n\n[[file]]\npath = \"z\"\nrepo = \"r\"\ncommit = \"c\"\nupstream_path = \"z\"\nsha256 = \"s\"\n"
        );
    }
}
