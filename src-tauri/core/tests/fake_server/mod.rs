//! A scripted HTTP/1.1 server on loopback for answers the sandbox would never give:
//! truncated, oversized, garbled or drip-fed. Each request is answered by a closure and the
//! connection is then closed.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How to answer one request.
pub enum Reply {
    /// These bytes, status line and headers included, then close.
    Raw(Vec<u8>),
    /// The head at once, then the body one byte every `every`.
    Drip {
        head: Vec<u8>,
        body: Vec<u8>,
        every: Duration,
    },
    /// Read the request and never answer.
    Silent,
}

/// A well-formed answer with a JSON (or any) body.
pub fn json(status: u16, body: &str) -> Reply {
    Reply::Raw(with_length(status, body.as_bytes()))
}

pub fn with_length(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = head(status, &format!("Content-Length: {}\r\n", body.len()));
    out.extend_from_slice(body);
    out
}

pub fn head(status: u16, extra_headers: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nConnection: close\r\nX-Request-Id: req_fake\r\n{extra_headers}\r\n"
    )
    .into_bytes()
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path without the query.
    pub path: String,
    pub headers: String,
    pub body: Vec<u8>,
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct FakeServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeServer {
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let seen = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let seen = seen.clone();
                tokio::spawn(async move { serve(stream, handler, seen).await });
            }
        });
        FakeServer {
            url,
            requests,
            task,
        }
    }

    /// How many requests asked for this method and path.
    pub fn hits(&self, method: &str, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, seen: Arc<Mutex<Vec<Request>>>) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    seen.lock().unwrap().push(req.clone());
    // Write errors are expected: the client may hang up on an answer it refuses.
    match handler(&req) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
        }
        Reply::Drip { head, body, every } => {
            if stream.write_all(&head).await.is_err() {
                return;
            }
            for b in body {
                tokio::time::sleep(every).await;
                if stream.write_all(&[b]).await.is_err() {
                    return;
                }
            }
        }
        Reply::Silent => {
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
    }
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.lines();
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let path = target.split('?').next().unwrap_or("").to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        path,
        headers: head,
        body,
    })
}
