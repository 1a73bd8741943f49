//! Crate-level files: `Cargo.toml` with one feature per service, `lib.rs`, the module files of
//! shared path prefixes (`graph/mod.rs`), and the hand-written runtime copied verbatim.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::CrateConfig;
use crate::model::ir::Api;

use super::types::ident;

/// The runtime every generated crate carries (see `generator/runtime/CONTRACT.md`).
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("binary.rs", include_str!("../../runtime/binary.rs")),
    ("cloud.rs", include_str!("../../runtime/cloud.rs")),
    ("datetime.rs", include_str!("../../runtime/datetime.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("form.rs", include_str!("../../runtime/form.rs")),
    ("limits.rs", include_str!("../../runtime/limits.rs")),
    ("lro.rs", include_str!("../../runtime/lro.rs")),
    ("macros.rs", include_str!("../../runtime/macros.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("origin.rs", include_str!("../../runtime/origin.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("paging.rs", include_str!("../../runtime/paging.rs")),
    ("path.rs", include_str!("../../runtime/path.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("read_only.rs", include_str!("../../runtime/read_only.rs")),
    ("redact.rs", include_str!("../../runtime/redact.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("text.rs", include_str!("../../runtime/text.rs")),
    ("union.rs", include_str!("../../runtime/union.rs")),
];

/// Dependencies of the runtime and of generated code; versions are what the runtime was
/// written and tested against.
const DEPENDENCIES: &str = r#"async-trait = "0.1"
azure_core = "1.1"
futures = "0.3"
percent-encoding = "2"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
time = { version = "0.3", features = ["serde", "formatting", "parsing", "macros"] }
tracing = "0.1"
"#;

pub fn cargo_toml(krate: &CrateConfig, apis: &[Api], header: &str) -> String {
    let header = header.replacen("//", "#", 1);
    // Every service has its feature; a side-by-side group adds its own feature (`network`),
    // which enables the default api-version. Older versions are opt-in.
    let mut lines = Vec::new();
    let mut default = Vec::new();
    for api in apis {
        let feature = &api.service.feature;
        match &api.service.version_group {
            Some(group) => {
                let enables = format!("\"{}\"", group.feature);
                if !default.contains(&enables) {
                    let newest = apis.iter().map(|a| &a.service).find(|s| {
                        s.version_group
                            .as_ref()
                            .is_some_and(|g| g.is_default && g.feature == group.feature)
                    });
                    let target = newest.map(|s| s.feature.as_str()).unwrap_or_default();
                    lines.push(format!("{} = [\"{target}\"]", group.feature));
                    default.push(enables);
                }
            }
            None => default.push(format!("\"{feature}\"")),
        }
        lines.push(format!("{feature} = []"));
    }
    format!(
        "{header}\n[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"\nrust-version = \"1.88\"\nlicense = \"MIT\"\npublish = false\ndescription = \"Async Rust clients generated from vendored OpenAPI / Swagger specs\"\n\n[features]\ndefault = [{}]\n{}\n\n[dependencies]\n{DEPENDENCIES}",
        krate.name,
        krate.version,
        default.join(", "),
        lines.join("\n"),
    )
}

pub fn lib_rs(krate: &CrateConfig, apis: &[Api]) -> TokenStream {
    let mut roots: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for api in apis {
        if let Some(root) = api.service.module.first() {
            roots
                .entry(root.as_str())
                .or_default()
                .push(api.service.feature.as_str());
        }
    }
    let modules = roots.iter().map(|(root, features)| {
        let m = ident(root);
        let cfg = feature_cfg(features);
        quote!(#cfg pub mod #m;)
    });
    let list: String = apis
        .iter()
        .map(|a| {
            let s = &a.service;
            let default = match &s.version_group {
                Some(g) if g.is_default => format!(", also `{}` under feature `{}`", g.module, g.feature),
                _ => String::new(),
            };
            format!(
                // Plain code, not a link: with the feature off the module does not exist.
                "- `{}` (feature `{}`{default}): {}{}\n",
                s.module.join("::"),
                s.feature,
                s.title.replace(['[', ']', '`'], ""),
                s.api_version
                    .as_ref()
                    .map(|v| format!(", api-version {v}"))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let doc = format!(
        "Async Rust clients for {} services, on azure_core 1.x.\n\n{list}\nEverything in this crate is generated by `{}`; the `runtime` module is the generator's hand-written support code.",
        apis.len(),
        krate.command
    );
    let doc_attrs = doc.lines().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#![doc = #l])
    });
    quote! {
        #(#doc_attrs)*
        // Upstream prose sometimes continues list items without indentation.
        #![allow(clippy::doc_lazy_continuation)]
        pub mod runtime;
        #(#modules)*
    }
}

/// `mod.rs` of every directory that groups services (`graph` for `graph::v1_0`, `graph::beta`);
/// a side-by-side group's directory (`network`) also re-exports its default api-version.
pub fn intermediate_modules(apis: &[Api]) -> Vec<(String, TokenStream)> {
    let mut dirs: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for api in apis {
        let module = &api.service.module;
        for depth in 1..module.len() {
            let dir = module[..depth].join("/");
            dirs.entry(dir)
                .or_default()
                .entry(module[depth].clone())
                .or_default()
                .push(api.service.feature.clone());
        }
    }
    dirs.into_iter()
        .map(|(dir, children)| {
            let items = children.iter().map(|(child, features)| {
                let m = ident(child);
                let cfg = feature_cfg(features);
                quote!(#cfg pub mod #m;)
            });
            let module = dir.replace('/', "::");
            let default = apis.iter().find_map(|a| {
                let group = a
                    .service
                    .version_group
                    .as_ref()
                    .filter(|g| g.is_default && g.module == module)?;
                Some((group, a.service.module.last()?, a.service.api_version.as_deref()?))
            });
            match default {
                Some((group, version_module, version)) => {
                    let doc = format!(
                        " The api-versions of `{module}`, one module and feature each. With the feature `{}`, \
                         this module also re-exports the default, newest stable api-version {version} \
                         (`{version_module}`).",
                        group.feature
                    );
                    let feature = &group.feature;
                    let m = ident(version_module);
                    (
                        dir,
                        quote!(#![doc = #doc] #(#items)* #[cfg(feature = #feature)] pub use self::#m::*;),
                    )
                }
                None => {
                    let doc = format!(" Services under `{module}`.");
                    (dir, quote!(#![doc = #doc] #(#items)*))
                }
            }
        })
        .collect()
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(...))]` for several.
fn feature_cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    let features: Vec<&str> = features.iter().map(AsRef::as_ref).collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}
