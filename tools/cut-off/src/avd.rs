//! Azure Virtual Desktop: find the user's sessions in every host pool of the resource group and
//! disconnect each one.

use crate::report::{Outcome, Recorder, Step};
use futures::TryStreamExt;
use session_clients::desktop_virtualization::{
    DesktopVirtualizationClient, UserSessionsListByHostPoolOptions, models::UserSession,
};

/// Lists host pools, then per pool the sessions whose `userPrincipalName` is `upn`, and
/// disconnects them. A pool whose listing fails is recorded and the next pool is tried.
pub async fn disconnect_sessions(
    avd: &DesktopVirtualizationClient,
    resource_group: &str,
    upn: &str,
    recorder: &mut Recorder<'_>,
) {
    let pools = match list_host_pools(avd, resource_group).await {
        Ok(pools) => pools,
        Err(e) => return recorder.record_error(Step::Avd, format!("host pools of {resource_group}"), &e),
    };
    if pools.is_empty() {
        let detail = "no host pools: nothing to disconnect".to_owned();
        recorder.record(
            Step::Avd,
            format!("host pools of {resource_group}"),
            Outcome::Ok(detail),
        );
    }
    for pool in pools {
        let options = UserSessionsListByHostPoolOptions {
            filter: Some(upn_filter(upn)),
            ..Default::default()
        };
        let listed = match avd
            .user_sessions()
            .list_by_host_pool(resource_group, &pool, Some(options))
        {
            Ok(pager) => pager.try_collect::<Vec<UserSession>>().await,
            Err(e) => Err(e),
        };
        let sessions = match listed {
            Ok(sessions) => sessions,
            Err(e) => {
                recorder.record_error(Step::Avd, format!("sessions in {pool}"), &e);
                continue;
            }
        };
        if sessions.is_empty() {
            recorder.record(
                Step::Avd,
                format!("sessions in {pool}"),
                Outcome::Ok(format!("none for {upn}")),
            );
        }
        for session in &sessions {
            disconnect(avd, resource_group, &pool, upn, session, recorder).await;
        }
    }
}

async fn list_host_pools(avd: &DesktopVirtualizationClient, resource_group: &str) -> azure_core::Result<Vec<String>> {
    let pools: Vec<_> = avd
        .host_pools()
        .list_by_resource_group(resource_group, None)?
        .try_collect()
        .await?;
    Ok(pools.into_iter().filter_map(|pool| pool.name).collect())
}

async fn disconnect(
    avd: &DesktopVirtualizationClient,
    resource_group: &str,
    pool: &str,
    upn: &str,
    session: &UserSession,
    recorder: &mut Recorder<'_>,
) {
    let Some((host, id)) = host_and_id(session) else {
        let reason = format!(
            "cannot tell its session host and id from name {:?}, id {:?}",
            session.name, session.id
        );
        return recorder.record(Step::Avd, format!("a session in {pool}"), Outcome::Failed(reason));
    };
    let target = format!("{pool}/{host}/{id}");
    // The filter is the service's job; never disconnect someone else if it was ignored.
    let owner = session
        .properties
        .as_ref()
        .and_then(|p| p.user_principal_name.as_deref());
    if !owner.is_some_and(|owner| owner.eq_ignore_ascii_case(upn)) {
        let reason = format!("belongs to {owner:?}, not {upn}");
        return recorder.record(Step::Avd, target, Outcome::Skipped(reason));
    }
    match avd
        .user_sessions()
        .disconnect(resource_group, pool, &host, &id, None)
        .await
    {
        Ok(_) => recorder.record(Step::Avd, target, Outcome::Ok("disconnected".into())),
        Err(e) => recorder.record_error(Step::Avd, target, &e),
    }
}

/// `$filter=userPrincipalName eq '<upn>'`, the value quoted as an OData string literal.
pub fn upn_filter(upn: &str) -> String {
    format!("userPrincipalName eq '{}'", upn.replace('\'', "''"))
}

/// Session host and session id: from `name` (`pool/host/id`), else from the resource id
/// (`…/sessionHosts/{host}/userSessions/{id}`).
fn host_and_id(session: &UserSession) -> Option<(String, String)> {
    let from_name = session.name.as_deref().and_then(|name| {
        let parts: Vec<&str> = name.split('/').collect();
        match parts.as_slice() {
            [_, host, id] if !host.is_empty() && !id.is_empty() => Some((host.to_string(), id.to_string())),
            _ => None,
        }
    });
    from_name.or_else(|| {
        let id = session.id.as_deref()?;
        let parts: Vec<&str> = id.split('/').collect();
        let at = |name: &str| {
            let i = parts.iter().position(|p| p.eq_ignore_ascii_case(name))?;
            parts.get(i + 1).filter(|v| !v.is_empty()).map(|v| v.to_string())
        };
        Some((at("sessionHosts")?, at("userSessions")?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_quotes_the_upn() {
        let check = |upn: &str, expected: &str| assert_eq!(upn_filter(upn), expected);
        check("adele@contoso.com", "userPrincipalName eq 'adele@contoso.com'");
        check("o'brien@contoso.com", "userPrincipalName eq 'o''brien@contoso.com'");
        check("''", "userPrincipalName eq ''''''");
    }

    #[test]
    fn host_and_id_from_name_or_id() {
        let check = |name: Option<&str>, id: Option<&str>, expected: Option<(&str, &str)>| {
            let session = UserSession {
                name: name.map(Into::into),
                id: id.map(Into::into),
                ..Default::default()
            };
            let expected = expected.map(|(h, i)| (h.to_owned(), i.to_owned()));
            assert_eq!(host_and_id(&session), expected, "{name:?} {id:?}");
        };
        check(
            Some("pool1/host1.contoso.com/3"),
            None,
            Some(("host1.contoso.com", "3")),
        );
        check(Some("pool1/host1"), None, None);
        check(Some("pool1//3"), None, None);
        let id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DesktopVirtualization/hostPools/p/sessionHosts/h2/userSessions/9";
        check(None, Some(id), Some(("h2", "9")));
        check(Some("garbled"), Some(id), Some(("h2", "9")));
        check(None, Some("/subscriptions/s/userSessions/9"), None);
        check(None, None, None);
    }
}
