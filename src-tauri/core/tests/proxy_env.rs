//! Proxies from the environment never see the key in clear: a loopback base (the sandbox)
//! goes direct, and any other base is https, which a proxy can only tunnel (CONNECT).
//! reqwest reads the proxy variables from the process environment when a client is built, so
//! this binary holds one test that sets them and checks both cases in turn.

mod fake_server;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fake_server::{json, FakeServer};
use layers_core::api::{parse_base_url, ApiKey, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "lp_test_proxycheck000000_s3cr3tS3cr3tS3cr3t";

/// A proxy that keeps every byte it is sent and answers CONNECT with "200", so a client
/// that tunnels goes on to its TLS handshake through it; after its hello the proxy hangs up.
async fn recording_proxy() -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let mut answered = false;
                loop {
                    let n =
                        match tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
                            .await
                        {
                            Ok(Ok(n)) if n > 0 => n,
                            _ => return,
                        };
                    keep.lock().unwrap().extend_from_slice(&buf[..n]);
                    if answered {
                        // The TLS hello came through the tunnel: enough, hang up.
                        return;
                    }
                    if keep.lock().unwrap().windows(4).any(|w| w == b"\r\n\r\n") {
                        answered = true;
                        let _ = stream
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .await;
                    }
                }
            });
        }
    });
    (url, seen)
}

fn client(base: &str) -> Client {
    Client::new(parse_base_url(base).unwrap(), ApiKey::parse(KEY).unwrap())
        .with_timeout(Duration::from_secs(3))
}

#[tokio::test]
async fn a_proxy_from_the_environment_never_reads_the_key() {
    let (proxy, seen) = recording_proxy().await;
    // Edition 2021: setting the environment is safe; this binary runs no other test.
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
    ] {
        std::env::set_var(var, &proxy);
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    // Loopback: straight to the server, the proxy sees nothing at all.
    let api = FakeServer::start(|_| json(200, r#"{"organizationId":"org_1"}"#)).await;
    client(&api.url)
        .whoami()
        .await
        .expect("loopback goes direct");
    assert_eq!(api.hits("GET", "/v1/whoami"), 1);
    assert!(
        seen.lock().unwrap().is_empty(),
        "the proxy saw loopback traffic: {:?}",
        String::from_utf8_lossy(&seen.lock().unwrap())
    );

    // Elsewhere: the proxy is asked for a tunnel and then sees only TLS bytes.
    let err = client("https://api.layers.invalid")
        .whoami()
        .await
        .expect_err("nobody answers the TLS handshake");
    assert!(err.is_retryable(), "{err:?}");
    let bytes = seen.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.starts_with("CONNECT api.layers.invalid:443 "),
        "the proxy was asked for a tunnel: {text:?}"
    );
    assert!(
        !text.contains("s3cr3t"),
        "the key crossed the proxy in clear"
    );
    assert!(
        !text.contains("/v1/whoami"),
        "the request went in clear: {text:?}"
    );
}
