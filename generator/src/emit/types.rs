//! Models: IR type definitions → Rust items. Enums and page impls go through small runtime
//! macros so each model costs a few lines of output, not dozens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::ir::{Enum, Field, JsonKind, Paging, Struct, TypeDef, TypeKind, TypeRef, Union, Untagged};

use super::docs;

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a reference, as written inside the service's `models` module or next to it
/// (`models::X` is reachable as `models::X` from resources and as `X` inside models).
pub fn type_tokens(ty: &TypeRef, models_prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(::time::OffsetDateTime),
        TypeRef::Binary => quote!(crate::runtime::binary::Binary),
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, models_prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, models_prefix);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#models_prefix #name)
        }
    }
}

/// Short human name of a type for docs (`Vec<BastionHost>`).
pub fn type_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "OffsetDateTime".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_label(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_label(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// A piece of a models file: tokens for prettyplease, or source printed here (prettyplease
/// prints a macro's body as one flowed run of tokens; a struct reads better one field a line).
pub enum Rendered {
    Tokens(TokenStream),
    Source(String),
}

/// One model.
pub fn type_def(def: &TypeDef) -> Vec<Rendered> {
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(def, s),
        TypeKind::Enum(e) => vec![Rendered::Tokens(enumeration(
            &name,
            docs::attrs_opt(def.doc.as_deref()),
            e,
        ))],
        TypeKind::Union(u) => vec![Rendered::Tokens(union(&name, docs::attrs_opt(def.doc.as_deref()), u))],
        TypeKind::Untagged(u) => vec![Rendered::Tokens(untagged(
            &name,
            docs::attrs_opt(def.doc.as_deref()),
            u,
        ))],
    }
}

/// The imports of a models module: `serde_struct!` when there are structs (every model gets its
/// serde impls from a runtime macro, so serde's derive names are not imported).
pub fn models_imports(types: &[TypeDef]) -> TokenStream {
    let structs = types.iter().any(|d| matches!(d.kind, TypeKind::Struct(_)));
    let macro_import = structs.then(|| {
        quote!(
            use crate::runtime::macros::serde_struct;
        )
    });
    quote!(#macro_import)
}

/// A struct through `serde_struct!` (runtime/macros.rs): the struct, its `Serialize` and its
/// `Deserialize` from one field list, where serde's derives named each field in the struct and
/// again in a second list, with an attribute on most (BENCHMARKS.md). The macro always derives
/// `Clone` and `PartialEq`. Printed as source, one field a line:
///
/// ```text
/// serde_struct! {
///     /// Docs.
///     #[derive(Debug, Default)]
///     Name {
///         /// Docs.
///         rust_name "wireName" opt Type,
///     }
///     additional_properties: ::serde_json::Value
/// }
/// ```
fn structure(def: &TypeDef, s: &Struct) -> Vec<Rendered> {
    let mut out = String::from("serde_struct! {\n");
    doc_lines(&mut out, "    ", def.doc.as_deref());
    if !s.left_out.is_empty() {
        // Where the left-out navigation properties went, and how to get them typed.
        if def.doc.as_deref().is_some_and(|d| !d.trim().is_empty()) {
            out.push_str("    ///\n");
        }
        let names = docs::sanitize(&s.left_out.join(", ")).replace('\n', " ");
        out.push_str(&format!(
            "    /// Navigation properties not generated (`expand` in the manifest generates them); sent with `$expand`, they are kept in `additional_properties`: {names}.\n"
        ));
    }
    if let Some((property, value)) = &s.tag {
        if def.doc.as_deref().is_some_and(|d| !d.trim().is_empty()) || !s.left_out.is_empty() {
            out.push_str("    ///\n");
        }
        out.push_str(&format!(
            "    /// Always sent with {} = {} (its tag as a variant of a discriminated union).\n",
            docs::code_span(property),
            docs::code_span(value)
        ));
    }
    let secret = s.fields.iter().any(|f| f.secret);
    let mut derives = Vec::new();
    if !secret {
        derives.push("Debug");
    }
    if s.default {
        derives.push("Default");
    }
    if !derives.is_empty() {
        out.push_str(&format!("    #[derive({})]\n", derives.join(", ")));
    }
    out.push_str(&format!("    {} {{\n", def.name));
    if let Some((property, value)) = &s.tag {
        let (property, value) = (
            proc_macro2::Literal::string(property),
            proc_macro2::Literal::string(value),
        );
        out.push_str(&format!("        @tag {property} = {value},\n"));
    }
    for f in &s.fields {
        doc_lines(&mut out, "        ", f.doc.as_deref());
        let wire = proc_macro2::Literal::string(&f.wire_name);
        let mut ty = type_source(&f.ty);
        if f.boxed {
            ty = format!("Box<{ty}>");
        }
        out.push_str(&format!("        {} {wire} {} {ty},\n", f.rust_name, field_kind(f)));
    }
    out.push_str("    }\n");
    if let Some(additional) = &s.additional {
        out.push_str(&format!("    additional_properties: {}\n", type_source(additional)));
    }
    out.push_str("}\n");
    let mut rendered = vec![Rendered::Source(out)];
    if secret {
        rendered.push(Rendered::Tokens(redacting_debug(&ident(&def.name), s)));
    }
    rendered
}

/// `///` lines of a (sanitized) description, at `indent`.
fn doc_lines(out: &mut String, indent: &str, doc: Option<&str>) {
    let Some(doc) = doc.filter(|d| !d.trim().is_empty()) else {
        return;
    };
    for line in docs::sanitize(doc).lines() {
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
}

/// The field's kind in `serde_struct!`: `opt` / `req` / `opt_datetime` / `datetime`, with
/// `_ro` when read-only (sent back by the service, never in a request).
fn field_kind(f: &Field) -> String {
    let base = match (f.ty == TypeRef::DateTime, f.optional) {
        (true, true) => "opt_datetime",
        (true, false) => "datetime",
        (false, true) => "opt",
        (false, false) => "req",
    };
    if f.read_only {
        format!("{base}_ro")
    } else {
        base.to_string()
    }
}

/// [`type_tokens`] as source text, inside the models module.
fn type_source(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Vec(inner) => format!("Vec<{}>", type_source(inner)),
        TypeRef::Map(inner) => format!("::std::collections::BTreeMap<String, {}>", type_source(inner)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::DateTime => "::time::OffsetDateTime".into(),
        TypeRef::Binary => "crate::runtime::binary::Binary".into(),
        TypeRef::Any => "::serde_json::Value".into(),
        scalar => type_label(scalar),
    }
}

/// `Debug` that prints secret fields as `***` (`Some(***)` / `None` when optional).
fn redacting_debug(name: &Ident, s: &Struct) -> TokenStream {
    let label = name.to_string();
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let shown = &f.rust_name;
        if f.secret && f.optional {
            quote!(.field(#shown, &crate::runtime::redact::optional(&self.#field)))
        } else if f.secret {
            quote!(.field(#shown, &crate::runtime::redact::Redacted))
        } else {
            quote!(.field(#shown, &self.#field))
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(.field("additional_properties", &self.additional_properties)));
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#entries)* #additional .finish()
            }
        }
    }
}

fn enumeration(name: &Ident, doc: TokenStream, e: &Enum) -> TokenStream {
    let variants = e.values.iter().map(|v| {
        let doc = docs::attrs_opt(v.doc.as_deref());
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#doc #variant => #wire,)
    });
    if e.extensible {
        quote! {
            crate::runtime::macros::extensible_enum! {
                #doc
                #name { #(#variants)* }
            }
        }
    } else {
        quote! {
            crate::runtime::macros::closed_enum! {
                #doc
                #name { #(#variants)* }
            }
        }
    }
}

/// A discriminated union: the enum, written out, and its serde impls from
/// `runtime::union::tagged!` (the variant structs write their tag themselves).
fn union(name: &Ident, doc: TokenStream, u: &Union) -> TokenStream {
    let tag = &u.tag;
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = ident(&v.ty);
        let wire = format!(" {} = {}.", docs::code_span(&u.tag), docs::code_span(&v.wire));
        quote!(#[doc = #wire] #variant(#ty),)
    });
    let rows = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#variant #wire,)
    });
    let other = format!(
        " A payload whose {} is none of the above (or missing), kept as sent.",
        docs::code_span(tag)
    );
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = #other]
            Other(::serde_json::Value),
        }
        crate::runtime::union::tagged!(#name #tag { #(#rows)* });
    }
}

/// An untagged union: the enum, written out, and its serde impls from `runtime::union::untagged!`
/// with one row per variant (JSON type, required properties, properties only it has).
fn untagged(name: &Ident, doc: TokenStream, u: &Untagged) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let mut ty = type_tokens(&v.ty, &TokenStream::new());
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#variant(#ty),)
    });
    let rows = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let kind = ident(match v.json {
            JsonKind::Object => "Object",
            JsonKind::Array => "Array",
            JsonKind::String => "String",
            JsonKind::Integer => "Integer",
            JsonKind::Number => "Number",
            JsonKind::Boolean => "Boolean",
            JsonKind::Any => "Any",
        });
        let (required, keys) = (&v.required, &v.keys);
        quote!(#variant #kind [#(#required),*] [#(#keys),*],)
    });
    // The alternatives are what the spec says; boxing the big ones would put a `Box` in every
    // constructor and `match` for a size the caller rarely notices.
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A payload that matches none of the alternatives, kept as sent.
            Other(::serde_json::Value),
        }
        crate::runtime::union::untagged!(#name { #(#rows)* });
    }
}

