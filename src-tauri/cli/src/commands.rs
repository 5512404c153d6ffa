//! What each command does, in terms of core's `Desk`.

use std::process::ExitCode;
use std::time::Duration;

use layers_core::model::{PlanKind, PlanSummary, Severity};
use layers_core::{Desk, DeskError};

use crate::args::{Cli, Command, PlanCommand};
use crate::{import, plan_file, session, upload};

pub async fn run(cli: Cli) -> Result<ExitCode, DeskError> {
    // Parse input before touching the network, so bad input fails fast and offline.
    let file = match &cli.command {
        Command::Plan(PlanCommand::Add { file, .. } | PlanCommand::Validate { file }) => {
            Some(plan_file::read(file)?)
        }
        _ => None,
    };
    if let Command::Upload {
        files,
        caption,
        slideshow,
        ..
    } = &cli.command
    {
        upload::check(files, caption, *slideshow)?;
    }
    // Before opening anything: its point is that the database cannot be opened.
    if let Command::StartFresh = cli.command {
        return start_fresh(cli.data_dir);
    }
    let retry_cap = match cli.command {
        Command::Sync {
            max_retry_wait: Some(s),
            ..
        } => Some(Duration::from_secs(s)),
        _ => None,
    };
    // Listing the projects must not pick one: it asks the API without connecting.
    if let Command::Projects { json } = cli.command {
        return projects(cli.data_dir, cli.base_url, json).await;
    }
    let desk = session::open(cli.data_dir, cli.base_url, cli.project, retry_cap).await?;
    match cli.command {
        Command::Refresh => {
            desk.refresh().await?;
            let project = desk.status()?.connection.ok_or(DeskError::NotConnected)?;
            println!(
                "{} ({}): {} containers, {} accounts",
                project.project_name,
                project.project_id,
                desk.containers()?.len(),
                desk.accounts()?.len()
            );
        }
        Command::Projects { .. } => unreachable!("handled before the session opens"),
        Command::Plan(PlanCommand::Validate { .. }) => {
            let draft = file.expect("parsed above");
            let issues = desk.check_plan(&draft)?;
            println!("{}", to_json(&issues));
            if issues.iter().any(|i| i.severity == Severity::Error) {
                return Ok(ExitCode::from(2));
            }
        }
        Command::Plan(PlanCommand::Add { queue, .. }) => {
            let draft = file.expect("parsed above");
            let plan = if queue {
                desk.queue_plan(draft)?
            } else {
                desk.save_draft(None, draft)?
            };
            println!("{}", plan.id);
        }
        Command::Plan(PlanCommand::Queue { plan_id }) => {
            println!("{}", desk.queue_draft(&plan_id)?.id);
        }
        Command::Queue { json, limit } => {
            let plans = queue(&desk, limit)?;
            if json {
                println!("{}", to_json(&plans));
            } else {
                plans.iter().for_each(print_plan);
            }
        }
        Command::Timeline { plan_id, json } => {
            let events = desk.timeline(&plan_id)?;
            if json {
                println!("{}", to_json(&events));
            } else {
                for e in events {
                    println!("{}  {:<16} {}", e.at, e.kind, e.detail);
                }
            }
        }
        Command::Cancel { scheduled_post_id } => {
            desk.cancel_post(&scheduled_post_id, None).await?;
            println!("canceled {scheduled_post_id}");
        }
        Command::Sync { watch, .. } => sync(&desk, watch).await?,
        Command::Upload {
            files,
            caption,
            slideshow,
            json,
        } => return upload::run(&desk, files, &caption, slideshow, json).await,
        Command::Import {
            file,
            dry_run,
            json,
        } => return import::run(&desk, &file, dry_run, json),
        Command::Export { out } => return import::export(&desk, out),
        Command::StartFresh => unreachable!("handled before the session opens"),
        Command::Handoff {
            container_id,
            phone,
            preview,
        } => {
            if preview {
                println!(
                    "{}",
                    to_json(&desk.handoff_preview(&container_id, phone.as_deref())?)
                );
            } else {
                let sent = desk.send_handoff(&container_id, phone.as_deref()).await?;
                println!(
                    "sent {} media to ****{}",
                    sent.media_count,
                    sent.phone_number_last4.as_deref().unwrap_or("????")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The projects the key sees, the one in use marked, without connecting (so listing them
/// picks none).
async fn projects(
    data_dir: Option<std::path::PathBuf>,
    base_url: Option<String>,
    json: bool,
) -> Result<ExitCode, DeskError> {
    let desk = session::desk(data_dir, None)?;
    let creds = session::credentials(&desk, base_url)?;
    let projects = desk.key_projects(&creds.base_url, &creds.key).await?;
    if json {
        println!("{}", to_json(&projects));
        return Ok(ExitCode::SUCCESS);
    }
    let current = desk.last_project_id()?;
    for p in &projects {
        let mark = if current.as_deref() == Some(p.id.as_str()) {
            "*"
        } else {
            " "
        };
        println!(
            "{mark} {}  {}  customer {}  {}",
            p.id,
            p.name,
            p.customer_external_id.as_deref().unwrap_or("-"),
            p.time_zone.as_deref().unwrap_or("-")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The whole queue a page at a time (or the newest `limit` plans): never cut off silently.
fn queue(desk: &Desk, limit: Option<u32>) -> Result<Vec<PlanSummary>, DeskError> {
    let mut plans = Vec::new();
    let mut after = None;
    loop {
        let want = limit.map_or(layers_core::MAX_PAGE_PLANS, |l| {
            (l - plans.len() as u32).min(layers_core::MAX_PAGE_PLANS)
        });
        let page = desk.plans_page(PlanKind::All, after.as_ref(), want)?;
        plans.extend(page.plans);
        match page.next {
            Some(next) if limit.is_none_or(|l| (plans.len() as u32) < l) => after = Some(next),
            _ => return Ok(plans),
        }
    }
}

/// Moves the folder's database aside (core refuses while another process is using it).
fn start_fresh(data_dir: Option<std::path::PathBuf>) -> Result<ExitCode, DeskError> {
    let dir = session::data_dir(data_dir)?;
    if !layers_core::fresh_start::database_path(&dir).exists() {
        println!("no database in {}; nothing to do", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(kept) = layers_core::fresh_start::start_fresh(&dir)? {
        println!(
            "kept the old database as {}; the next command starts with an empty queue",
            kept.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the outbox until nothing is left to send (or forever with --watch), saying what
/// it is waiting for.
async fn sync(desk: &Desk, watch: bool) -> Result<(), DeskError> {
    // Sending writes beside every plan it takes: the whole file is checked first.
    if let Some(verdict) = desk.check_database()? {
        return Err(DeskError::invalid(
            "database",
            format!("the queue database is damaged ({verdict}); run start-fresh to keep it as a backup and begin again"),
        ));
    }
    desk.start_sending()?;
    let mut said: Option<String> = None;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let status = desk.status()?;
        let line = match (&status.last_sync_error, status.online) {
            (Some(note), _) => Some(note.clone()),
            (None, false) => Some(format!(
                "offline, {} plan(s) and {} upload(s) waiting",
                status.waiting_plans, status.waiting_uploads
            )),
            _ => None,
        };
        if line != said {
            if let Some(l) = &line {
                eprintln!("{l}");
            }
            said = line;
        }
        if !watch && status.waiting_plans == 0 && status.waiting_uploads == 0 {
            println!("nothing left to send");
            return Ok(());
        }
    }
}

fn print_plan(p: &PlanSummary) {
    let done = p
        .targets
        .iter()
        .filter(|t| {
            matches!(
                t.remote_status.as_ref().map(|s| s.as_str()),
                Some("published" | "draft")
            )
        })
        .count();
    println!(
        "{}  {:<16} {:<8} {}/{} posted  {}",
        p.id,
        p.state.as_str(),
        p.action,
        done,
        p.targets.len(),
        p.container_caption
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>()
    );
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("plain data serializes")
}
