//! Bodies that are not JSON, sent through the generated fixture clients (`fixtures/specs/
//! bodies.yaml`, OpenAPI 3; `form_data.json`, Swagger 2.0 formData) to a loopback server.
//! Multipart bodies are read back with `multer`, an independent parser: every part's name,
//! file name, content type and bytes are checked, in order.

use std::sync::Arc;

use azure_core::Bytes;
use serde_json::json;
use specgen_fixtures::bodies::models::{DraftsCreateRequest, Upload, UploadLink, UploadMetadata, UploadPurpose};
use specgen_fixtures::bodies::{BodiesClient, BodiesClientOptions, DraftsCreateOptions};
use specgen_fixtures::form_data::models::{PetsRenameRequest, PetsUploadPhotoRequest};
use specgen_fixtures::form_data::{FormDataClient, FormDataClientOptions};
use specgen_fixtures::runtime::binary::Binary;
use workspace_tests::credential::FixedToken;
use workspace_tests::tls_server::{MockResponse, MockServer, RecordedRequest};

fn bodies(server: &MockServer) -> BodiesClient {
    let options = BodiesClientOptions {
        endpoint: Some(server.url().to_string()),
        client_options: server.client_options(),
        ..Default::default()
    };
    BodiesClient::new(Arc::new(FixedToken), Some(options)).expect("a client")
}

fn form_data(server: &MockServer) -> FormDataClient {
    let options = FormDataClientOptions {
        endpoint: Some(server.url().to_string()),
        client_options: server.client_options(),
        ..Default::default()
    };
    FormDataClient::new(Arc::new(FixedToken), Some(options)).expect("a client")
}

/// One part as multer read it.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: impl AsRef<[u8]>) -> Part {
    Part {
        name: name.into(),
        file_name: file_name.map(Into::into),
        content_type: content_type.map(Into::into),
        bytes: bytes.as_ref().to_vec(),
    }
}

/// The request's parts, parsed by multer from its body and its content type's boundary.
async fn parts(request: &RecordedRequest) -> Vec<Part> {
    let content_type = request.header("content-type").expect("a content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let boundary = multer::parse_boundary(content_type).expect("a boundary");
    let body = Bytes::from(request.body.clone());
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
        let name = field.name().expect("every part is named").to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        parts.push(Part {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    parts
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\xff";

#[tokio::test]
async fn every_property_becomes_its_part() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::json(200, &json!({"id": "file-1", "bytes": 11})));
    let body = Upload {
        file: Binary::from(b"id,name\n1,a\n".to_vec())
            .with_file_name("data.csv")
            .with_content_type("text/csv"),
        image: Some(Binary::from(PNG)),
        thumbnails: Some(vec![
            Binary::from(PNG).with_file_name("small.png"),
            Binary::from(b"\xff\xd8\xff".to_vec())
                .with_file_name("tiny.jpg")
                .with_content_type("image/jpeg"),
        ]),
        purpose: UploadPurpose::FineTune,
        count: Some(3),
        tags: Some(vec!["a".into(), "b c".into()]),
        labels: Some(vec!["x".into(), "y".into()]),
        note: Some("**bold** \"quoted\"\r\nnext line".into()),
        metadata: Some(UploadMetadata {
            owner: Some("me".into()),
            size: Some(7),
        }),
        link: Some(UploadLink {
            create: Some(true),
            expires_at: Some(1700000000),
        }),
        id: Some("read-only, not sent".into()),
    };
    let info = bodies(&server)
        .files()
        .upload(body, None)
        .await
        .expect("uploaded")
        .into_model()
        .expect("a model");
    assert_eq!(info.id.as_deref(), Some("file-1"));

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].path()), ("POST", "/files"));
    let octets = Some("application/octet-stream");
    assert_eq!(
        parts(&requests[0]).await,
        vec![
            part("file", Some("data.csv"), Some("text/csv"), "id,name\n1,a\n"),
            // The encoding's content type; the property name as the file name.
            part("image", Some("image"), Some("image/png"), PNG),
            // A list of types in the encoding is what the server accepts, not a default.
            part("thumbnails", Some("small.png"), octets, PNG),
            part("thumbnails", Some("tiny.jpg"), Some("image/jpeg"), b"\xff\xd8\xff"),
            part("purpose", None, None, "fine-tune"),
            part("count", None, None, "3"),
            part("tags", None, None, "a"),
            part("tags", None, None, "b c"),
            part("labels", None, Some("application/json"), r#"["x","y"]"#),
            part("note", None, Some("text/markdown"), "**bold** \"quoted\"\r\nnext line"),
            part("metadata", None, Some("application/json"), r#"{"owner":"me","size":7}"#),
            part("link[create]", None, None, "true"),
            part("link[expires_at]", None, None, "1700000000"),
        ]
    );
}

#[tokio::test]
async fn absent_properties_send_no_part() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::json(200, &json!({})));
    let body = Upload {
        file: Binary::from("plain"),
        purpose: UploadPurpose::Assistants,
        image: None,
        thumbnails: None,
        count: None,
        tags: None,
        labels: None,
        note: None,
        metadata: None,
        link: None,
        id: None,
    };
    bodies(&server).files().upload(body, None).await.expect("uploaded");
    assert_eq!(
        parts(&server.requests()[0]).await,
        vec![
            part("file", Some("file"), Some("application/octet-stream"), "plain"),
            part("purpose", None, None, "assistants"),
        ]
    );
}

