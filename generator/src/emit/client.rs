//! The service client (`NetworkClient`), its options, and the accessors of its resources.

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::Flavor;
use crate::model::ir::Api;

use super::docs;
use super::types::ident;

pub fn client(api: &Api) -> TokenStream {
    let s = &api.service;
    let name = ident(&s.client);
    let options = ident(&s.options);
    let resources: Vec<_> = api
        .resources
        .iter()
        .map(|r| (ident(&r.name), ident(&r.type_name)))
        .collect();
    let resource_uses = resources.iter().map(|(module, ty)| quote!(use super::#module::#ty;));
    let accessors = api.resources.iter().map(|r| {
        let method = ident(&r.name);
        let ty = ident(&r.type_name);
        let doc = format!(" Operations of `{}`.", r.name);
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #ty<'_> {
                #ty { client: self }
            }
        }
    });
    let client_fields = api.client_params.iter().map(|c| {
        let f = ident(&c.rust_name);
        quote!(pub(super) #f: String,)
    });
    let client_args = api.client_params.iter().map(|c| {
        let f = ident(&c.rust_name);
        quote!(#f: impl Into<String>,)
    });
    let client_inits = api.client_params.iter().map(|c| {
        let f = ident(&c.rust_name);
        quote!(#f: #f.into(),)
    });
    let arg_docs: String = api
        .client_params
        .iter()
        .map(|c| {
            format!(
                "- `{}`: {}\n",
                c.rust_name,
                docs::sanitize(c.doc.as_deref().unwrap_or("")).replace('\n', " ")
            )
        })
        .collect();

    let version_field = s.api_version.as_ref().map(|v| {
        let doc = format!(" The api-version sent with every request (default `{v}`, the vendored spec's).");
        quote!(#[doc = #doc] pub api_version: String,)
    });
    let version_default = s.api_version.as_ref().map(|v| quote!(api_version: #v.to_string(),));
    let version_arg = if s.api_version.is_some() {
        quote!(Some(options.api_version))
    } else {
        quote!(None)
    };

    let (endpoint, scopes, extra_fields, extra_defaults) = match s.flavor {
        Flavor::Arm => (
            quote!(
                options
                    .endpoint
                    .clone()
                    .unwrap_or_else(|| options.cloud.resource_manager_endpoint().to_string())
            ),
            quote!(vec![options.cloud.resource_manager_scope()]),
            quote!(),
            quote!(),
        ),
        Flavor::Graph => {
            let version_path = graph_version_path(s.server_url.as_deref());
            (
                quote!(
                    options
                        .endpoint
                        .clone()
                        .unwrap_or_else(|| format!("{}{}", options.cloud.graph_endpoint(), #version_path))
                ),
                quote!(vec![options.cloud.graph_scope()]),
                quote!(),
                quote!(),
            )
        }
        Flavor::Plain => {
            let scope_list = &s.scopes;
            let endpoint = match &s.server_url {
                Some(server) => quote!(options.endpoint.clone().unwrap_or_else(|| #server.to_string())),
                // No default: `ServiceClient::new` refuses the empty endpoint with a clear error.
                None => quote!(options.endpoint.clone().unwrap_or_default()),
            };
            (
                endpoint,
                quote!(options.scopes.clone()),
                quote! {
                    /// Token scopes requested from the credential (default: the spec's oauth2 scopes).
                    pub scopes: Vec<String>,
                },
                quote!(scopes: vec![#(#scope_list.to_string()),*],),
            )
        }
    };
    // Without an api-version or scopes to default, every field has its own Default.
    let derivable = s.api_version.is_none() && (s.flavor != Flavor::Plain || s.scopes.is_empty());
    let derive_default = derivable.then(|| quote!(, Default));
    let default_impl = (!derivable).then(|| {
        quote! {
            impl Default for #options {
                fn default() -> Self {
                    Self {
                        #version_default
                        cloud: Cloud::default(),
                        endpoint: None,
                        allowed_hosts: Vec::new(),
                        limits: Limits::default(),
                        #extra_defaults
                        client_options: ClientOptions::default(),
                    }
                }
            }
        }
    });
    let cloud_doc = match s.flavor {
        Flavor::Plain => " Unused by this service (no per-cloud endpoints); kept for a uniform API.",
        _ => " The cloud whose endpoint and token scope are used (public, US Government, China).",
    };
    let title = docs::sanitize(&s.title);
    let description = s.description.as_deref().map(docs::sanitize).unwrap_or_default();
    let client_doc = docs::attrs(format!("Client for {title}.\n\n{description}").trim());
    let new_doc = docs::attrs(&format!(
        "Creates the client. Every request carries a bearer token from `credential`.\n\n{arg_docs}"
    ));
    let options_doc = format!(" Options for [`{}::new`].", s.client);

    quote! {
        use std::sync::Arc;

        use azure_core::credentials::TokenCredential;
        use azure_core::http::ClientOptions;

        use crate::runtime::{Cloud, Limits, ServiceClient};
        #(#resource_uses)*

        #client_doc
        #[derive(Clone, Debug)]
        pub struct #name {
            pub(super) core: ServiceClient,
            #(#client_fields)*
        }

        #[doc = #options_doc]
        #[derive(Clone, Debug #derive_default)]
        pub struct #options {
            #version_field
            #[doc = #cloud_doc]
            pub cloud: Cloud,
            /// Overrides the cloud's endpoint (a proxy or a test server); the cloud's token scope is kept.
            pub endpoint: Option<String>,
            /// Hosts besides the endpoint's origin that may receive the bearer token: `"host"`
            /// (https, port 443), `"host:port"` or `"https://host[:port]"`. A next link or
            /// polling URL on any other origin is refused (empty by default).
            pub allowed_hosts: Vec<String>,
            /// Bounds on waiting: long-running operations, Retry-After, pages per pager.
            pub limits: Limits,
            #extra_fields
            /// Transport, retry and logging options of the azure_core pipeline.
            pub client_options: ClientOptions,
        }

        #default_impl

        impl #name {
            #new_doc
            pub fn new(#(#client_args)* credential: Arc<dyn TokenCredential>, options: Option<#options>) -> azure_core::Result<Self> {
                let options = options.unwrap_or_default();
                let endpoint = #endpoint;
                let scopes = #scopes;
                let core = ServiceClient::with_limits(
                    &endpoint,
                    credential,
                    scopes,
                    options.client_options,
                    #version_arg,
                    &options.allowed_hosts,
                    options.limits,
                )?;
                Ok(Self { core, #(#client_inits)* })
            }

            /// The endpoint requests are sent to.
            pub fn endpoint(&self) -> &azure_core::http::Url {
                self.core.endpoint()
            }

            #(#accessors)*
        }
    }
}

/// `/v1.0` from `https://graph.microsoft.com/v1.0/`: the cloud decides the host, the spec the
/// version.
fn graph_version_path(server_url: Option<&str>) -> String {
    let Some(url) = server_url else { return String::new() };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::graph_version_path;

    #[test]
    fn version_path_comes_from_the_server_url() {
        assert_eq!(graph_version_path(Some("https://graph.microsoft.com/v1.0/")), "/v1.0");
        assert_eq!(graph_version_path(Some("https://graph.microsoft.com/beta")), "/beta");
        assert_eq!(graph_version_path(Some("https://graph.microsoft.com")), "");
        assert_eq!(graph_version_path(None), "");
    }
}
