//! Endpoints and token scopes per national cloud.
//!
//! azure_core's `CloudConfiguration` only knows the login authority (and `Pipeline::new` ignores
//! it), so generated clients carry their own table of Resource Manager and Graph endpoints.

/// A Microsoft cloud: which Resource Manager and Graph hosts to call, and which scopes to ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Cloud {
    /// Azure public cloud (the default).
    #[default]
    AzurePublic,
    /// Azure US Government (Graph L4: `graph.microsoft.us`).
    AzureUsGovernment,
    /// Azure US Government with Graph for the Department of Defense (L5: `dod-graph.microsoft.us`).
    AzureUsGovernmentDod,
    /// Azure operated by 21Vianet in China.
    AzureChina,
    /// Any other cloud (Azure Stack, a test server...).
    Custom(CustomCloud),
}

/// Endpoints of a cloud not listed in [`Cloud`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomCloud {
    /// Resource Manager base URL, e.g. `https://management.azure.com`.
    pub resource_manager_endpoint: String,
    /// Microsoft Graph base URL without version, e.g. `https://graph.microsoft.com`.
    pub graph_endpoint: String,
}

impl Cloud {
    /// Resource Manager base URL, without a trailing slash.
    pub fn resource_manager_endpoint(&self) -> &str {
        match self {
            Cloud::AzurePublic => "https://management.azure.com",
            Cloud::AzureUsGovernment | Cloud::AzureUsGovernmentDod => "https://management.usgovcloudapi.net",
            Cloud::AzureChina => "https://management.chinacloudapi.cn",
            Cloud::Custom(custom) => custom.resource_manager_endpoint.trim_end_matches('/'),
        }
    }

    /// The `.default` scope of Resource Manager in this cloud.
    pub fn resource_manager_scope(&self) -> String {
        default_scope(self.resource_manager_endpoint())
    }

    /// Microsoft Graph base URL (no version segment), without a trailing slash.
    pub fn graph_endpoint(&self) -> &str {
        match self {
            Cloud::AzurePublic => "https://graph.microsoft.com",
            Cloud::AzureUsGovernment => "https://graph.microsoft.us",
            Cloud::AzureUsGovernmentDod => "https://dod-graph.microsoft.us",
            Cloud::AzureChina => "https://microsoftgraph.chinacloudapi.cn",
            Cloud::Custom(custom) => custom.graph_endpoint.trim_end_matches('/'),
        }
    }

    /// The `.default` scope of Microsoft Graph in this cloud.
    pub fn graph_scope(&self) -> String {
        default_scope(self.graph_endpoint())
    }
}

/// Entra ID names a resource's static permissions `<resource URI>/.default`.
fn default_scope(endpoint: &str) -> String {
    format!("{}/.default", endpoint.trim_end_matches('/'))
}
