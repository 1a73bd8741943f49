//! A local checkout laid out like upstream (`../shared/upstream/` is one): where a vendored file
//! lives in it. Its optional `MANIFEST.tsv` (columns `local_path repo commit upstream_path bytes
//! sha256`) records, per file, the upstream repository, commit and path, because a file's
//! upstream path can differ from its path under `specs/` (Network's 2023-11-01 bastionHost.json
//! lives under `Microsoft.Network/Network/stable/...` upstream).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::manifest::VendoredFile;

/// One row of `MANIFEST.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub repo: String,
    pub commit: String,
    pub upstream_path: String,
    pub sha256: String,
}

pub struct Upstream {
    pub dir: PathBuf,
    /// `local_path` → origin, from `MANIFEST.tsv` (empty without one).
    pub manifest: BTreeMap<PathBuf, Origin>,
    /// Folders upstream moved since we vendored (`local prefix` → `upstream prefix`), learned
    /// from the recorded upstream paths: `Microsoft.Network/` → `Microsoft.Network/Network/`.
    moves: Vec<(PathBuf, PathBuf)>,
}

impl Upstream {
    pub fn open(dir: &Path) -> Result<Upstream> {
        if !dir.is_dir() {
            anyhow::bail!("upstream checkout `{}` is not a directory", dir.display());
        }
        let tsv = dir.join("MANIFEST.tsv");
        let manifest = if tsv.is_file() {
            let text = std::fs::read_to_string(&tsv).with_context(|| format!("reading {}", tsv.display()))?;
            parse_manifest(&text)
        } else {
            BTreeMap::new()
        };
        Ok(Upstream {
            dir: dir.to_path_buf(),
            manifest,
            moves: Vec::new(),
        })
    }

    /// Learns the folders upstream moved from vendored files recorded at another upstream path,
    /// so files not vendored yet (another api-version) are found where upstream keeps them now.
    pub fn learn_moves(&mut self, recorded: &[VendoredFile]) {
        for file in recorded {
            if let Some(m) = moved_prefixes(&file.path, Path::new(&file.upstream_path))
                && !self.moves.contains(&m)
            {
                self.moves.push(m);
            }
        }
    }

    /// Where upstream keeps the file vendored (or to be vendored) at `local`, if a learned
    /// move applies and the file is there.
    pub fn moved_path(&self, local: &Path) -> Option<PathBuf> {
        self.moved_candidates(local).find(|p| self.dir.join(p).is_file())
    }

    /// `local` under each learned move that applies (relative to the checkout; not checked).
    pub fn moved_candidates<'a>(&'a self, local: &'a Path) -> impl Iterator<Item = PathBuf> + 'a {
        self.moves
            .iter()
            .filter_map(move |(from, to)| Some(to.join(local.strip_prefix(from).ok()?)))
    }

    /// The upstream copy of the file vendored at `local` (relative to `specs/`), whose recorded
    /// upstream path is `upstream_path`: the checkout's own layout first (its manifest's
    /// `local_path`, then the same path), then the upstream repository path.
    pub fn locate(&self, local: &Path, upstream_path: Option<&str>) -> Option<PathBuf> {
        let mut candidates = vec![self.dir.join(local)];
        if let Some(p) = upstream_path {
            candidates.push(self.dir.join(p));
        }
        candidates
            .into_iter()
            .find(|p| p.is_file())
            .or_else(|| self.moved_path(local).map(|p| self.dir.join(p)))
    }

    /// Where the file at `local` came from: the manifest's row, if any.
    pub fn origin(&self, local: &Path) -> Option<&Origin> {
        self.manifest.get(local)
    }
}

/// `a/X/stable/v/f.json` vendored from `a/X/Y/stable/v/f.json`: the differing prefixes
/// (`a/X`, `a/X/Y`) once the common tail is cut; `None` when the paths are the same.
fn moved_prefixes(local: &Path, upstream: &Path) -> Option<(PathBuf, PathBuf)> {
    let (mut l, mut u): (Vec<_>, Vec<_>) = (local.components().collect(), upstream.components().collect());
    let mut common = 0;
    while let (Some(a), Some(b)) = (l.last(), u.last())
        && a == b
    {
        l.pop();
        u.pop();
        common += 1;
    }
    (common > 0 && l != u).then(|| (l.iter().collect(), u.iter().collect()))
}

fn parse_manifest(text: &str) -> BTreeMap<PathBuf, Origin> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(local), Some(repo), Some(commit), Some(up), Some(sha)) = (
        col("local_path"),
        col("repo"),
        col("commit"),
        col("upstream_path"),
        col("sha256"),
    ) else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let get = |i: usize| cells.get(i).map(|s| s.to_string());
            Some((
                PathBuf::from(get(local)?),
                Origin {
                    repo: get(repo)?,
                    commit: get(commit)?,
                    upstream_path: get(up)?,
                    sha256: get(sha)?,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_rows_by_local_path() {
        let text = "local_path\trepo\tcommit\tupstream_path\tbytes\tsha256\na/b.json\tAzure/x\tabc\tA/b.json\t3\tff\n";
        let m = parse_manifest(text);
        assert_eq!(
            m.get(Path::new("a/b.json")),
            Some(&Origin {
                repo: "Azure/x".into(),
                commit: "abc".into(),
                upstream_path: "A/b.json".into(),
                sha256: "ff".into()
            })
        );
        assert!(parse_manifest("nonsense\n1\t2\n").is_empty());
    }

    #[test]
    fn moves_are_the_differing_prefixes() {
        let m = moved_prefixes(
            Path::new("s/Microsoft.Network/stable/2023-11-01/b.json"),
            Path::new("s/Microsoft.Network/Network/stable/2023-11-01/b.json"),
        );
        assert_eq!(
            m,
            Some(("s/Microsoft.Network".into(), "s/Microsoft.Network/Network".into()))
        );
        assert_eq!(moved_prefixes(Path::new("a/b.json"), Path::new("a/b.json")), None);
    }
}
