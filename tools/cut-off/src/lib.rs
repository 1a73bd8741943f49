//! `cut-off`: what a security engineer runs after a device is stolen. See [`args::Args`] for
//! the command line and [`run`] for the order of steps.

pub mod args;
mod avd;
mod bastion;
mod clients;
pub mod dry_run;
mod graph;
pub mod report;

use args::Args;
use azure_core::{credentials::TokenCredential, http::ClientOptions};
use clients::Clients;
use report::{Outcome, Recorder, Report, Step};
use std::{io::Write, sync::Arc};

/// Runs every step, in order, and never stops at a failed one:
///
/// 1. Graph: revoke the user's sign-in sessions (first: it stops new tokens everywhere);
/// 2. AVD: resolve an object id to its UPN if needed, list the resource group's host pools,
///    list each pool's sessions of that UPN and disconnect them;
/// 3. Bastion: disconnect the named sessions (when `--bastion` is given).
///
/// `client_options` carries the HTTP transport (the binary passes the default; tests pass the
/// loopback mock's). Progress goes to `out` as it happens.
pub async fn run(
    args: &Args,
    credential: Arc<dyn TokenCredential>,
    client_options: ClientOptions,
    out: &mut dyn Write,
) -> Report {
    let mut recorder = Recorder::new(out);
    let clients = match Clients::new(args, credential, client_options) {
        Ok(clients) => clients,
        Err(e) => {
            let reason = format!("cannot build the clients: {e}");
            recorder.record(Step::Graph, "setup", Outcome::Failed(reason));
            return recorder.finish();
        }
    };

    graph::revoke(&clients.graph, &args.user, &mut recorder).await;

    if let Some(upn) = graph::user_principal_name(&clients.graph, &args.user, &mut recorder).await {
        avd::disconnect_sessions(&clients.avd, &args.resource_group, &upn, &mut recorder).await;
    }

    if let Some(bastion) = &args.bastion {
        bastion::disconnect_sessions(&clients.network, bastion, &args.session_ids, &mut recorder).await;
    }

    recorder.finish()
}
