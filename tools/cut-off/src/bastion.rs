//! Azure Bastion: disconnect the named sessions and report each one's state.

use crate::{
    args::BastionHost,
    report::{Outcome, Recorder, Step},
};
use futures::TryStreamExt;
use session_clients::network::{
    NetworkClient,
    models::{BastionSessionState, BastionSessionStateValue, SessionIds},
};

/// `POST …/bastionHosts/{name}/disconnectActiveSessions` with the ids; Bastion answers one
/// state per session (Disconnected / Failed / NotFound). Anything but Disconnected, and a
/// requested id with no state, is a failure: the session may still be open.
pub async fn disconnect_sessions(
    network: &NetworkClient,
    bastion: &BastionHost,
    session_ids: &[String],
    recorder: &mut Recorder<'_>,
) {
    let host = format!("{}/{}", bastion.resource_group, bastion.name);
    let body = SessionIds {
        session_ids: Some(session_ids.to_vec()),
    };
    let mut pager =
        match network
            .bastion_hosts()
            .disconnect_active_sessions(&bastion.resource_group, &bastion.name, body, None)
        {
            Ok(pager) => pager,
            Err(e) => return recorder.record_error(Step::Bastion, format!("{host} sessions {session_ids:?}"), &e),
        };
    // States already received are reported even when a later page fails (e.g. its next link
    // points at another origin and is refused): those sessions were acted on.
    let mut states: Vec<BastionSessionState> = Vec::new();
    let failure = loop {
        match pager.try_next().await {
            Ok(Some(state)) => states.push(state),
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    if let Some(e) = failure {
        recorder.record_error(Step::Bastion, format!("{host} sessions {session_ids:?}"), &e);
        if states.is_empty() {
            return;
        }
    }
    for state in &states {
        let id = state.session_id.clone().unwrap_or_else(|| "(no session id)".into());
        recorder.record(Step::Bastion, format!("{host} session {id}"), outcome(state));
    }
    for id in session_ids {
        if !states.iter().any(|s| s.session_id.as_deref() == Some(id.as_str())) {
            let reason = "Bastion returned no state for it".to_owned();
            recorder.record(Step::Bastion, format!("{host} session {id}"), Outcome::Failed(reason));
        }
    }
}

fn outcome(state: &BastionSessionState) -> Outcome {
    let message = state.message.as_deref().map(|m| format!(" ({m})")).unwrap_or_default();
    match &state.state {
        Some(BastionSessionStateValue::Disconnected) => Outcome::Ok(format!("Disconnected{message}")),
        Some(other) => Outcome::Failed(format!("{other}{message}")),
        None => Outcome::Failed(format!("no state{message}")),
    }
}
