//! Schemas → Rust types. Only schemas reachable from the selected operations become types;
//! component schemas get names decided once for the whole document so selection never renames
//! a type.

use std::collections::{BTreeMap, HashMap};

use openapiv3::Schema;
use serde_json::Value;

use super::context::{Context, escape};
use super::ir::{
    Alternative, Enum, EnumValue, Field, JsonKind, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Untagged,
};
use super::naming::{Case, Scope, UNION_FALLBACK, pascal_suffix, sanitize, short_type_name, union_variant};
use super::navigation::Navigation;
use super::schema_view::{Additional, Primitive, Prop, View, view};

pub struct Types {
    /// Component schema name → Rust name, for every component (decided up front).
    component_names: HashMap<String, String>,
    scope: Scope,
    /// What each component schema maps to once looked at.
    resolved: HashMap<String, TypeRef>,
    defs: BTreeMap<String, TypeDef>,
    /// Enum types by (name, values) so identical inline enums share one type.
    enums: HashMap<(String, Vec<String>), String>,
    /// Component name → its resolved discriminator, for every component that has one.
    discriminators: HashMap<String, Discriminated>,
    /// Component name → `(tag property, tag value)` of every union it is a variant of.
    variant_tags: HashMap<String, Vec<(String, String)>>,
    /// Every enum is extensible (Graph's evolvable enums).
    all_enums_extensible: bool,
    /// Types of inline schemas by JSON pointer.
    inline: HashMap<String, TypeRef>,
    /// Inline schemas being typed (by pointer): re-entering one is a cycle.
    in_progress: std::collections::HashSet<String>,
    /// Which navigation properties become fields (set by `model::build` from the manifest).
    pub navigation: Navigation,
    /// The JSON type of each named type, known as soon as the name is handed out (before a
    /// recursive type is built), for the unions that contain it.
    named_kind: HashMap<String, JsonKind>,
    /// Union components whose alternatives are being typed, and those of them referred to
    /// meanwhile (a union that contains itself keeps its name even with one alternative).
    building: std::collections::HashSet<String>,
    reentered: std::collections::HashSet<String>,
}

impl Types {
    pub fn new(ctx: &Context<'_>, all_enums_extensible: bool) -> Self {
        let mut scope = Scope::new();
        for name in super::naming::GENERATED_TYPE_NAMES {
            scope.reserve(name);
        }
        let mut component_names = HashMap::new();
        if let Some(components) = &ctx.doc.components {
            // A short name (`User` for `microsoft.graph.user`) is used only when no other schema
            // shares it; otherwise every claimant gets its full name. Adding a schema can only
            // lengthen the names of those it clashes with.
            let mut by_short: BTreeMap<String, Vec<&str>> = BTreeMap::new();
            for name in components.schemas.keys() {
                by_short.entry(short_type_name(name)).or_default().push(name);
            }
            let mut all: Vec<(&str, String)> = Vec::new();
            for (short, names) in by_short {
                for name in names.iter().copied() {
                    let rust = if names.len() == 1 {
                        short.clone()
                    } else {
                        sanitize(name, Case::Pascal)
                    };
                    all.push((name, rust));
                }
            }
            all.sort();
            for (name, rust) in all {
                component_names.insert(name.to_string(), scope.claim(rust));
            }
        }
        // Known before any type is built, so a variant struct reached before its union still
        // knows the tag it carries.
        let mut discriminators = HashMap::new();
        let mut variant_tags: HashMap<String, Vec<(String, String)>> = HashMap::new();
        if let Some(components) = &ctx.doc.components {
            for (name, schema) in &components.schemas {
                let openapiv3::ReferenceOr::Item(schema) = schema else {
                    continue;
                };
                let Some(d) = discriminated(ctx, Some(name), schema) else {
                    continue;
                };
                for (wire, target) in &d.cases {
                    // A grandchild is a case of its parent's union and of the root's: once.
                    let tags = variant_tags.entry(target.clone()).or_default();
                    let entry = (d.tag.clone(), wire.clone());
                    if !tags.contains(&entry) {
                        tags.push(entry);
                    }
                }
                discriminators.insert(name.clone(), d);
            }
        }
        Types {
            component_names,
            scope,
            resolved: HashMap::new(),
            defs: BTreeMap::new(),
            enums: HashMap::new(),
            discriminators,
            variant_tags,
            all_enums_extensible,
            inline: HashMap::new(),
            in_progress: Default::default(),
            navigation: Navigation::new(&[], false),
            named_kind: HashMap::new(),
            building: Default::default(),
            reentered: Default::default(),
        }
    }

