//! Models: IR type definitions → Rust items. Enums and page impls go through small runtime
//! macros so each model costs a few lines of output, not dozens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::ir::{Enum, Field, Paging, Struct, TypeDef, TypeKind, TypeRef, Union};

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
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_label(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_label(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// One model. `serde_imported`: the models module imports serde's `Serialize` and
/// `Deserialize` (no model has those names), so derives can use the short names.
pub fn type_def(def: &TypeDef, serde_imported: bool) -> TokenStream {
    let doc = docs::attrs_opt(def.doc.as_deref());
    let name = ident(&def.name);
    let serde = if serde_imported {
        [quote!(Serialize), quote!(Deserialize)]
    } else {
        [quote!(::serde::Serialize), quote!(::serde::Deserialize)]
    };
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, doc, s, &serde),
        TypeKind::Enum(e) => enumeration(&name, doc, e),
        TypeKind::Union(u) => union(&name, doc, u, &serde),
    }
}

/// The imports of a models module: serde's derive names unless a model takes one of them, and
/// `runtime::read_only` when a field is read-only (its serde attributes name `read_only::…`).
pub fn models_imports(types: &[TypeDef]) -> (TokenStream, bool) {
    let derives = types
        .iter()
        .any(|d| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Union(_)));
    let clash = types.iter().any(|d| d.name == "Serialize" || d.name == "Deserialize");
    let read_only = types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.read_only)));
    let serde_imported = derives && !clash;
    // Structs deserialize through the runtime macro; only unions derive `Deserialize`.
    let unions = types.iter().any(|d| matches!(d.kind, TypeKind::Union(_)));
    let serde = serde_imported.then(|| {
        if unions {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        } else {
            quote!(
                use serde::Serialize;
            )
        }
    });
    let read_only = read_only.then(|| {
        quote!(
            use crate::runtime::read_only;
        )
    });
    (quote!(#serde #read_only), serde_imported)
}

fn structure(name: &Ident, doc: TokenStream, s: &Struct, serde: &[TokenStream; 2]) -> TokenStream {
    let none = TokenStream::new();
    // `rename_all = "camelCase"` when it spares more per-field renames than it costs.
    let plain = s.fields.iter().filter(|f| f.wire_name != f.rust_name).count();
    let camel = s
        .fields
        .iter()
        .filter(|f| Some(&f.wire_name) != serde_camel_case(&f.rust_name).as_ref())
        .count();
    let camel = camel < plain;
    let rename_all = camel.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let fields = s.fields.iter().map(|f| field(f, &none, camel));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = type_tokens(ty, &none);
        quote! {
            /// Properties not described by the spec, kept so nothing the service sends is lost.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let secret = s.fields.iter().any(|f| f.secret);
    let mut derives = vec![quote!(Clone)];
    if !secret {
        derives.push(quote!(Debug));
    }
    if s.default {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    // Deserialize: `deserialize_impl` below.
    derives.push(serde[0].clone());
    let debug = secret.then(|| redacting_debug(name, s));
    let deserialize = deserialize_impl(name, s);
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #rename_all
        pub struct #name {
            #(#fields)*
            #additional
        }
        #debug
        #deserialize
    }
}

/// `Deserialize` through the runtime macro rather than the derive: the derive (with the
/// flattened `additional_properties`) made most of the generated crate's compile time.
fn deserialize_impl(name: &Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let kind = match (f.ty == TypeRef::DateTime, f.optional) {
            (true, true) => quote!(opt_datetime),
            (true, false) => quote!(datetime),
            (false, true) => quote!(opt),
            (false, false) => quote!(req),
        };
        quote!(#field #wire #kind,)
    });
    let additional = s.additional.as_ref().map(|_| quote!(additional_properties));
    quote! {
        crate::runtime::macros::deserialize_struct!(#name { #(#fields)* } #additional);
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

/// The wire name serde derives from a field name under `rename_all = "camelCase"`
/// (serde_derive's rule: drop `_`, capitalize what follows, lowercase the first character);
/// `None` for names that rule does not cover here (non-ASCII, raw identifiers).
fn serde_camel_case(field: &str) -> Option<String> {
    if field.is_empty() || !field.is_ascii() || field.starts_with("r#") {
        return None;
    }
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    Some(match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    })
}

/// `camel`: the struct renames all fields to camelCase, so only the others need a rename.
fn field(f: &Field, prefix: &TokenStream, camel: bool) -> TokenStream {
    let doc = docs::attrs_opt(f.doc.as_deref());
    let name = ident(&f.rust_name);
    let mut inner = type_tokens(&f.ty, prefix);
    if f.boxed {
        inner = quote!(Box<#inner>);
    }
    let ty = if f.optional { quote!(Option<#inner>) } else { inner };
    let mut serde = Vec::new();
    let derived = if camel {
        serde_camel_case(&f.rust_name)
    } else {
        Some(f.rust_name.clone())
    };
    if derived.as_ref() != Some(&f.wire_name) {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if f.ty == TypeRef::DateTime {
        let with = if f.optional {
            quote!("crate::runtime::datetime::rfc3339_opt")
        } else {
            quote!("crate::runtime::datetime::rfc3339")
        };
        serde.push(quote!(with = #with));
        if f.optional {
            serde.push(quote!(default));
        }
    }
    if f.read_only {
        // Read-only properties come back from the service but are never sent in a request.
        let skip = if f.optional {
            quote!("read_only::skip_opt")
        } else {
            quote!("read_only::skip")
        };
        serde.push(quote!(skip_serializing_if = #skip));
    } else if f.optional {
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #serde
        pub #name: #ty,
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

fn union(name: &Ident, doc: TokenStream, u: &Union, serde: &[TokenStream; 2]) -> TokenStream {
    let [ser, de] = serde;
    let tag = &u.tag;
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = ident(&v.ty);
        let wire = &v.wire;
        quote!(#[serde(rename = #wire)] #variant(#ty),)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #ser, #de)]
        #[serde(tag = #tag)]
        pub enum #name { #(#variants)* }
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
