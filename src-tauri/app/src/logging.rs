//! Logs: to stderr, and to daily files in the log folder (a week of them is kept), so a
//! user can send what happened. The API key is never part of what is logged.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

const KEEP_FILES: usize = 7;

/// Starts logging. `LAYERS_DESK_LOG=debug` for more. The guard flushes the file on drop:
/// keep it for the life of the app. Without a usable folder, logs go to stderr only.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    let filter =
        || EnvFilter::try_from_env("LAYERS_DESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // Owner-only, like the data folder: the log files inside take the umask's rights.
    let appender = layers_core::store::create_private_dir(dir)
        .ok()
        .and_then(|_| {
            Builder::new()
                .rotation(Rotation::DAILY)
                .filename_prefix("layers-desk")
                .filename_suffix("log")
                .max_log_files(KEEP_FILES)
                .build(dir)
                .ok()
        });
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    match appender {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            let _ = tracing_subscriber::registry()
                .with(stderr)
                .with(file)
                .try_init();
            Some(guard)
        }
        None => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            None
        }
    }
}
