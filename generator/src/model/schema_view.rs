//! One uniform view of an `openapiv3::Schema`, whatever variant openapiv3 parsed it into
//! (`Type(..)` for plain schemas, `Any(..)` when keywords mix, `AllOf`/`OneOf`/…), so the type
//! mapping reads one shape instead of six.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

pub type SchemaRef = ReferenceOr<Schema>;

/// What a schema says, flattened.
#[derive(Debug, Default)]
pub struct View<'a> {
    pub primitive: Option<Primitive>,
    pub format: Option<String>,
    pub enum_values: Vec<Value>,
    pub properties: Vec<(&'a str, Prop<'a>)>,
    pub required: Vec<&'a str>,
    pub additional: Option<Additional<'a>>,
    pub items: Option<Prop<'a>>,
    pub all_of: Vec<&'a SchemaRef>,
    pub one_of: Vec<&'a SchemaRef>,
    pub any_of: Vec<&'a SchemaRef>,
}

/// A property, item or additionalProperties schema: openapiv3 boxes some of them and not others.
#[derive(Clone, Copy, Debug)]
pub enum Prop<'a> {
    Boxed(&'a ReferenceOr<Box<Schema>>),
    Plain(&'a SchemaRef),
}

impl<'a> Prop<'a> {
    pub fn reference(self) -> Option<&'a str> {
        match self {
            Prop::Boxed(ReferenceOr::Reference { reference }) | Prop::Plain(ReferenceOr::Reference { reference }) => {
                Some(reference)
            }
            _ => None,
        }
    }

    pub fn item(self) -> Option<&'a Schema> {
        match self {
            Prop::Boxed(ReferenceOr::Item(schema)) => Some(schema),
            Prop::Plain(ReferenceOr::Item(schema)) => Some(schema),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Additional<'a> {
    /// `additionalProperties: true` (or `{}`): any JSON value.
    Any,
    Schema(Prop<'a>),
}

fn props(map: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> Vec<(&str, Prop<'_>)> {
    map.iter().map(|(k, v)| (k.as_str(), Prop::Boxed(v))).collect()
}

fn additional(ap: &Option<AdditionalProperties>) -> Option<Additional<'_>> {
    match ap {
        None | Some(AdditionalProperties::Any(false)) => None,
        Some(AdditionalProperties::Any(true)) => Some(Additional::Any),
        Some(AdditionalProperties::Schema(schema)) => Some(Additional::Schema(Prop::Plain(schema))),
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".into()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".into()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".into()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn other_format<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(format!("{item:?}").to_lowercase()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn primitive(name: &str) -> Option<Primitive> {
    Some(match name {
        "string" => Primitive::String,
        "integer" => Primitive::Integer,
        "number" => Primitive::Number,
        "boolean" => Primitive::Boolean,
        "object" => Primitive::Object,
        "array" => Primitive::Array,
        _ => return None,
    })
}

pub fn view(schema: &Schema) -> View<'_> {
    let mut v = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            v.primitive = Some(Primitive::String);
            v.format = string_format(&t.format);
            v.enum_values = t
                .enumeration
                .iter()
                .flatten()
                .map(|s| Value::String(s.clone()))
                .collect();
        }
        SchemaKind::Type(Type::Integer(t)) => {
            v.primitive = Some(Primitive::Integer);
            v.format = other_format(&t.format);
            v.enum_values = t.enumeration.iter().flatten().map(|n| Value::from(*n)).collect();
        }
        SchemaKind::Type(Type::Number(t)) => {
            v.primitive = Some(Primitive::Number);
            v.format = other_format(&t.format);
        }
        SchemaKind::Type(Type::Boolean(_)) => v.primitive = Some(Primitive::Boolean),
        SchemaKind::Type(Type::Object(t)) => {
            v.primitive = Some(Primitive::Object);
            v.properties = props(&t.properties);
            v.required = t.required.iter().map(String::as_str).collect();
            v.additional = additional(&t.additional_properties);
        }
        SchemaKind::Type(Type::Array(t)) => {
            v.primitive = Some(Primitive::Array);
            v.items = t.items.as_ref().map(Prop::Boxed);
        }
        SchemaKind::AllOf { all_of } => v.all_of = all_of.iter().collect(),
        SchemaKind::OneOf { one_of } => v.one_of = one_of.iter().collect(),
        SchemaKind::AnyOf { any_of } => v.any_of = any_of.iter().collect(),
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(any) => {
            v.primitive = any.typ.as_deref().and_then(primitive);
            v.format = any.format.clone();
            v.enum_values = any.enumeration.iter().filter(|e| !e.is_null()).cloned().collect();
            v.properties = props(&any.properties);
            v.required = any.required.iter().map(String::as_str).collect();
            v.additional = additional(&any.additional_properties);
            v.items = any.items.as_ref().map(Prop::Boxed);
            v.all_of = any.all_of.iter().collect();
            v.one_of = any.one_of.iter().collect();
            v.any_of = any.any_of.iter().collect();
            if v.primitive.is_none() && (!v.properties.is_empty() || v.additional.is_some()) {
                v.primitive = Some(Primitive::Object);
            }
        }
    }
    v
}

impl View<'_> {
    /// An object with a shape of its own (properties or composition), as opposed to a free-form
    /// object or a map.
    pub fn is_structured(&self) -> bool {
        !self.properties.is_empty() || !self.all_of.is_empty()
    }
}
