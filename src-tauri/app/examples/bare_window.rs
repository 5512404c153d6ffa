//! The floor for the app's start-up time and memory: a bare Tauri window from the same
//! package (same tauri, same profile, same embedded assets), showing one line of text.
//! Writes `bare-window: page loaded` to stderr when its page has loaded, and
//! `bare-window: painted` two animation frames later (its first paint, as the app reports
//! its queue on screen), then stays open.
//!
//! cargo build --release --example bare-window

use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

/// One line of text; two frames after it runs, the page says it has painted.
const PAGE: &[u8] = b"<!doctype html><title>bare</title><p>bare window</p><script>\
requestAnimationFrame(() => requestAnimationFrame(() => fetch('bare://localhost/painted')));\
</script>";

fn main() {
    let mut context = tauri::generate_context!();
    // The app's config declares its main window; the floor opens its own, blank one.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        // Its own scheme: data: URLs need a tauri feature the app does not build with.
        .register_uri_scheme_protocol("bare", |_, request| {
            if request.uri().path() == "/painted" {
                eprintln!("bare-window: painted");
                return tauri::http::Response::builder()
                    .status(204)
                    .body(Vec::new())
                    .expect("a static response");
            }
            tauri::http::Response::builder()
                .header("Content-Type", "text/html")
                .body(PAGE.to_vec())
                .expect("a static response")
        })
        .setup(|app| {
            let page = "bare://localhost/";
            WebviewWindowBuilder::new(app, "main", WebviewUrl::External(page.parse()?))
                .title("bare window")
                .inner_size(1280.0, 800.0)
                .on_page_load(|_, payload| {
                    if payload.event() == PageLoadEvent::Finished {
                        eprintln!("bare-window: page loaded");
                    }
                })
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the bare window failed to start");
}