    /// Component schemas whose Rust name is not the one they would have had because generated
    /// code uses that name itself: `(schema, wanted, given)`.
    pub fn renamed_components(&self) -> Vec<(&str, String, &str)> {
        let mut renamed: Vec<(&str, String, &str)> = self
            .component_names
            .iter()
            .filter_map(|(schema, given)| {
                let wanted = super::naming::GENERATED_TYPE_NAMES.iter().find(|n| {
                    given
                        .strip_prefix(**n)
                        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty())
                })?;
                Some((schema.as_str(), wanted.to_string(), given.as_str()))
            })
            .collect();
        renamed.sort();
        renamed
    }

    /// True when `schema` (followed through a reference) is an object with properties: a body
    /// that can be sent as a form.
    pub fn is_object(&mut self, ctx: &mut Context<'_>, schema: &openapiv3::ReferenceOr<Schema>, from: &str) -> bool {
        let schema = match schema {
            openapiv3::ReferenceOr::Item(s) => s,
            openapiv3::ReferenceOr::Reference { reference } => match ctx.schema(reference, from) {
                Some((_, s)) => s,
                None => return false,
            },
        };
        let v = view(schema);
        v.is_structured() && v.one_of.is_empty() && v.any_of.is_empty()
    }

    /// The type of a component schema reference (`#/components/schemas/X`).
    pub fn reference(&mut self, ctx: &mut Context<'_>, reference: &str, from: &str) -> TypeRef {
        let Some((name, schema)) = ctx.schema(reference, from) else {
            return TypeRef::Any;
        };
        if let Some(known) = self.resolved.get(name) {
            if self.building.contains(name) {
                self.reentered.insert(name.to_string());
            }
            return known.clone();
        }
        let rust = self
            .component_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.scope.claim(short_type_name(name)));
        let pointer = format!("/components/schemas/{}", escape(name));
        let v = view(schema);
        let named = TypeRef::Named(rust.clone());
        let discriminator = self.discriminators.get(name).cloned();
        let untagged = discriminator.is_none() && is_untagged(&v);
        let is_named = discriminator.is_some() || is_object_like(&v) || is_enum(&v) || untagged;
        if !is_named {
            // Aliases of primitives, arrays and maps are inlined: no type of their own.
            self.resolved.insert(name.to_string(), TypeRef::Any);
            let ty = self.schema(ctx, schema, &rust, &pointer);
            self.resolved.insert(name.to_string(), ty.clone());
            return ty;
        }
        // Registered before building so recursive references resolve to the name.
        self.resolved.insert(name.to_string(), named.clone());
        let kind = if is_enum(&v) {
            JsonKind::String
        } else if untagged {
            JsonKind::Any
        } else {
            JsonKind::Object
        };
        self.named_kind.insert(rust.clone(), kind);
        check_x_ms_enum(ctx, schema, &pointer);
        if untagged {
            self.building.insert(name.to_string());
            let alternatives = self.alternatives(ctx, &v, &rust, &pointer);
            self.building.remove(name);
            let reentered = self.reentered.remove(name);
            if alternatives.len() < 2 && !reentered {
                // One type after all (`oneOf: [X, {nullable}]`, alternatives that are the same
                // Rust type): the component is an alias of it; none: free-form.
                let ty = alternatives.into_iter().next().map(|a| a.ty).unwrap_or(TypeRef::Any);
                self.resolved.insert(name.to_string(), ty.clone());
                self.named_kind.remove(&rust);
                return ty;
            }
            let union = self.untagged_def(alternatives, &rust);
            self.defs.insert(
                rust.clone(),
                TypeDef {
                    name: rust.clone(),
                    doc: doc_of(schema),
                    kind: TypeKind::Untagged(union),
                },
            );
            return named;
        }
        let def = if is_enum(&v) {
            // A component enum is named after its component, like every other component.
            TypeDef {
                name: rust.clone(),
                ..self.enum_def(schema, &v, &rust)
            }
        } else if let Some(d) = &discriminator {
            TypeDef {
                name: rust.clone(),
                doc: doc_of(schema),
                kind: TypeKind::Union(self.union(ctx, d, schema, &rust, Some(name), &pointer)),
            }
        } else {
            let tag = self.constant_tag(name).map(|(t, w)| (t.to_string(), w.to_string()));
            let st = self.structure(
                ctx,
                schema,
                &rust,
                &pointer,
                tag.as_ref().map(|(t, w)| (t.as_str(), w.as_str())),
            );
            TypeDef {
                name: rust.clone(),
                doc: doc_of(schema),
                kind: TypeKind::Struct(st),
            }
        };
        self.defs.insert(rust, def);
        named
    }

    /// The type of an inline schema (or reference); `hint` names any type it needs.
    pub fn schema(&mut self, ctx: &mut Context<'_>, schema: &Schema, hint: &str, pointer: &str) -> TypeRef {
        // The same node reached twice (a shared component response, an aliased operation) is
        // one type, not two.
        if let Some(known) = self.inline.get(pointer) {
            return known.clone();
        }
        // An inline schema that contains itself (through a component's `allOf` whose inline
        // properties lead back here) would recurse forever; structs are named before their
        // fields are built (see `schema_uncached`), anything else falls back here.
        if !self.in_progress.insert(pointer.to_string()) {
            ctx.warn(
                pointer,
                "this inline schema contains itself; the inner occurrence is typed as serde_json::Value",
            );
            return TypeRef::Any;
        }
        let ty = self.schema_uncached(ctx, schema, hint, pointer);
        self.in_progress.remove(pointer);
        self.inline.insert(pointer.to_string(), ty.clone());
        ty
    }

    fn schema_uncached(&mut self, ctx: &mut Context<'_>, schema: &Schema, hint: &str, pointer: &str) -> TypeRef {
        check_x_ms_enum(ctx, schema, pointer);
        let v = view(schema);
        if is_enum(&v) {
            let def = self.enum_def(schema, &v, hint);
            return TypeRef::Named(self.register_enum(def));
        }
        if let Some(d) = discriminated(ctx, None, schema) {
            if !v.is_structured() && (!v.one_of.is_empty() || !v.any_of.is_empty()) {
                let name = self.scope.claim(hint.to_string());
                self.named_kind.insert(name.clone(), JsonKind::Object);
                self.inline.insert(pointer.to_string(), TypeRef::Named(name.clone()));
                let union = self.union(ctx, &d, schema, &name, None, pointer);
                self.defs.insert(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        doc: doc_of(schema),
                        kind: TypeKind::Union(union),
                    },
                );
                return TypeRef::Named(name);
            }
            ctx.warn(
                pointer,
                "an inline schema with a discriminator is typed as its base object",
            );
        }
        match v.primitive {
            Some(Primitive::String) => return string_type(v.format.as_deref()),
            Some(Primitive::Integer) => {
                return if v.format.as_deref() == Some("int32") {
                    TypeRef::I32
                } else {
                    TypeRef::I64
                };
            }
            Some(Primitive::Number) => {
                return if v.format.as_deref() == Some("float") {
                    TypeRef::F32
                } else {
                    TypeRef::F64
                };
            }
            Some(Primitive::Boolean) => return TypeRef::Bool,
            Some(Primitive::Array) => {
                let item = match v.items {
                    Some(items) => self.prop(ctx, items, &format!("{hint}Item"), &format!("{pointer}/items")),
                    None => TypeRef::Any,
                };
                return TypeRef::Vec(Box::new(item));
            }
            _ => {}
        }
        if let Some(single) = single_alternative(&v) {
            // `anyOf: [X, {nullable object}]` and one-element `allOf` / `oneOf` wrap one type,
            // typed at its own pointer (at the wrapper's it would look like it contains itself).
            let member_pointer = [("allOf", &v.all_of), ("oneOf", &v.one_of), ("anyOf", &v.any_of)]
                .iter()
                .find_map(|(keyword, list)| {
                    let i = list.iter().position(|m| std::ptr::eq(*m, single))?;
                    Some(format!("{pointer}/{keyword}/{i}"))
                })
                .unwrap_or_else(|| pointer.to_string());
            return self.prop(ctx, Prop::Plain(single), hint, &member_pointer);
        }
        if is_untagged(&v) {
            let alternatives = self.alternatives(ctx, &v, hint, pointer);
            if alternatives.len() < 2 {
                return alternatives.into_iter().next().map(|a| a.ty).unwrap_or(TypeRef::Any);
            }
            let name = self.scope.claim(hint.to_string());
            let union = self.untagged_def(alternatives, &name);
            self.named_kind.insert(name.clone(), JsonKind::Any);
            self.defs.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    doc: doc_of(schema),
                    kind: TypeKind::Untagged(union),
                },
            );
            return TypeRef::Named(name);
        }
        if v.is_structured() {
            let name = self.scope.claim(hint.to_string());
            self.named_kind.insert(name.clone(), JsonKind::Object);
            // Named before its fields are built, so a field leading back here refers to it.
            self.inline.insert(pointer.to_string(), TypeRef::Named(name.clone()));
            let st = self.structure(ctx, schema, &name, pointer, None);
            self.defs.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    doc: doc_of(schema),
                    kind: TypeKind::Struct(st),
                },
            );
            return TypeRef::Named(name);
        }
        match v.additional {
            Some(Additional::Schema(inner)) => TypeRef::Map(Box::new(self.prop(
                ctx,
                inner,
                &format!("{hint}Value"),
                &format!("{pointer}/additionalProperties"),
            ))),
            Some(Additional::Any) => TypeRef::Map(Box::new(TypeRef::Any)),
            None => TypeRef::Any,
        }
    }

    pub fn prop(&mut self, ctx: &mut Context<'_>, prop: Prop<'_>, hint: &str, pointer: &str) -> TypeRef {
        if let Some(reference) = prop.reference() {
            return self.reference(ctx, reference, pointer);
        }
        match prop.item() {
            Some(schema) => self.schema(ctx, schema, hint, pointer),
            None => TypeRef::Any,
        }
    }

    fn register_enum(&mut self, def: TypeDef) -> String {
        let TypeKind::Enum(e) = &def.kind else { return def.name };
        let key = (
            def.name.clone(),
            e.values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>(),
        );
        if let Some(existing) = self.enums.get(&key) {
            return existing.clone();
        }
        let name = self.scope.claim(def.name.clone());
        self.enums.insert(key, name.clone());
        self.named_kind.insert(name.clone(), JsonKind::String);
        self.defs.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                ..def
            },
        );
        name
    }

    fn enum_def(&mut self, schema: &Schema, v: &View<'_>, hint: &str) -> TypeDef {
        let ext = schema.schema_data.extensions.get("x-ms-enum");
        let name = ext
            .and_then(|e| e.get("name"))
            .and_then(Value::as_str)
            .map(|n| sanitize(n, Case::Pascal))
            .unwrap_or_else(|| hint.to_string());
        let model_as_string = ext
            .and_then(|e| e.get("modelAsString"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let described: HashMap<String, (Option<String>, Option<String>)> = ext
            .and_then(|e| e.get("values"))
            .and_then(Value::as_array)
            .map(|values| {
                values
                    .iter()
                    .filter_map(|v| {
                        let wire = wire_string(v.get("value")?)?;
                        let name = v.get("name").and_then(Value::as_str).map(str::to_string);
                        let doc = v.get("description").and_then(Value::as_str).map(str::to_string);
                        Some((wire, (name, doc)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut scope = Scope::new();
        scope.reserve("UnknownValue");
        let mut values = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for raw in &v.enum_values {
            let Some(wire) = wire_string(raw) else { continue };
            if !seen.insert(wire.clone()) {
                continue;
            }
            let (label, doc) = described.get(&wire).cloned().unwrap_or_default();
            let rust_name = scope.claim(sanitize(label.as_deref().unwrap_or(&wire), Case::Pascal));
            values.push(EnumValue { rust_name, wire, doc });
        }
        TypeDef {
            name,
            doc: doc_of(schema),
            kind: TypeKind::Enum(Enum {
                values,
                extensible: model_as_string || self.all_enums_extensible,
            }),
        }
    }

    /// A discriminated union named `name` (the component `own`, if it is one). A case that maps
    /// to the union itself (a base with its own `x-ms-discriminator-value`) is the base's own
    /// properties, as a struct `{name}Base`.
    fn union(
        &mut self,
        ctx: &mut Context<'_>,
        d: &Discriminated,
        schema: &Schema,
        name: &str,
        own: Option<&str>,
        pointer: &str,
    ) -> Union {
        // `None`: the case is the union's own schema (the base, or an alias of it).
        let mut cases: Vec<(&String, Option<String>)> = Vec::new();
        let own_reference = own.map(|o| format!("#/components/schemas/{}", escape(o)));
        for (wire, target) in &d.cases {
            // The base itself, or a child that only `allOf`s it (an alias: typed as the base,
            // and maybe being typed right now, which leads back here).
            let alias = ctx
                .doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(target))
                .and_then(|s| s.as_item())
                .and_then(|s| single_alternative(&view(s)).cloned())
                .is_some_and(|r| matches!(r, openapiv3::ReferenceOr::Reference { reference } if Some(&reference) == own_reference.as_ref()));
            if Some(target.as_str()) == own || alias {
                cases.push((wire, None));
                continue;
            }
            let reference = format!("#/components/schemas/{}", escape(target));
            match self.reference(ctx, &reference, &format!("{pointer}/discriminator/mapping")) {
                TypeRef::Named(ty) if ty == name => cases.push((wire, None)),
                TypeRef::Named(ty) if self.json_kind(&TypeRef::Named(ty.clone())) == JsonKind::Object => {
                    cases.push((wire, Some(ty)))
                }
                _ => ctx.warn(
                    pointer,
                    format!("discriminator value `{wire}` does not map to an object schema; payloads with it are kept in `{UNION_FALLBACK}`"),
                ),
            }
        }
        let base_wires: Vec<&str> = cases
            .iter()
            .filter(|(_, ty)| ty.is_none())
            .map(|(w, _)| w.as_str())
            .collect();
        let base = (!base_wires.is_empty()).then(|| {
            // One struct for every value that means the base itself; it writes the tag itself
            // when there is one such value, else keeps it as a field.
            let base = self.scope.claim(format!("{name}Base"));
            self.named_kind.insert(base.clone(), JsonKind::Object);
            let tag = (base_wires.len() == 1).then(|| (d.tag.as_str(), base_wires[0]));
            let st = self.structure(ctx, schema, &base, pointer, tag);
            self.defs.insert(
                base.clone(),
                TypeDef {
                    name: base.clone(),
                    doc: doc_of(schema),
                    kind: TypeKind::Struct(st),
                },
            );
            base
        });
        let mut scope = Scope::new();
        scope.reserve(UNION_FALLBACK);
        let mut variants = Vec::new();
        for (wire, ty) in cases {
            let Some(ty) = ty.or_else(|| base.clone()) else {
                continue;
            };
            let rust_name = scope.claim(sanitize(wire.rsplit('.').next().unwrap_or(wire), Case::Pascal));
            variants.push(UnionVariant {
                rust_name,
                wire: wire.clone(),
                ty,
            });
        }
        Union {
            tag: d.tag.clone(),
            variants,
        }
    }

    /// The tag a variant struct writes itself: the first union it belongs to under one tag
    /// value. A struct several values map to keeps the tag as an ordinary field.
    fn constant_tag(&self, component: &str) -> Option<(&str, &str)> {
        let tags = self.variant_tags.get(component)?;
        tags.iter()
            .find(|(tag, _)| tags.iter().filter(|(t, _)| t == tag).count() == 1)
            .map(|(tag, wire)| (tag.as_str(), wire.as_str()))
    }

    /// The distinct Rust types of a union's alternatives (`oneOf` then `anyOf`), in spec order;
    /// "or null" placeholders are left out (the field that holds the union is `Option`).
    /// `prefix` names the inline alternatives that need a type (`{prefix}{label}`).
    fn alternatives(&mut self, ctx: &mut Context<'_>, v: &View<'_>, prefix: &str, pointer: &str) -> Vec<Alternative> {
        let members = v
            .one_of
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("{pointer}/oneOf/{i}"), *m))
            .chain(
                v.any_of
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (format!("{pointer}/anyOf/{i}"), *m)),
            );
        let mut out: Vec<Alternative> = Vec::new();
        for (member_pointer, member) in members.collect::<Vec<_>>() {
            if is_null_placeholder(member) {
                continue;
            }
            let ty = match member {
                openapiv3::ReferenceOr::Reference { reference } => self.reference(ctx, reference, &member_pointer),
                openapiv3::ReferenceOr::Item(schema) => {
                    let hint = format!("{prefix}{}", member_label(schema, out.len() + 1));
                    self.schema(ctx, schema, &hint, &member_pointer)
                }
            };
            if out.iter().any(|a| a.ty == ty) {
                continue;
            }
            out.push(Alternative {
                rust_name: String::new(),
                ty,
                json: JsonKind::Any,
                required: Vec::new(),
                keys: Vec::new(),
                boxed: false,
            });
        }
        out
    }

    /// Names the variants of a union named `name` and gives each what decoding needs: its JSON
    /// type, its required properties, and the properties only it has (at most
    /// [`DISTINCT_KEYS`]).
    fn untagged_def(&self, alternatives: Vec<Alternative>, name: &str) -> Untagged {
        let mut scope = Scope::new();
        scope.reserve(UNION_FALLBACK);
        let mut variants: Vec<Alternative> = alternatives
            .into_iter()
            .map(|a| {
                let json = self.json_kind(&a.ty);
                let (required, keys) = match (&a.ty, json) {
                    (TypeRef::Named(ty), JsonKind::Object) => self.wire_names(ty),
                    _ => (Vec::new(), Vec::new()),
                };
                Alternative {
                    rust_name: scope.claim(union_variant(&a.ty, name)),
                    // time's own serde format is not RFC 3339: date-times inside unions stay text.
                    ty: date_times_as_strings(a.ty),
                    json,
                    required,
                    keys,
                    boxed: false,
                }
            })
            .collect();
        let all: Vec<Vec<String>> = variants.iter().map(|v| v.keys.clone()).collect();
        for (i, variant) in variants.iter_mut().enumerate() {
            let others: std::collections::HashSet<&String> = all
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, k)| k)
                .collect();
            variant.keys.retain(|k| !others.contains(k));
            variant.keys.truncate(DISTINCT_KEYS);
        }
        Untagged { variants }
    }

    fn json_kind(&self, ty: &TypeRef) -> JsonKind {
        match ty {
            // Binary travels in JSON as a UTF-8 string (runtime/binary.rs).
            TypeRef::String | TypeRef::DateTime | TypeRef::Binary => JsonKind::String,
            TypeRef::Bool => JsonKind::Boolean,
            TypeRef::I32 | TypeRef::I64 => JsonKind::Integer,
            TypeRef::F32 | TypeRef::F64 => JsonKind::Number,
            TypeRef::Vec(_) => JsonKind::Array,
            TypeRef::Map(_) => JsonKind::Object,
            TypeRef::Any => JsonKind::Any,
            TypeRef::Named(name) => match self.defs.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(_) | TypeKind::Union(_)) => JsonKind::Object,
                Some(TypeKind::Enum(_)) => JsonKind::String,
                Some(TypeKind::Untagged(_)) => JsonKind::Any,
                None => self.named_kind.get(name).copied().unwrap_or(JsonKind::Any),
            },
        }
    }

    /// (required, all) wire names of a struct's properties; empty while it is being built.
    fn wire_names(&self, ty: &str) -> (Vec<String>, Vec<String>) {
        match self.defs.get(ty).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                // A variant of a discriminated union always carries its tag.
                let tag = s.tag.iter().map(|(property, _)| property.clone());
                let required = s.fields.iter().filter(|f| !f.optional).map(|f| f.wire_name.clone());
                (
                    tag.chain(required).collect(),
                    s.fields.iter().map(|f| f.wire_name.clone()).collect(),
                )
            }
            _ => (Vec::new(), Vec::new()),
        }
    }

    fn structure(
        &mut self,
        ctx: &mut Context<'_>,
        schema: &Schema,
        name: &str,
        pointer: &str,
        tag: Option<(&str, &str)>,
    ) -> Struct {
        let skip = tag.map(|(property, _)| property);
        let mut collected = Collected::default();
        self.collect(ctx, schema, pointer, &mut collected, &mut Vec::new());
        let mut scope = Scope::new();
        for name in super::naming::STRUCT_FIELDS {
            scope.reserve(name);
        }
        let mut fields = Vec::new();
        let mut left_out = Vec::new();
        for (wire, prop, prop_pointer) in &collected.props {
            if Some(wire.as_str()) == skip {
                continue;
            }
            let item = prop.item();
            let reference = match prop {
                OwnedProp::Reference(r) => Some(r.as_str()),
                OwnedProp::Item(_) => None,
            };
            if self.navigation.leaves_out(ctx, wire, reference, item) {
                left_out.push(wire.clone());
                continue;
            }
            let data = item.map(|s| &s.schema_data);
            let client_name = data
                .and_then(|d| d.extensions.get("x-ms-client-name"))
                .and_then(Value::as_str);
            let candidate = sanitize(client_name.unwrap_or(wire), Case::Snake);
            let rust_name = scope.claim(candidate.clone());
            if super::naming::STRUCT_FIELDS.contains(&candidate.as_str()) {
                ctx.warn(
                    prop_pointer,
                    format!(
                        "property `{wire}` of `{name}` would be `{candidate}`, a field the generated struct has itself; it is named `{rust_name}`"
                    ),
                );
            } else if rust_name != candidate
                && let Some(other) = fields.iter().find(|f: &&Field| f.rust_name == candidate)
            {
                ctx.warn(
                    prop_pointer,
                    format!(
                        "properties `{}` and `{wire}` of `{name}` both become `{candidate}` in Rust; `{wire}` is named `{rust_name}`",
                        other.wire_name
                    ),
                );
            }
            let hint = format!("{name}{}", pascal_suffix(wire));
            let ty = self.prop_owned(ctx, prop, &hint, prop_pointer);
            let nullable = data.is_some_and(|d| d.nullable);
            let read_only = data.is_some_and(|d| {
                d.read_only
                    || d.extensions
                        .get("x-ms-mutability")
                        .and_then(Value::as_array)
                        .is_some_and(|m| m.len() == 1 && m[0] == "read")
            });
            let secret = data
                .and_then(|d| d.extensions.get("x-ms-secret"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
                || item.is_some_and(|schema| view(schema).format.as_deref() == Some("password"));
            let mut doc = data.and_then(|d| d.description.clone());
            if data
                .and_then(|d| d.extensions.get("x-ms-client-flatten"))
                .and_then(Value::as_bool)
                == Some(true)
            {
                // The official Azure SDK for Rust keeps `properties` nested; so do we.
                doc = Some(
                    format!(
                        "{}\n\n(`x-ms-client-flatten`: kept nested, as on the wire.)",
                        doc.unwrap_or_default()
                    )
                    .trim()
                    .to_string(),
                );
            }
            fields.push(Field {
                rust_name,
                wire_name: wire.clone(),
                ty,
                optional: !collected.required.contains(wire) || nullable,
                read_only,
                boxed: false,
                secret,
                doc,
            });
        }
        let additional = match &collected.additional {
            Some(None) => Some(TypeRef::Any),
            Some(Some(inner)) => {
                let ty = self.prop_owned(
                    ctx,
                    inner,
                    &format!("{name}Value"),
                    &format!("{pointer}/additionalProperties"),
                );
                // Graph writes `additionalProperties: {type: object}` meaning "anything".
                Some(if ty == TypeRef::Map(Box::new(TypeRef::Any)) {
                    TypeRef::Any
                } else {
                    ty
                })
            }
            // Left-out navigation properties must still have somewhere to land.
            None if !left_out.is_empty() => Some(TypeRef::Any),
            None => None,
        };
        Struct {
            fields,
            additional,
            default: false,
            left_out,
            tag: tag.map(|(property, value)| (property.to_string(), value.to_string())),
        }
    }

    fn prop_owned(&mut self, ctx: &mut Context<'_>, prop: &OwnedProp, hint: &str, pointer: &str) -> TypeRef {
        match prop {
            OwnedProp::Reference(reference) => self.reference(ctx, reference, pointer),
            OwnedProp::Item(schema) => self.schema(ctx, schema, hint, pointer),
        }
    }

    /// Gathers the properties of a schema and of everything it `allOf`s, parents first.
    fn collect(
        &mut self,
        ctx: &mut Context<'_>,
        schema: &Schema,
        pointer: &str,
        out: &mut Collected,
        visiting: &mut Vec<String>,
    ) {
        let v = view(schema);
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            match member {
                openapiv3::ReferenceOr::Reference { reference } => {
                    if visiting.contains(reference) {
                        ctx.warn(&member_pointer, format!("`allOf` cycle through `{reference}` ignored"));
                        continue;
                    }
                    if let Some((name, parent)) = ctx.schema(reference, &member_pointer) {
                        visiting.push(reference.clone());
                        let parent_pointer = format!("/components/schemas/{}", escape(name));
                        self.collect(ctx, parent, &parent_pointer, out, visiting);
                        visiting.pop();
                    }
                }
                openapiv3::ReferenceOr::Item(inline) => self.collect(ctx, inline, &member_pointer, out, visiting),
            }
        }
        for (wire, prop) in &v.properties {
            let Some(owned) = owned(*prop) else { continue };
            let prop_pointer = format!("{pointer}/properties/{}", escape(wire));
            if let Some(existing) = out.props.iter_mut().find(|(w, _, _)| w == wire) {
                // A child redefines a parent's property: the child's definition wins.
                *existing = (wire.to_string(), owned, prop_pointer);
            } else {
                out.props.push((wire.to_string(), owned, prop_pointer));
            }
        }
        for r in &v.required {
            out.required.push(r.to_string());
        }
        // An object with properties and `oneOf` / `anyOf` members: the members mostly say which
        // properties are required together; the properties they add are optional fields here.
        let members = (v
            .one_of
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("{pointer}/oneOf/{i}"), *m)))
        .chain(
            v.any_of
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("{pointer}/anyOf/{i}"), *m)),
        );
        for (member_pointer, member) in members.collect::<Vec<_>>() {
            let openapiv3::ReferenceOr::Item(inline) = member else {
                continue;
            };
            let mut alternative = Collected::default();
            self.collect(ctx, inline, &member_pointer, &mut alternative, visiting);
            for (wire, prop, prop_pointer) in alternative.props {
                if !out.props.iter().any(|(w, _, _)| *w == wire) {
                    out.props.push((wire, prop, prop_pointer));
                }
            }
        }
        match v.additional {
            Some(Additional::Any) => out.additional = Some(None),
            Some(Additional::Schema(inner)) => out.additional = owned(inner).map(Some),
            None => {}
        }
    }

    pub fn def(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }

    /// Claims a name in the type namespace (options structs, resources, the client).
    pub fn claim(&mut self, name: String) -> String {
        self.scope.claim(name)
    }

    /// Finishes the types: boxes recursive fields, derives `Default` where possible, and
    /// returns them sorted by name.
    pub fn finish(self) -> Vec<TypeDef> {
        let mut defs: Vec<TypeDef> = self.defs.into_values().collect();
        super::recursion::box_recursive_fields(&mut defs);
        super::defaults::mark_defaults(&mut defs);
        defs
    }
}

