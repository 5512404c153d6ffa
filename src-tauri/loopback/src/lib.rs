//! Which requests the app's loopback servers answer (the sandbox, the OAuth return page).
//!
//! Listening on 127.0.0.1 keeps other machines out, not other programs, and not web pages:
//! any page the user opens can send requests to a loopback port, and a DNS-rebinding name
//! reaches it as its own origin. So each request must come from a loopback peer that is
//! known, name this server's own `Host`, and not come from a foreign page: no foreign
//! `Origin`, no cross-site `Sec-Fetch-Site` where only same-origin use is expected, and
//! writes the API way (`application/json`, which a page cannot send without a preflight
//! these servers never answer).

use std::net::SocketAddr;

use http::{header, HeaderMap, Method, StatusCode};

/// Who a loopback server is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callers {
    /// Programs and the app (the sandbox): every write is JSON, apart from form posts to
    /// the paths listed (the sandbox's own consent page), and no cross-site page may call.
    /// Paths starting with one of `byte_prefixes` take raw bytes of any type (presigned
    /// uploads: a page cannot send them, a PUT needs a CORS preflight nobody answers).
    Api {
        form_paths: Vec<&'static str>,
        byte_prefixes: Vec<&'static str>,
    },
    /// A page the browser is sent to from another site (the OAuth return page): top-level
    /// navigations only, never an image, a frame or a script's request.
    Navigations,
}

/// The rules for one server on one port.
#[derive(Debug, Clone)]
pub struct LocalOnly {
    port: u16,
    callers: Callers,
}

/// Why a request was refused; each server words its answer in its own shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: StatusCode,
    pub reason: String,
}

impl LocalOnly {
    pub fn new(port: u16, callers: Callers) -> LocalOnly {
        LocalOnly { port, callers }
    }

    /// The `Host` values this server answers to.
    pub fn hosts(&self) -> [String; 3] {
        let p = self.port;
        [
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
        ]
    }

    pub fn check(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Result<(), Refused> {
        match peer {
            Some(p) if p.ip().is_loopback() => {}
            Some(_) => return refuse("only programs on this computer are answered"),
            None => return refuse("the caller's address is unknown, so it is not answered"),
        }
        let host = text(headers, header::HOST).unwrap_or_default();
        if !self.hosts().iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return Err(Refused {
                status: StatusCode::MISDIRECTED_REQUEST,
                reason: format!(
                    "this server answers to Host {} only, not {host:?}",
                    self.hosts()[0]
                ),
            });
        }
        if let Some(origin) = text(headers, header::ORIGIN) {
            let own = self
                .hosts()
                .iter()
                .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")));
            if !own {
                return refuse(&format!("requests from {origin:?} are not answered"));
            }
        }
        let site = text(headers, "sec-fetch-site");
        let mode = text(headers, "sec-fetch-mode");
        let dest = text(headers, "sec-fetch-dest");
        match &self.callers {
            Callers::Api {
                form_paths,
                byte_prefixes,
            } => {
                if matches!(site, Some(s) if s != "same-origin" && s != "none") {
                    return refuse("requests from other sites are not answered");
                }
                let writes = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
                let form = form_paths.contains(&path)
                    || (*method == Method::PUT
                        && byte_prefixes.iter().any(|p| path.starts_with(p)));
                let admin = path.starts_with("/_sandbox/");
                if writes && !form && (admin || has_body(headers)) && !is_json(headers) {
                    return Err(Refused {
                        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        reason: "writes must be sent as Content-Type: application/json".into(),
                    });
                }
            }
            Callers::Navigations => {
                if !matches!(*method, Method::GET | Method::HEAD) {
                    return refuse("only page loads are answered");
                }
                let cross = matches!(site, Some(s) if s != "same-origin" && s != "none");
                if cross && mode != Some("navigate") {
                    return refuse("only page loads are answered, not requests from other pages");
                }
                if matches!(dest, Some(d) if d != "document") {
                    return refuse("this page is not shown inside another page");
                }
            }
        }
        Ok(())
    }
}

fn refuse(reason: &str) -> Result<(), Refused> {
    Err(Refused {
        status: StatusCode::FORBIDDEN,
        reason: reason.to_string(),
    })
}

fn text<K: header::AsHeaderName>(headers: &HeaderMap, name: K) -> Option<&str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || text(headers, header::CONTENT_LENGTH).is_some_and(|l| l != "0")
}