#[tokio::test]
async fn an_optional_multipart_body_is_sent_only_when_set_with_its_additional_properties() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(204));
    server.push(MockResponse::new(204));
    let client = bodies(&server);
    client.drafts().create(None).await.expect("created without a body");
    let options = DraftsCreateOptions {
        body: Some(DraftsCreateRequest {
            title: Some("t".into()),
            draft: Some(Binary::from("d")),
            additional_properties: [("tone".to_string(), "dry".to_string())].into(),
        }),
        ..Default::default()
    };
    client
        .drafts()
        .create(Some(options))
        .await
        .expect("created with a body");
    let requests = server.requests();
    assert!(requests[0].body.is_empty() && requests[0].header("content-type").is_none());
    assert_eq!(
        parts(&requests[1]).await,
        vec![
            part("title", None, None, "t"),
            part("draft", Some("draft"), Some("application/octet-stream"), "d"),
            // The schema's additionalProperties: one text part each.
            part("tone", None, None, "dry"),
        ]
    );
}

#[tokio::test]
async fn swagger_form_data_with_a_file() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::json(200, &json!({"url": "https://example.com/p.png"})));
    let body = PetsUploadPhotoRequest {
        photo: Binary::from(PNG)
            .with_file_name("rex.png")
            .with_content_type("image/png"),
        caption: Some("Rex".into()),
        tags: Some(vec!["dog".into(), "good".into()]),
        sizes: Some(vec![1, 2]),
        colors: Some(vec!["brown".into(), "white".into()]),
    };
    let photo = form_data(&server)
        .pets()
        .upload_photo(7, body, None)
        .await
        .expect("uploaded");
    assert_eq!(
        photo.into_model().expect("a model").url.as_deref(),
        Some("https://example.com/p.png")
    );
    let requests = server.requests();
    assert_eq!(requests[0].path(), "/pets/7/photo");
    assert_eq!(
        parts(&requests[0]).await,
        vec![
            part("photo", Some("rex.png"), Some("image/png"), PNG),
            part("caption", None, None, "Rex"),
            part("tags", None, None, "dog"),
            part("tags", None, None, "good"),
            // Swagger 2.0's default collectionFormat (csv), and pipes: one part each.
            part("sizes", None, None, "1,2"),
            part("colors", None, None, "brown|white"),
        ]
    );
}

#[tokio::test]
async fn swagger_urlencoded_form_data() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(204));
    form_data(&server)
        .pets()
        .rename(
            7,
            PetsRenameRequest {
                name: "Rex & Co".into(),
                nicknames: Some(vec!["R".into(), "Rexy".into()]),
            },
            None,
        )
        .await
        .expect("renamed");
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // `nicknames` has no collectionFormat: Swagger 2.0's csv, one pair.
    assert_eq!(request.body, b"name=Rex%20%26%20Co&nicknames=R%2CRexy");
}

