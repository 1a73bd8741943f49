//! The three generated clients, configured from the arguments.

use crate::{args::Args, dry_run::DryRunPolicy};
use azure_core::{credentials::TokenCredential, http::ClientOptions};
use session_clients::{
    desktop_virtualization::{DesktopVirtualizationClient, DesktopVirtualizationClientOptions},
    graph::v1_0::{GraphClient, GraphClientOptions},
    network::{NetworkClient, NetworkClientOptions},
};
use std::sync::Arc;

/// Graph, AVD and Network clients sharing one credential and one set of client options. The
/// token goes only to their endpoints' origins and `--allow-host`s (the generated runtime's rule).
pub struct Clients {
    /// Microsoft Graph v1.0.
    pub graph: GraphClient,
    /// Azure Virtual Desktop (Resource Manager).
    pub avd: DesktopVirtualizationClient,
    /// Azure Bastion (Resource Manager).
    pub network: NetworkClient,
}

impl Clients {
    /// Builds the clients. `client_options` carries the transport (tests pass the loopback
    /// mock's); with `--dry-run` the write-stopping policy goes first in every pipeline.
    pub fn new(
        args: &Args,
        credential: Arc<dyn TokenCredential>,
        mut client_options: ClientOptions,
    ) -> azure_core::Result<Self> {
        if args.dry_run {
            client_options.per_call_policies.insert(0, DryRunPolicy::shared());
        }
        let cloud = args.cloud.cloud();
        let arm = args
            .endpoint_arm
            .as_deref()
            .map(|url| url.trim_end_matches('/').to_owned());
        let graph = GraphClient::new(
            credential.clone(),
            Some(GraphClientOptions {
                cloud: cloud.clone(),
                endpoint: args
                    .endpoint_graph
                    .as_deref()
                    .map(|url| format!("{}/v1.0", url.trim_end_matches('/'))),
                allowed_hosts: args.allowed_hosts.clone(),
                client_options: client_options.clone(),
                ..Default::default()
            }),
        )?;
        let avd = DesktopVirtualizationClient::new(
            args.subscription.clone(),
            credential.clone(),
            Some(DesktopVirtualizationClientOptions {
                cloud: cloud.clone(),
                endpoint: arm.clone(),
                allowed_hosts: args.allowed_hosts.clone(),
                client_options: client_options.clone(),
                ..Default::default()
            }),
        )?;
        let network = NetworkClient::new(
            args.subscription.clone(),
            credential,
            Some(NetworkClientOptions {
                cloud,
                endpoint: arm,
                allowed_hosts: args.allowed_hosts.clone(),
                client_options,
                ..Default::default()
            }),
        )?;
        Ok(Self { graph, avd, network })
    }
}