fn is_json(headers: &HeaderMap) -> bool {
    text(headers, header::CONTENT_TYPE).is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEER: Option<SocketAddr> = Some(SocketAddr::new(
        std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        50000,
    ));

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    fn api() -> LocalOnly {
        LocalOnly::new(
            4010,
            Callers::Api {
                form_paths: vec!["/_sandbox/oauth/decide"],
                byte_prefixes: vec!["/_sandbox/upload/"],
            },
        )
    }

    fn page() -> LocalOnly {
        LocalOnly::new(47821, Callers::Navigations)
    }

    #[test]
    fn own_host_names_from_a_known_loopback_peer_pass() {
        for host in ["127.0.0.1:4010", "LOCALHOST:4010", "[::1]:4010"] {
            let h = headers(&[("host", host)]);
            assert_eq!(api().check(&Method::GET, "/v1/whoami", &h, PEER), Ok(()));
        }
    }

    #[test]
    fn a_rebinding_host_another_port_or_no_host_is_refused() {
        for host in ["attacker.example:4010", "127.0.0.1:4011", "127.0.0.1", ""] {
            let h = headers(&[("host", host)]);
            let e = api()
                .check(&Method::GET, "/_sandbox/fixture", &h, PEER)
                .unwrap_err();
            assert_eq!(e.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        }
        let e = api()
            .check(&Method::GET, "/v1/whoami", &HeaderMap::new(), PEER)
            .unwrap_err();
        assert!(e.reason.contains("127.0.0.1:4010"), "{e:?}");
    }

    #[test]
    fn an_unknown_or_remote_peer_is_refused() {
        let h = headers(&[("host", "127.0.0.1:4010")]);
        assert!(api().check(&Method::GET, "/", &h, None).is_err());
        let remote = Some("10.0.0.7:5000".parse().unwrap());
        assert!(api().check(&Method::GET, "/", &h, remote).is_err());
    }

    #[test]
    fn a_foreign_origin_or_a_cross_site_fetch_is_refused() {
        for (k, v) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("origin", "http://127.0.0.1:9999"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let h = headers(&[("host", "127.0.0.1:4010"), (k, v)]);
            let e = api()
                .check(&Method::GET, "/_sandbox/sms", &h, PEER)
                .unwrap_err();
            assert_eq!(e.status, StatusCode::FORBIDDEN, "{k}: {v}");
        }
        let own = headers(&[
            ("host", "127.0.0.1:4010"),
            ("origin", "http://127.0.0.1:4010"),
        ]);
        assert!(api()
            .check(&Method::GET, "/_sandbox/sms", &own, PEER)
            .is_ok());
    }

    #[test]
    fn writes_that_need_no_preflight_are_refused() {
        let plain = headers(&[
            ("host", "127.0.0.1:4010"),
            ("content-type", "text/plain"),
            ("content-length", "20"),
        ]);
        for path in ["/_sandbox/clock/advance", "/v1/content/c/publish"] {
            let e = api().check(&Method::POST, path, &plain, PEER).unwrap_err();
            assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
        }
        let post = |path: &str, pairs: &[(&'static str, &str)]| {
            let mut all = vec![("host", "127.0.0.1:4010")];
            all.extend_from_slice(pairs);
            api()
                .check(&Method::POST, path, &headers(&all), PEER)
                .is_ok()
        };
        // An admin write needs JSON even without a body (a bare POST needs no preflight).
        assert!(!post("/_sandbox/containers/c/approve", &[]));
        // The API's own bodiless writes, JSON writes and the consent form pass.
        assert!(post("/v1/content/c/approve", &[]));
        let json = [
            ("content-type", "application/json; charset=utf-8"),
            ("content-length", "2"),
        ];
        assert!(post("/_sandbox/clock/advance", &json));
        let form = [
            ("content-type", "application/x-www-form-urlencoded"),
            ("content-length", "30"),
        ];
        assert!(post("/_sandbox/oauth/decide", &form));
    }

    #[test]
    fn presigned_uploads_take_raw_bytes_by_put_only() {
        let png = headers(&[
            ("host", "127.0.0.1:4010"),
            ("content-type", "image/png"),
            ("content-length", "2048"),
        ]);
        let check = |method: &Method, path: &str| api().check(method, path, &png, PEER);
        assert!(check(&Method::PUT, "/_sandbox/upload/upl_1").is_ok());
        assert!(check(&Method::POST, "/_sandbox/upload/upl_1").is_err());
        assert!(check(&Method::PUT, "/_sandbox/clock/advance").is_err());
        assert!(check(&Method::PUT, "/v1/content/c").is_err());
    }

    #[test]
    fn the_return_page_takes_navigations_from_other_sites_only() {
        let host = ("host", "127.0.0.1:47821");
        let navigation = headers(&[
            host,
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "navigate"),
            ("sec-fetch-dest", "document"),
        ]);
        assert!(page()
            .check(&Method::GET, "/oauth/return", &navigation, PEER)
            .is_ok());
        // A program (no fetch metadata) too.
        assert!(page()
            .check(&Method::GET, "/oauth/return", &headers(&[host]), PEER)
            .is_ok());
        for refused in [
            headers(&[
                host,
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "no-cors"),
                ("sec-fetch-dest", "image"),
            ]),
            headers(&[
                host,
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-dest", "iframe"),
            ]),
            headers(&[
                host,
                ("origin", "https://evil.example"),
                ("sec-fetch-mode", "cors"),
            ]),
            headers(&[("host", "evil.example:47821")]),
        ] {
            assert!(
                page()
                    .check(&Method::GET, "/oauth/return", &refused, PEER)
                    .is_err(),
                "{refused:?}"
            );
        }
        assert!(page()
            .check(&Method::POST, "/oauth/return", &headers(&[host]), PEER)
            .is_err());
    }
}
