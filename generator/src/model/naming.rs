//! The one place that turns spec names into Rust names. Every identifier the generator emits
//! comes from [`sanitize`], so keywords, `$filter`, `@odata.nextLink`, `user-id`, leading digits
//! and non-ASCII names all become valid Rust; the wire name is kept separately for serde.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Types and enum variants.
    Pascal,
    /// Fields, parameters, methods, modules.
    Snake,
}

/// Rust keywords (strict and reserved, 2024 edition) plus names that break derives or paths.
const RESERVED: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a generated type must not take because generated code uses them unqualified.
const PRELUDE_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "Self",
];

/// Type names generated code imports unqualified where models, resource types and options
/// structs live (`use serde::Serialize` in models.rs; `Method`, `Response`, `Pager`, … in resource
/// files; `Arc`, `Cloud`, … in client.rs): a spec name that lands on one is renamed (`Response2`).
pub const GENERATED_TYPE_NAMES: &[&str] = &[
    "Arc",
    "ClientMethodOptions",
    "ClientOptions",
    "Cloud",
    "Deserialize",
    "Method",
    "MethodOptions",
    "NoFormat",
    "Pager",
    "Response",
    "Serialize",
    "ServiceClient",
    "TokenCredential",
];

/// Modules every service module has: a resource may not be one of them (`models` → `models2`).
pub const SERVICE_MODULES: &[&str] = &["client", "models", "runtime"];

/// Fields the generated structs add themselves: a property may not take them.
pub const STRUCT_FIELDS: &[&str] = &["additional_properties"];

/// The variant of every union that keeps a payload no alternative takes (`Other(Value)`).
pub const UNION_FALLBACK: &str = "Other";

/// The variant name of a union alternative of type `ty` (before collisions are resolved in the
/// union's scope): a generated type's name without the union's own prefix (`PetOrIdCard` in
/// union `PetOrId` → `Card`), else the type (`String`, `Integer`, `Number`, `Boolean`,
/// `Binary`, `DateTime`, `PetList` for a list of `Pet`, `Map`, `Value`).
pub fn union_variant(ty: &super::ir::TypeRef, prefix: &str) -> String {
    use super::ir::TypeRef;
    match ty {
        TypeRef::Named(name) => match name.strip_prefix(prefix) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
            _ => name.clone(),
        },
        TypeRef::String => "String".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(inner) => format!("{}List", union_variant(inner, prefix)),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Any => "Value".into(),
    }
}

/// Turns any spec name into a valid Rust identifier in `case`. Never returns an empty string.
pub fn sanitize(input: &str, case: Case) -> String {
    // Non-ASCII and punctuation become word separators: identifiers stay ASCII so no lint about
    // confusable or mixed-script identifiers can fire.
    let ascii: String = input
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = match case {
        Case::Pascal => ascii.to_pascal_case(),
        Case::Snake => ascii.to_snake_case(),
    };
    if name.is_empty() {
        name = match case {
            Case::Pascal => "Value".to_string(),
            Case::Snake => "value".to_string(),
        };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = match case {
            Case::Pascal => format!("V{name}"),
            Case::Snake => format!("n{name}"),
        };
    }
    let reserved =
        RESERVED.contains(&name.as_str()) || (case == Case::Pascal && PRELUDE_TYPES.contains(&name.as_str()));
    if reserved {
        name.push('_');
    }
    name
}

/// [`sanitize`] in Pascal case for a part appended to a non-empty prefix (`Things` + `self` →
/// `ThingsSelf`, not `ThingsSelf_`): the joined name starts with the prefix, so it is no keyword
/// and the escape would only leave an underscore inside a type name.
pub fn pascal_suffix(input: &str) -> String {
    let name = sanitize(input, Case::Pascal);
    match name.strip_suffix('_') {
        Some(bare) if RESERVED.contains(&bare) || PRELUDE_TYPES.contains(&bare) => bare.to_string(),
        _ => name,
    }
}

/// The Rust type name of a schema named `raw` (`microsoft.graph.user` → `User`): the last dotted
/// component, or the whole name when the short one would clash (decided by [`TypeNamer`]).
pub fn short_type_name(raw: &str) -> String {
    let last = raw.rsplit('.').next().unwrap_or(raw);
    sanitize(last, Case::Pascal)
}

/// Hands out names unique within one scope, deterministically: the first claimant of a name
/// keeps it, later ones get `2`, `3`, … appended.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Reserves `name` as is (for names that must not be handed out).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let separator = if candidate.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        for n in 2.. {
            let name = format!("{candidate}{separator}{n}");
            if self.taken.insert(name.clone()) {
                return name;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, case: Case, expected: &str) {
        assert_eq!(sanitize(input, case), expected, "sanitize({input:?}, {case:?})");
    }

    #[test]
    fn sanitizes_names() {
        check("ListByHostPool", Case::Snake, "list_by_host_pool");
        check("$filter", Case::Snake, "filter");
        check("@odata.nextLink", Case::Snake, "odata_next_link");
        check("user-id", Case::Snake, "user_id");
        check("type", Case::Snake, "type_");
        check("self", Case::Snake, "self_");
        check("Self", Case::Pascal, "Self_");
        check("3d", Case::Snake, "n3d");
        check("1.0", Case::Pascal, "V10");
        check("", Case::Snake, "value");
        check("", Case::Pascal, "Value");
        check("é", Case::Pascal, "Value");
        check("naïve", Case::Snake, "na_ve");
        check("IPRule", Case::Pascal, "IpRule");
        check("microsoft.graph.user", Case::Pascal, "MicrosoftGraphUser");
        check("Option", Case::Pascal, "Option_");
        check("Not Found", Case::Pascal, "NotFound");
    }

    #[test]
    fn suffixes_drop_the_keyword_escape() {
        assert_eq!(pascal_suffix("self"), "Self");
        assert_eq!(pascal_suffix("Option"), "Option");
        assert_eq!(pascal_suffix("list_by_host_pool"), "ListByHostPool");
        assert_eq!(pascal_suffix("1st"), "V1st");
    }

    #[test]
    fn short_names_take_the_last_component() {
        assert_eq!(short_type_name("microsoft.graph.user"), "User");
        assert_eq!(short_type_name("microsoft.graph.ODataErrors.ODataError"), "ODataError");
        assert_eq!(short_type_name("BastionHost"), "BastionHost");
    }

    #[test]
    fn union_variants_are_named_after_their_type() {
        use super::super::ir::TypeRef;
        let named = |n: &str| TypeRef::Named(n.into());
        assert_eq!(union_variant(&named("Pet"), "PetOrId"), "Pet");
        assert_eq!(union_variant(&named("PetOrIdCard"), "PetOrId"), "Card");
        assert_eq!(union_variant(&named("PetOrIdcard"), "PetOrId"), "PetOrIdcard");
        assert_eq!(union_variant(&TypeRef::Vec(Box::new(named("Pet"))), "X"), "PetList");
        assert_eq!(
            union_variant(&TypeRef::Vec(Box::new(TypeRef::String)), "X"),
            "StringList"
        );
        assert_eq!(union_variant(&TypeRef::I32, "X"), "Integer");
        assert_eq!(union_variant(&TypeRef::F64, "X"), "Number");
        assert_eq!(union_variant(&TypeRef::Any, "X"), "Value");
    }

    #[test]
    fn scopes_hand_out_unique_names() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("get".into()), "get");
        assert_eq!(scope.claim("get".into()), "get2");
        assert_eq!(scope.claim("v1".into()), "v1");
        assert_eq!(scope.claim("v1".into()), "v1_2");
    }
}
