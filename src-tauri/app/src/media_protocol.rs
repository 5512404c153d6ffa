//! `desk-media://localhost/?url=…`: containers' media served to the page from the local
//! cache (`Desk::media`), so previews show offline and the page's CSP admits no media host.
//! Only URLs a cached container names are served; videos are served by ranges for seeking.

use std::io::{Read, Seek, SeekFrom};

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "desk-media";
/// The most one range answer carries; the player asks again for the rest.
const MAX_RANGE: u64 = 4 * 1024 * 1024;

pub fn handle<R: tauri::Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let response = match app.try_state::<AppState>() {
            Some(state) => serve(&state, &request).await,
            None => plain(StatusCode::SERVICE_UNAVAILABLE, "the queue is not open"),
        };
        responder.respond(response);
    });
}

fn plain(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(text.as_bytes().to_vec())
        .expect("a plain answer builds")
}

fn wanted_url(request: &Request<Vec<u8>>) -> Option<String> {
    let query = request.uri().query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.into_owned())
}

/// The request's Origin when it is the app's own page (`tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows).
fn app_origin(request: &Request<Vec<u8>>) -> Option<&str> {
    let origin = request.headers().get(header::ORIGIN)?.to_str().ok()?;
    [
        "tauri://localhost",
        "http://tauri.localhost",
        "https://tauri.localhost",
    ]
    .contains(&origin)
    .then_some(origin)
}

/// `bytes=START-` or `bytes=START-END`, within `size`.
fn range(request: &Request<Vec<u8>>, size: u64) -> Option<(u64, u64)> {
    let spec = request.headers().get(header::RANGE)?.to_str().ok()?;
    let (start, end) = spec.strip_prefix("bytes=")?.split_once('-')?;
    let start: u64 = start.trim().parse().ok()?;
    let end: u64 = match end.trim() {
        "" => size.saturating_sub(1),
        e => e.parse().ok()?,
    };
    (start < size && start <= end).then(|| (start, end.min(size - 1).min(start + MAX_RANGE - 1)))
}

async fn serve(state: &AppState, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let Some(url) = wanted_url(request) else {
        return plain(StatusCode::BAD_REQUEST, "no url");
    };
    let media = match state.desk.media(&url).await {
        Ok(m) => m,
        Err(e) => {
            let status = match e.to_ipc().code {
                layers_core::error_code::ErrorCode::Validation => StatusCode::FORBIDDEN,
                layers_core::error_code::ErrorCode::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_GATEWAY,
            };
            return plain(status, &e.to_string());
        }
    };
    let read = |from: u64, len: u64| -> std::io::Result<Vec<u8>> {
        let mut f = std::fs::File::open(&media.path)?;
        f.seek(SeekFrom::Start(from))?;
        let mut out = Vec::with_capacity(len as usize);
        f.take(len).read_to_end(&mut out)?;
        Ok(out)
    };
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, &media.content_type)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "private, max-age=3600");
    // The page's own origin may read it (a fetch, to play a video from a blob on Linux).
    if let Some(origin) = app_origin(request) {
        builder = builder.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    let answer = match range(request, media.size) {
        Some((start, end)) => read(start, end - start + 1).map(|body| {
            builder
                .status(StatusCode::PARTIAL_CONTENT)
                .header(
                    header::CONTENT_RANGE,
                    format!("bytes {start}-{end}/{}", media.size),
                )
                .body(body)
        }),
        None => read(0, media.size).map(|body| builder.status(StatusCode::OK).body(body)),
    };
    match answer {
        Ok(Ok(response)) => response,
        _ => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the cached media cannot be read",
        ),
    }
}
