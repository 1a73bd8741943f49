//! Upstream: a folder laid out like upstream (a checkout; `../shared/upstream/` is one), or a git
//! repository fetched sparsely into a temporary work tree (`git.rs`): where a vendored file
//! lives in it. A folder's optional `MANIFEST.tsv` (columns `local_path repo commit
//! upstream_path bytes sha256`) records, per file, the upstream repository, commit and path,
//! because a file's upstream path can differ from its path under `specs/` (Network's 2023-11-01
//! bastionHost.json lives under `Microsoft.Network/Network/stable/...` upstream).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::git::{self, SparseCheckout};
use super::manifest::VendoredFile;
use super::versions;

/// Where upstream is, as given to `--upstream`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A folder read as it is (a checkout's work tree, or a copy laid out like upstream).
    Dir(PathBuf),
    /// A git repository (URL, or a bare repository's folder), fetched at `rev` (default: its
    /// HEAD).
    Git { url: String, rev: Option<String> },
}

impl Source {
    /// `https://…`, `ssh://…`, `git://…`, `file://…`, `user@host:path` and bare repository
    /// folders are git repositories, each optionally followed by `#REV` (a branch, tag or
    /// commit); any other path is a folder.
    pub fn parse(given: &str) -> Source {
        let path = Path::new(given);
        let is_url = given.contains("://") || (given.contains('@') && given.contains(':') && !path.exists());
        if is_url || is_bare_repository(Path::new(given.split('#').next().unwrap_or(given))) {
            let (url, rev) = match given.rsplit_once('#') {
                Some((url, rev)) if !rev.is_empty() => (url, Some(rev.to_string())),
                _ => (given, None),
            };
            return Source::Git {
                url: url.to_string(),
                rev,
            };
        }
        Source::Dir(path.to_path_buf())
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Dir(dir) => write!(f, "{}", dir.display()),
            Source::Git { url, rev: None } => write!(f, "{url}"),
            Source::Git { url, rev: Some(rev) } => write!(f, "{url}#{rev}"),
        }
    }
}

/// A bare repository: `HEAD`, `objects/` and `refs/` at its top, and no work tree.
fn is_bare_repository(dir: &Path) -> bool {
    dir.join("HEAD").is_file() && dir.join("objects").is_dir() && dir.join("refs").is_dir()
}

/// What a command reads upstream, so a git source fetches only that: files (at their `specs/`
/// path, or moved), and the api-version folders beside entry files.
#[derive(Debug, Default)]
pub struct Wanted {
    pub files: Vec<PathBuf>,
    /// `(entry file, its current api-version)`: every version folder beside it is listed.
    pub versions: Vec<(PathBuf, String)>,
}

/// One row of `MANIFEST.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub repo: String,
    pub commit: String,
    pub upstream_path: String,
    pub sha256: String,
}

pub struct Upstream {
    /// The folder read: the one given, or the sparse work tree of a git source.
    pub dir: PathBuf,
    /// As given to `--upstream`, for reports.
    pub source: Source,
    /// `local_path` → origin, from `MANIFEST.tsv` (empty without one).
    pub manifest: BTreeMap<PathBuf, Origin>,
    /// Folders upstream moved since we vendored (`local prefix` → `upstream prefix`), learned
    /// from the recorded upstream paths: `Microsoft.Network/` → `Microsoft.Network/Network/`.
    moves: Vec<(PathBuf, PathBuf)>,
    /// The fetched work tree of a git source (removed with it).
    git: Option<SparseCheckout>,
}

impl Upstream {
    /// A folder laid out like upstream.
    pub fn open(dir: &Path) -> Result<Upstream> {
        if !dir.is_dir() {
            anyhow::bail!("upstream checkout `{}` is not a directory", dir.display());
        }
        Ok(Upstream {
            dir: dir.to_path_buf(),
            source: Source::Dir(dir.to_path_buf()),
            manifest: read_manifest(dir)?,
            moves: Vec::new(),
            git: None,
        })
    }

