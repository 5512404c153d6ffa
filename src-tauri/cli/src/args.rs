//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "layers-desk-cli",
    version,
    about = "Layers Desk's queue and outbox, without a window"
)]
pub struct Cli {
    /// Data folder shared with the app (default: the app's own).
    #[arg(long, env = "LAYERS_DESK_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// API base URL. Default: https://api.layers.com with LAYERS_API_KEY; without it, the
    /// one the app last used, with the key the keychain holds for it.
    #[arg(long, env = "LAYERS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Project id (default: the one last used; when the key sees several and none was used
    /// yet, the command lists them and asks for this).
    #[arg(long, env = "LAYERS_PROJECT_ID", global = true)]
    pub project: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Pull containers, accounts and the music catalog into the local cache.
    Refresh,
    /// The projects the API key sees (the one in use is marked).
    Projects {
        #[arg(long)]
        json: bool,
    },
    /// Plans: add from a file, validate, queue.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The queue: every plan, newest first.
    Queue {
        #[arg(long)]
        json: bool,
        /// At most this many plans (default: all of them, read a page at a time).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        limit: Option<u32>,
    },
    /// Send what is queued and follow the posts.
    Sync {
        /// Exit once nothing is left to send.
        #[arg(long, conflicts_with = "watch")]
        until_idle: bool,
        /// Keep going until interrupted.
        #[arg(long)]
        watch: bool,
        /// The longest wait between two tries of a failing plan, in seconds (default 300).
        /// A script that must finish soon can lower it; the server's Retry-After still wins.
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        max_retry_wait: Option<u64>,
    },
    /// Make content from files: queue them, send them, print the new container id(s).
    /// Each file is a container of its own unless --slideshow; a cut-off upload is finished
    /// by the next `sync`.
    Upload {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The caption of the new container(s) (up to 2,200 characters).
        #[arg(long, default_value = "")]
        caption: String,
        /// The photos (2 to 10) make one slideshow.
        #[arg(long)]
        slideshow: bool,
        #[arg(long)]
        json: bool,
    },
    /// Plans from a CSV sheet (columns in docs/csv-import.md). Every row is checked first;
    /// any error exits 2 with nothing queued. A row imported before is not queued again.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Check every row and print what would be queued; queue nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// The queue and its history as CSV (the import's columns, then plan, status, post_links,
    /// last_error per target), to stdout or --out.
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A plan's timeline, oldest first.
    Timeline {
        plan_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Keep an unreadable database (damaged, or from a newer version) as a backup beside
    /// itself, named `<file>.bad-<time>`, so the next command starts with an empty queue.
    StartFresh,
    /// Cancel a sent post that is still queued on the server.
    Cancel { scheduled_post_id: String },
    /// "Text me this post": the container's media, caption and posting instructions by SMS.
    Handoff {
        container_id: String,
        /// Destination in E.164 (default: the API key owner's verified phone).
        #[arg(long)]
        phone: Option<String>,
        /// Show what would be sent, without sending.
        #[arg(long)]
        preview: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add a plan from a file (`-` for standard input); prints its id. Kept as a draft unless --queue.
    Add {
        file: String,
        #[arg(long)]
        queue: bool,
    },
    /// Check a plan file against the rules; prints the issues as JSON, exits 0 when none is an error.
    Validate { file: String },
    /// Queue a draft by id.
    Queue { plan_id: String },
}