fn wire_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

enum OwnedProp {
    Reference(String),
    Item(Box<Schema>),
}

impl OwnedProp {
    fn item(&self) -> Option<&Schema> {
        match self {
            OwnedProp::Item(s) => Some(s),
            OwnedProp::Reference(_) => None,
        }
    }
}

/// Properties gathered through `allOf`, owned because they come from several schemas.
#[derive(Default)]
struct Collected {
    props: Vec<(String, OwnedProp, String)>,
    required: Vec<String>,
    /// `Some(None)`: any additional property; `Some(Some(schema))`: typed ones.
    additional: Option<Option<OwnedProp>>,
}

fn owned(prop: Prop<'_>) -> Option<OwnedProp> {
    match prop.reference() {
        Some(r) => Some(OwnedProp::Reference(r.to_string())),
        None => prop.item().map(|s| OwnedProp::Item(Box::new(s.clone()))),
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}

/// A discriminator resolved to its cases: the tag property and `(tag value, component name)`.
#[derive(Clone, Debug)]
struct Discriminated {
    tag: String,
    cases: Vec<(String, String)>,
}

/// The cases of `schema`'s discriminator (`own`: its component name): the explicit `mapping`
/// (targets as `#/components/schemas/X` or a bare `X`), then, as OpenAPI says, every `oneOf` /
/// `anyOf` member not mapped, by its schema name; without such members, the components that
/// `allOf` this one, by name. `None` without a discriminator or without cases.
fn discriminated(ctx: &Context<'_>, own: Option<&str>, schema: &Schema) -> Option<Discriminated> {
    let d = schema.schema_data.discriminator.as_ref()?;
    let component = |target: &str| -> String {
        match target.strip_prefix("#/components/schemas/") {
            Some(name) => name.replace("~1", "/").replace("~0", "~"),
            None => target.to_string(),
        }
    };
    let mut cases: Vec<(String, String)> = d
        .mapping
        .iter()
        .map(|(wire, target)| (wire.clone(), component(target)))
        .collect();
    let v = view(schema);
    let members: Vec<String> = v
        .one_of
        .iter()
        .chain(&v.any_of)
        .filter_map(|m| match m {
            openapiv3::ReferenceOr::Reference { reference } => {
                reference.strip_prefix("#/components/schemas/").map(component_name)
            }
            openapiv3::ReferenceOr::Item(_) => None,
        })
        .collect();
    let components = ctx.doc.components.as_ref();
    let schema_of = |name: &str| match components.and_then(|c| c.schemas.get(name)) {
        Some(openapiv3::ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    let implicit: Vec<(String, String)> = if !v.one_of.is_empty() || !v.any_of.is_empty() {
        // A discriminator over alternatives that are no objects (GitHub maps a tag value to an
        // array) cannot be read from the payload: the alternatives are told apart untagged.
        let objects = members
            .iter()
            .all(|m| schema_of(m).is_none_or(|s| matches!(view(s).primitive, None | Some(Primitive::Object))));
        if !objects {
            return None;
        }
        members.into_iter().map(|m| (m.clone(), m)).collect()
    } else if let (Some(own), Some(components)) = (own, components) {
        // Every component that (transitively) `allOf`s this one, by its
        // `x-ms-discriminator-value` or name: the Swagger 2.0 rule, for converted documents
        // that lost the mapping.
        let mut found = Vec::new();
        let mut queue = std::collections::VecDeque::from([own.to_string()]);
        let mut seen = std::collections::HashSet::from([own.to_string()]);
        while let Some(parent) = queue.pop_front() {
            let parent = format!("#/components/schemas/{}", escape(&parent));
            for (name, s) in &components.schemas {
                let openapiv3::ReferenceOr::Item(s) = s else { continue };
                let child = view(s)
                    .all_of
                    .iter()
                    .any(|p| matches!(p, openapiv3::ReferenceOr::Reference { reference } if *reference == parent));
                if child && seen.insert(name.clone()) {
                    let wire = s
                        .schema_data
                        .extensions
                        .get("x-ms-discriminator-value")
                        .and_then(Value::as_str)
                        .unwrap_or(name);
                    found.push((wire.to_string(), name.clone()));
                    queue.push_back(name.clone());
                }
            }
        }
        found
    } else {
        Vec::new()
    };
    for (wire, name) in implicit {
        if !cases.iter().any(|(w, target)| *target == name || *w == wire) {
            cases.push((wire, name));
        }
    }
    (!cases.is_empty()).then(|| Discriminated {
        tag: d.property_name.clone(),
        cases,
    })
}

fn component_name(escaped: &str) -> String {
    escaped.replace("~1", "/").replace("~0", "~")
}

fn is_enum(v: &View<'_>) -> bool {
    matches!(v.primitive, Some(Primitive::String) | None)
        && !v.enum_values.is_empty()
        && v.enum_values.iter().all(Value::is_string)
}

/// At most this many distinct property names per union alternative go into the generated
/// table: enough to tell real alternatives apart, without listing every field of big models.
const DISTINCT_KEYS: usize = 8;

/// `oneOf` / `anyOf` (the caller has ruled out a discriminator) without properties of its own (an object with
/// properties is a struct; see `collect`), not a single wrapped type.
fn is_untagged(v: &View<'_>) -> bool {
    (!v.one_of.is_empty() || !v.any_of.is_empty()) && !v.is_structured() && single_alternative(v).is_none()
}

/// Names an inline union alternative's type: its title, else its first required property (what
/// sets it apart, usually), else `Object` for other objects, its single enum value, or its
/// position.
fn member_label(schema: &Schema, position: usize) -> String {
    let v = view(schema);
    if let Some(title) = schema.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return pascal_suffix(title);
    }
    if let Some(first) = v.required.first() {
        return pascal_suffix(first);
    }
    if v.is_structured() {
        return "Object".into();
    }
    match v.enum_values.as_slice() {
        [Value::String(only)] if only.is_empty() => "Empty".into(),
        [Value::String(only)] => pascal_suffix(only),
        [] => format!("Variant{position}"),
        _ => "Enum".into(),
    }
}

fn date_times_as_strings(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::DateTime => TypeRef::String,
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(date_times_as_strings(*inner))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(date_times_as_strings(*inner))),
        other => other,
    }
}

