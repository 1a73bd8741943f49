//! Recursive types: a struct that contains itself (directly or through other structs, not
//! through a `Vec` or map) needs a `Box` somewhere on the cycle. We box every such field whose
//! target lies in the same strongly connected component as its struct, and every union
//! alternative that leads straight to another union of its component (a cycle of unions has
//! no struct field to box).

use std::collections::HashMap;

use super::ir::{TypeDef, TypeKind, TypeRef};

/// Targets reached without an indirection (`Vec`/map already allocate).
fn direct_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

fn edges(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_target(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.as_str()).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| direct_target(&v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative so deep specs cannot overflow the stack. Returns, per type
/// index, the id of its component.
fn components(defs: &[TypeDef]) -> Vec<usize> {
    let index_of: HashMap<&str, usize> = defs.iter().enumerate().map(|(i, d)| (d.name.as_str(), i)).collect();
    let graph: Vec<Vec<usize>> = defs
        .iter()
        .map(|d| edges(d).into_iter().filter_map(|t| index_of.get(t).copied()).collect())
        .collect();
    let n = defs.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let mut component = vec![usize::MAX; n];
    let (mut next_index, mut next_component) = (0, 0);
    let mut stack = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

pub fn box_recursive_fields(defs: &mut [TypeDef]) {
    let component = components(defs);
    let index_of: HashMap<String, usize> = defs.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
    let is_struct: Vec<bool> = defs.iter().map(|d| matches!(d.kind, TypeKind::Struct(_))).collect();
    for (i, def) in defs.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct_target(&field.ty).and_then(|t| index_of.get(t)) {
                        field.boxed = component[*target] == component[i];
                    }
                }
            }
            TypeKind::Untagged(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct_target(&variant.ty).and_then(|t| index_of.get(t)) {
                        variant.boxed = component[*target] == component[i] && !is_struct[*target];
                    }
                }
            }
            TypeKind::Enum(_) | TypeKind::Union(_) => {}
        }
    }
}
