//! Rustdoc text from spec text. Upstream descriptions are prose written for web pages; rendered
//! as-is they would trip rustdoc (indented lines become doctests, `[x]` broken links, `<br>`
//! invalid HTML, bare URLs), so every description goes through [`sanitize`].

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use crate::model::ir::{Api, Operation, OperationKind, Param, ParamLocation, ResponseBody, TypeRef};

use super::types::type_label;

/// Makes one block of spec prose safe and quiet for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    // Tabs become spaces (clippy's `tabs_in_doc_comments`).
    for line in text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .lines()
    {
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

/// `text` as a markdown code span, or escaped text when it cannot be one (a backtick or a line
/// break in it).
pub fn code_span(text: &str) -> String {
    if text.contains(['`', '\n', '\r']) || text.trim().is_empty() {
        sanitize(text).replace('\n', " ")
    } else {
        format!("`{text}`")
    }
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

/// What the operations of one resource have in common, documented once on the resource type
/// (see `resource::shared_docs`) instead of in every method.
#[derive(Debug, Default)]
pub struct Shared {
    /// Required path parameters (Rust names) described the same way in every operation.
    pub path_params: BTreeSet<String>,
    /// Every operation sends the service's api-version.
    pub api_version: bool,
    /// Every operation has this error type.
    pub error_type: Option<TypeRef>,
}

/// The rustdoc of a client method: what it does, how it is called on the wire, its parameters,
/// its behaviour, and where upstream documents it. What `shared` covers is on the resource type,
/// which `resource` names.
pub fn operation(api: &Api, op: &Operation, resource: &str, shared: &Shared) -> String {
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
    // The upstream spec's URL is on the service module, once; operations link there.
    let spec = if api.service.docs_url.is_some() {
        " ([upstream spec](super))"
    } else {
        ""
    };
    doc.push_str(&format!("- operationId: `{}`{spec}\n", op.operation_id));
    if let Some(url) = &op.doc.external_docs {
        doc.push_str(&format!("- [documentation]({url})\n"));
    }
    if let Some(own) = &op.api_version_override {
        doc.push_str(&format!(
            "- api-version: `{own}` (this operation's own, fixed by the spec; the client's is not used)\n"
        ));
    } else if op.api_version
        && !shared.api_version
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
        // The signature shows the model.
        ResponseBody::Json(_) => {}
        ResponseBody::Text(ty) => doc.push_str(&format!(
            "- returns: the text body (`into_model()` gives it as `{}`)\n",
            type_label(ty)
        )),
        ResponseBody::Stream => doc.push_str(
            "- returns: the response, its body a stream (`into_body()`; `.collect().await` for all the bytes)\n",
        ),
        ResponseBody::Bytes => doc.push_str("- returns: the raw response body\n"),
        ResponseBody::None => {}
    }
    if let Some(error) = op
        .error_type
        .as_ref()
        .filter(|e| shared.error_type.as_ref() != Some(*e))
    {
        doc.push_str(&format!(
            "- errors: `{}` in the error's raw response body\n",
            type_label(error)
        ));
    }
    // Client parameters (the subscription id) and path parameters every operation of the
    // resource describes alike are documented once, on the resource type.
    let mut rows = String::new();
    let mut described_on_resource = false;
    for p in op.params.iter().filter(|p| p.required) {
        if p.location == ParamLocation::Path && shared.path_params.contains(&p.rust_name) {
            described_on_resource = true;
        } else {
            rows.push_str(&param_row(p, &p.rust_name));
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        rows.push_str(&format!(
            "| `{}` | body | yes | {} |\n",
            body.rust_name,
            cell(body.doc.as_deref())
        ));
    }
    if described_on_resource {
        doc.push_str(&format!("- path parameters: see [`{resource}`]\n"));
    }
    // Optional parameters are documented once, on the fields of the options struct.
    if op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required) {
        doc.push_str(&format!(
            "- optional parameters: the fields of [`{}`]\n",
            op.options_name
        ));
    }
    if !rows.is_empty() {
        doc.push_str("\n| parameter | in | required | description |\n|---|---|---|---|\n");
        doc.push_str(&rows);
    }
    doc.trim_end().to_string()
}

/// The doc of an optional parameter's field in an options struct: its description, then where
/// it goes on the wire.
pub fn option_field(description: Option<&str>, location: &str, wire: Option<&str>) -> String {
    let place = match wire {
        Some(wire) => format!("({location} `{}`)", wire.replace('`', "'")),
        None => format!("({location})"),
    };
    match description.map(sanitize).filter(|d| !d.is_empty()) {
        Some(d) => format!("{d} {place}"),
        None => place,
    }
}

/// Where a parameter is sent, as the docs name it.
pub fn location(p: &Param) -> &'static str {
    match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

pub fn param_row(p: &Param, shown: &str) -> String {
    let location = location(p);
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
