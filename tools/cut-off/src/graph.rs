//! Microsoft Graph: revoke the user's sign-in sessions (refresh tokens and session cookies), and
//! resolve an object id to the userPrincipalName AVD filters on.

use crate::report::{Outcome, Recorder, Step, describe};
use session_clients::graph::v1_0::{GraphClient, UsersGetOptions};

/// `POST /users/{user}/revokeSignInSessions`; Graph answers `{"value": true}`.
pub async fn revoke(graph: &GraphClient, user: &str, recorder: &mut Recorder<'_>) {
    let target = format!("revokeSignInSessions {user}");
    let result = match graph.users().revoke_sign_in_sessions(user, None).await {
        Ok(response) => response.into_model(),
        Err(e) => Err(e),
    };
    let outcome = match result {
        Ok(body) if body.value == Some(true) => Outcome::Ok("sign-in sessions revoked".into()),
        Ok(body) => Outcome::Failed(format!("Graph answered value = {:?}, not true", body.value)),
        Err(e) => return recorder.record_error(Step::Graph, target, &e),
    };
    recorder.record(Step::Graph, target, outcome);
}

/// The user's UPN: `user` itself unless it is an object id (a GUID), which is looked up with
/// `GET /users/{id}?$select=userPrincipalName`. A failed lookup is recorded against AVD.
pub async fn user_principal_name(graph: &GraphClient, user: &str, recorder: &mut Recorder<'_>) -> Option<String> {
    if !is_object_id(user) {
        return Some(user.to_owned());
    }
    let options = UsersGetOptions {
        select: Some(vec!["userPrincipalName".into()]),
        ..Default::default()
    };
    let target = format!("userPrincipalName of {user}");
    let user = match graph.users().get(user, Some(options)).await {
        Ok(response) => response.into_model(),
        Err(e) => Err(e),
    };
    match user.map(|u| u.user_principal_name) {
        Ok(Some(upn)) if !upn.is_empty() => {
            recorder.record(Step::Avd, target, Outcome::Ok(upn.clone()));
            Some(upn)
        }
        Ok(_) => {
            let reason = "Graph returned no userPrincipalName: AVD sessions cannot be found".into();
            recorder.record(Step::Avd, target, Outcome::Failed(reason));
            None
        }
        Err(e) => {
            let reason = format!("{}: AVD sessions cannot be found", describe(&e));
            recorder.record(Step::Avd, target, Outcome::Failed(reason));
            None
        }
    }
}

/// An Entra object id: a GUID, `8-4-4-4-12` hex digits.
fn is_object_id(user: &str) -> bool {
    let groups: Vec<&str> = user.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_object_id;

    #[test]
    fn object_ids_are_guids() {
        let check = |input: &str, expected: bool| assert_eq!(is_object_id(input), expected, "{input}");
        check("87d349ed-44d7-43e1-9a83-5f2406dee5bd", true);
        check("87D349ED-44D7-43E1-9A83-5F2406DEE5BD", true);
        check("adele@contoso.com", false);
        check("87d349ed-44d7-43e1-9a83-5f2406dee5b", false);
        check("87d349ed-44d7-43e1-9a83-5f2406dee5bg", false);
        check("87d349ed44d743e19a835f2406dee5bd", false);
        check("", false);
    }
}
