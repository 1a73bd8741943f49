//! Path parameters, encoded so that no value can change the route of a request.
//!
//! Generated code builds every path from literal text plus the output of these functions, so a
//! value such as `../x`, `a/b`, `x?y` or `x#y` always stays inside its own segment.

use azure_core::error::{Error, ErrorKind};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 "unreserved" characters is encoded: `/ ? # % ' ( )`, spaces and all
/// non-ASCII bytes included.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Graph keys keep `@` readable (`/users/adele@contoso.com`), as Graph's own docs write them.
const GRAPH_KEY: &AsciiSet = &SEGMENT.remove(b'@');

/// Inside the OData `('…')` key form `$` and `@` are literal; `'` is doubled before encoding.
const GRAPH_QUOTED_KEY: &AsciiSet = &GRAPH_KEY.remove(b'$');

/// Encodes `value` as exactly one path segment.
///
/// Errors (before any request is sent) when `value` is empty, or is `.` or `..`: URL parsers
/// treat those, and their percent-encoded forms `%2E` / `%2E%2E`, as dot-segments that move to
/// another route, so no encoding of them is safe.
pub fn segment(name: &str, value: &str) -> azure_core::Result<String> {
    let mut out = String::new();
    push_segment(&mut out, name, value)?;
    Ok(out)
}

fn push_segment(out: &mut String, name: &str, value: &str) -> azure_core::Result<()> {
    check(name, value)?;
    out.extend(utf8_percent_encode(value, SEGMENT));
    Ok(())
}

/// Encodes a Microsoft Graph entity key that follows a collection segment, separator included.
///
/// - `adele@contoso.com` → `/adele@contoso.com`; a B2B UPN's `#` becomes `%23`.
/// - A value that starts with `$` would be read by Graph as a system segment (`$count`...), so
///   it uses the OData key form: `$adele@contoso.com` → `('$adele@contoso.com')`, with `'`
///   doubled as OData requires and everything else still percent-encoded.
///
/// Errors when `value` is empty, `.` or `..` (see [`segment`]).
pub fn graph_key(name: &str, value: &str) -> azure_core::Result<String> {
    let mut out = String::new();
    push_graph_key(&mut out, name, value)?;
    Ok(out)
}

fn push_graph_key(out: &mut String, name: &str, value: &str) -> azure_core::Result<()> {
    check(name, value)?;
    if value.starts_with('$') {
        let quoted = value.replace('\'', "''");
        out.push_str("('");
        out.extend(utf8_percent_encode(&quoted, GRAPH_QUOTED_KEY));
        out.push_str("')");
    } else {
        out.push('/');
        out.extend(utf8_percent_encode(value, GRAPH_KEY));
    }
    Ok(())
}

/// A path value the spec marks `x-ms-skip-url-encoding` (an ARM scope such as
/// `subscriptions/x/resourceGroups/y`): sent as given, because it is meant to span segments.
/// Still refuses empty values and `.` / `..`.
pub fn raw(name: &str, value: &str) -> azure_core::Result<String> {
    check(name, value)?;
    Ok(value.to_string())
}

/// Fills a path template with `values`, in order: `{name}` is a [`segment`], `{+name}` a
/// [`raw`] value and `{/name}` a [`graph_key`] (separator included); the rest of the template
/// is literal text, already valid in a URL path. `name` only appears in error messages.
///
/// `fill("/hostPools/{hostPoolName}/userSessions", &["pool 1"])` → `/hostPools/pool%201/userSessions`.
/// Errors as those functions do, and when the template and the values disagree (a generator bug).
pub fn fill(template: &str, values: &[&str]) -> azure_core::Result<String> {
    let mismatch = || {
        Error::with_message(
            ErrorKind::Other,
            format!("path template `{template}` does not match its {} values", values.len()),
        )
    };
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').ok_or_else(mismatch)? + open;
        let name = &rest[open + 1..close];
        let value = values.next().ok_or_else(mismatch)?;
        // Encoded straight into `out`: one allocation for the whole path.
        if let Some(name) = name.strip_prefix('+') {
            check(name, value)?;
            out.push_str(value);
        } else if let Some(name) = name.strip_prefix('/') {
            push_graph_key(&mut out, name, value)?;
        } else {
            push_segment(&mut out, name, value)?;
        }
        rest = &rest[close + 1..];
    }
    if values.next().is_some() || rest.contains('}') {
        return Err(mismatch());
    }
    out.push_str(rest);
    Ok(out)
}

fn check(name: &str, value: &str) -> azure_core::Result<()> {
    if value.is_empty() {
        return Err(Error::with_message(
            ErrorKind::Other,
            format!("path parameter `{name}` cannot be empty"),
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::with_message(
            ErrorKind::Other,
            format!("path parameter `{name}` cannot be `{value}`: it would change the request path"),
        ));
    }
    Ok(())
}
