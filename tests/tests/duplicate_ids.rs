//! Upstream duplicate operationIds (fixtures/specs/duplicate_ids.yaml): every operation gets its
//! own method (names snapshotted by fixtures/generated/src/duplicate_ids, compiled by the
//! workspace) and each rename is one warning naming both JSON pointers.

use std::path::Path;

use specgen::{CrateConfig, Flavor, ServiceConfig};

#[test]
fn duplicate_operation_ids_get_path_derived_methods_and_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specs");
    let service = ServiceConfig {
        name: "duplicate_ids".into(),
        module: "duplicate_ids".into(),
        feature: "duplicate_ids".into(),
        client: "DuplicateIdsClient".into(),
        flavor: Flavor::Plain,
        entry: vec!["duplicate_ids.yaml".into()],
        ..Default::default()
    };
    let krate = CrateConfig {
        name: "fixtures".into(),
        version: "0.0.0".into(),
        command: "test".into(),
    };
    let generated = specgen::generate(&krate, &[service], &root).unwrap_or_else(|e| panic!("{e}"));
    let methods: Vec<String> = generated.apis[0]
        .resources
        .iter()
        .flat_map(|r| {
            r.operations
                .iter()
                .map(move |op| format!("{}.{}", r.name, op.method_name))
        })
        .collect();
    assert_eq!(
        methods,
        [
            "things.list",
            "things.list_post",
            "user.get_photo",
            "user.get_photo_by_profile_photo_id",
            "user_calendar_event.accept",
            "user_calendar_event.accept_by_calendar_id",
        ]
    );
    let canonical = root.canonicalize().unwrap();
    let redact = |text: String| {
        [&canonical, &root]
            .iter()
            .fold(text, |t, prefix| t.replace(&format!("{}/", prefix.display()), ""))
    };
    let warnings: Vec<String> = generated.warnings.iter().map(|w| redact(w.to_string())).collect();
    assert_eq!(
        warnings,
        [
            "warning: duplicate operationId `user_GetPhoto` (also used by duplicate_ids.yaml#/paths/~1users~1{user-id}~1photo/get): this operation's method gets the suffix `_by_profile_photo_id`\n  --> duplicate_ids.yaml#/paths/~1users~1{user-id}~1photos~1{profilePhoto-id}/get",
            "warning: duplicate operationId `user.calendar.event_accept` (also used by duplicate_ids.yaml#/paths/~1users~1{user-id}~1calendar~1events~1{event-id}~1accept/post): this operation's method gets the suffix `_by_calendar_id`\n  --> duplicate_ids.yaml#/paths/~1users~1{user-id}~1calendars~1{calendar-id}~1events~1{event-id}~1accept/post",
            "warning: duplicate operationId `things_list` (also used by duplicate_ids.yaml#/paths/~1things/get): this operation's method gets the suffix `_post`\n  --> duplicate_ids.yaml#/paths/~1things/post",
        ]
    );
}