fn is_object_like(v: &View<'_>) -> bool {
    v.is_structured() && single_alternative(v).is_none()
}

fn single_alternative<'a>(v: &View<'a>) -> Option<&'a openapiv3::ReferenceOr<Schema>> {
    if !v.properties.is_empty() {
        return None;
    }
    let non_null = |list: &Vec<&'a openapiv3::ReferenceOr<Schema>>| -> Vec<&'a openapiv3::ReferenceOr<Schema>> {
        list.iter().copied().filter(|s| !is_null_placeholder(s)).collect()
    };
    for list in [&v.all_of, &v.one_of, &v.any_of] {
        let others: usize = [&v.all_of, &v.one_of, &v.any_of].iter().map(|l| l.len()).sum::<usize>() - list.len();
        let kept = non_null(list);
        if others == 0 && kept.len() == 1 {
            return Some(kept[0]);
        }
    }
    None
}

/// `{type: object, nullable: true}` with nothing else: Graph's way to say "or null".
fn is_null_placeholder(schema: &openapiv3::ReferenceOr<Schema>) -> bool {
    match schema {
        openapiv3::ReferenceOr::Item(s) => {
            let v = view(s);
            // `{type: string, nullable: true}` is an alternative of its own, not a placeholder.
            s.schema_data.nullable
                && matches!(v.primitive, None | Some(Primitive::Object))
                && v.properties.is_empty()
                && v.additional.is_none()
                && v.all_of.is_empty()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
                && v.enum_values.is_empty()
                && v.items.is_none()
        }
        openapiv3::ReferenceOr::Reference { .. } => false,
    }
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") | Some("date-time-rfc3339") => TypeRef::DateTime,
        Some("binary") => TypeRef::Binary,
        _ => TypeRef::String,
    }
}

