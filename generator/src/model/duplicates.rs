//! Upstream specs reuse operationIds (Graph's `user_GetPhoto` for `/users/{id}/photo` and
//! `/users/{id}/photos/{id}`; `…_accept` under `/calendar/…` and `/calendars/{calendar-id}/…`).
//! Such an operation is still generated: the first one in document order keeps the id's method
//! name, each later one gets a suffix derived from what its path has that the first one's has
//! not (path parameters first: `get_photo_by_profile_photo_id`; else literal segments; else the
//! HTTP method). The suffix depends only on the two paths, so adding other operations to the
//! spec never renames it. A warning names both JSON pointers.

use std::collections::BTreeMap;

use super::context::Context;
use super::naming::{Case, sanitize};
use super::operations::Found;

/// Sets `method_suffix` on every operation whose id an earlier operation already uses.
pub fn rename(ctx: &mut Context<'_>, found: &mut [Found<'_>]) {
    // Aliases repeat their original's id on purpose (they carry `dropped_param` and come right
    // after it): they take their original's suffix.
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut original_suffix = None;
    for i in 0..found.len() {
        if found[i].dropped_param.is_some() {
            found[i].method_suffix.clone_from(&original_suffix);
            continue;
        }
        original_suffix = None;
        let Some(&j) = first.get(&found[i].operation_id) else {
            first.insert(found[i].operation_id.clone(), i);
            continue;
        };
        let suffix = suffix(&found[j].path, found[i].method.as_str(), &found[i].path);
        let first_location = ctx.source_map.locate(&found[j].pointer);
        ctx.warn(
            &found[i].pointer.clone(),
            format!(
                "duplicate operationId `{}` (also used by {first_location}): this operation's method gets the suffix `_{suffix}`",
                found[i].operation_id
            ),
        );
        original_suffix = Some(suffix.clone());
        found[i].method_suffix = Some(suffix);
    }
}

/// What `path` has that `first` has not, as a snake-case suffix.
fn suffix(first: &str, method: &str, path: &str) -> String {
    let segments = |p: &str| {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let theirs = segments(first);
    let own: Vec<String> = segments(path).into_iter().filter(|s| !theirs.contains(s)).collect();
    let params: Vec<String> = own
        .iter()
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|p| sanitize(p, Case::Snake))
        .collect();
    if !params.is_empty() {
        return format!("by_{}", params.join("_and_"));
    }
    let literals: Vec<String> = own.iter().map(|s| sanitize(s, Case::Snake)).collect();
    if !literals.is_empty() {
        return format!("at_{}", literals.join("_"));
    }
    sanitize(method, Case::Snake)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suffixes_come_from_what_the_path_adds() {
        let check = |first: &str, method: &str, path: &str, expected: &str| {
            assert_eq!(super::suffix(first, method, path), expected, "{path} vs {first}");
        };
        check(
            "/users/{user-id}/photo",
            "GET",
            "/users/{user-id}/photos/{profilePhoto-id}",
            "by_profile_photo_id",
        );
        check(
            "/users/{user-id}/calendar/calendarView/{event-id}/microsoft.graph.accept",
            "POST",
            "/users/{user-id}/calendars/{calendar-id}/calendarView/{event-id}/microsoft.graph.accept",
            "by_calendar_id",
        );
        check("/things", "GET", "/others", "at_others");
        check("/things", "POST", "/things", "post");
    }
}
