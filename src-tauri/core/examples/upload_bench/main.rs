//! Upload benchmark: a 100 MB video through the desk's upload queue (reserve, streamed PUT,
//! finalize) against a bare reqwest PUT of the same file to the same sandbox, in the same
//! run, alternating, three times each; and this process's RSS while the desk uploads (the
//! bytes must stream, not sit in memory). It prints figures; it does not assert.
//!
//! cargo build --release -p layers-sandbox
//! cargo run --release -p layers-core --example upload_bench -- [megabytes]

#[allow(dead_code)]
#[path = "../soak/probe.rs"]
mod probe;
#[allow(dead_code)]
#[path = "../soak/sandbox_process.rs"]
mod sandbox_process;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use layers_core::media_rules::Grouping;
use layers_core::model::UploadState;
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::MemoryKeyStore;
use layers_core::{Desk, UploadBatch};
use sandbox_process::SandboxProcess;
use serde_json::{json, Value};

const RUNS: usize = 3;

fn video(dir: &Path, bytes: u64) -> PathBuf {
    use std::io::Write;
    let path = dir.join("bench.mp4");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom").unwrap();
    let chunk = vec![7u8; 1 << 20];
    let mut left = bytes - 24;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        f.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    path
}

/// The floor: a reservation by hand, then the same file streamed by plain reqwest.
async fn bare_put(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    project: &str,
    path: &Path,
    size: u64,
) -> Duration {
    let body = json!({"files": [{"filename": "bench.mp4", "contentType": "video/mp4", "sizeBytes": size}], "grouping": "per-file"});
    let session: Value = http
        .post(format!("{base}/v1/projects/{project}/content/uploads"))
        .bearer_auth(key)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = session["containers"][0]["files"][0]["uploadUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let started = Instant::now();
    let file = tokio::fs::File::open(path).await.unwrap();
    let stream = tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024);
    let resp = http
        .put(url)
        .header("content-type", "video/mp4")
        .header("content-length", size)
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "bare PUT: {}", resp.status());
    started.elapsed()
}

/// The desk: queued, then sent by the outbox; timed from the first byte out to the file's
/// PUT done, as the bare one is; the whole upload (reserve to finalize) is printed too.
async fn desk_upload(desk: &Desk, path: &Path, peak_rss: &AtomicU64) -> (Duration, Duration) {
    let queued = Instant::now();
    let id = desk
        .queue_uploads(
            &[UploadBatch {
                files: vec![path.to_path_buf()],
                grouping: Grouping::PerFile,
            }],
            "bench",
        )
        .unwrap()
        .remove(0);
    let mut first_byte: Option<Instant> = None;
    let mut sent: Option<Instant> = None;
    loop {
        let u = desk.upload(&id).unwrap();
        peak_rss.fetch_max(probe::rss_kib(), Ordering::Relaxed);
        if first_byte.is_none() && u.files[0].sent_bytes > 0 {
            first_byte = Some(Instant::now());
        }
        if sent.is_none() && u.files[0].sent {
            sent = Some(Instant::now());
        }
        match u.state {
            UploadState::Done => break,
            UploadState::Failed | UploadState::Canceled => {
                panic!("upload ended {:?}: {:?}", u.state, u.last_error)
            }
            _ => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
    let total = queued.elapsed();
    let put = sent.unwrap() - first_byte.unwrap_or(queued);
    (put, total)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let mb: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let size = mb * 1_000_000;
    let sandbox = SandboxProcess::start("partner", 20);
    let fixture: Value = reqwest::get(format!("{}/_sandbox/fixture", sandbox.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = fixture["apiKeys"][0]["key"].as_str().unwrap().to_string();
    let project = fixture["projectId"].as_str().unwrap().to_string();
    let files = tempfile::tempdir().unwrap();
    let path = video(files.path(), size);
    let data = tempfile::tempdir().unwrap();
    let desk = Desk::open(
        data.path(),
        OutboxConfig {
            undo_window: Duration::ZERO,
            ..OutboxConfig::default()
        },
    )
    .unwrap();
    desk.connect(
        &sandbox.url,
        &key,
        true,
        Some(&project),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();

    // Warm both paths once (connections, page cache), then measure.
    bare_put(&http, &sandbox.url, &key, &project, &path, size).await;
    let peak = AtomicU64::new(0);
    desk_upload(&desk, &path, &peak).await;
    let before = probe::rss_kib();
    peak.store(before, Ordering::Relaxed);
    let (mut bare, mut ours, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let b = bare_put(&http, &sandbox.url, &key, &project, &path, size).await;
        let (d, t) = desk_upload(&desk, &path, &peak).await;
        let mbps = |d: Duration| size as f64 / 1e6 / d.as_secs_f64();
        println!(
            "  run {}: bare PUT {:.2} s ({:.0} MB/s); desk PUT {:.2} s ({:.0} MB/s), whole upload {:.2} s",
            run + 1,
            b.as_secs_f64(),
            mbps(b),
            d.as_secs_f64(),
            mbps(d),
            t.as_secs_f64()
        );
        bare.push(mbps(b));
        ours.push(mbps(d));
        whole.push(mbps(t));
    }
    let (bare, ours, whole) = (median(bare), median(ours), median(whole));
    let grown = peak.load(Ordering::Relaxed).saturating_sub(before) as f64 / 1024.0;
    println!("upload of {mb} MB, median of {RUNS}:");
    println!("  bare reqwest PUT (floor): {bare:.0} MB/s");
    println!(
        "  desk upload queue PUT:    {ours:.0} MB/s  ratio {:.2} (target >= 0.8)",
        ours / bare
    );
    println!(
        "  desk whole upload (reserve, PUT, finalize, cache): {whole:.0} MB/s  ratio {:.2}",
        whole / bare
    );
    println!(
        "  RSS before {:.1} MiB, peak while uploading {:.1} MiB: grew {grown:.1} MiB (target < 20 MiB)",
        before as f64 / 1024.0,
        peak.load(Ordering::Relaxed) as f64 / 1024.0
    );
}