/// `Page` + `Paged` for a page model, through the runtime macro.
pub fn paged_impl(p: &Paging) -> TokenStream {
    let page = ident(&p.page);
    let item = type_tokens(&p.item, &TokenStream::new());
    let items = ident(&p.items_field);
    let items_kind = if p.items_optional {
        quote!(optional)
    } else {
        quote!(required)
    };
    let next = match &p.next_link_field {
        Some(field) => {
            let field = ident(field);
            if p.next_link_optional {
                quote!(#field optional)
            } else {
                quote!(#field required)
            }
        }
        None => quote!(none),
    };
    quote! {
        crate::runtime::macros::paged!(#page, #item, #items #items_kind, #next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Struct fields are printed as text; they must be the same types as everywhere else.
    #[test]
    fn type_source_matches_type_tokens() {
        let named = || Box::new(TypeRef::Named("Model".into()));
        for ty in [
            TypeRef::String,
            TypeRef::Bool,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::DateTime,
            TypeRef::Any,
            TypeRef::Vec(named()),
            TypeRef::Map(Box::new(TypeRef::Vec(named()))),
            TypeRef::Vec(Box::new(TypeRef::Map(Box::new(TypeRef::Any)))),
        ] {
            // Compared without spaces: `>>` prints as one joint token from source text.
            let squeeze = |t: String| t.replace(' ', "");
            let parsed: TokenStream = type_source(&ty).parse().unwrap();
            assert_eq!(
                squeeze(parsed.to_string()),
                squeeze(type_tokens(&ty, &TokenStream::new()).to_string()),
                "{ty:?}"
            );
        }
    }
}
