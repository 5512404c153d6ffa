//! Command-line and environment options of the desktop app.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Start straight into the built-in sandbox (`--sandbox` or `LAYERS_DESK_SANDBOX=1`).
    pub sandbox: bool,
    /// Data folder (`--data-dir DIR` or `LAYERS_DESK_DATA_DIR`); the platform's app data
    /// folder otherwise.
    pub data_dir: Option<PathBuf>,
    /// Loopback address for the built-in sandbox (`--sandbox-addr 127.0.0.1:PORT`); a free
    /// port otherwise. Scripts and tests use it to reach the sandbox's admin routes.
    pub sandbox_addr: Option<SocketAddr>,
}

impl Options {
    /// Whether the e2e suite may drop files through a command (`LAYERS_DESK_E2E_DROPS=1`,
    /// set by the suite when it starts the process; the page cannot set it).
    pub fn e2e_drops() -> bool {
        std::env::var("LAYERS_DESK_E2E_DROPS").is_ok_and(|v| v == "1")
    }

    pub fn from_env() -> Options {
        Options::parse(std::env::args().skip(1), |k| {
            std::env::var(k).ok().filter(|v| !v.is_empty())
        })
    }

    fn parse(args: impl Iterator<Item = String>, env: impl Fn(&str) -> Option<String>) -> Options {
        let mut o = Options {
            sandbox: env("LAYERS_DESK_SANDBOX").is_some_and(|v| v != "0"),
            data_dir: env("LAYERS_DESK_DATA_DIR").map(PathBuf::from),
            sandbox_addr: None,
        };
        let mut args = args.peekable();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--sandbox" => o.sandbox = true,
                "--data-dir" => o.data_dir = args.next().map(PathBuf::from),
                "--sandbox-addr" => o.sandbox_addr = args.next().and_then(|a| a.parse().ok()),
                other => {
                    if let Some(dir) = other.strip_prefix("--data-dir=") {
                        o.data_dir = Some(PathBuf::from(dir));
                    }
                }
            }
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Options {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Options::parse(args.iter().map(|s| s.to_string()), |k| {
            env.iter().find(|(ek, _)| ek == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn flags_and_environment() {
        assert_eq!(parse(&[], &[]), Options::default());
        assert!(parse(&["--sandbox"], &[]).sandbox);
        assert!(parse(&[], &[("LAYERS_DESK_SANDBOX", "1")]).sandbox);
        assert!(!parse(&[], &[("LAYERS_DESK_SANDBOX", "0")]).sandbox);
        assert_eq!(
            parse(&["--data-dir", "/tmp/x"], &[]).data_dir,
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(
            parse(&["--data-dir=/tmp/y"], &[]).data_dir,
            Some(PathBuf::from("/tmp/y"))
        );
        assert_eq!(
            parse(&["--data-dir", "/a"], &[("LAYERS_DESK_DATA_DIR", "/b")]).data_dir,
            Some(PathBuf::from("/a"))
        );
        assert_eq!(
            parse(&["--sandbox-addr", "127.0.0.1:4010"], &[]).sandbox_addr,
            Some("127.0.0.1:4010".parse().unwrap())
        );
    }
}