#[tokio::test]
async fn octet_stream_bodies_and_responses_are_bytes() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(204));
    server.push(
        MockResponse::new(200)
            .header("content-type", "application/octet-stream")
            .body(PNG),
    );
    let files = bodies(&server);
    let files = files.files();
    files
        .replace("f1", Bytes::from_static(PNG), None)
        .await
        .expect("replaced");
    let download = files.download("f1", None).await.expect("downloaded");
    assert_eq!(download.status(), 200);
    let bytes = download.into_body().collect().await.expect("the streamed bytes");
    assert_eq!(bytes.as_ref(), PNG);
    let request = &server.requests()[0];
    assert_eq!((request.method.as_str(), request.path()), ("PUT", "/files/f1/content"));
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, PNG);
}

#[tokio::test]
async fn a_streamed_download_that_fails_is_an_error_with_its_body() {
    use specgen_fixtures::runtime::ErrorExt;
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::json(
        404,
        &json!({"error": {"code": "NotFound", "message": "no file"}}),
    ));
    let error = bodies(&server).files().download("gone", None).await.expect_err("404");
    assert_eq!(error.status().map(u16::from), Some(404));
    assert!(String::from_utf8_lossy(error.raw_body().expect("the body is kept")).contains("no file"));
}

#[tokio::test]
async fn text_responses_are_strings() {
    let server = MockServer::start().await.expect("a server");
    server.push(
        MockResponse::new(200)
            .header("content-type", "text/plain; charset=utf-8")
            .body("résumé: 3 pages"),
    );
    server.push(
        MockResponse::new(200)
            .header("content-type", "text/csv")
            .body("a,b\n1,2\n"),
    );
    server.push(
        MockResponse::new(200)
            .header("content-type", "text/plain")
            .body(vec![0xff, 0xfe]),
    );
    let client = bodies(&server);
    let files = client.files();
    let summary: String = files
        .summary("f1", None)
        .await
        .expect("a summary")
        .into_model()
        .expect("text");
    assert_eq!(summary, "résumé: 3 pages");
    let csv: String = files.csv("f1", None).await.expect("a csv").into_model().expect("text");
    assert_eq!(csv, "a,b\n1,2\n");
    let error = files
        .summary("f1", None)
        .await
        .expect("a response")
        .into_model()
        .expect_err("not UTF-8");
    assert_eq!(*error.kind(), azure_core::error::ErrorKind::DataConversion, "{error}");
}

#[tokio::test]
async fn text_plain_request_bodies_are_sent_as_given() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(204));
    bodies(&server)
        .files()
        .set_summary("f1", Bytes::from("short"), None)
        .await
        .expect("stored");
    let request = &server.requests()[0];
    assert_eq!(request.header("content-type"), Some("text/plain"));
    assert_eq!(request.body, b"short");
}

#[tokio::test]
async fn a_urlencoded_map_body_is_a_form() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(204));
    let labels = [
        ("a b".to_string(), "1".to_string()),
        ("c".to_string(), "x&y".to_string()),
    ]
    .into();
    bodies(&server)
        .files()
        .set_labels("f1", labels, None)
        .await
        .expect("stored");
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"a%20b=1&c=x%26y");
}

#[tokio::test]
async fn a_text_count_is_a_number() {
    let server = MockServer::start().await.expect("a server");
    server.push(MockResponse::new(200).header("content-type", "text/plain").body("42"));
    server.push(MockResponse::new(200).header("content-type", "text/plain").body("lots"));
    let files = bodies(&server);
    let files = files.files();
    let count = files.count(None).await.expect("a count");
    assert_eq!(count.into_model().expect("a number"), 42);
    let count = files.count(None).await.expect("a response");
    let error = count.into_model().expect_err("not a number");
    assert!(error.to_string().contains("`lots` is not a i32"), "{error}");
}
