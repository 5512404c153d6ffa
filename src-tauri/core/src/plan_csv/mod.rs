//! Plans to and from a spreadsheet (CSV): read a sheet (`sheet`), make each row a plan
//! draft with its problems named by row and column (`rows`), and write the queue back out
//! in the same columns (`export`).

pub mod export;
pub mod rows;
pub mod sheet;

/// The columns an import reads, in the order an export writes them.
pub const COLUMNS: &[&str] = &[
    "container",
    "files",
    "caption",
    "accounts",
    "mode",
    "date",
    "time",
    "time_zone",
    "first_comment",
    "tiktok_privacy",
    "tiktok_music",
    "reel_to_grid",
];

/// What an export adds after them; an import reads past these without a word.
pub const EXPORT_COLUMNS: &[&str] = &["plan", "status", "post_links", "last_error"];

/// Separates several values in one cell (accounts, files, and an export's per-target columns).
pub const LIST_SEPARATOR: char = '|';
