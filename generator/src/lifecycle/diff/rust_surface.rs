//! The Rust surface: every public item of a generated crate (structs and their pub fields, enums
//! and their variants, including `extensible_enum!` invocations, pub fns and methods, type
//! aliases and consts) as `path → signature`, and the difference between two such surfaces.
//! The support module `runtime` is copied verbatim into every crate and is left out.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

use super::change::{Impact, RustChange};

/// Item path (`network::models::Sku.name`) → signature (`Option<SkuName>`).
pub type Surface = BTreeMap<String, Entry>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub signature: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Struct,
    Field,
    Enum,
    Variant,
    Fn,
    Other,
}

/// Collects the public surface of generated files (`src/...rs` paths with their contents).
pub fn surface<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Surface {
    let mut out = Surface::new();
    for (path, contents) in files {
        let Some(module) = module_path(path) else { continue };
        // Generated code always parses; a file that doesn't simply contributes nothing.
        let Ok(file) = syn::parse_file(contents) else { continue };
        collect(&module, &file.items, &mut out);
    }
    out
}

/// `src/network/models.rs` → `network::models`; `src/lib.rs` → `crate`; runtime → skipped.
fn module_path(path: &str) -> Option<String> {
    let rel = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    if rel.starts_with("runtime") {
        return None;
    }
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    Some(if rel == "lib" {
        "crate".to_string()
    } else {
        rel.replace('/', "::")
    })
}

fn collect(module: &str, items: &[Item], out: &mut Surface) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = format!("{module}::{}", s.ident);
                let exhaustive = !has_attr(&s.attrs, "non_exhaustive");
                let generics = tokens(&s.generics);
                out.insert(
                    name.clone(),
                    entry(
                        Kind::Struct,
                        format!("{generics}{}", if exhaustive { "" } else { " #[non_exhaustive]" })
                            .trim()
                            .to_string(),
                    ),
                );
                if let Fields::Named(fields) = &s.fields {
                    for f in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                        if let Some(ident) = &f.ident {
                            out.insert(format!("{name}.{ident}"), entry(Kind::Field, tokens(&f.ty)));
                        }
                    }
                } else if let Fields::Unnamed(fields) = &s.fields {
                    for (i, f) in fields.unnamed.iter().enumerate().filter(|(_, f)| is_pub(&f.vis)) {
                        out.insert(format!("{name}.{i}"), entry(Kind::Field, tokens(&f.ty)));
                    }
                }
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let name = format!("{module}::{}", e.ident);
                let exhaustive = !has_attr(&e.attrs, "non_exhaustive");
                out.insert(
                    name.clone(),
                    entry(
                        Kind::Enum,
                        format!(
                            "{}{}",
                            tokens(&e.generics),
                            if exhaustive { "" } else { " #[non_exhaustive]" }
                        )
                        .trim()
                        .to_string(),
                    ),
                );
                for v in &e.variants {
                    out.insert(format!("{name}::{}", v.ident), entry(Kind::Variant, tokens(&v.fields)));
                }
            }
            Item::Macro(m)
                if m.mac.path.is_ident("extensible_enum") || last_segment(&m.mac.path) == "extensible_enum" =>
            {
                extensible_enum(module, &m.mac.tokens, out);
            }
            Item::Macro(m) if last_segment(&m.mac.path) == "serde_struct" => {
                serde_struct(module, &m.mac.tokens, out);
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                out.insert(format!("{module}::{}", f.sig.ident), entry(Kind::Fn, tokens(&f.sig)));
            }
            Item::Type(t) if is_pub(&t.vis) => {
                out.insert(
                    format!("{module}::{}", t.ident),
                    entry(Kind::Other, format!("type = {}", tokens(&t.ty))),
                );
            }
            Item::Const(c) if is_pub(&c.vis) => {
                out.insert(
                    format!("{module}::{}", c.ident),
                    entry(Kind::Other, format!("const: {}", tokens(&c.ty))),
                );
            }
            Item::Use(u) if is_pub(&u.vis) => {
                out.insert(
                    format!("{module}::use {}", tokens(&u.tree)),
                    entry(Kind::Other, "use".into()),
                );
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let target = tokens(&i.self_ty);
                let target = target.split('<').next().unwrap_or_default().to_string();
                for ii in &i.items {
                    if let ImplItem::Fn(f) = ii
                        && is_pub(&f.vis)
                    {
                        out.insert(
                            format!("{module}::{target}::{}", f.sig.ident),
                            entry(Kind::Fn, tokens(&f.sig)),
                        );
                    }
                }
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, items)) = &m.content {
                    collect(&format!("{module}::{}", m.ident), items, out);
                }
            }
            _ => {}
        }
    }
}

