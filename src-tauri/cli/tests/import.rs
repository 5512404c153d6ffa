//! `layers-desk-cli import` and `export` against the sandbox: a bad row exits 2 naming its
//! row and column with nothing queued; the fixed sheet prints its plan ids; the same sheet
//! again queues nothing; the export holds every plan.

mod support;

use serde_json::Value;
use support::World;

#[tokio::test(flavor = "multi_thread")]
async fn import_checks_every_row_queues_once_and_exports() {
    let w = World::start().await;
    let video = w.container("video");
    let file = w.dir.path().join("plans.csv");
    let write = |rows: &[String]| {
        let mut text = "\u{feff}container,accounts,caption,first_comment\n".to_string();
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(&file, text).unwrap();
    };
    let path = file.to_str().unwrap();

    write(&[
        format!("{video},@maya.wellness,\"Hello, world\",First!"),
        format!("{video},@nobody,,"),
    ]);
    let out = w.run(&["import", path, "--dry-run", "--json"], None);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let issue = &report["issues"][0];
    assert_eq!(issue["path"], "rows[3].accounts", "{report:#}");
    assert!(issue["message"]
        .as_str()
        .unwrap()
        .starts_with("Row 3, accounts: @nobody"));
    let out = w.run(&["import", path], None);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("Row 3, accounts:"), "{}", out.stderr);
    let queue: Value = serde_json::from_str(&w.run(&["queue", "--json"], None).stdout).unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 0, "nothing queued");

    write(&[
        format!("{video},@maya.wellness,\"Hello, world\",First!"),
        format!("{video},@maya.snaps,,"),
    ]);
    let dry = w.run(&["import", path, "--dry-run"], None);
    assert_eq!(dry.code, Some(0), "{}", dry.stderr);
    assert_eq!(
        dry.stdout.lines().filter(|l| l.contains("ready")).count(),
        2,
        "{}",
        dry.stdout
    );
    let out = w.run(&["import", path], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ids: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.starts_with("plan_")), "{ids:?}");
    let again = w.run(&["import", path], None);
    assert_eq!(again.code, Some(0));
    assert_eq!(again.stdout, "", "nothing new");
    assert_eq!(
        again.stderr.matches("imported before").count(),
        2,
        "{}",
        again.stderr
    );

    let exported = w.dir.path().join("out.csv");
    let out = w.run(&["export", "--out", exported.to_str().unwrap()], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.starts_with("container,files,caption,accounts,"),
        "{text}"
    );
    for id in ids {
        assert!(text.contains(id), "{id} in {text}");
    }
    assert!(text.contains("\"Hello, world\""));
}

/// A row with files: the import queues the upload and says its plan waits for it; `sync`
/// uploads the files and sends the plan, which then posts the container they made.
#[tokio::test(flavor = "multi_thread")]
async fn a_row_with_files_uploads_then_its_plan_goes_out_with_sync() {
    let w = World::start().await;
    let media = w.dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(media.join("a.png"), PNG).unwrap();
    let file = media.join("plans.csv");
    std::fs::write(
        &file,
        "files;accounts;caption\na.png;@maya.wellness;From a sheet\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let out = w.run(&["import", path], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("queued once upload upl_"),
        "{}",
        out.stdout
    );
    let queue: Value = serde_json::from_str(&w.run(&["queue", "--json"], None).stdout).unwrap();
    assert_eq!(
        queue.as_array().unwrap().len(),
        0,
        "the plan waits for its upload"
    );

    let sync = w.run(&["sync"], None);
    assert_eq!(sync.code, Some(0), "{}", sync.stderr);
    let queue: Value = serde_json::from_str(&w.run(&["queue", "--json"], None).stdout).unwrap();
    let plans = queue.as_array().unwrap();
    assert_eq!(plans.len(), 1, "{queue:#}");
    let container = plans[0]["containerId"].as_str().unwrap();
    let posts: Value = reqwest::get(format!("{}/_sandbox/posts", w.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let made: Vec<&Value> = posts["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["containerId"] == container)
        .collect();
    assert_eq!(
        made.len(),
        1,
        "one post of the uploaded container: {posts:#}"
    );
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
