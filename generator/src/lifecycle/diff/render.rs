//! The report as Markdown (for people, CHANGELOGs and PR descriptions) or JSON (for machines).

use std::fmt::Write;

use super::change::{ApiChange, DiffReport, Impact, RustChange};

pub fn json(report: &DiffReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// Markdown; `heading` is the level of the title (`#`, or `##` inside a CHANGELOG).
pub fn markdown(report: &DiffReport, heading: &str) -> String {
    let mut s = String::new();
    let count = |impact| report.api.iter().filter(|c| c.impact == impact).count();
    let rust_count = |impact| {
        report
            .rust
            .as_ref()
            .map(|r| r.iter().filter(|c| c.impact == impact).count().to_string())
            .unwrap_or_else(|| "n/a".into())
    };
    let _ = writeln!(s, "{heading} API diff: `{}` → `{}`\n", report.old, report.new);
    let _ = writeln!(s, "| | API | Rust surface |\n|---|---|---|");
    let _ = writeln!(
        s,
        "| breaking | {} | {} |",
        count(Impact::Breaking),
        rust_count(Impact::Breaking)
    );
    let _ = writeln!(
        s,
        "| non-breaking | {} | {} |",
        count(Impact::NonBreaking),
        rust_count(Impact::NonBreaking)
    );
    let _ = writeln!(s, "| documentation | {} | – |\n", count(Impact::Docs));
    let sub = format!("{heading}#");
    for (impact, title) in [
        (Impact::Breaking, "API: breaking changes"),
        (Impact::NonBreaking, "API: non-breaking changes"),
        (Impact::Docs, "API: documentation and examples"),
    ] {
        let items: Vec<&ApiChange> = report.api.iter().filter(|c| c.impact == impact).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{sub} {title}\n");
        for c in items {
            let _ = writeln!(s, "- `{}`: {} ({})", c.location, c.message, c.rule);
        }
        s.push('\n');
    }
    match &report.rust {
        None => {}
        Some(rust) => {
            for (impact, title) in [
                (Impact::Breaking, "Rust surface: breaking changes"),
                (Impact::NonBreaking, "Rust surface: additions"),
            ] {
                let items: Vec<&RustChange> = rust.iter().filter(|c| c.impact == impact).collect();
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "{sub} {title}\n");
                for c in items {
                    let _ = writeln!(s, "- `{}`: {}{}", c.item, c.note, signatures(c));
                }
                s.push('\n');
            }
        }
    }
    for note in &report.notes {
        let _ = writeln!(s, "> note: {note}\n");
    }
    let _ = writeln!(
        s,
        "Verdict: {}.",
        if report.is_breaking() {
            "**breaking**"
        } else {
            "not breaking"
        }
    );
    s
}

fn signatures(c: &RustChange) -> String {
    let show = |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(|s| format!("`{s}`"));
    match (show(&c.old), show(&c.new)) {
        (Some(a), Some(b)) => format!(": {a} → {b}"),
        (None, Some(b)) => format!(": {b}"),
        (Some(a), None) => format!(" (was {a})"),
        (None, None) => String::new(),
    }
}