/// `extensible_enum! { #[doc = ".."] Name { A => "a", B => "b", } }`: an exhaustive enum with the
/// listed variants plus `UnknownValue(String)`.
fn extensible_enum(module: &str, body: &proc_macro2::TokenStream, out: &mut Surface) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = body.clone().into_iter().collect();
    let Some(pos) = trees
        .iter()
        .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace))
    else {
        return;
    };
    let Some(TokenTree::Ident(ident)) = pos.checked_sub(1).and_then(|i| trees.get(i)) else {
        return;
    };
    let name = format!("{module}::{ident}");
    out.insert(name.clone(), entry(Kind::Enum, String::new()));
    let TokenTree::Group(group) = &trees[pos] else { return };
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    for (i, t) in inner.iter().enumerate() {
        // `Variant => "wire"`: an ident followed by `=>`.
        if let (TokenTree::Ident(v), Some(TokenTree::Punct(p))) = (t, inner.get(i + 1))
            && p.as_char() == '='
        {
            out.insert(format!("{name}::{v}"), entry(Kind::Variant, String::new()));
        }
    }
    out.insert(format!("{name}::UnknownValue"), entry(Kind::Variant, "(String)".into()));
}

/// `serde_struct! { #[..] Name { #[..] field "wire" kind Type, ... } additional_properties: V }`:
/// an exhaustive struct with those pub fields, `Option<Type>` for the `opt*` kinds (see
/// `generator/runtime/macros.rs`).
fn serde_struct(module: &str, body: &proc_macro2::TokenStream, out: &mut Surface) {
    use syn::parse::{ParseStream, Parser};
    type Parsed = (syn::Ident, Vec<(syn::Ident, String)>);
    let parse = |input: ParseStream| -> syn::Result<Parsed> {
        input.call(syn::Attribute::parse_outer)?;
        let name: syn::Ident = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut fields = Vec::new();
        if content.peek(syn::Token![@]) {
            // `@tag "kind" = "value",`: written by the macro, no field.
            content.parse::<syn::Token![@]>()?;
            content.parse::<syn::Ident>()?;
            content.parse::<syn::LitStr>()?;
            content.parse::<syn::Token![=]>()?;
            content.parse::<syn::LitStr>()?;
            content.parse::<syn::Token![,]>()?;
        }
        while !content.is_empty() {
            content.call(syn::Attribute::parse_outer)?;
            let field: syn::Ident = content.parse()?;
            content.parse::<syn::LitStr>()?;
            let kind: syn::Ident = content.parse()?;
            let ty: syn::Type = content.parse()?;
            content.parse::<syn::Token![,]>()?;
            let ty = tokens(&ty);
            let ty = if kind.to_string().starts_with("opt") {
                format!("Option<{ty}>")
            } else {
                ty
            };
            fields.push((field, ty));
        }
        if !input.is_empty() {
            let field: syn::Ident = input.parse()?;
            input.parse::<syn::Token![:]>()?;
            let value: syn::Type = input.parse()?;
            let ty = format!("::std::collections::BTreeMap<String, {}>", tokens(&value));
            fields.push((field, ty));
        }
        Ok((name, fields))
    };
    // Generated code always parses; an invocation that doesn't contributes nothing.
    let Ok((ident, fields)) = parse.parse2(body.clone()) else {
        return;
    };
    let name = format!("{module}::{ident}");
    out.insert(name.clone(), entry(Kind::Struct, String::new()));
    for (field, ty) in fields {
        out.insert(format!("{name}.{field}"), entry(Kind::Field, ty));
    }
}

