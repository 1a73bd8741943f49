//! Bundle names for components. Components of the same section with the same name are merged
//! when they are the same node (same content, and their `$ref`s lead to components that are
//! themselves the same: the greatest such relation, computed as a fixpoint). Otherwise the
//! first-seen one (entry files first, in order) keeps the name and the others are renamed after
//! their file: `<stem>_<Name>`, then `<dir>_<stem>_<Name>`, ..., then `<Name>_<n>`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Location};

use super::bundle::{Bundler, Target};
use super::pointer;
use super::refs::{self, Ctx};

pub(crate) struct Naming {
    pub names: Vec<String>,
    /// Whether the component is written to the bundle (false for merged duplicates).
    pub emitted: Vec<bool>,
    pub warnings: Vec<Diagnostic>,
}

pub(crate) fn assign(b: &Bundler) -> Naming {
    let n = b.comps.len();
    // Groups of same section + name, in first-seen order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<(usize, &str), usize> = HashMap::new();
    for (c, comp) in b.comps.iter().enumerate() {
        let g = *group_of.entry((comp.section, comp.name.as_str())).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(c);
    }

    // Candidate pairs, then drop the ones that differ until nothing changes.
    let mut related: HashSet<(usize, usize)> = HashSet::new();
    for group in groups.iter().filter(|g| g.len() > 1) {
        for (i, &a) in group.iter().enumerate() {
            for &bb in &group[i + 1..] {
                related.insert((a, bb));
            }
        }
    }
    loop {
        let mut pairs: Vec<(usize, usize)> = related.iter().copied().collect();
        pairs.sort_unstable();
        let failing: Vec<(usize, usize)> = pairs
            .into_iter()
            .filter(|&(a, c)| !same_component(b, a, c, &related))
            .collect();
        if failing.is_empty() {
            break;
        }
        for pair in failing {
            related.remove(&pair);
        }
    }

    let mut taken: HashSet<(usize, String)> = b.comps.iter().map(|c| (c.section, c.name.clone())).collect();
    let mut names = vec![String::new(); n];
    let mut emitted = vec![false; n];
    let mut warnings = Vec::new();
    for group in &groups {
        // Classes: each member joins the class of the first earlier member it is related to.
        let mut class_rep: Vec<usize> = Vec::new();
        for (i, &c) in group.iter().enumerate() {
            let rep = group[..i]
                .iter()
                .copied()
                .find(|&e| related.contains(&(e.min(c), e.max(c))));
            match rep {
                Some(e) => {
                    names[c] = names[e].clone();
                }
                None => {
                    emitted[c] = true;
                    let comp = &b.comps[c];
                    if class_rep.is_empty() {
                        names[c] = comp.name.clone();
                    } else {
                        let name = rename(&b.files[comp.file].path, &comp.name, |candidate| {
                            !taken.contains(&(comp.section, candidate.to_string()))
                        });
                        taken.insert((comp.section, name.clone()));
                        let first = &b.comps[class_rep[0]];
                        let at = pointer::push(&b.section_pointer(comp.section), &comp.name);
                        warnings.push(
                            Diagnostic::warning(format!(
                                "`{}` clashes with a different `{}` from `{}`; renamed to `{name}` in the bundle",
                                comp.name,
                                first.name,
                                b.files[first.file].path.display()
                            ))
                            .at(Location::new(&b.files[comp.file].path, at)),
                        );
                        names[c] = name;
                    }
                    class_rep.push(c);
                }
            }
        }
    }
    Naming {
        names,
        emitted,
        warnings,
    }
}

