//! `pe-sandbox` binary: runs the PostEverywhere emulator until Ctrl-C.

use clap::Parser;
use layers_sandbox::pe::{PeConfig, PeReadings, PeSandbox, PE_SANDBOX_KEY};
use layers_sandbox::Faults;
use std::io::Write;
use std::net::SocketAddr;

/// Emulator of the PostEverywhere API on loopback.
#[derive(Parser, Debug)]
#[command(name = "pe-sandbox", version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Faults, e.g. latency=50,5xx=0.1,429=0.05,drop_before=0.02,drop_after=0.02
    #[arg(long, default_value = "")]
    faults: Faults,
    /// Milliseconds a destination spends publishing once its time has come.
    #[arg(long, default_value_t = 1500)]
    publish_delay_ms: u64,
    /// Readings of open points, comma-separated (the README lists them).
    #[arg(long, default_value = "")]
    reading: PeReadings,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let sandbox = PeSandbox::start(PeConfig {
        addr: args.addr,
        faults: args.faults,
        publish_delay_ms: args.publish_delay_ms,
        readings: args.reading,
        ..PeConfig::default()
    })
    .await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {} (key {PE_SANDBOX_KEY})", sandbox.url())?;
        out.flush()?;
    }
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
