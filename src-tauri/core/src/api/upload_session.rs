//! Reading the answer of `POST /v1/projects/:id/content/uploads`. The docs name what it
//! carries (containers, a presigned PUT URL per file, an expiry) but not its fields, so
//! each reading that fits those words is accepted (docs/api-open-points.md,
//! `upload-session-shape`): per-file entries at the top (`files`, `uploads`) or under each
//! container (`containers[].files`), the URL as `uploadUrl`, `putUrl`, `presignedUrl`,
//! `signedUrl` or `url`, and the container on the entry, its parent, or a top-level list.

use serde_json::Value;

use crate::media_rules::Grouping;

/// Where one file's bytes go, and the container it becomes (part of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservedFile {
    pub container_id: String,
    pub upload_url: String,
    /// Headers the server asks to be sent with the PUT, besides `Content-Type`.
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSession {
    pub expires_at: Option<String>,
    /// In the order of the files sent.
    pub files: Vec<ReservedFile>,
}

const URL_FIELDS: &[&str] = &["uploadUrl", "putUrl", "presignedUrl", "signedUrl", "url"];
const CONTAINER_FIELDS: &[&str] = &["containerId", "contentId", "contentItemId"];

fn text<'a>(v: &'a Value, fields: &[&str]) -> Option<&'a str> {
    fields
        .iter()
        .find_map(|f| v.get(*f).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
}

/// One per-file entry, with the container its parent (if any) names.
struct Entry<'a> {
    value: &'a Value,
    parent_container: Option<&'a str>,
}

fn entries(answer: &Value) -> Vec<Entry<'_>> {
    for field in ["files", "uploads", "items"] {
        if let Some(list) = answer.get(field).and_then(Value::as_array) {
            return list
                .iter()
                .map(|value| Entry {
                    value,
                    parent_container: None,
                })
                .collect();
        }
    }
    let Some(containers) = answer.get("containers").and_then(Value::as_array) else {
        return Vec::new();
    };
    containers
        .iter()
        .flat_map(|c| {
            let id = text(c, CONTAINER_FIELDS).or_else(|| text(c, &["id"]));
            let files = ["files", "uploads"]
                .iter()
                .find_map(|f| c.get(*f).and_then(Value::as_array));
            match files {
                Some(list) => list
                    .iter()
                    .map(|value| Entry {
                        value,
                        parent_container: id,
                    })
                    .collect::<Vec<_>>(),
                // A container entry that is itself the file's (one file per container).
                None => vec![Entry {
                    value: c,
                    parent_container: id,
                }],
            }
        })
        .collect()
}

