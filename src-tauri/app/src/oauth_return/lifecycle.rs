//! The return page is up only while a sign-in is open: started before the first flow asks
//! the API for its link, stopped when the last flow ends (it completed, failed or expired,
//! the user closed it, or its link's lifetime passed). The rest of the time nothing listens
//! on the port, so no page can raise the window through it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{oneshot, Mutex};
use tokio::task::JoinHandle;

use super::page::{self, OnReturn};

/// How long a flow holds the page when the API names no expiry, and at most in any case.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);
const MAX_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// A return may come a little after the link's expiry (a slow redirect).
const GRACE: Duration = Duration::from_secs(60);

pub struct ReturnPage {
    port: u16,
    on_return: OnReturn,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    server: Option<Server>,
    /// Open flows by OAuth state, each with the number of its registration (so an old
    /// timer does not end a flow registered again since).
    open: HashMap<String, u64>,
    next: u64,
    /// Flows between "about to ask the API" and "registered or failed".
    starting: usize,
}

struct Server {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl ReturnPage {
    pub fn new(port: u16, on_return: OnReturn) -> Arc<ReturnPage> {
        Arc::new(ReturnPage {
            port,
            on_return,
            inner: Mutex::new(Inner::default()),
        })
    }

    /// Brings the page up for a flow about to start; `started` or `start_failed` must follow.
    pub async fn starting(&self) -> std::io::Result<()> {
        let mut inner = self.inner.lock().await;
        if inner.server.is_none() {
            inner.server = Some(self.serve().await?);
        }
        inner.starting += 1;
        Ok(())
    }

    /// The flow has its state: the page stays up for it until it ends or `expires_at`.
    pub async fn started(self: &Arc<Self>, state: &str, expires_at: Option<&str>) {
        let mut inner = self.inner.lock().await;
        inner.starting = inner.starting.saturating_sub(1);
        inner.next += 1;
        let n = inner.next;
        inner.open.insert(state.to_string(), n);
        let lifetime = lifetime(expires_at, chrono::Utc::now());
        let page = self.clone();
        let state = state.to_string();
        tokio::spawn(async move {
            tokio::time::sleep(lifetime).await;
            page.end_if(&state, Some(n)).await;
        });
    }

    /// The API gave no link after all.
    pub async fn start_failed(&self) {
        let mut inner = self.inner.lock().await;
        inner.starting = inner.starting.saturating_sub(1);
        self.settle(&mut inner).await;
    }

    /// The flow is over; the page stops when it was the last one.
    pub async fn ended(&self, state: &str) {
        self.end_if(state, None).await;
    }

    #[cfg(test)]
    async fn running(&self) -> bool {
        self.inner.lock().await.server.is_some()
    }

    async fn end_if(&self, state: &str, registration: Option<u64>) {
        let mut inner = self.inner.lock().await;
        if registration.is_none_or(|n| inner.open.get(state) == Some(&n)) {
            inner.open.remove(state);
        }
        self.settle(&mut inner).await;
    }

    async fn settle(&self, inner: &mut Inner) {
        if inner.open.is_empty() && inner.starting == 0 {
            if let Some(server) = inner.server.take() {
                let _ = server.stop.send(());
                // A browser's kept-alive connection must not hold the port open.
                let mut task = server.task;
                if tokio::time::timeout(Duration::from_secs(2), &mut task)
                    .await
                    .is_err()
                {
                    task.abort();
                }
                tracing::debug!("the OAuth return page stopped: no sign-in is open");
            }
        }
    }

    async fn serve(&self) -> std::io::Result<Server> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "127.0.0.1:{} is taken by another program ({e}); close it and try again",
                    self.port
                ),
            )
        })?;
        let app = page::router(self.port, self.on_return.clone())
            .into_make_service_with_connect_info::<SocketAddr>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = served.await {
                tracing::warn!(error = %e, "the OAuth return page stopped");
            }
        });
        Ok(Server { stop, task })
    }
}

