//! `layers-desk-cli`: the app's queue and outbox for scripts, cron and CI.
//! Exit codes: 0 done, 2 bad input (the message names the field), 1 anything else.

mod args;
mod commands;
mod import;
mod plan_file;
#[cfg(test)]
mod plan_file_fuzz;
mod session;
mod upload;

use std::process::ExitCode;

use clap::Parser;
use layers_core::DeskError;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LAYERS_DESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = args::Cli::parse();
    match commands::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            let ipc = e.to_ipc();
            match &ipc.field.map(|f| flag_of(&f)) {
                Some(field) if !ipc.message.starts_with(field.as_str()) => {
                    eprintln!("error: {field}: {}", ipc.message)
                }
                _ => eprintln!("error: {}", ipc.message),
            }
            if let DeskError::Rules(issues) = &e {
                for i in issues {
                    eprintln!("  {:?} {}: {} ({})", i.severity, i.path, i.message, i.code);
                }
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

/// Core names the app's form fields; on the command line the same input is a flag or a
/// variable, so the message names that instead.
fn flag_of(field: &str) -> String {
    match field {
        "baseUrl" => "--base-url".into(),
        "apiKey" => "LAYERS_API_KEY".into(),
        "dataDir" => "--data-dir".into(),
        "phoneNumber" => "--phone".into(),
        "project" | "projectId" => "--project".into(),
        other => other.into(),
    }
}

fn exit_code(e: &DeskError) -> u8 {
    match e {
        DeskError::Invalid { .. } | DeskError::Rules(_) => 2,
        DeskError::Api(api) if api.code() == "VALIDATION" => 2,
        _ => 1,
    }
}
