//! insta snapshots of the generated code of the seed operations (the calls that cut off a
//! person's access) and of the models they use. The drift test proves generated/ is the
//! generator's output; these make every change to the seed surface visible in review.
//! (Per-feature snapshots are the fixture crate, fixtures/generated.)

use std::path::Path;

/// What to cut out of a generated file.
#[derive(Clone, Copy)]
enum Item {
    /// The whole file.
    File,
    /// `pub fn NAME` / `pub async fn NAME`, its doc comments and attributes, to its closing brace.
    Method(&'static str),
    /// `pub struct NAME`, its doc comments and attributes, to its closing brace.
    Struct(&'static str),
    /// A `crate::runtime::macros::NAME!(TYPE, …);` or `NAME!(TYPE { … });` invocation about `TYPE`.
    Macro(&'static str, &'static str),
    /// The `serde_struct! { … NAME { … } … }` invocation of model `NAME`.
    Model(&'static str),
}

/// (snapshot name, file under generated/src, item).
const SNAPSHOTS: &[(&str, &str, Item)] = &[
    (
        "network__bastion_hosts__disconnect_active_sessions",
        "network/v2024_05_01/bastion_hosts.rs",
        Item::Method("disconnect_active_sessions"),
    ),
    (
        "network__models__SessionIds",
        "network/v2024_05_01/models.rs",
        Item::Model("SessionIds"),
    ),
    (
        "network__models__BastionSessionDeleteResult",
        "network/v2024_05_01/models.rs",
        Item::Model("BastionSessionDeleteResult"),
    ),
    (
        "network__models__BastionSessionDeleteResult_paged",
        "network/v2024_05_01/models.rs",
        Item::Macro("paged", "BastionSessionDeleteResult"),
    ),
    (
        "network__models__BastionSessionState",
        "network/v2024_05_01/models.rs",
        Item::Model("BastionSessionState"),
    ),
    (
        "desktop_virtualization__user_sessions",
        "desktop_virtualization/user_sessions.rs",
        Item::File,
    ),
    (
        "graph_v1_0__users__revoke_sign_in_sessions",
        "graph/v1_0/users.rs",
        Item::Method("revoke_sign_in_sessions"),
    ),
    (
        "graph_v1_0__me__revoke_sign_in_sessions",
        "graph/v1_0/me.rs",
        Item::Method("revoke_sign_in_sessions"),
    ),
    (
        "graph_v1_0__models__RevokeSignInSessionsResponse",
        "graph/v1_0/models.rs",
        Item::Model("RevokeSignInSessionsResponse"),
    ),
    (
        "graph_beta__users__revoke_sign_in_sessions",
        "graph/beta/users.rs",
        Item::Method("revoke_sign_in_sessions"),
    ),
    (
        "graph_beta__me__revoke_sign_in_sessions",
        "graph/beta/me.rs",
        Item::Method("revoke_sign_in_sessions"),
    ),
    (
        "graph_beta__models__RevokeSignInSessionsResponse",
        "graph/beta/models.rs",
        Item::Model("RevokeSignInSessionsResponse"),
    ),
];

/// Counts `open`/`close` outside string literals and `//` comments.
fn balance(line: &str, open: char, close: char) -> i64 {
    let mut depth = 0;
    let mut in_string = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && chars.peek() == Some(&'/') {
            break;
        } else if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
        }
    }
    depth
}

/// The lines from the doc comments / attributes above line `start` through the line where the
/// `open`…`close` nesting that begins at `start` returns to zero.
fn cut(lines: &[&str], start: usize, open: char, close: char) -> Option<String> {
    let mut first = start;
    while first > 0 {
        let above = lines[first - 1].trim();
        let boundary = above.is_empty() || above.ends_with(['}', ';', '{']);
        if boundary && !above.starts_with("///") {
            break;
        }
        first -= 1;
    }
    let mut depth = 0;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let delta = balance(line, open, close);
        opened |= line.contains(open);
        depth += delta;
        if opened && depth == 0 {
            return Some(lines[first..=i].join("\n") + "\n");
        }
    }
    None
}

