//! Emits the crate root: re-exports, the service descriptor and the `Client`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_markdown, escape};

use crate::ir::Service;

/// Items of the crate root after the module declarations.
pub fn root_items(service: &Service, user_agent: &str) -> TokenStream {
    let name = &service.name;
    let template = &service.endpoint.template;
    let regions = &service.endpoint.regions;
    let exceptions = service
        .endpoint
        .region_endpoints
        .iter()
        .map(|(r, e)| quote!((#r, #e)));
    let title = escape(&service.title);
    // A service that signs nothing must not demand AK/SK credentials.
    let optional_credentials = (!service.signs()).then(|| quote!(.credentials_optional()));
    let service_doc = doc_markdown(&format!(
        "Endpoint facts of {title}, from the spec: used by [`Client::builder`]."
    ));
    let client_doc = doc_markdown(&format!(
        "A client of {title}.\n\nOne method per operation returns a fluent builder; [`Client::execute`] sends a \
         request struct. Cheap to clone: clones share connections and configuration."
    ));
    quote! {
        #service_doc
        pub static SERVICE: ::huaweicloud_core::ServiceDescriptor = ::huaweicloud_core::ServiceDescriptor {
            name: #name,
            endpoint_template: #template,
            regions: &[#(#regions),*],
            region_endpoints: &[#(#exceptions),*],
            user_agent: #user_agent,
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::huaweicloud_core::Client,
        }

        impl Client {
            /// Configures a client: region or endpoint, credentials (default: the environment, then the
            /// profile file), timeouts and retries.
            pub fn builder() -> ::huaweicloud_core::ClientBuilder<Client> {
                ::huaweicloud_core::ClientBuilder::new(&SERVICE) #optional_credentials
            }

            /// Sends a request given as a request struct and decodes the answer.
            pub async fn execute<R: ::huaweicloud_core::ApiRequest>(&self, request: R) -> ::huaweicloud_core::Result<R::Response> {
                self.inner.send(request).await
            }

            /// The runtime client underneath (endpoint, project id).
            pub fn core(&self) -> &::huaweicloud_core::Client {
                &self.inner
            }
        }

        impl ::std::convert::From<::huaweicloud_core::Client> for Client {
            fn from(inner: ::huaweicloud_core::Client) -> Self {
                Client { inner }
            }
        }
    }
}
