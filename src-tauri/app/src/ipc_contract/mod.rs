//! The IPC contract, generated into `ui/src/lib/commands.ts`: every command `lib.rs`
//! registers (`generate_handler!`) with the arguments and return type its Rust signature
//! has, and every event with its payload. `ipc.ts` types each call with it, so a command,
//! argument or return type changed here breaks the UI's type check once the file is
//! regenerated, and a stale file fails this test: `UPDATE_BINDINGS=1 cargo test -p
//! layers-desk ipc_contract` rewrites it. The named types come from core's ts-rs bindings.

mod signatures;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use layers_core::model::{ChangeEvent, DropHover, DroppedFiles, PickedSheet, Place};
use ts_rs::TS;

use signatures::Signature;

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/app/src")
}

/// The registered commands as (module, name), in the order `lib.rs` lists them.
fn commands() -> Vec<(String, String)> {
    let lib = include_str!("../lib.rs");
    let list = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("lib.rs registers its commands with generate_handler!");
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| match e.rsplit_once("::") {
            Some((module, name)) => (module.to_string(), name.to_string()),
            None => ("lib".to_string(), e.to_string()),
        })
        .collect()
}

/// The events the app emits to the window: the name the UI uses, the event, its payload.
fn events() -> [(&'static str, &'static str, String); 6] {
    let cfg = layers_core::bindings::config();
    [
        (
            "changed",
            crate::startup::CHANGED_EVENT,
            ChangeEvent::name(&cfg),
        ),
        (
            "oauthReturned",
            crate::oauth_return::OAUTH_RETURNED_EVENT,
            String::name(&cfg),
        ),
        (
            "openPlace",
            crate::notifications::OPEN_PLACE_EVENT,
            Place::name(&cfg),
        ),
        (
            "filesDropped",
            crate::upload_commands::FILES_DROPPED_EVENT,
            DroppedFiles::name(&cfg),
        ),
        (
            "dropHover",
            crate::upload_commands::DROP_HOVER_EVENT,
            DropHover::name(&cfg),
        ),
        (
            "sheetDropped",
            crate::import_commands::SHEET_DROPPED_EVENT,
            PickedSheet::name(&cfg),
        ),
    ]
}

fn signatures(dir: &Path, types: &mut BTreeSet<String>) -> Result<Vec<Signature>, String> {
    let mut out = Vec::new();
    for (module, name) in commands() {
        let path = dir.join(format!("{module}.rs"));
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        out.push(signatures::read(&source, &name, types)?);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn render() -> Result<String, String> {
    let mut types = BTreeSet::new();
    let commands = signatures(&src_dir(), &mut types)?;
    let events = events();
    for (_, _, payload) in &events {
        if payload.starts_with(char::is_uppercase) {
            types.insert(payload.clone());
        }
    }
    let mut out = String::from(
        "// Generated from src-tauri/app (the commands lib.rs registers, their signatures, the events). Do not edit.\n\n",
    );
    let names: Vec<&str> = types.iter().map(String::as_str).collect();
    out.push_str(&format!(
        "import type {{ {} }} from './bindings';\n\n",
        names.join(", ")
    ));
    out.push_str(
        "/** Every command the window may call: the arguments it sends, what it gets back. */\n",
    );
    out.push_str("export interface Commands {\n");
    for c in &commands {
        let args = if c.args.is_empty() {
            "Record<never, never>".to_string()
        } else {
            let fields: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; returns: {} }};\n",
            c.name, c.returns
        ));
    }
    out.push_str("}\n\nexport type Command = keyof Commands;\n");
    out.push_str("\nexport const EVENTS = {\n");
    for (key, name, _) in &events {
        out.push_str(&format!("  {key}: '{name}',\n"));
    }
    out.push_str(
        "} as const;\n\n/** What each event carries. */\nexport interface EventPayloads {\n",
    );
    for (key, _, payload) in &events {
        out.push_str(&format!("  {key}: {payload};\n"));
    }
    out.push_str("}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn ipc_contract_file_is_up_to_date() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/commands.ts");
        layers_core::bindings::keep_in_step(
            &path,
            &super::render().unwrap(),
            "cargo test -p layers-desk ipc_contract",
        )
        .unwrap();
    }

    #[test]
    fn every_command_is_listed_once() {
        let names: Vec<String> = super::commands().into_iter().map(|(_, n)| n).collect();
        assert!(names.len() > 40, "{names:?}");
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a command is registered twice");
        assert!(names.iter().all(|n| n
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
    }
}