fn extract(text: &str, item: Item) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let (starts, open, close, what): (Vec<String>, char, char, String) = match item {
        Item::File => return Ok(text.to_string()),
        Item::Method(name) => (
            vec![
                format!("pub fn {name}("),
                format!("pub async fn {name}("),
                format!("pub fn {name}<"),
            ],
            '{',
            '}',
            format!("method {name}"),
        ),
        Item::Struct(name) => (
            vec![format!("pub struct {name} {{"), format!("pub struct {name}<")],
            '{',
            '}',
            format!("struct {name}"),
        ),
        Item::Macro(mac, name) => (
            vec![format!("crate::runtime::macros::{mac}!(")],
            '(',
            ')',
            format!("{mac}! for {name}"),
        ),
        Item::Model(name) => (vec!["serde_struct! {".to_string()], '{', '}', format!("model {name}")),
    };
    let matching: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            let l = l.trim_start();
            starts.iter().any(|s| l.starts_with(s.as_str()))
                && match item {
                    // The macro's first argument (same or next line) names the type.
                    Item::Macro(_, name) => {
                        let args = format!("{} {}", l, lines.get(i + 1).map_or("", |n| n.trim()));
                        let first = args.split_once('(').map_or("", |(_, a)| a).trim_start();
                        first.starts_with(&format!("{name},")) || first.starts_with(&format!("{name} {{"))
                    }
                    // The first line after the model's docs and attributes names it.
                    Item::Model(name) => lines[i + 1..]
                        .iter()
                        .map(|l| l.trim())
                        .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                        .is_some_and(|l| *l == format!("{name} {{")),
                    _ => true,
                }
        })
        .map(|(i, _)| i)
        .collect();
    match matching.as_slice() {
        [start] => cut(&lines, *start, open, close).ok_or_else(|| format!("{what}: no closing delimiter")),
        [] => Err(format!("{what}: not found")),
        many => Err(format!("{what}: {} definitions (lines {many:?})", many.len())),
    }
}

#[test]
fn seed_operations() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    for &(name, file, item) in SNAPSHOTS {
        let path = src.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code = extract(&text, item).unwrap_or_else(|e| panic!("generated/src/{file}: {e}"));
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!("generated/src/{file}"));
        settings.bind(|| insta::assert_snapshot!(name, code));
    }
}

#[test]
fn extraction() {
    let text = "\
impl X {
    /// Docs of a.
    ///
    /// `{not a brace}`
    #[inline]
    pub fn a(&self) -> Vec<u8> {
        let s = \"}\";
        if true { vec![] } else { vec![1] }
    }
    /// Docs of b.
    pub async fn b(&self) {}
}
/// A struct.
#[derive(Debug)]
pub struct S {
    /// Field.
    pub f: u8,
}
crate::runtime::macros::paged!(
    S, u8, value optional
);
serde_struct! {
    /// Model docs.
    #[derive(Debug)]
    M {
        /// Field docs.
        f \"f\" opt String,
    }
}
";
    let cases: &[(Item, Result<&str, &str>)] = &[
        (
            Item::Method("a"),
            Ok(
                "    /// Docs of a.\n    ///\n    /// `{not a brace}`\n    #[inline]\n    pub fn a(&self) -> Vec<u8> {\n        let s = \"}\";\n        if true { vec![] } else { vec![1] }\n    }\n",
            ),
        ),
        (
            Item::Method("b"),
            Ok("    /// Docs of b.\n    pub async fn b(&self) {}\n"),
        ),
        (
            Item::Struct("S"),
            Ok("/// A struct.\n#[derive(Debug)]\npub struct S {\n    /// Field.\n    pub f: u8,\n}\n"),
        ),
        (
            Item::Macro("paged", "S"),
            Ok("crate::runtime::macros::paged!(\n    S, u8, value optional\n);\n"),
        ),
        (
            Item::Model("M"),
            Ok(
                "serde_struct! {\n    /// Model docs.\n    #[derive(Debug)]\n    M {\n        /// Field docs.\n        f \"f\" opt String,\n    }\n}\n",
            ),
        ),
        (Item::Model("S"), Err("model S: not found")),
        (Item::Method("c"), Err("method c: not found")),
        (Item::Struct("X"), Err("struct X: not found")),
        (Item::Macro("paged", "T"), Err("paged! for T: not found")),
    ];
    for (item, expected) in cases {
        let got = extract(text, *item);
        assert_eq!(got.as_deref().map_err(String::as_str), *expected);
    }
}
