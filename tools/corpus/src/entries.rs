//! `entries.txt`: one spec per line, `name category file...` (files relative to the corpus
//! folder; several files are one service, as with several `--spec` options).

use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub category: String,
    pub files: Vec<PathBuf>,
}

pub fn read(dir: &Path) -> Result<Vec<Entry>, String> {
    let path = dir.join("entries.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(name), Some(category)) = (words.next(), words.next()) else {
            return Err(format!(
                "{}:{}: expected `name category file...`",
                path.display(),
                number + 1
            ));
        };
        let files: Vec<PathBuf> = words.map(|w| dir.join(w)).collect();
        if files.is_empty() {
            return Err(format!(
                "{}:{}: `{name}` names no spec file",
                path.display(),
                number + 1
            ));
        }
        entries.push(Entry {
            name: name.to_string(),
            category: category.to_string(),
            files,
        });
    }
    Ok(entries)
}
