//! Sheet rows that make their post from local files: the files are read and grouped in the
//! dry run (a bad or mixed cell named by row and column), the import queues their uploads,
//! and each row's plan is queued once its container exists, then goes out once.

mod common;

use std::time::Duration;

use chrono::Utc;
use common::uploads::{mp4, png, wait_uploads};
use common::{connected_desk, fast_outbox, Running};
use layers_core::model::{ImportRowStatus, PlanState, Severity};

fn sheet(rows: &[String]) -> Vec<u8> {
    let mut text = "files;accounts;caption;date;time;time_zone;tiktok_privacy\r\n".to_string();
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_with_files_upload_first_then_plan_once() {
    let r = Running::start(20).await;
    let (desk, dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let media = dir.path().join("sheet");
    std::fs::create_dir_all(&media).unwrap();
    mp4(&media, "clip.mp4", 4096);
    png(&media, "a.png");
    png(&media, "b.png");
    let day = (Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d");
    let good = [
        "clip.mp4;@maya.wellness;From the sheet ✨;;;;".to_string(),
        format!("a.png|b.png;@mayamovesdaily;Two photos;{day};09:30;Europe/Paris;SELF_ONLY"),
    ];
    let bad = [
        "missing.mp4;@maya.wellness;;;;;".to_string(),
        "clip.mp4|a.png;@maya.wellness;;;;;".to_string(),
    ];
    let all: Vec<String> = good.iter().chain(&bad).cloned().collect();

    let report = desk.check_import(&sheet(&all), Some(&media)).unwrap();
    let errors: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert!(
        errors
            .iter()
            .any(|i| i.path == "rows[4].files" && i.message.contains("missing.mp4")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|i| i.path == "rows[5].files" && i.message.contains("one video")),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(report.rows[0].status, ImportRowStatus::Ready);
    assert_eq!(report.rows[0].files, "clip.mp4");
    // Without the sheet's folder a relative path cannot be read, and says so.
    let lost = desk.check_import(&sheet(&good), None).unwrap();
    assert!(lost
        .issues
        .iter()
        .any(|i| i.path == "rows[2].files" && i.message.contains("relative path")));

    let done = desk.import_plans(&sheet(&good), Some(&media)).unwrap();
    let ids: Vec<(String, String)> = done
        .rows
        .iter()
        .map(|row| {
            (
                row.plan_id.clone().unwrap(),
                row.upload_id.clone().expect("an upload per row"),
            )
        })
        .collect();
    let uploads: Vec<String> = ids.iter().map(|(_, u)| u.clone()).collect();
    let ended = wait_uploads(&desk, &uploads, Duration::from_secs(30)).await;
    assert!(
        ended
            .iter()
            .all(|u| u.state == layers_core::model::UploadState::Done),
        "{ended:#?}"
    );

    // Each plan exists once its upload is done, on the container it made, and goes out.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let plans = loop {
        let all = desk.plans().unwrap();
        let found: Vec<_> = ids
            .iter()
            .filter_map(|(id, _)| all.iter().find(|p| &p.id == id).cloned())
            .collect();
        if found.len() == ids.len()
            && found
                .iter()
                .all(|p| matches!(p.state, PlanState::Accepted | PlanState::Done))
        {
            break found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the plans never went out: {found:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let containers: Vec<String> = ended
        .iter()
        .map(|u| u.container_ids.first().cloned().expect("a container"))
        .collect();
    let ledger = r.ledger().await;
    for (plan, container) in plans.iter().zip(&containers) {
        assert_eq!(&plan.container_id, container);
        let posts: Vec<_> = ledger
            .iter()
            .filter(|p| p["containerId"] == container.as_str())
            .collect();
        assert_eq!(
            posts.len(),
            plan.targets.len(),
            "one post per target: {posts:#?}"
        );
    }
    assert_eq!(ledger.len(), 2);

    // The same sheet again queues nothing and uploads nothing.
    let again = desk.import_plans(&sheet(&good), Some(&media)).unwrap();
    assert!(again
        .rows
        .iter()
        .all(|row| row.status == ImportRowStatus::AlreadyImported && row.upload_id.is_none()));
    assert_eq!(desk.uploads().unwrap().len(), 2);
}
