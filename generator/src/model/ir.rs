//! The intermediate representation: everything `emit` needs, with every name already decided.
//! Nothing here refers to OpenAPI; nothing here is Rust syntax.

use crate::config::{Flavor, VersionGroup};

/// One service: a client, its resources (method groups) and the types they reach.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub service: ServiceMeta,
    pub client_params: Vec<ClientParam>,
    pub resources: Vec<Resource>,
    pub types: Vec<TypeDef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceMeta {
    /// Module path segments (`["graph", "v1_0"]`).
    pub module: Vec<String>,
    pub feature: String,
    pub client: String,
    pub options: String,
    pub flavor: Flavor,
    pub api_version: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Base URL of the spec's first server (`https://graph.microsoft.com/v1.0/`), if any.
    pub server_url: Option<String>,
    /// Scopes from the spec's oauth2 security scheme, for `Flavor::Plain`.
    pub scopes: Vec<String>,
    pub docs_url: Option<String>,
    /// Set when this is one api-version of a side-by-side group.
    pub version_group: Option<VersionGroup>,
}

/// A client-level parameter other than api-version (ARM `subscriptionId`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClientParam {
    pub rust_name: String,
    pub wire_name: String,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Accessor and module name (`bastion_hosts`).
    pub name: String,
    /// Type name (`BastionHosts`).
    pub type_name: String,
    pub operations: Vec<Operation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Patch,
    Delete,
    Head,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// `get`, `list_by_host_pool`, `begin_create_or_update` is decided by emit from `kind`.
    pub method_name: String,
    /// Options struct (`UserSessionsListByHostPoolOptions`).
    pub options_name: String,
    pub http_method: HttpMethod,
    /// The path as sent (after manifest transforms), for docs.
    pub path: String,
    pub path_pieces: Vec<PathPiece>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseBody,
    pub success_codes: Vec<u16>,
    pub kind: OperationKind,
    /// Type of the error body (`CloudError`, `ODataError`) when the spec names one.
    pub error_type: Option<TypeRef>,
    pub doc: OperationDoc,
    /// True when the call must add `api-version` from the client.
    pub api_version: bool,
    /// The api-version this operation sends instead of the client's: its `api-version`
    /// parameter has its own single `enum` value or `default` (KeyVault's `Vaults_List` lists
    /// resources through the Resources API, `2015-11-01`).
    pub api_version_override: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathPiece {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
    /// Graph entity key following a collection segment (`/users{key}`): the runtime writes the
    /// separator, so `$`-prefixed keys can use the `('…')` form.
    GraphKey(usize),
    /// A client-level parameter (index into `Api::client_params`).
    ClientParam(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

/// How a structured parameter value is spelled (OpenAPI `style` + `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueStyle {
    /// Query `deepObject`: `name[member]=value`.
    DeepObject,
    /// Query `form`, exploded: one `member=value` pair per member.
    FormExploded,
    /// Query `form` (and the delimited styles), not exploded: `name=member,value,…`.
    Form,
    /// Headers and path segments: `member,value,…`.
    Simple,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// Arrays in a query or header: how items are joined (`,` for csv); `None` = repeat the key.
    pub separator: Option<char>,
    /// Set when the value is not a scalar or a list of scalars (an object, a map, a list of
    /// objects): the runtime serializes it and spells it in this style.
    pub structured: Option<ValueStyle>,
    pub doc: Option<String>,
    /// Sent as-is, not percent-encoded (`x-ms-skip-url-encoding`).
    pub skip_url_encoding: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub media: Media,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Media {
    Json,
    /// `application/x-www-form-urlencoded` from the typed struct (`runtime::form`); the listed
    /// top-level lists (wire name, separator) are one pair, items joined (Swagger 2.0
    /// `collectionFormat` other than `multi`; `encoding` space / pipe delimited).
    Form(Vec<(String, char)>),
    /// `multipart/form-data` from the typed struct, one part per property (`runtime::multipart`).
    Multipart(Multipart),
    /// Sent or received as raw bytes with this content type.
    Bytes(String),
}

/// How the fields of a `multipart/form-data` body struct become parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Multipart {
    /// In the struct's field order; read-only fields are not sent, so not listed.
    pub parts: Vec<FormPart>,
    /// The struct keeps unknown properties (`additional_properties`): one part per entry.
    pub additional: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormPart {
    pub rust_name: String,
    pub wire_name: String,
    /// The field is `Option<…>`.
    pub optional: bool,
    pub kind: PartKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    /// `format: binary` (or a list of them): file parts with this default content type (the
    /// spec's `encoding`, else `application/octet-stream`).
    Files { list: bool, content_type: String },
    /// Text, JSON or per-item parts; the `encoding` content type when the spec gives one.
    Value { content_type: Option<String> },
    /// `encoding` style `deepObject`: bracketed text parts.
    DeepObject,
    /// A list sent as one text part, its items joined with this separator (Swagger 2.0
    /// `collectionFormat` csv (the default), ssv, tsv, pipes).
    Delimited(char),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    None,
    Json(TypeRef),
    /// A `text/*` body with a scalar schema: `Response<T, runtime::text::TextFormat>` with T one
    /// of String, I32, I64, F32, F64, Bool.
    Text(TypeRef),
    /// Binary (`format: binary`, octet-stream, images, audio, video): an `AsyncRawResponse`
    /// whose body is read as a stream, not buffered.
    Stream,
    /// Anything else (XML, text without a schema, ...): the `RawResponse`, its bytes.
    Bytes,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OperationKind {
    Plain,
    Pageable(Paging),
    LongRunning(FinalState),
    LongRunningPageable(FinalState, Paging),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Paging {
    /// Page model (the response type).
    pub page: String,
    pub item: TypeRef,
    /// Rust field of the page that holds the items, and whether it is `Option`.
    pub items_field: String,
    pub items_optional: bool,
    /// Rust field holding the next link (`None`: single page).
    pub next_link_field: Option<String>,
    pub next_link_optional: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalState {
    AzureAsyncOperation,
    Location,
    OriginalUri,
    OperationLocation,
}

impl FinalState {
    /// The spec's spelling (`final-state-via`).
    pub fn as_str(self) -> &'static str {
        match self {
            FinalState::AzureAsyncOperation => "azure-async-operation",
            FinalState::Location => "location",
            FinalState::OriginalUri => "original-uri",
            FinalState::OperationLocation => "operation-location",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationDoc {
    pub summary: Option<String>,
    pub description: Option<String>,
    pub external_docs: Option<String>,
    pub deprecated: bool,
    /// A note from the manifest (e.g. "reached through the `/me` alias").
    pub note: Option<String>,
}

/// A reference to a type, as a field, parameter or response uses it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    /// `format: binary`: bytes (`runtime::binary::Binary`, with a file name for multipart parts).
    Binary,
    /// Any JSON value (schemas we cannot type more precisely).
    Any,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A generated type, by its Rust name.
    Named(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// A discriminated union (a property names the alternative).
    Union(Union),
    /// A `oneOf` / `anyOf` without discriminator: the JSON tells the alternatives apart.
    Untagged(Untagged),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Unknown properties are kept in a flattened map of this value type.
    pub additional: Option<TypeRef>,
    /// All fields have defaults, so `Default` is derived.
    pub default: bool,
    /// Navigation properties not generated (wire names; see `model/navigation.rs`): when the
    /// service sends them they land in the additional properties.
    pub left_out: Vec<String>,
    /// `(property, value)`: a variant of a discriminated union writes its tag itself, so it
    /// keeps it when sent on its own; the property is no field.
    pub tag: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    /// `Option<T>` in Rust (not required, or nullable).
    pub optional: bool,
    pub read_only: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
    /// `x-ms-secret: true` or `format: password`: redacted from `Debug`.
    pub secret: bool,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// Unknown wire values are kept as `UnknownValue(String)`.
    pub extensible: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub rust_name: String,
    pub wire: String,
    pub doc: Option<String>,
}

/// A discriminated union: the `tag` property picks the variant; unknown tags are kept as raw
/// JSON in a fallback variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub tag: String,
    pub variants: Vec<UnionVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub wire: String,
    pub ty: String,
}

/// A `oneOf` / `anyOf` without discriminator. Decoding tries the alternatives the payload fits
/// (JSON type, required properties), best fit first; a payload none takes is kept as raw JSON
/// in a fallback variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Untagged {
    pub variants: Vec<Alternative>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    pub rust_name: String,
    pub ty: TypeRef,
    pub json: JsonKind,
    /// Wire names of the properties this alternative requires (objects only).
    pub required: Vec<String>,
    /// Wire names of properties no other alternative has (objects only, a few).
    pub keys: Vec<String>,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

/// The JSON type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// Free-form, or a union itself.
    Any,
}