/// How long a flow keeps the page: to its link's expiry and a little after, within bounds.
fn lifetime(expires_at: Option<&str>, now: chrono::DateTime<chrono::Utc>) -> Duration {
    let grace = chrono::Duration::from_std(GRACE).expect("a minute fits");
    expires_at
        .and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok())
        .map(|e| (e.with_timezone(&chrono::Utc) + grace - now).to_std())
        // Past its grace already: the API says expired, and the page need not wait.
        .map(|left| left.unwrap_or(Duration::ZERO).min(MAX_LIFETIME))
        .unwrap_or(DEFAULT_LIFETIME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth_return::Returned;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn a_flow_holds_the_page_to_its_expiry_within_bounds() {
        assert_eq!(
            lifetime(Some("2026-12-02T10:10:00Z"), now()),
            Duration::from_secs(600) + GRACE
        );
        assert_eq!(lifetime(Some("2027-01-01T00:00:00Z"), now()), MAX_LIFETIME);
        assert_eq!(lifetime(Some("soon"), now()), DEFAULT_LIFETIME);
        assert_eq!(lifetime(None, now()), DEFAULT_LIFETIME);
        assert_eq!(
            lifetime(Some("2026-12-02T09:00:00Z"), now()),
            Duration::ZERO
        );
    }

    async fn free_port() -> u16 {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    }

    fn recorder() -> (OnReturn, Arc<std::sync::Mutex<Vec<Returned>>>) {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = seen.clone();
        (Arc::new(move |r| keep.lock().unwrap().push(r)), seen)
    }

    fn get(port: u16, query: &str) -> reqwest::RequestBuilder {
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("http://127.0.0.1:{port}/oauth/return{query}"))
    }

    const IMAGE: &[(&str, &str)] = &[
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "no-cors"),
        ("sec-fetch-dest", "image"),
    ];
    const NAVIGATION: &[(&str, &str)] = &[
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-dest", "document"),
    ];

    /// The status a load of the return page with these headers gets.
    async fn load(port: u16, query: &str, headers: &[(&str, &str)]) -> u16 {
        let mut req = get(port, query);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap().status().as_u16()
    }

    #[tokio::test]
    async fn the_page_is_up_only_while_a_flow_is_open() {
        let port = free_port().await;
        let (on_return, seen) = recorder();
        let page = ReturnPage::new(port, on_return);
        assert!(get(port, "").send().await.is_err(), "nothing listens yet");

        page.starting().await.unwrap();
        page.started("st_a", None).await;
        let res = get(port, "?layers_state=st_a&status=success")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![Returned {
                state: "st_a".into(),
                failed: false
            }]
        );

        page.ended("st_a").await;
        assert!(!page.running().await);
        assert!(
            get(port, "").send().await.is_err(),
            "the port is closed again"
        );
    }

    #[tokio::test]
    async fn a_failed_start_or_an_expired_link_stops_the_page() {
        let port = free_port().await;
        let (on_return, _) = recorder();
        let page = ReturnPage::new(port, on_return);
        page.starting().await.unwrap();
        page.start_failed().await;
        assert!(!page.running().await);

        page.starting().await.unwrap();
        let soon = (chrono::Utc::now() - chrono::Duration::seconds(59)).to_rfc3339();
        // Expired a minute ago, give or take: the grace leaves about a second.
        page.started("st_b", Some(&soon)).await;
        assert!(page.running().await);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(!page.running().await, "the link's lifetime passed");
    }

    #[tokio::test]
    async fn a_page_load_from_elsewhere_is_refused_and_raises_nothing() {
        let port = free_port().await;
        let (on_return, seen) = recorder();
        let page = ReturnPage::new(port, on_return);
        page.starting().await.unwrap();
        page.started("st_c", None).await;
        // An image, a script on another site, a rebinding name: refused, nothing raised.
        let host = format!("evil.example:{port}");
        for (query, headers, status) in [
            ("?state=st_c", IMAGE, 403),
            ("", &[("origin", "https://evil.example")][..], 403),
            ("", &[("host", host.as_str())][..], 421),
        ] {
            assert_eq!(load(port, query, headers).await, status, "{headers:?}");
        }
        assert!(seen.lock().unwrap().is_empty(), "nothing was raised");
        // The browser's real return still works.
        assert_eq!(
            load(port, "?layers_oauth_error=access_denied", NAVIGATION).await,
            200
        );
        assert!(seen.lock().unwrap()[0].failed);
        page.ended("st_c").await;
    }
}
