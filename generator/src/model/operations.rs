//! One OpenAPI operation → one IR [`Operation`]: parameters, body, response, paging and
//! long-running behaviour, docs. Names are decided here through `naming`.

use openapiv3::{Operation as OaOperation, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, StatusCode};
use serde_json::Value;

use super::context::{Context, escape};
use super::ir::{
    Body, ClientParam, FinalState, FormPart, HttpMethod, Media, Multipart, OperationDoc, OperationKind, Paging, Param,
    ParamLocation, PartKind, PathPiece, ResponseBody, TypeKind, TypeRef, ValueStyle,
};
use super::naming::{Case, Scope, pascal_suffix, sanitize};
use super::types::Types;
use crate::config::Flavor;

/// An operation found in the document, before naming.
pub struct Found<'a> {
    pub pointer: String,
    pub method: HttpMethod,
    /// Path as sent, after transforms and aliases.
    pub path: String,
    pub item: &'a PathItem,
    pub op: &'a OaOperation,
    pub operation_id: String,
    /// Path parameter dropped by an alias (`user-id` for `/me`).
    pub dropped_param: Option<String>,
    /// Resource the alias puts the operation in (`me`).
    pub alias_resource: Option<String>,
    pub note: Option<String>,
    /// Appended to the method name when an earlier operation has the same operationId
    /// (`by_profile_photo_id`, see `duplicates.rs`).
    pub method_suffix: Option<String>,
}

/// Everything of an operation except its resource and method names.
pub struct Built {
    pub http_method: HttpMethod,
    pub path_pieces: Vec<PathPiece>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseBody,
    pub success_codes: Vec<u16>,
    pub kind: OperationKind,
    pub error_type: Option<TypeRef>,
    pub doc: OperationDoc,
    pub api_version: bool,
    pub api_version_override: Option<String>,
}

pub struct Builder<'t> {
    pub flavor: Flavor,
    pub types: &'t mut Types,
    pub client_params: &'t mut Vec<ClientParam>,
    pub ignore_deprecated: bool,
    /// The service's api-version (the client sends it unless an operation has its own).
    pub api_version: Option<String>,
}

/// The api-version an operation's own `api-version` parameter fixes (one `enum` value, or its
/// `default`), when it is not the service's.
fn own_api_version(data: &openapiv3::ParameterData, service: Option<&str>) -> Option<String> {
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format else {
        return None;
    };
    let own = match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        _ => None,
    }
    .or_else(|| {
        schema
            .schema_data
            .default
            .as_ref()
            .and_then(Value::as_str)
            .map(str::to_string)
    })?;
    (Some(own.as_str()) != service).then_some(own)
}

fn ext_str<'v>(extensions: &'v indexmap::IndexMap<String, Value>, key: &str) -> Option<&'v str> {
    extensions.get(key).and_then(Value::as_str)
}