/// The first free name of `<stem>_<name>`, `<dir>_<stem>_<name>`, ..., `<name>_2`, ...
pub(crate) fn rename(file: &Path, name: &str, free: impl Fn(&str) -> bool) -> String {
    let sanitize = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(stem) = file.file_stem() {
        parts.push(sanitize(&stem.to_string_lossy()));
    }
    let mut dir = file.parent();
    loop {
        if !parts.is_empty() {
            let mut prefix: Vec<&str> = parts.iter().rev().map(String::as_str).collect();
            prefix.push(name);
            let candidate = prefix.join("_");
            if free(&candidate) {
                return candidate;
            }
        }
        match dir {
            Some(d) => {
                match d.file_name() {
                    Some(part) => parts.push(sanitize(&part.to_string_lossy())),
                    None => break,
                }
                dir = d.parent();
            }
            None => break,
        }
    }
    (2..)
        .map(|i| format!("{name}_{i}"))
        .find(|c| free(c))
        .unwrap_or_else(|| format!("{name}_dup"))
}

fn same_component(b: &Bundler, x: usize, y: usize, related: &HashSet<(usize, usize)>) -> bool {
    let (cx, cy) = (&b.comps[x], &b.comps[y]);
    let section = b.section_pointer(cx.section);
    let vx = pointer::get(&b.files[cx.file].doc, &pointer::push(&section, &cx.name));
    let vy = pointer::get(&b.files[cy.file].doc, &pointer::push(&section, &cy.name));
    match (vx, vy) {
        (Some(vx), Some(vy)) => Same {
            b,
            related,
            fx: cx.file,
            fy: cy.file,
        }
        .values(vx, vy, Ctx::Node),
        _ => false,
    }
}

struct Same<'a> {
    b: &'a Bundler,
    related: &'a HashSet<(usize, usize)>,
    fx: usize,
    fy: usize,
}

impl Same<'_> {
    fn values(&self, x: &Value, y: &Value, ctx: Ctx) -> bool {
        match (x, y) {
            (Value::Object(mx), Value::Object(my)) => {
                if mx.len() != my.len() {
                    return false;
                }
                let ref_ctx = matches!(ctx, Ctx::Node | Ctx::Example);
                mx.iter().all(|(k, vx)| {
                    let Some(vy) = my.get(k) else { return false };
                    if ctx == Ctx::Mapping {
                        return match (vx, vy) {
                            (Value::String(sx), Value::String(sy)) => {
                                self.refs(&refs::mapping_ref(sx), &refs::mapping_ref(sy))
                            }
                            _ => vx == vy,
                        };
                    }
                    if ref_ctx && k == "$ref" {
                        return match (vx, vy) {
                            (Value::String(sx), Value::String(sy)) => self.refs(sx, sy),
                            _ => vx == vy,
                        };
                    }
                    let child = refs::child_ctx(ctx, k, self.b.version);
                    if child == Ctx::Literal {
                        vx == vy
                    } else {
                        self.values(vx, vy, child)
                    }
                })
            }
            (Value::Array(ax), Value::Array(ay)) => {
                let child = refs::element_ctx(ctx);
                ax.len() == ay.len()
                    && ax.iter().zip(ay).all(|(vx, vy)| {
                        if child == Ctx::Literal {
                            vx == vy
                        } else {
                            self.values(vx, vy, child)
                        }
                    })
            }
            _ => x == y,
        }
    }

    fn refs(&self, rx: &str, ry: &str) -> bool {
        match (self.b.resolved[self.fx].get(rx), self.b.resolved[self.fy].get(ry)) {
            (Some(Target::Component { comp: a, rest: ra }), Some(Target::Component { comp: c, rest: rc })) => {
                ra == rc && (a == c || self.related.contains(&((*a).min(*c), (*a).max(*c))))
            }
            (Some(tx), Some(ty)) => tx == ty,
            _ => rx == ry && self.fx == self.fy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_cases() {
        let check = |file: &str, taken: &[&str], expected: &str| {
            let got = rename(Path::new(file), "Resource", |c| !taken.contains(&c));
            assert_eq!(got, expected, "{file} {taken:?}");
        };
        check("a/v6/types.json", &[], "types_Resource");
        check("a/v6/types.json", &["types_Resource"], "v6_types_Resource");
        check(
            "a/v6/types.json",
            &["types_Resource", "v6_types_Resource"],
            "a_v6_types_Resource",
        );
        check("types.json", &["types_Resource"], "Resource_2");
        check("x/my-file.v2.json", &[], "my_file_v2_Resource");
    }
}
