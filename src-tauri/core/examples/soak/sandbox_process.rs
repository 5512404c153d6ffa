//! The sandbox as a child process, so the soak's own memory, tasks and sockets are the
//! client's alone (an in-process sandbox would add its ledger of every post to the figures).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct SandboxProcess {
    child: Child,
    pub url: String,
    pub port: u16,
}

impl SandboxProcess {
    /// Starts `layers-sandbox` (built next to this example, or `SOAK_SANDBOX_BIN`) and waits
    /// for the address it listens on.
    pub fn start(tier: &str, publish_delay_ms: u64) -> SandboxProcess {
        let bin = std::env::var_os("SOAK_SANDBOX_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let exe = std::env::current_exe().expect("own path");
                // target/<profile>/examples/soak -> target/<profile>/layers-sandbox
                exe.parent()
                    .and_then(|d| d.parent())
                    .expect("example in target/<profile>/examples")
                    .join("layers-sandbox")
            });
        let mut child = Command::new(&bin)
            .args(["--tier", tier, "--publish-delay-ms"])
            .arg(publish_delay_ms.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e}; build it first: cargo build --release -p layers-sandbox",
                    bin.display()
                )
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("sandbox prints its address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the sandbox: {line:?}"))
            .trim_end_matches('/')
            .to_string();
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the sandbox's url");
        SandboxProcess { child, url, port }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