/// The difference between two surfaces, classified as Rust semver sees it.
pub fn diff(old: &Surface, new: &Surface) -> Vec<RustChange> {
    let mut changes = Vec::new();
    for (path, a) in old {
        match new.get(path) {
            None => changes.push(RustChange {
                impact: Impact::Breaking,
                item: path.clone(),
                old: Some(a.signature.clone()),
                new: None,
                note: format!("{} removed", noun(a.kind)),
            }),
            Some(b) if b.signature != a.signature => changes.push(RustChange {
                impact: Impact::Breaking,
                item: path.clone(),
                old: Some(a.signature.clone()),
                new: Some(b.signature.clone()),
                note: format!("{} changed", noun(a.kind)),
            }),
            Some(_) => {}
        }
    }
    for (path, b) in new.iter().filter(|(p, _)| !old.contains_key(*p)) {
        let (impact, note) = match b.kind {
            // A new pub field breaks struct literals without `..Default::default()`; a new
            // variant breaks exhaustive matches. Unless the parent is `#[non_exhaustive]`.
            Kind::Field if parent_is_exhaustive(old, path, '.') => (
                Impact::Breaking,
                "added to an existing exhaustive struct (struct literals must add it or use `..Default::default()`)",
            ),
            Kind::Variant if parent_is_exhaustive(old, path, ':') => (
                Impact::Breaking,
                "added to an existing exhaustive enum (exhaustive `match`es must handle it)",
            ),
            _ => (Impact::NonBreaking, "added"),
        };
        changes.push(RustChange {
            impact,
            item: path.clone(),
            old: None,
            new: Some(b.signature.clone()),
            note: format!("{} {note}", noun(b.kind)),
        });
    }
    changes
}

/// The parent item existed before and is not `#[non_exhaustive]`.
fn parent_is_exhaustive(old: &Surface, path: &str, separator: char) -> bool {
    let parent = match separator {
        '.' => path.rsplit_once('.').map(|(p, _)| p),
        _ => path.rsplit_once("::").map(|(p, _)| p),
    };
    parent
        .and_then(|p| old.get(p))
        .is_some_and(|e| !e.signature.contains("non_exhaustive"))
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Struct => "struct",
        Kind::Field => "field",
        Kind::Enum => "enum",
        Kind::Variant => "variant",
        Kind::Fn => "fn",
        Kind::Other => "item",
    }
}

