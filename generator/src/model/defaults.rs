//! Which structs can derive `Default`: those whose every field has a default (optional fields,
//! strings, numbers, collections, JSON values, and structs that are themselves `Default`).

use std::collections::HashSet;

use super::ir::{TypeDef, TypeKind, TypeRef};

fn has_default(ty: &TypeRef, defaults: &HashSet<String>) -> bool {
    match ty {
        TypeRef::DateTime => false,
        TypeRef::Named(name) => defaults.contains(name),
        _ => true,
    }
}

pub fn mark_defaults(defs: &mut [TypeDef]) {
    let mut defaults: HashSet<String> = HashSet::new();
    // Fixpoint: each pass can only add names, so it ends within `defs.len()` passes.
    loop {
        let before = defaults.len();
        for def in defs.iter() {
            if let TypeKind::Struct(s) = &def.kind
                && s.fields.iter().all(|f| f.optional || has_default(&f.ty, &defaults))
            {
                defaults.insert(def.name.clone());
            }
        }
        if defaults.len() == before {
            break;
        }
    }
    for def in defs.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default = defaults.contains(&def.name);
        }
    }
}