/// Reads the session for `filenames` (the files sent, in order). The error says what is
/// missing, for the upload's last error and the log.
pub fn read(
    answer: &Value,
    filenames: &[String],
    grouping: Grouping,
) -> Result<UploadSession, String> {
    let found = entries(answer);
    if found.len() != filenames.len() {
        return Err(format!(
            "the upload session lists {} file(s) for the {} sent",
            found.len(),
            filenames.len()
        ));
    }
    // Entries that all name a distinct file are matched by name; otherwise by order.
    let names: Vec<Option<&str>> = found
        .iter()
        .map(|e| text(e.value, &["filename", "fileName", "name"]))
        .collect();
    let by_name = names.iter().all(Option::is_some) && {
        let mut sorted: Vec<&str> = names.iter().flatten().copied().collect();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.len() == found.len() && filenames.iter().all(|f| names.contains(&Some(f.as_str())))
    };
    let top_ids: Vec<&str> = answer
        .get("containerIds")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .or_else(|| text(answer, &["containerId"]).map(|id| vec![id]))
        .unwrap_or_default();
    let expires_at = text(answer, &["expiresAt", "expires_at"]).map(str::to_string);
    let mut files = Vec::with_capacity(filenames.len());
    for (i, filename) in filenames.iter().enumerate() {
        let entry = if by_name {
            let at = names
                .iter()
                .position(|n| *n == Some(filename.as_str()))
                .unwrap_or(i);
            &found[at]
        } else {
            &found[i]
        };
        let upload_url = text(entry.value, URL_FIELDS)
            .ok_or_else(|| format!("the upload session gives no upload URL for {filename}"))?;
        let container_id = text(entry.value, CONTAINER_FIELDS)
            .or(entry.parent_container)
            .or_else(|| match grouping {
                Grouping::PerFile => top_ids.get(i).copied(),
                Grouping::Slideshow => top_ids.first().copied(),
            })
            .ok_or_else(|| format!("the upload session names no container for {filename}"))?;
        let headers = entry
            .value
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
                    .collect()
            })
            .unwrap_or_default();
        files.push(ReservedFile {
            container_id: container_id.to_string(),
            upload_url: upload_url.to_string(),
            headers,
        });
    }
    let distinct = {
        let mut ids: Vec<&str> = files.iter().map(|f| f.container_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let expected = match grouping {
        Grouping::PerFile => filenames.len(),
        Grouping::Slideshow => 1,
    };
    if distinct != expected {
        return Err(format!(
            "the upload session names {distinct} container(s) where {} grouping makes {expected}",
            grouping.as_str()
        ));
    }
    Ok(UploadSession { expires_at, files })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn nested_under_containers() {
        let answer = json!({
            "expiresAt": "2026-12-03T12:00:00Z",
            "containers": [{"containerId": "cnt_1", "files": [
                {"filename": "b.png", "uploadUrl": "https://s/b"},
                {"filename": "a.png", "uploadUrl": "https://s/a", "headers": {"x-amz-acl": "private", "Content-Type": "no"}}
            ]}]
        });
        let s = read(&answer, &names(&["a.png", "b.png"]), Grouping::Slideshow).unwrap();
        assert_eq!(s.expires_at.as_deref(), Some("2026-12-03T12:00:00Z"));
        assert_eq!(s.files[0].upload_url, "https://s/a", "matched by name");
        assert_eq!(s.files[0].headers, [("x-amz-acl".into(), "private".into())]);
        assert!(s.files.iter().all(|f| f.container_id == "cnt_1"));
    }

    #[test]
    fn flat_entries_and_top_level_ids() {
        let flat = json!({"uploads": [
            {"containerId": "cnt_1", "putUrl": "https://s/1"},
            {"contentId": "cnt_2", "presignedUrl": "https://s/2"}
        ]});
        let s = read(&flat, &names(&["x.mp4", "y.png"]), Grouping::PerFile).unwrap();
        assert_eq!(s.files[1].container_id, "cnt_2");
        let top = json!({"containerIds": ["cnt_1", "cnt_2"], "files": [{"url": "https://s/1"}, {"url": "https://s/2"}]});
        let s = read(&top, &names(&["x.mp4", "x.mp4"]), Grouping::PerFile).unwrap();
        assert_eq!(s.files[1].container_id, "cnt_2", "same names: by order");
        let one = json!({"containers": [{"id": "cnt_9", "uploadUrl": "https://s/9"}]});
        assert_eq!(
            read(&one, &names(&["v.mov"]), Grouping::PerFile)
                .unwrap()
                .files[0]
                .container_id,
            "cnt_9"
        );
    }

    #[test]
    fn an_answer_that_does_not_add_up_is_refused() {
        let short = json!({"files": [{"containerId": "c", "uploadUrl": "u"}]});
        assert!(read(&short, &names(&["a", "b"]), Grouping::PerFile)
            .unwrap_err()
            .contains("1 file(s) for the 2 sent"));
        let no_url = json!({"files": [{"containerId": "c"}]});
        assert!(read(&no_url, &names(&["a"]), Grouping::PerFile)
            .unwrap_err()
            .contains("no upload URL for a"));
        let shared = json!({"containerId": "c", "files": [{"url": "u1"}, {"url": "u2"}]});
        assert!(read(&shared, &names(&["a", "b"]), Grouping::PerFile)
            .unwrap_err()
            .contains("no container for b"));
        let same = json!({"files": [{"containerId": "c", "url": "u1"}, {"containerId": "c", "url": "u2"}]});
        assert!(read(&same, &names(&["a", "b"]), Grouping::PerFile)
            .unwrap_err()
            .contains("1 container(s) where per-file grouping makes 2"));
        assert!(read(&shared, &names(&["a", "b"]), Grouping::Slideshow).is_ok());
    }
}
