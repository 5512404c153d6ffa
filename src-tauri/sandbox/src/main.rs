//! `layers-sandbox` binary: runs the emulator until Ctrl-C.

use clap::Parser;
use layers_sandbox::{Faults, Readings, Sandbox, SandboxConfig, Tier};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Stateful emulator of the Layers partner API on loopback.
#[derive(Parser, Debug)]
#[command(name = "layers-sandbox", version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Rate-limit tier: standard, pilot or partner.
    #[arg(long, default_value = "standard")]
    tier: Tier,
    /// Faults, e.g. latency=50,5xx=0.1,429=0.05,drop_before=0.02,drop_after=0.02
    #[arg(long, default_value = "")]
    faults: Faults,
    /// Sandbox milliseconds each publisher step takes.
    #[arg(long, default_value_t = 1500)]
    publish_delay_ms: u64,
    /// Readings of open points to serve instead of the default, comma-separated
    /// (e.g. server-post-ids,earlier-enums); the README lists them.
    #[arg(long, default_value = "")]
    reading: Readings,
    /// Start with posts a teammate scheduled elsewhere (a team's calendar).
    #[arg(long)]
    team_posts: bool,
    /// Keep state in this JSON file across restarts.
    #[arg(long)]
    state: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = SandboxConfig {
        addr: args.addr,
        tier: args.tier,
        faults: args.faults,
        publish_delay_ms: args.publish_delay_ms,
        readings: args.reading,
        team_posts: args.team_posts,
    };
    let sandbox = match args.state {
        Some(path) => Sandbox::start_with_state_file(config, path).await?,
        None => Sandbox::start(config).await?,
    };
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", sandbox.url())?;
        out.flush()?;
    }
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
