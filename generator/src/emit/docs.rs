//! Rustdoc text from spec text. Upstream descriptions are prose written for web pages; rendered
//! as-is they would trip rustdoc (indented lines become doctests, `[x]` broken links, `<br>`
//! invalid HTML, bare URLs), so every description goes through [`sanitize`].

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::ir::{Api, Operation, OperationKind, Param, ParamLocation, ResponseBody};

use super::types::type_label;

/// Makes one block of spec prose safe and quiet for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        out.push(sanitize_line(line.trim()));
    }
    // Collapse runs of blank lines and trim the ends.
    let mut collapsed: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && collapsed.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    while collapsed.last().is_some_and(String::is_empty) {
        collapsed.pop();
    }
    collapsed.join("\n")
}

fn sanitize_line(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '[' | ']' | '`' | '*' | '_' | '\\' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '#' if escaped.is_empty() => escaped.push_str("\\#"),
            _ => escaped.push(c),
        }
    }
    // List markers and numbered items at line start would make later lines "lazy continuations".
    if escaped.starts_with("- ") || escaped.starts_with("+ ") {
        escaped.insert(0, '\\');
    }
    autolink(&escaped)
}

/// Wraps bare URLs in `<…>` so rustdoc renders them as links instead of warning.
fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let start = word.find("https://").or_else(|| word.find("http://"));
        match start {
            Some(at) => {
                let (before, url) = word.split_at(at);
                let end = url.trim_end_matches(['.', ',', ')', ';', ':', '\'', '"']).len();
                let (url, after) = url.split_at(end);
                // Escapes inside a URL would break it; undo them.
                let url = url.replace('\\', "");
                out.push_str(before);
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(after);
            }
            None => out.push_str(word),
        }
    }
    out
}

/// One line of a markdown table cell.
fn cell(text: Option<&str>) -> String {
    text.map(|t| sanitize(t).replace('\n', " ").replace('|', "\\|"))
        .unwrap_or_default()
}

/// `#[doc = "..."]` attributes for a block of text (one per line keeps prettyplease's `///`).
pub fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

pub fn attrs_opt(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) if !t.trim().is_empty() => attrs(&sanitize(t)),
        _ => TokenStream::new(),
    }
}

/// The rustdoc of a client method: what it does, how it is called on the wire, its parameters,
/// its behaviour, and where upstream documents it.
pub fn operation(api: &Api, op: &Operation) -> String {
    let mut doc = String::new();
    if let Some(summary) = &op.doc.summary {
        doc.push_str(&sanitize(summary));
        doc.push_str("\n\n");
    }
    if let Some(description) = &op.doc.description
        && op.doc.summary.as_deref() != Some(description.as_str())
    {
        doc.push_str(&sanitize(description));
        doc.push_str("\n\n");
    }
    if let Some(note) = &op.doc.note {
        // Our own markdown (from the manifest), not spec prose: no escaping.
        doc.push_str(note);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{} {}`\n\n",
        op.http_method.as_str(),
        op.path.replace('`', "'")
    ));
    doc.push_str(&format!("- operationId: `{}`\n", op.operation_id));
    if op.api_version
        && let Some(version) = &api.service.api_version
    {
        doc.push_str(&format!(
            "- api-version: `{version}` (default; set in the client options)\n"
        ));
    }
    match &op.kind {
        OperationKind::Plain => {}
        OperationKind::Pageable(p) => {
            doc.push_str(&format!(
                "- pageable: yields `{}` items across pages\n",
                type_label(&p.item)
            ));
        }
        OperationKind::LongRunning(state) => {
            doc.push_str(&format!(
                "- long-running: polled to completion (final state via `{}`)\n",
                state.as_str()
            ));
        }
        OperationKind::LongRunningPageable(state, p) => {
            doc.push_str(&format!(
                "- long-running and pageable: polled to completion (final state via `{}`), then yields `{}` items across pages\n",
                state.as_str(),
                type_label(&p.item)
            ));
        }
    }
    match &op.response {
        ResponseBody::Json(ty) => doc.push_str(&format!("- returns: `{}`\n", type_label(ty))),
        ResponseBody::Bytes => doc.push_str("- returns: the raw response body\n"),
        ResponseBody::None => {}
    }
    if let Some(error) = &op.error_type {
        doc.push_str(&format!(
            "- errors: `{}` in the error's raw response body\n",
            type_label(error)
        ));
    }
    let mut rows = String::new();
    for (index, client_param) in api.client_params.iter().enumerate() {
        if op
            .path_pieces
            .contains(&crate::model::ir::PathPiece::ClientParam(index))
        {
            rows.push_str(&format!(
                "| `{}` | client | yes | {} |\n",
                client_param.rust_name,
                cell(client_param.doc.as_deref())
            ));
        }
    }
    for p in op.params.iter().filter(|p| p.required) {
        rows.push_str(&param_row(p, &p.rust_name));
    }
    if let Some(body) = &op.body {
        let name = if body.required {
            body.rust_name.clone()
        } else {
            format!("options.{}", body.rust_name)
        };
        rows.push_str(&format!(
            "| `{name}` | body | {} | {} |\n",
            if body.required { "yes" } else { "no" },
            cell(body.doc.as_deref())
        ));
    }
    for p in op.params.iter().filter(|p| !p.required) {
        rows.push_str(&param_row(p, &format!("options.{}", p.rust_name)));
    }
    if !rows.is_empty() {
        doc.push_str("\n| parameter | in | required | description |\n|---|---|---|---|\n");
        doc.push_str(&rows);
    }
    let mut links = Vec::new();
    if let Some(url) = &op.doc.external_docs {
        links.push(format!("[documentation]({url})"));
    }
    if let Some(url) = &api.service.docs_url {
        links.push(format!("[upstream spec]({url})"));
    }
    if !links.is_empty() {
        doc.push_str(&format!("\nSee the {}.", links.join(" and the ")));
    }
    doc
}

fn param_row(p: &Param, shown: &str) -> String {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    let wire = if p.wire_name == p.rust_name {
        String::new()
    } else {
        format!(" (`{}`)", p.wire_name.replace('`', "'"))
    };
    format!(
        "| `{shown}`{wire} | {location} | {} | {} |\n",
        if p.required { "yes" } else { "no" },
        cell(p.doc.as_deref())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected, "sanitize({input:?})");
    }

    #[test]
    fn sanitizes_prose() {
        check("plain", "plain");
        check("see [the docs]", "see \\[the docs\\]");
        check("a<br>b", "a&lt;br&gt;b");
        check("    indented code", "indented code");
        check("go to https://aka.ms/x.", "go to <https://aka.ms/x>.");
        check("(https://aka.ms/a_b)", "(<https://aka.ms/a_b>)");
        check("a\n\n\n\nb\n", "a\n\nb");
        check("# not a heading", "\\# not a heading");
        check("- item", "\\- item");
        check("```rust\nfn x(){}\n```", "\\`\\`\\`rust\nfn x(){}\n\\`\\`\\`");
        check("$filter eq 'a'", "$filter eq 'a'");
    }
}
