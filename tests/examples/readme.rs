//! The README's examples, compiled by `cargo test --workspace` so they cannot drift from the
//! generated API. Running it talks to Azure with your developer credentials:
//! `cargo run -p workspace-tests --example readme -- <subscription-id>` (it only reads and
//! disconnects the sessions named below; edit before use).

use futures::TryStreamExt;
use session_clients::desktop_virtualization::{DesktopVirtualizationClient, UserSessionsListByHostPoolOptions};
use session_clients::graph::v1_0::{GraphClient, GraphClientOptions};
use session_clients::network::{NetworkClient, models::SessionIds};
use session_clients::runtime::Cloud;

#[tokio::main]
async fn main() -> azure_core::Result<()> {
    let Some(subscription_id) = std::env::args().nth(1) else {
        eprintln!("usage: readme <subscription-id>");
        return Ok(());
    };
    let credential = azure_identity::DeveloperToolsCredential::new(None)?;

    let network = NetworkClient::new(subscription_id.clone(), credential.clone(), None)?;
    let body = SessionIds {
        session_ids: Some(vec!["session1".into(), "session2".into()]),
    };
    let mut states = network
        .bastion_hosts()
        .disconnect_active_sessions("rg1", "bastion1", body, None)?;
    while let Some(s) = states.try_next().await? {
        println!("{:?}: {:?}", s.session_id, s.state);
    }

    let avd = DesktopVirtualizationClient::new(subscription_id, credential.clone(), None)?;
    let options = UserSessionsListByHostPoolOptions {
        filter: Some("userPrincipalName eq 'adele@contoso.com'".into()),
        ..Default::default()
    };
    let mut sessions = avd.user_sessions().list_by_host_pool("rg1", "pool1", Some(options))?;
    while let Some(session) = sessions.try_next().await? {
        println!("{:?}", session.name);
    }
    avd.user_sessions()
        .disconnect("rg1", "pool1", "host1.contoso.com", "2", None)
        .await?;

    let graph = GraphClient::new(credential.clone(), None)?;
    let revoked = graph
        .users()
        .revoke_sign_in_sessions("adele@contoso.com", None)
        .await?
        .into_model()?
        .value;
    let mine = graph.me().revoke_sign_in_sessions(None).await?.into_model()?;
    println!("{revoked:?} {mine:?}");

    let options = GraphClientOptions {
        cloud: Cloud::AzureUsGovernment,
        ..Default::default()
    };
    let _us_gov = GraphClient::new(credential, Some(options))?;
    Ok(())
}
