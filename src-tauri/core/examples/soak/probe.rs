//! What the soak samples about its own process, read from /proc (Linux only).

use std::collections::HashSet;
use std::fs;

/// Resident set size in KiB (`VmRSS` in /proc/self/status).
pub fn rss_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Open file descriptors of this process.
pub fn open_fds() -> usize {
    fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// TCP sockets this process holds whose far end is `port` on this machine: the client's
/// connections to the sandbox. /proc/net/tcp lists the whole network namespace, so a socket
/// counts only when its inode is one of our file descriptors.
pub fn tcp_connections_to(port: u16) -> usize {
    let ours: HashSet<String> = fs::read_dir("/proc/self/fd")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| fs::read_link(e.path()).ok())
        .filter_map(|target| {
            let t = target.to_string_lossy();
            t.strip_prefix("socket:[")
                .and_then(|s| s.strip_suffix(']'))
                .map(str::to_string)
        })
        .collect();
    let remote = format!(":{port:04X}");
    ["/proc/self/net/tcp", "/proc/self/net/tcp6"]
        .iter()
        .filter_map(|path| fs::read_to_string(path).ok())
        .flat_map(|table| {
            table
                .lines()
                .skip(1)
                .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        // Columns: sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode.
        .filter(|cols| cols.len() > 9 && cols[2].ends_with(&remote) && ours.contains(&cols[9]))
        .count()
}