    /// Opens `source`, knowing the folders upstream moved from `recorded`; a git source fetches
    /// the recorded files and what is `wanted`, nothing else.
    pub fn open_source(source: &Source, recorded: &[VendoredFile], wanted: &Wanted) -> Result<Upstream> {
        let mut upstream = match source {
            Source::Dir(dir) => Upstream::open(dir)?,
            Source::Git { url, rev } => {
                let mut bare = Upstream {
                    dir: PathBuf::new(),
                    source: source.clone(),
                    manifest: BTreeMap::new(),
                    moves: Vec::new(),
                    git: None,
                };
                bare.learn_moves(recorded);
                let patterns = bare.patterns(recorded, wanted);
                let checkout = SparseCheckout::fetch(url, rev.as_deref(), &patterns)?;
                bare.dir = checkout.dir().to_path_buf();
                bare.manifest = read_manifest(&bare.dir)?;
                bare.git = Some(checkout);
                bare
            }
        };
        upstream.learn_moves(recorded);
        Ok(upstream)
    }

    /// The sparse-checkout patterns for a git source: each file at its `specs/` path, recorded
    /// upstream path and moved path; each wanted entry's version folders, moved ones too.
    fn patterns(&self, recorded: &[VendoredFile], wanted: &Wanted) -> Vec<String> {
        let mut out = vec![git::file_pattern(Path::new("MANIFEST.tsv"))];
        let mut file = |p: &Path| {
            for candidate in std::iter::once(p.to_path_buf()).chain(self.moved_candidates(p)) {
                out.push(git::file_pattern(&candidate));
            }
        };
        for f in recorded {
            file(&f.path);
            file(Path::new(&f.upstream_path));
        }
        wanted.files.iter().for_each(|f| file(f));
        for (entry, current) in &wanted.versions {
            for candidate in std::iter::once(entry.clone()).chain(self.moved_candidates(entry)) {
                if let Some((base, name)) = versions::version_base(&candidate, current) {
                    for kind in versions::KINDS {
                        out.push(git::versions_pattern(&base.join(kind), &name));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Fetches more files from a git source (wherever upstream keeps them); whether any of
    /// them is there now. A folder has what it has: `false`.
    pub fn fetch_more(&self, files: &[PathBuf]) -> Result<bool> {
        let Some(checkout) = &self.git else { return Ok(false) };
        let missing: Vec<&PathBuf> = files.iter().filter(|f| self.locate(f, None).is_none()).collect();
        if missing.is_empty() {
            return Ok(false);
        }
        let candidates: Vec<PathBuf> = missing
            .iter()
            .flat_map(|f| std::iter::once((*f).clone()).chain(self.moved_candidates(f)))
            .collect();
        checkout.add(&candidates)?;
        Ok(missing.iter().any(|f| self.locate(f, None).is_some()))
    }

    /// The git work tree of a git source.
    pub fn checkout(&self) -> Option<&SparseCheckout> {
        self.git.as_ref()
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

fn read_manifest(dir: &Path) -> Result<BTreeMap<PathBuf, Origin>> {
    let tsv = dir.join("MANIFEST.tsv");
    if !tsv.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = std::fs::read_to_string(&tsv).with_context(|| format!("reading {}", tsv.display()))?;
    Ok(parse_manifest(&text))
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

    #[test]
    fn sources() {
        let git = |url: &str, rev: Option<&str>| Source::Git {
            url: url.into(),
            rev: rev.map(String::from),
        };
        for (given, source) in [
            (
                "https://github.com/Azure/azure-rest-api-specs",
                git("https://github.com/Azure/azure-rest-api-specs", None),
            ),
            (
                "https://github.com/Azure/azure-rest-api-specs#main",
                git("https://github.com/Azure/azure-rest-api-specs", Some("main")),
            ),
            (
                "git@github.com:Azure/azure-rest-api-specs.git#abc123",
                git("git@github.com:Azure/azure-rest-api-specs.git", Some("abc123")),
            ),
            ("file:///srv/specs.git", git("file:///srv/specs.git", None)),
            ("../shared/upstream", Source::Dir("../shared/upstream".into())),
        ] {
            assert_eq!(Source::parse(given), source, "{given}");
            assert_eq!(Source::parse(given).to_string(), given);
        }
    }
}
