//! The key in LAYERS_API_KEY never goes to the base URL the data folder remembers. The
//! reproduction: a script connects once to its own server (so the folder remembers it), that
//! server is replaced by a listener, and the user's next run with their key from the
//! environment and no base URL must not reach the listener.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use layers_sandbox::{Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const USER_KEY: &str = "lp_live_usersownkey00000_s3cr3tS3cr3tS3cr3t";

/// Keeps every byte sent to `addr`; when `tunnel`, answers a CONNECT and hangs up after the
/// next read (a TLS hello), so a client fails fast instead of waiting.
async fn record(addr: SocketAddr, tunnel: bool) -> (SocketAddr, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind(addr).await.unwrap();
    let bound = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let mut answered = false;
                while let Ok(Ok(n)) =
                    tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await
                {
                    if n == 0 || answered {
                        return;
                    }
                    keep.lock().unwrap().extend_from_slice(&buf[..n]);
                    if tunnel {
                        answered = true;
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await;
                    } else {
                        let _ = stream
                            .write_all(b"HTTP/1.1 401 X\r\nContent-Length: 0\r\n\r\n")
                            .await;
                        return;
                    }
                }
            });
        }
    });
    (bound, seen)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_from_the_environment_never_goes_to_a_remembered_url() {
    let dir = tempfile::tempdir().unwrap();
    // The script's own server, reached once with its own key: the folder now remembers it.
    let theirs = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let fixture = serde_json::to_value(theirs.fixture()).unwrap();
    let their_key = fixture["apiKeys"][0]["key"].as_str().unwrap().to_string();
    let out = support::run(
        {
            let mut c = std::process::Command::new(support::BIN);
            c.args(["queue"])
                .env("LAYERS_DESK_DATA_DIR", dir.path())
                .env("LAYERS_BASE_URL", theirs.url())
                .env("LAYERS_API_KEY", &their_key)
                // The key sees two projects: a script names one (it is remembered after).
                .env("LAYERS_PROJECT_ID", fixture["projectId"].as_str().unwrap());
            c
        },
        None,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let remembered = theirs.addr();
    theirs.shutdown().await;
    let (_, listener) = record(remembered, false).await;

    // The user's run: their key from the environment, no base URL. It goes to the Layers
    // API (here through a recording proxy, since this machine reaches no API), not to the
    // remembered listener.
    let (proxy_addr, proxy) = record("127.0.0.1:0".parse().unwrap(), true).await;
    let mut c = std::process::Command::new(support::BIN);
    c.args(["queue"])
        .env("LAYERS_DESK_DATA_DIR", dir.path())
        .env_remove("LAYERS_BASE_URL")
        .env_remove("LAYERS_PROJECT_ID")
        .env("LAYERS_API_KEY", USER_KEY)
        .env("HTTPS_PROXY", format!("http://{proxy_addr}"))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    let out = support::run(c, None);
    assert_ne!(out.code, Some(0), "nobody answered: {}", out.stdout);

    let at_listener = listener.lock().unwrap().clone();
    assert!(
        at_listener.is_empty(),
        "the remembered URL was reached: {:?}",
        String::from_utf8_lossy(&at_listener)
    );
    let at_proxy = String::from_utf8_lossy(&proxy.lock().unwrap()).to_string();
    assert!(
        at_proxy.starts_with("CONNECT api.layers.com:443 "),
        "the key went to the Layers API: {at_proxy:?}"
    );
    for text in [&at_proxy, &out.stderr, &out.stdout] {
        assert!(!text.contains("s3cr3t"), "the key is in {text:?}");
    }
}