impl Builder<'_> {
    pub fn build<'a>(&mut self, ctx: &mut Context<'a>, found: &Found<'a>, type_hint: &str) -> Built {
        let mut scope = Scope::new();
        // Locals of the emitted method body: a parameter must not shadow them.
        for local in ["options", "path", "request"] {
            scope.reserve(local);
        }
        let mut params: Vec<Param> = Vec::new();
        let mut api_version = false;
        let mut api_version_override = None;
        let mut client_refs: Vec<(String, usize)> = Vec::new();

        // Path-level parameters first; an operation parameter with the same name and location
        // replaces them.
        let mut declared = Vec::new();
        for (i, p) in found.item.parameters.iter().enumerate() {
            declared.push((p, format!("{}/parameters/{i}", path_pointer(&found.pointer))));
        }
        for (i, p) in found.op.parameters.iter().enumerate() {
            declared.push((p, format!("{}/parameters/{i}", found.pointer)));
        }
        let mut resolved = Vec::new();
        for (p, pointer) in declared {
            let Some((param, is_ref)) = ctx.parameter(p, &pointer) else {
                continue;
            };
            let data = param.parameter_data_ref();
            resolved.retain(|(q, _, _): &(&openapiv3::Parameter, bool, String)| {
                let d = q.parameter_data_ref();
                !(d.name == data.name && std::mem::discriminant(*q) == std::mem::discriminant(param))
            });
            resolved.push((param, is_ref, pointer));
        }

        for (param, is_ref, pointer) in resolved {
            let data = param.parameter_data_ref();
            if found.dropped_param.as_deref() == Some(data.name.as_str()) {
                continue;
            }
            let location = match param {
                openapiv3::Parameter::Path { .. } => ParamLocation::Path,
                openapiv3::Parameter::Query { .. } => ParamLocation::Query,
                openapiv3::Parameter::Header { .. } => ParamLocation::Header,
                openapiv3::Parameter::Cookie { .. } => {
                    ctx.warn(
                        &pointer,
                        format!(
                            "cookie parameter `{}` is not supported; set it with a pipeline policy",
                            data.name
                        ),
                    );
                    continue;
                }
            };
            let declared_location = ext_str(&data.extensions, "x-ms-parameter-location");
            let client_level = declared_location == Some("client")
                || (self.flavor == Flavor::Arm && is_ref && declared_location.is_none());
            if client_level
                || (self.flavor == Flavor::Arm && data.name == "api-version" && location == ParamLocation::Query)
            {
                if data.name == "api-version" && location == ParamLocation::Query {
                    api_version = true;
                    api_version_override = own_api_version(data, self.api_version.as_deref());
                    continue;
                }
                if location == ParamLocation::Path {
                    let index = match self.client_params.iter().position(|c| c.wire_name == data.name) {
                        Some(i) => i,
                        None => {
                            self.client_params.push(ClientParam {
                                rust_name: sanitize(&data.name, Case::Snake),
                                wire_name: data.name.clone(),
                                doc: data.description.clone(),
                            });
                            self.client_params.len() - 1
                        }
                    };
                    client_refs.push((data.name.clone(), index));
                    continue;
                }
                ctx.warn(
                    &pointer,
                    format!(
                        "client-level {location:?} parameter `{}` is exposed as a method parameter",
                        data.name
                    ),
                );
            }
            let hint = format!("{type_hint}{}", pascal_suffix(&data.name));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.types.prop(
                    ctx,
                    super::schema_view::Prop::Plain(schema),
                    &hint,
                    &format!("{pointer}/schema"),
                ),
                ParameterSchemaOrContent::Content(_) => {
                    ctx.warn(
                        &pointer,
                        format!("parameter `{}` uses `content`; it is sent as a JSON string", data.name),
                    );
                    TypeRef::String
                }
            };
            // A binary path, query or header value can only be text on the wire.
            let ty = binary_as_text(ty);
            let structured = (!self.is_scalar_list(&ty)).then(|| value_style(param, data.explode));
            let separator = match (param, &ty) {
                (_, TypeRef::Vec(_)) if structured.is_none() => separator(param, data.explode),
                _ => None,
            };
            let client_name = ext_str(&data.extensions, "x-ms-client-name");
            let candidate = sanitize(client_name.unwrap_or(&data.name), Case::Snake);
            let rust_name = scope.claim(candidate.clone());
            if rust_name != candidate
                && let Some(other) = params.iter().find(|p| p.rust_name == candidate)
            {
                ctx.warn(
                    &pointer,
                    format!(
                        "{} parameter `{}` and {} parameter `{}` both become `{candidate}` in Rust; `{}` is named `{rust_name}`",
                        format!("{:?}", other.location).to_lowercase(),
                        other.wire_name,
                        format!("{location:?}").to_lowercase(),
                        data.name,
                        data.name
                    ),
                );
            }
            params.push(Param {
                rust_name,
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                separator,
                structured,
                doc: data.description.clone(),
                skip_url_encoding: data.extensions.get("x-ms-skip-url-encoding").and_then(Value::as_bool) == Some(true),
            });
        }

        let path_pieces = self.path_pieces(ctx, found, &params, &client_refs);
        let body = self.body(ctx, found, type_hint, &mut scope);
        let (response, success_codes, error_type) = self.responses(ctx, found, type_hint);
        let kind = self.kind(ctx, found, &response);
        let doc = OperationDoc {
            summary: found.op.summary.clone(),
            description: found.op.description.clone(),
            external_docs: found.op.external_docs.as_ref().map(|d| d.url.clone()),
            deprecated: found.op.deprecated && !self.ignore_deprecated,
            note: found.note.clone(),
        };
        Built {
            http_method: found.method,
            path_pieces,
            params,
            body,
            response,
            success_codes,
            kind,
            error_type,
            doc,
            api_version,
            api_version_override,
        }
    }

    /// Whether a parameter of type `ty` is sent as text directly: scalars, enums and lists of
    /// them. Anything else (objects, maps, unions, nested lists) is `structured`.
    fn is_scalar_list(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Vec(inner) => !matches!(**inner, TypeRef::Vec(_)) && self.is_scalar_list(inner),
            TypeRef::Map(_) => false,
            TypeRef::Named(name) => {
                matches!(self.types.def(name).map(|d| &d.kind), Some(TypeKind::Enum(_)))
            }
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Binary
            | TypeRef::Any => true,
        }
    }

    fn path_pieces(
        &self,
        ctx: &mut Context<'_>,
        found: &Found<'_>,
        params: &[Param],
        client_refs: &[(String, usize)],
    ) -> Vec<PathPiece> {
        let mut pieces = Vec::new();
        let mut rest = found.path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let name = &rest[open + 1..close];
            let mut literal = rest[..open].to_string();
            if let Some((_, index)) = client_refs.iter().find(|(n, _)| n == name) {
                push_literal(&mut pieces, literal);
                pieces.push(PathPiece::ClientParam(*index));
            } else if let Some(index) = params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                let key_segment = self.flavor == Flavor::Graph
                    && literal.ends_with('/')
                    && rest[close + 1..].chars().next().is_none_or(|c| c == '/')
                    && is_entity_key(found, name);
                if key_segment {
                    literal.pop();
                    push_literal(&mut pieces, literal);
                    pieces.push(PathPiece::GraphKey(index));
                } else {
                    push_literal(&mut pieces, literal);
                    pieces.push(PathPiece::Param(index));
                }
            } else {
                ctx.error(
                    &found.pointer,
                    format!("path template parameter `{{{name}}}` is not declared as a path parameter"),
                );
                literal.push_str(&rest[open..=close]);
                push_literal(&mut pieces, literal);
            }
            rest = &rest[close + 1..];
        }
        push_literal(&mut pieces, rest.to_string());
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !found.path.contains(&format!("{{{}}}", p.wire_name)) {
                ctx.error(
                    &found.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{}`",
                        p.wire_name, found.path
                    ),
                );
            }
        }
        pieces
    }

    fn body<'a>(
        &mut self,
        ctx: &mut Context<'a>,
        found: &Found<'a>,
        type_hint: &str,
        scope: &mut Scope,
    ) -> Option<Body> {
        let pointer = format!("{}/requestBody", found.pointer);
        let (request_body, component) = ctx.request_body(found.op.request_body.as_ref()?, &pointer)?;
        let pointer = component.unwrap_or(pointer);
        let (media_type, media) = pick_media(&request_body.content)?;
        let name = ext_str(&request_body.extensions, "x-ms-requestBody-name")
            .or_else(|| ext_str(&request_body.extensions, "x-ms-client-name"))
            .unwrap_or("body");
        let media_pointer = format!("{pointer}/content/{}", escape(media_type));
        let schema_pointer = format!("{media_pointer}/schema");
        let object = |this: &mut Self, ctx: &mut Context<'a>| {
            media
                .schema
                .as_ref()
                .is_some_and(|s| this.types.is_object(ctx, s, &schema_pointer))
        };
        // A urlencoded body is a form whatever object it is: free-form objects and maps (and
        // Stripe's `properties: {}` bodies of GETs) are encoded from a map or a JSON object.
        let form = is_form(media_type)
            && (object(self, ctx)
                || media
                    .schema
                    .as_ref()
                    .is_some_and(|s| is_free_form_object(ctx, s, &schema_pointer)));
        let multipart = is_multipart(media_type) && object(self, ctx);
        let ty = if is_json(media_type) || form || multipart {
            match &media.schema {
                Some(schema) => self.types.prop(
                    ctx,
                    super::schema_view::Prop::Plain(schema),
                    &format!("{type_hint}Request"),
                    &schema_pointer,
                ),
                None => TypeRef::Any,
            }
        } else {
            TypeRef::Any
        };
        let multipart = if multipart {
            self.multipart(ctx, &ty, media, &media_pointer)
        } else {
            None
        };
        let (ty, media) = if is_json(media_type) {
            (ty, Media::Json)
        } else if form {
            (ty, Media::Form(joined_lists(media)))
        } else if let Some(parts) = multipart {
            (ty, Media::Multipart(parts))
        } else {
            if is_structured_text(media_type) {
                ctx.warn(
                    &pointer,
                    format!("request body media type `{media_type}` is not supported; the body is sent as raw bytes the caller encodes"),
                );
            }
            (TypeRef::Any, Media::Bytes(media_type.to_string()))
        };
        Some(Body {
            rust_name: scope.claim(sanitize(name, Case::Snake)),
            ty,
            required: request_body.required,
            media,
            doc: request_body.description.clone(),
        })
    }

    /// The parts of a `multipart/form-data` body whose schema became the struct `ty`: one per
    /// field that is sent, with the spec's `encoding` (content type, `deepObject` style).
    /// `None` when `ty` is not a struct (then the caller encodes the bytes).
    fn multipart(
        &self,
        ctx: &mut Context<'_>,
        ty: &TypeRef,
        media: &openapiv3::MediaType,
        media_pointer: &str,
    ) -> Option<Multipart> {
        let TypeRef::Named(name) = ty else { return None };
        let Some(TypeKind::Struct(s)) = self.types.def(name).map(|d| &d.kind) else {
            return None;
        };
        for property in media.encoding.keys() {
            if !s.fields.iter().any(|f| &f.wire_name == property) {
                ctx.warn(
                    &format!("{media_pointer}/encoding/{}", escape(property)),
                    format!("`encoding` names `{property}`, which is not a property of the body; it is ignored"),
                );
            }
        }
        let parts = s
            .fields
            .iter()
            .filter(|f| !f.read_only)
            .map(|f| {
                let encoding = media.encoding.get(&f.wire_name);
                // A list or a wildcard says what the server accepts, not what a part is.
                let content_type = encoding
                    .and_then(|e| e.content_type.as_deref())
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && !t.contains([',', '*']))
                    .map(str::to_string);
                let collection_format = encoding
                    .and_then(|e| e.extensions.get("x-collection-format"))
                    .and_then(Value::as_str);
                let kind = match &f.ty {
                    TypeRef::Binary => PartKind::Files {
                        list: false,
                        content_type: file_content_type(content_type),
                    },
                    TypeRef::Vec(inner) if **inner == TypeRef::Binary => PartKind::Files {
                        list: true,
                        content_type: file_content_type(content_type),
                    },
                    _ if encoding.is_some_and(|e| matches!(e.style, Some(QueryStyle::DeepObject))) => {
                        PartKind::DeepObject
                    }
                    // Swagger 2.0's collectionFormat (normalize/params.rs): one joined part.
                    TypeRef::Vec(_) if collection_format.is_some() => match collection_format {
                        Some("ssv") => PartKind::Delimited(' '),
                        Some("tsv") => PartKind::Delimited('\t'),
                        Some("pipes") => PartKind::Delimited('|'),
                        _ => PartKind::Delimited(','),
                    },
                    _ => PartKind::Value { content_type },
                };
                FormPart {
                    rust_name: f.rust_name.clone(),
                    wire_name: f.wire_name.clone(),
                    optional: f.optional,
                    kind,
                }
            })
            .collect();
        Some(Multipart {
            parts,
            additional: s.additional.is_some(),
        })
    }

    fn responses<'a>(
        &mut self,
        ctx: &mut Context<'a>,
        found: &Found<'a>,
        type_hint: &str,
    ) -> (ResponseBody, Vec<u16>, Option<TypeRef>) {
        let mut success_codes = Vec::new();
        let mut response = None;
        let mut error_type = None;
        let responses = &found.op.responses;
        let mut entries: Vec<(Option<&StatusCode>, &ReferenceOr<openapiv3::Response>)> =
            responses.responses.iter().map(|(c, r)| (Some(c), r)).collect();
        if let Some(default) = &responses.default {
            entries.push((None, default));
        }
        for (code, item) in entries {
            let key = code.map_or_else(|| "default".to_string(), |c| c.to_string());
            let pointer = format!("{}/responses/{}", found.pointer, escape(&key));
            let Some((resp, component)) = ctx.response(item, &pointer) else {
                continue;
            };
            // Inline schemas of a shared component response live at the component's pointer.
            let pointer = match component {
                Some(name) => format!("/components/responses/{}", escape(name)),
                None => pointer,
            };
            let codes: Vec<u16> = match code {
                Some(StatusCode::Code(c)) if (200..300).contains(c) => vec![*c],
                Some(StatusCode::Range(2)) => (200..=206).collect(),
                _ => Vec::new(),
            };
            let is_error_response = resp.extensions.get("x-ms-error-response").and_then(Value::as_bool) == Some(true);
            let success = !codes.is_empty() && !is_error_response;
            let hint = match component {
                Some(name) => sanitize(name, Case::Pascal),
                None if success => format!("{type_hint}Response"),
                None => format!("{type_hint}Error"),
            };
            let body = match pick_media(&resp.content) {
                None => ResponseBody::None,
                Some((media_type, media)) if is_json(media_type) => match &media.schema {
                    Some(schema) => {
                        let schema_pointer = format!("{pointer}/content/{}/schema", escape(media_type));
                        ResponseBody::Json(self.types.prop(
                            ctx,
                            super::schema_view::Prop::Plain(schema),
                            &hint,
                            &schema_pointer,
                        ))
                    }
                    None => ResponseBody::Bytes,
                },
                Some((media_type, media))
                    if let Some(ty) = media
                        .schema
                        .as_ref()
                        .filter(|_| is_text(media_type))
                        .and_then(|schema| {
                            text_type(ctx, schema, &format!("{pointer}/content/{}/schema", escape(media_type)))
                        }) =>
                {
                    ResponseBody::Text(ty)
                }
                Some((media_type, media))
                    if is_binary_media(media_type)
                        || media.schema.as_ref().is_some_and(|schema| {
                            is_binary_schema(ctx, schema, &format!("{pointer}/content/{}/schema", escape(media_type)))
                        }) =>
                {
                    ResponseBody::Stream
                }
                Some((media_type, _)) => {
                    if is_structured_text(media_type) {
                        ctx.warn(
                            &pointer,
                            format!(
                                "response media type `{media_type}` is not supported; the body is returned as raw bytes"
                            ),
                        );
                    }
                    ResponseBody::Bytes
                }
            };
            if success {
                success_codes.extend(codes);
                match (&response, &body) {
                    (None, _)
                    | (
                        Some(ResponseBody::None),
                        ResponseBody::Json(_) | ResponseBody::Text(_) | ResponseBody::Stream | ResponseBody::Bytes,
                    ) => response = Some(body),
                    (Some(ResponseBody::Json(a)), ResponseBody::Json(b)) if a != b => {
                        ctx.warn(&pointer, format!("success responses have different types; the method returns the first one (`{key}` is decoded as it)"));
                    }
                    _ => {}
                }
            } else if error_type.is_none()
                && let ResponseBody::Json(ty) = body
            {
                error_type = Some(ty);
            }
        }
        if success_codes.is_empty() {
            ctx.warn(
                &found.pointer,
                "no success response declared; any 2xx is accepted and its body ignored",
            );
            success_codes = (200..=206).collect();
        }
        success_codes.sort_unstable();
        success_codes.dedup();
        (response.unwrap_or(ResponseBody::None), success_codes, error_type)
    }

    fn kind(&mut self, ctx: &mut Context<'_>, found: &Found<'_>, response: &ResponseBody) -> OperationKind {
        let ext = &found.op.extensions;
        let long_running = match ext.get("x-ms-long-running-operation") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                ctx.error(
                    &format!("{}/x-ms-long-running-operation", found.pointer),
                    format!("x-ms-long-running-operation must be `true` or `false`, not `{other}`"),
                );
                false
            }
        };
        let default_state = match found.method {
            HttpMethod::Put | HttpMethod::Patch => FinalState::OriginalUri,
            _ => FinalState::Location,
        };
        let final_state = match ext.get("x-ms-long-running-operation-options") {
            None | Some(Value::Null) => default_state,
            Some(options) => final_state_via(ctx, options, &found.pointer).unwrap_or(default_state),
        };
        let paging = ext
            .get("x-ms-pageable")
            .and_then(|pageable| self.paging(ctx, found, pageable, response));
        match (long_running, paging) {
            (false, None) => OperationKind::Plain,
            (false, Some(p)) => OperationKind::Pageable(p),
            (true, None) => OperationKind::LongRunning(final_state),
            (true, Some(p)) => OperationKind::LongRunningPageable(final_state, p),
        }
    }

    fn paging(
        &mut self,
        ctx: &mut Context<'_>,
        found: &Found<'_>,
        pageable: &Value,
        response: &ResponseBody,
    ) -> Option<Paging> {
        let pointer = format!("{}/x-ms-pageable", found.pointer);
        let Some(options) = pageable.as_object() else {
            if !pageable.is_null() {
                ctx.error(&pointer, format!("x-ms-pageable must be an object, not `{pageable}`"));
            }
            return None;
        };
        for key in ["itemName", "operationName"] {
            if let Some(value) = options.get(key).filter(|v| !v.is_string()) {
                ctx.error(
                    &format!("{pointer}/{key}"),
                    format!("x-ms-pageable {key} must be a string, not `{value}`"),
                );
                return None;
            }
        }
        let next_name = match options.get("nextLinkName") {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Null) | None => None,
            Some(other) => {
                ctx.error(
                    &format!("{pointer}/nextLinkName"),
                    format!("x-ms-pageable nextLinkName must be a string or null, not `{other}`"),
                );
                return None;
            }
        };
        let ResponseBody::Json(TypeRef::Named(page)) = response else {
            ctx.warn(
                &pointer,
                "x-ms-pageable on an operation whose response is not an object; treated as one page",
            );
            return None;
        };
        let item_name = options.get("itemName").and_then(Value::as_str).unwrap_or("value");
        let Some(def) = self.types.def(page) else {
            ctx.warn(
                &pointer,
                format!("page type `{page}` is not a struct; treated as one page"),
            );
            return None;
        };
        let TypeKind::Struct(st) = &def.kind else { return None };
        let Some(items) = st.fields.iter().find(|f| f.wire_name == item_name) else {
            ctx.warn(
                &pointer,
                format!("page type `{page}` has no `{item_name}` property; treated as one page"),
            );
            return None;
        };
        let TypeRef::Vec(item) = &items.ty else {
            ctx.warn(
                &pointer,
                format!("`{item_name}` of `{page}` is not an array; treated as one page"),
            );
            return None;
        };
        let next = match next_name {
            Some(name) => match st.fields.iter().find(|f| f.wire_name == name) {
                Some(f) => Some(f),
                None => {
                    ctx.warn(
                        &pointer,
                        format!("page type `{page}` has no `{name}` property; only the first page is read"),
                    );
                    None
                }
            },
            None => None,
        };
        Some(Paging {
            page: page.clone(),
            item: (**item).clone(),
            items_field: items.rust_name.clone(),
            items_optional: items.optional,
            next_link_field: next.map(|f| f.rust_name.clone()),
            next_link_optional: next.is_none_or(|f| f.optional),
        })
    }
}

/// `x-ms-long-running-operation-options.final-state-via`; `None` (after an error for invalid
/// values) when absent or invalid.
fn final_state_via(ctx: &mut Context<'_>, options: &Value, op_pointer: &str) -> Option<FinalState> {
    let pointer = format!("{op_pointer}/x-ms-long-running-operation-options");
    let Some(options) = options.as_object() else {
        ctx.error(
            &pointer,
            format!("x-ms-long-running-operation-options must be an object, not `{options}`"),
        );
        return None;
    };
    let via = options.get("final-state-via")?;
    let state = match via.as_str() {
        Some("azure-async-operation") => FinalState::AzureAsyncOperation,
        Some("location") => FinalState::Location,
        Some("operation-location") => FinalState::OperationLocation,
        Some("original-uri") => FinalState::OriginalUri,
        _ => {
            ctx.error(
                &format!("{pointer}/final-state-via"),
                format!(
                    "unknown final-state-via `{via}`; expected `azure-async-operation`, `location`, `operation-location` or `original-uri`"
                ),
            );
            return None;
        }
    };
    Some(state)
}

fn path_pointer(op_pointer: &str) -> &str {
    op_pointer.rsplit_once('/').map_or(op_pointer, |(p, _)| p)
}

fn push_literal(pieces: &mut Vec<PathPiece>, literal: String) {
    if !literal.is_empty() {
        pieces.push(PathPiece::Literal(literal));
    }
}

/// Graph marks entity keys with `x-ms-docs-key-type`.
fn is_entity_key(found: &Found<'_>, name: &str) -> bool {
    found
        .item
        .parameters
        .iter()
        .chain(found.op.parameters.iter())
        .any(|p| match p {
            ReferenceOr::Item(p) => {
                let d = p.parameter_data_ref();
                d.name == name && d.extensions.contains_key("x-ms-docs-key-type")
            }
            ReferenceOr::Reference { .. } => false,
        })
}

/// The style of a structured value: the spec's for queries (`form` explodes by default),
/// `simple` for headers and paths.
fn value_style(param: &openapiv3::Parameter, explode: Option<bool>) -> ValueStyle {
    match param {
        openapiv3::Parameter::Query { style, .. } => match style {
            QueryStyle::DeepObject => ValueStyle::DeepObject,
            QueryStyle::Form if explode != Some(false) => ValueStyle::FormExploded,
            _ => ValueStyle::Form,
        },
        _ => ValueStyle::Simple,
    }
}

fn separator(param: &openapiv3::Parameter, explode: Option<bool>) -> Option<char> {
    match param {
        openapiv3::Parameter::Query { style, .. } => match style {
            QueryStyle::Form => (explode == Some(false)).then_some(','),
            QueryStyle::SpaceDelimited => Some(' '),
            QueryStyle::PipeDelimited => Some('|'),
            QueryStyle::DeepObject => None,
        },
        _ => Some(','),
    }
}

/// Media types with a structure the generator does not model (XML, forms): kept as bytes, with
/// a warning. Opaque ones (`application/octet-stream`, images, ...) are bytes by nature.
fn is_structured_text(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m.ends_with("/xml") || m.ends_with("+xml") || m == "application/x-www-form-urlencoded" || m == "multipart/form-data"
}

/// `text/*` bodies other than XML (structured, see [`is_structured_text`]).
fn is_text(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m.starts_with("text/") && !is_structured_text(&m) && !is_json(&m)
}

/// The type a text body with this schema is read as: strings (not `format: binary`, which asks
/// for the bytes), numbers and booleans, through references; `None` for anything else.
fn text_type(ctx: &mut Context<'_>, schema: &ReferenceOr<openapiv3::Schema>, from: &str) -> Option<TypeRef> {
    use super::schema_view::Primitive;
    let schema = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => ctx.schema(reference, from)?.1,
    };
    let v = super::schema_view::view(schema);
    let format = v.format.as_deref();
    Some(match v.primitive? {
        Primitive::String if format != Some("binary") => TypeRef::String,
        Primitive::Integer if format == Some("int32") => TypeRef::I32,
        Primitive::Integer => TypeRef::I64,
        Primitive::Number if format == Some("float") => TypeRef::F32,
        Primitive::Number => TypeRef::F64,
        Primitive::Boolean => TypeRef::Bool,
        _ => return None,
    })
}

/// Media types that are bytes by nature.
fn is_binary_media(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/octet-stream"
        || m == "application/pdf"
        || m == "application/zip"
        || ["image/", "audio/", "video/", "font/"].iter().any(|p| m.starts_with(p))
}

/// `type: string, format: binary`, through references.
fn is_binary_schema(ctx: &mut Context<'_>, schema: &ReferenceOr<openapiv3::Schema>, from: &str) -> bool {
    let schema = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => match ctx.schema(reference, from) {
            Some((_, s)) => s,
            None => return false,
        },
    };
    let v = super::schema_view::view(schema);
    v.primitive == Some(super::schema_view::Primitive::String) && v.format.as_deref() == Some("binary")
}

/// `type: object` without properties or composition (a map or any object).
fn is_free_form_object(ctx: &mut Context<'_>, schema: &ReferenceOr<openapiv3::Schema>, from: &str) -> bool {
    let schema = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => match ctx.schema(reference, from) {
            Some((_, s)) => s,
            None => return false,
        },
    };
    let v = super::schema_view::view(schema);
    v.primitive == Some(super::schema_view::Primitive::Object)
        && v.all_of.is_empty()
        && v.one_of.is_empty()
        && v.any_of.is_empty()
}

/// `format: binary` parameters are strings (lists of them, lists of strings).
fn binary_as_text(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Binary => TypeRef::String,
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(binary_as_text(*inner))),
        other => other,
    }
}

fn is_multipart(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "multipart/form-data"
}

fn is_form(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/x-www-form-urlencoded"
}

/// The lists of a urlencoded body sent as one pair, items joined: Swagger 2.0's
/// `collectionFormat` (normalize/params.rs) and OpenAPI's `spaceDelimited` / `pipeDelimited`
/// encodings. (`style: form, explode: false` cannot be told from a bare `style: form`:
/// openapiv3 reads an absent `explode` as false; such lists repeat their key.)
fn joined_lists(media: &openapiv3::MediaType) -> Vec<(String, char)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, e)| {
            let separator = match (
                e.extensions.get("x-collection-format").and_then(Value::as_str),
                &e.style,
            ) {
                (Some("multi"), _) => return None,
                (Some("ssv"), _) | (None, Some(QueryStyle::SpaceDelimited)) => ' ',
                (Some("tsv"), _) => '\t',
                (Some("pipes"), _) | (None, Some(QueryStyle::PipeDelimited)) => '|',
                (Some(_), _) => ',',
                (None, _) => return None,
            };
            Some((name.clone(), separator))
        })
        .collect()
}

/// The default content type of a file part: the `encoding`'s (one concrete type), else
/// octet-stream.
fn file_content_type(encoding: Option<String>) -> String {
    encoding.unwrap_or_else(|| "application/octet-stream".to_string())
}

fn is_json(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m == "text/json" || m.ends_with("+json") || m == "*/*"
}

fn pick_media(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}
