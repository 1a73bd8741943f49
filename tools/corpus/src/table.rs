//! The summary: one row per spec, totals, and the `before` counts recorded in `baseline.tsv`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// What happened to one spec.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub name: String,
    pub category: String,
    pub spec_ops: usize,
    pub generated_ops: usize,
    /// Declared operations neither generated nor named by a warning.
    pub unaccounted: usize,
    pub warnings: BTreeMap<&'static str, usize>,
    pub value_fallbacks: usize,
    /// `ok`, `FAILED`, `PANIC`.
    pub generate: &'static str,
    /// `ok`, `FAILED`, `-` (not run).
    pub check: &'static str,
    pub clippy: &'static str,
    /// `ok`, `FAILED`, `-` (not built).
    pub build: &'static str,
}

impl Row {
    pub fn passed(&self) -> bool {
        self.generate == "ok"
            && self.check != "FAILED"
            && self.clippy != "FAILED"
            && self.build != "FAILED"
            && self.unaccounted == 0
    }
}

/// One spec's counts before this work (measured with an older generator).
#[derive(Clone, Debug)]
pub struct Before {
    pub generate: String,
    pub generated_ops: usize,
    pub warnings: usize,
    pub value_fallbacks: usize,
}

pub fn read_baseline(path: &Path) -> BTreeMap<String, Before> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("name\t"))
        .filter_map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            let number = |i: usize| c.get(i).and_then(|s| s.parse().ok()).unwrap_or(0);
            Some((
                c.first()?.to_string(),
                Before {
                    generate: c.get(1)?.to_string(),
                    generated_ops: number(2),
                    warnings: number(3),
                    value_fallbacks: number(4),
                },
            ))
        })
        .collect()
}

pub fn baseline_tsv(rows: &[Row], header: &str) -> String {
    let mut out = format!("# {header}\nname\tgenerate\tgenerated_ops\twarnings\tvalue_fallbacks\n");
    for r in rows {
        let warnings: usize = r.warnings.values().sum();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{warnings}\t{}",
            r.name, r.generate, r.generated_ops, r.value_fallbacks
        );
    }
    out
}

pub fn markdown(rows: &[Row], before: &BTreeMap<String, Before>) -> String {
    let mut out = String::new();
    out.push_str("| spec | category | operations | generated | warnings by kind | `Value` fallbacks (before → now) | generate | check | clippy -D warnings | build |\n");
    out.push_str("|---|---|---:|---:|---|---:|---|---|---|---|\n");
    for r in rows {
        let kinds: Vec<String> = r.warnings.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let fallbacks = match before.get(&r.name) {
            Some(b) if b.generate == "ok" => format!("{} → {}", b.value_fallbacks, r.value_fallbacks),
            Some(_) => format!("(did not generate) → {}", r.value_fallbacks),
            None => r.value_fallbacks.to_string(),
        };
        let generated = if r.unaccounted > 0 {
            format!("{} ({} unaccounted)", r.generated_ops, r.unaccounted)
        } else {
            r.generated_ops.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.category,
            r.spec_ops,
            generated,
            if kinds.is_empty() {
                "–".to_string()
            } else {
                kinds.join(", ")
            },
            fallbacks,
            r.generate,
            r.check,
            r.clippy,
            r.build
        );
    }
    let _ = writeln!(out, "\n{}", totals(rows, before));
    out
}

/// The closing lines: counts over the corpus, and the fallbacks before and now on the specs that
/// generated before (the same specs).
pub fn totals(rows: &[Row], before: &BTreeMap<String, Before>) -> String {
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    let spec_ops: usize = rows.iter().map(|r| r.spec_ops).sum();
    let generated: usize = rows.iter().map(|r| r.generated_ops).sum();
    let fallbacks: usize = rows.iter().map(|r| r.value_fallbacks).sum();
    let mut out = format!(
        "{} specs: {} generate, {} pass cargo check, {} pass clippy -D warnings, {} panicked; {spec_ops} operations declared, {generated} generated, {} unaccounted; {fallbacks} `serde_json::Value` fallbacks.",
        rows.len(),
        count(&|r| r.generate == "ok"),
        count(&|r| r.check == "ok"),
        count(&|r| r.clippy == "ok"),
        count(&|r| r.generate == "PANIC"),
        rows.iter().map(|r| r.unaccounted).sum::<usize>(),
    );
    let same: Vec<(&Row, &Before)> = rows
        .iter()
        .filter_map(|r| before.get(&r.name).filter(|b| b.generate == "ok").map(|b| (r, b)))
        .collect();
    if !same.is_empty() {
        let then: usize = same.iter().map(|(_, b)| b.value_fallbacks).sum();
        let now: usize = same.iter().map(|(r, _)| r.value_fallbacks).sum();
        let generated_then = before.values().filter(|b| b.generate == "ok").count();
        let _ = write!(
            out,
            "\nOn the {} specs that generated before ({generated_then} of {} in the baseline): {then} `serde_json::Value` fallbacks before, {now} now.",
            same.len(),
            before.len()
        );
    }
    out
}
