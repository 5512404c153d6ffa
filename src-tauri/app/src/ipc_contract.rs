//! The names the window may call and listen to, generated into `ui/src/lib/commands.ts` from
//! the command list this crate registers (`generate_handler!` in `lib.rs`) and the event
//! constants. `ipc.ts` types every call with them, so a command renamed or removed here
//! breaks the UI's type check once the file is regenerated, and a stale file fails this
//! test: `UPDATE_BINDINGS=1 cargo test -p layers-desk ipc_contract` rewrites it. (Argument
//! and return types come from core's ts-rs bindings.)

/// The registered commands, in the order `lib.rs` lists them.
fn commands() -> Vec<String> {
    let lib = include_str!("lib.rs");
    let list = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("lib.rs registers its commands with generate_handler!");
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| e.rsplit("::").next().unwrap_or(e).to_string())
        .collect()
}

/// The events the app emits to the window, by the name the UI uses.
fn events() -> [(&'static str, &'static str); 3] {
    [
        ("changed", crate::startup::CHANGED_EVENT),
        ("oauthReturned", crate::oauth_return::OAUTH_RETURNED_EVENT),
        ("openPlace", crate::notifications::OPEN_PLACE_EVENT),
    ]
}

fn render() -> String {
    let mut names = commands();
    names.sort();
    let mut out = String::from(
        "// Generated from src-tauri/app (the commands lib.rs registers, the event names). Do not edit.\n\n",
    );
    out.push_str("export type Command =\n");
    for (i, n) in names.iter().enumerate() {
        let end = if i + 1 == names.len() { ";" } else { "" };
        out.push_str(&format!("  | '{n}'{end}\n"));
    }
    out.push_str("\nexport const EVENTS = {\n");
    for (key, name) in events() {
        out.push_str(&format!("  {key}: '{name}',\n"));
    }
    out.push_str("} as const;\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn ipc_contract_file_is_up_to_date() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/commands.ts");
        layers_core::bindings::keep_in_step(
            &path,
            &super::render(),
            "cargo test -p layers-desk ipc_contract",
        )
        .unwrap();
    }

    #[test]
    fn every_command_is_listed_once() {
        let names = super::commands();
        assert!(names.len() > 40, "{names:?}");
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a command is registered twice");
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }
}