/// `x-ms-enum` must be an object naming the values of the schema's `enum`; anything else is an
/// error (the generator would otherwise silently drop the extension).
fn check_x_ms_enum(ctx: &mut Context<'_>, schema: &Schema, pointer: &str) {
    let Some(ext) = schema.schema_data.extensions.get("x-ms-enum") else {
        return;
    };
    let pointer = format!("{pointer}/x-ms-enum");
    let Some(map) = ext.as_object() else {
        ctx.error(&pointer, format!("x-ms-enum must be an object, not `{ext}`"));
        return;
    };
    for (key, ok) in [
        ("name", map.get("name").is_none_or(Value::is_string)),
        ("modelAsString", map.get("modelAsString").is_none_or(Value::is_boolean)),
        ("values", map.get("values").is_none_or(Value::is_array)),
    ] {
        if !ok {
            let value = map.get(key).map(ToString::to_string).unwrap_or_default();
            let expected = match key {
                "modelAsString" => "a boolean",
                "values" => "an array",
                _ => "a string",
            };
            ctx.error(
                &format!("{pointer}/{}", escape(key)),
                format!("x-ms-enum {key} must be {expected}, not `{value}`"),
            );
        }
    }
    if view(schema).enum_values.is_empty() {
        ctx.error(
            &pointer,
            "x-ms-enum on a schema without `enum` values: there is nothing to make an enum of",
        );
    }
}
