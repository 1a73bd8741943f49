//! Command-line arguments.

use clap::{Parser, ValueEnum};
use session_clients::runtime::Cloud;

/// Cut a person off after their device was stolen: revoke their Microsoft Graph sign-in
/// sessions, disconnect their Azure Virtual Desktop sessions in every host pool of a resource
/// group, and disconnect named Azure Bastion sessions.
///
/// Steps run in that order; a failed step does not stop the others. The exit code is 1 when any
/// step failed (a summary lists them), 0 otherwise.
#[derive(Clone, Debug, Parser)]
#[command(name = "cut-off", version, verbatim_doc_comment)]
pub struct Args {
    /// The user: userPrincipalName (adele@contoso.com) or Entra object id. An object id is
    /// resolved to its UPN with a Graph GET, because AVD filters sessions by UPN.
    #[arg(long)]
    pub user: String,

    /// Subscription holding the AVD host pools (and the Bastion host).
    #[arg(long)]
    pub subscription: String,

    /// Resource group whose AVD host pools are searched for the user's sessions.
    #[arg(long)]
    pub resource_group: String,

    /// Bastion host as `<resource group>/<name>`; needs at least one --session-id.
    #[arg(long, value_parser = parse_bastion, requires = "session_ids")]
    pub bastion: Option<BastionHost>,

    /// A Bastion session id to disconnect (repeatable); needs --bastion.
    #[arg(long = "session-id", requires = "bastion")]
    pub session_ids: Vec<String>,

    /// The Microsoft cloud: endpoints and token scopes.
    #[arg(long, value_enum, default_value_t = CloudName::Public)]
    pub cloud: CloudName,

    /// Resource Manager base URL instead of the cloud's (a proxy or a test server); the
    /// cloud's token scope is kept.
    #[arg(long, value_name = "URL")]
    pub endpoint_arm: Option<String>,

    /// Microsoft Graph base URL without the version (`/v1.0` is appended) instead of the
    /// cloud's; the cloud's token scope is kept.
    #[arg(long, value_name = "URL")]
    pub endpoint_graph: Option<String>,

    /// A host besides the endpoints' that may receive the bearer token (repeatable): `host`,
    /// `host:port` or `https://host[:port]`. Without it, a next link or polling URL that points
    /// anywhere else is refused and that step fails.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allowed_hosts: Vec<String>,

    /// Print each write request (method and URL) instead of sending it. Graph and Bastion send
    /// nothing at all. AVD cannot know the user's sessions without asking, so a dry run still
    /// sends the read-only GETs (host pools, user sessions, and the Graph user lookup when
    /// --user is an object id) and prints the disconnects it would send.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--bastion <resource group>/<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BastionHost {
    /// Its resource group.
    pub resource_group: String,
    /// Its name.
    pub name: String,
}

fn parse_bastion(value: &str) -> Result<BastionHost, String> {
    match value.split_once('/') {
        Some((group, name)) if !group.is_empty() && !name.is_empty() && !name.contains('/') => Ok(BastionHost {
            resource_group: group.to_owned(),
            name: name.to_owned(),
        }),
        _ => Err(format!("expected <resource group>/<name>, got `{value}`")),
    }
}

/// `--cloud`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CloudName {
    /// Azure public cloud (management.azure.com, graph.microsoft.com).
    Public,
    /// Azure US Government (management.usgovcloudapi.net, graph.microsoft.us).
    Usgov,
    /// Azure operated by 21Vianet (management.chinacloudapi.cn, microsoftgraph.chinacloudapi.cn).
    China,
}

impl CloudName {
    /// The generated clients' cloud.
    pub fn cloud(self) -> Cloud {
        match self {
            CloudName::Public => Cloud::AzurePublic,
            CloudName::Usgov => Cloud::AzureUsGovernment,
            CloudName::China => Cloud::AzureChina,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        let base = [
            "cut-off",
            "--user",
            "u",
            "--subscription",
            "s",
            "--resource-group",
            "rg",
        ];
        Args::try_parse_from(base.iter().chain(args))
    }

    #[test]
    fn bastion_is_group_slash_name() {
        let check = |input: &str, expected: Option<(&str, &str)>| {
            let got = parse_bastion(input).ok();
            let expected = expected.map(|(g, n)| BastionHost {
                resource_group: g.into(),
                name: n.into(),
            });
            assert_eq!(got, expected, "{input}");
        };
        check("rg1/b1", Some(("rg1", "b1")));
        check("b1", None);
        check("/b1", None);
        check("rg1/", None);
        check("rg1/b1/x", None);
    }

    #[test]
    fn bastion_and_session_ids_need_each_other() {
        assert!(parse(&["--bastion", "rg/b"]).is_err());
        assert!(parse(&["--session-id", "s1"]).is_err());
        let args = parse(&["--bastion", "rg/b", "--session-id", "s1", "--session-id", "s2"]).unwrap();
        assert_eq!(args.session_ids, ["s1", "s2"]);
        assert_eq!(args.cloud, CloudName::Public);
        assert!(!args.dry_run);
    }

    #[test]
    fn clouds() {
        let args = parse(&["--cloud", "usgov"]).unwrap();
        assert_eq!(args.cloud.cloud(), Cloud::AzureUsGovernment);
        assert_eq!(parse(&["--cloud", "china"]).unwrap().cloud.cloud(), Cloud::AzureChina);
        assert!(parse(&["--cloud", "mars"]).is_err());
    }
}
