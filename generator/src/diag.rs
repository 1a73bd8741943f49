//! Diagnostics shared by every stage: what went wrong, in which file, at which JSON pointer.
//!
//! The generator never panics on input; anything it cannot handle becomes a [`Diagnostic`].

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in the input a diagnostic points: a file and an RFC 6901 JSON pointer inside it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    pub file: PathBuf,
    /// JSON pointer, `""` for the whole document, `"/paths/~1users/get"` for a node.
    pub pointer: String,
    /// 1-based line and column when the parser knows them (syntax errors).
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
            line_col: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, "#{}", self.pointer)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Boxed: diagnostics travel in `Result`s, which stay small this way.
    pub location: Option<Box<Location>>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn at_pointer(self, file: &Path, pointer: &str) -> Self {
        self.at(Location::new(file, pointer))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The errors of a failed run (and the warnings collected before it failed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

/// Each distinct warning once, in first-seen order: the same construct reached twice (a shared
/// component, an operation exposed under an alias path) is reported once.
pub fn distinct(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    warnings
        .into_iter()
        .filter(|w| seen.insert((w.message.clone(), w.location.clone())))
        .collect()
}

/// The closing line of a run: how many warnings, and in which files.
pub fn summary(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return "no warnings".to_string();
    }
    let mut by_file: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for w in warnings {
        let file = match &w.location {
            Some(l) => l.file.display().to_string(),
            None => "(no file)".to_string(),
        };
        *by_file.entry(file).or_default() += 1;
    }
    let files: Vec<String> = by_file.iter().map(|(f, n)| format!("{n} in {f}")).collect();
    let plural = if warnings.len() == 1 { "" } else { "s" };
    format!("{} warning{plural} ({})", warnings.len(), files.join(", "))
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