fn entry(kind: Kind, signature: String) -> Entry {
    Entry { kind, signature }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn last_segment(path: &syn::Path) -> String {
    path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

/// Tokens as one readable line: `Option<Vec<String>>`, `pub async fn get(&self, name: &str)`.
pub fn tokens(t: &impl ToTokens) -> String {
    let raw = t.to_token_stream().to_string();
    let mut s = raw;
    for (from, to) in [
        (" , ", ", "),
        (" ,", ","),
        ("& ", "&"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" : ", ": "),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        ("' ", "'"),
        (" ;", ";"),
        (",)", ")"),
        (",>", ">"),
    ] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // One space after every comma (`Result<Sku, ()>`).
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == ',' && chars.peek().is_some_and(|n| *n != ' ') {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"
        pub struct Sku { pub name: Option<SkuName>, pub tier: String, secret: u8 }
        crate::runtime::macros::extensible_enum! { #[doc = " Sku name."] SkuName { Basic => "Basic", Standard => "Standard", } }
        pub enum Kind { A, B(String) }
        pub struct Client;
        impl Client { pub async fn get(&self, name: &str) -> Result<Sku, ()> { todo!() } fn private(&self) {} }
    "#;

    fn changes(new: &str) -> Vec<(Impact, String, String)> {
        let (a, b) = (
            surface([("src/network/models.rs", OLD)]),
            surface([("src/network/models.rs", new)]),
        );
        diff(&a, &b).into_iter().map(|c| (c.impact, c.item, c.note)).collect()
    }

    #[test]
    fn surface_lists_public_items_only() {
        let s = surface([
            ("src/network/models.rs", OLD),
            ("src/runtime/mod.rs", "pub fn hidden() {}"),
        ]);
        let keys: Vec<&str> = s.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "network::models::Client",
                "network::models::Client::get",
                "network::models::Kind",
                "network::models::Kind::A",
                "network::models::Kind::B",
                "network::models::Sku",
                "network::models::Sku.name",
                "network::models::Sku.tier",
                "network::models::SkuName",
                "network::models::SkuName::Basic",
                "network::models::SkuName::Standard",
                "network::models::SkuName::UnknownValue",
            ]
        );
        assert_eq!(
            s["network::models::Client::get"].signature,
            "async fn get(&self, name: &str) -> Result<Sku, ()>"
        );
        assert_eq!(s["network::models::Sku.name"].signature, "Option<SkuName>");
    }

    /// A model through `serde_struct!` has the surface of the struct it expands to.
    #[test]
    fn serde_struct_models_are_structs() {
        let expanded = surface([("src/network/models.rs", OLD)]);
        let model = r#"
            serde_struct! {
                /// Docs.
                #[derive(Debug)]
                Sku {
                    @tag "kind" = "sku",
                    /// Docs.
                    name "name" opt SkuName,
                    tier "tier" req_ro String,
                }
                additional_properties: ::serde_json::Value
            }
        "#;
        let s = surface([("src/network/models.rs", model)]);
        let sku: Vec<(&str, &str)> = s.iter().map(|(k, v)| (k.as_str(), v.signature.as_str())).collect();
        assert_eq!(
            sku,
            [
                ("network::models::Sku", ""),
                (
                    "network::models::Sku.additional_properties",
                    "::std::collections::BTreeMap<String, ::serde_json::Value>"
                ),
                ("network::models::Sku.name", "Option<SkuName>"),
                ("network::models::Sku.tier", "String"),
            ]
        );
        for key in [
            "network::models::Sku",
            "network::models::Sku.name",
            "network::models::Sku.tier",
        ] {
            assert_eq!(s[key], expanded[key], "{key}");
        }
    }

    #[test]
    fn classification_follows_rust_semver() {
        use Impact::*;
        type Expected<'a> = Vec<(Impact, &'a str, &'a str)>;
        let cases: &[(&str, &str, Expected)] = &[
            ("identical", OLD, vec![]),
            (
                "field retyped",
                &OLD.replace("pub tier: String", "pub tier: Option<String>"),
                vec![(Breaking, "network::models::Sku.tier", "field changed")],
            ),
            (
                "field added",
                &OLD.replace("pub tier: String,", "pub tier: String, pub size: u8,"),
                vec![(
                    Breaking,
                    "network::models::Sku.size",
                    "field added to an existing exhaustive struct (struct literals must add it or use `..Default::default()`)",
                )],
            ),
            (
                "variant added",
                &OLD.replace(
                    "Standard => \"Standard\",",
                    "Standard => \"Standard\", Premium => \"Premium\",",
                ),
                vec![(
                    Breaking,
                    "network::models::SkuName::Premium",
                    "variant added to an existing exhaustive enum (exhaustive `match`es must handle it)",
                )],
            ),
            (
                "method removed",
                &OLD.replace("pub async fn get", "async fn get"),
                vec![(Breaking, "network::models::Client::get", "fn removed")],
            ),
            (
                "new struct",
                &format!("{OLD} pub struct Extra {{ pub x: u8 }}"),
                vec![
                    (NonBreaking, "network::models::Extra", "struct added"),
                    (NonBreaking, "network::models::Extra.x", "field added"),
                ],
            ),
        ];
        for (name, new, expected) in cases {
            let got = changes(new);
            let got: Vec<(Impact, &str, &str)> = got.iter().map(|(i, p, n)| (*i, p.as_str(), n.as_str())).collect();
            assert_eq!(&got, expected, "case `{name}`");
        }
    }
}
