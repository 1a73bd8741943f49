//! Where every node of a bundled (or normalized) document came from.
//!
//! The map holds a few anchors (`bundle pointer` → `file` + `original pointer`); any other
//! pointer is located through its longest anchored prefix, with the rest of the pointer
//! appended to the original one. Copying a subtree therefore costs one anchor, not one per node.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Location;

#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<PathBuf>,
    /// bundle pointer → (index into `files`, pointer in that file)
    anchors: BTreeMap<String, (usize, String)>,
}

impl SourceMap {
    pub fn new() -> Self {
        SourceMap::default()
    }

    fn file_index(&mut self, file: &Path) -> usize {
        match self.files.iter().position(|f| f == file) {
            Some(i) => i,
            None => {
                self.files.push(file.to_path_buf());
                self.files.len() - 1
            }
        }
    }

    /// Records that the node at `pointer` (and everything below it not anchored otherwise) was
    /// read from `file` at `original`.
    pub fn insert(&mut self, pointer: impl Into<String>, file: &Path, original: impl Into<String>) {
        let index = self.file_index(file);
        self.anchors.insert(pointer.into(), (index, original.into()));
    }

    /// The file and pointer the node at `pointer` was read from (longest-prefix match). A
    /// pointer no anchor covers maps to an empty file name and the pointer itself.
    pub fn locate(&self, pointer: &str) -> Location {
        let mut prefix = pointer;
        loop {
            if let Some((file, original)) = self.anchors.get(prefix) {
                let rest = &pointer[prefix.len()..];
                let path = self.files.get(*file).cloned().unwrap_or_default();
                return Location::new(path, format!("{original}{rest}"));
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => return Location::new(PathBuf::new(), pointer),
            }
        }
    }

    /// Makes `new_pointer` (and its subtree) of another document map where `old_pointer` of
    /// `self`'s document maps, keeping the finer anchors below `old_pointer`. Used when a stage
    /// moves a node (`/definitions/A` → `/components/schemas/A`).
    pub fn graft_into(&self, target: &mut SourceMap, old_pointer: &str, new_pointer: &str) {
        let here = self.locate(old_pointer);
        target.insert(new_pointer, &here.file, here.pointer);
        let below = format!("{old_pointer}/");
        for (pointer, (file, original)) in self.anchors.range(below.clone()..) {
            if !pointer.starts_with(&below) {
                break;
            }
            let rest = &pointer[old_pointer.len()..];
            let path = self.files.get(*file).cloned().unwrap_or_default();
            target.insert(format!("{new_pointer}{rest}"), &path, original.clone());
        }
    }

    /// Number of anchors (for tests and statistics).
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The files mentioned, in first-seen order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(map: &SourceMap, pointer: &str, expected: &str) {
        assert_eq!(map.locate(pointer).to_string(), expected, "locate({pointer:?})");
    }

    #[test]
    fn longest_prefix_wins() {
        let mut map = SourceMap::new();
        map.insert("", Path::new("a.json"), "");
        map.insert("/definitions/X", Path::new("types.json"), "/definitions/Y");
        map.insert("/definitions/X/properties/p", Path::new("b.json"), "/definitions/P");
        check(&map, "", "a.json#");
        check(&map, "/paths/~1x", "a.json#/paths/~1x");
        check(&map, "/definitions/X", "types.json#/definitions/Y");
        check(&map, "/definitions/X/type", "types.json#/definitions/Y/type");
        check(&map, "/definitions/XY", "a.json#/definitions/XY");
        check(&map, "/definitions/X/properties/p/type", "b.json#/definitions/P/type");
        check(&SourceMap::new(), "/a", "#/a");
    }

    #[test]
    fn graft_keeps_finer_anchors() {
        let mut old = SourceMap::new();
        old.insert("", Path::new("a.json"), "");
        old.insert("/definitions/X", Path::new("t.json"), "/definitions/X");
        old.insert("/definitions/X/properties/p", Path::new("b.json"), "/definitions/P");
        old.insert("/definitions/XY", Path::new("c.json"), "/definitions/XY");
        let mut new = SourceMap::new();
        old.graft_into(&mut new, "/definitions/X", "/components/schemas/X");
        check(&new, "/components/schemas/X/a", "t.json#/definitions/X/a");
        check(&new, "/components/schemas/X/properties/p/a", "b.json#/definitions/P/a");
        assert_eq!(new.len(), 2);
    }
}
