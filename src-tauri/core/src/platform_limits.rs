//! What the networks themselves take in a caption. The Layers API passes a caption on as it
//! is, so one the network refuses fails there, after the plan was sent; the rules warn about
//! it before. Counted as the network counts: Unicode characters, and `#tags`.

use std::sync::LazyLock;

use regex::Regex;

/// The longest caption each network publishes.
const CAPTION_CHARS: [(&str, &str, usize); 2] =
    [("instagram", "Instagram", 2200), ("tiktok", "TikTok", 2200)];
/// Instagram refuses a post with more hashtags than this.
const INSTAGRAM_HASHTAGS: usize = 30;
/// Instagram's content publishing refuses a caption tagging more accounts than this (its own
/// Graph API docs; the Layers docs do not say).
const INSTAGRAM_MENTIONS: usize = 20;

static HASHTAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#[\p{L}\p{N}_]+").expect("a valid pattern"));
/// An @handle at the start or after a non-word character (so an e-mail address is none).
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\p{N}_.@])@[A-Za-z0-9_.]+").expect("a valid pattern")
});

/// Each way `caption` is too much for `platform`, as (code, message).
pub fn caption_problems(platform: &str, caption: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some((_, name, max)) = CAPTION_CHARS.iter().find(|(p, _, _)| *p == platform) {
        let n = caption.chars().count();
        if n > *max {
            out.push((
                "CAPTION_TOO_LONG_FOR_PLATFORM",
                format!(
                    "{name} takes captions of at most {max} characters and this one has {n}: the post would fail there (write a shorter caption for this account)"
                ),
            ));
        }
    }
    if platform == "instagram" {
        let mentions = MENTION.find_iter(caption).count();
        if mentions > INSTAGRAM_MENTIONS {
            out.push((
                "TOO_MANY_MENTIONS",
                format!(
                    "Instagram takes at most {INSTAGRAM_MENTIONS} @mentions and this caption has {mentions}: the post would fail there"
                ),
            ));
        }
        let tags = HASHTAG.find_iter(caption).count();
        if tags > INSTAGRAM_HASHTAGS {
            out.push((
                "TOO_MANY_HASHTAGS",
                format!(
                    "Instagram takes at most {INSTAGRAM_HASHTAGS} hashtags and this caption has {tags}: the post would fail there"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::caption_problems;

    #[test]
    fn each_network_gets_its_own_limits() {
        let long = "é".repeat(2201);
        assert_eq!(caption_problems("instagram", &"a".repeat(2200)), vec![]);
        assert_eq!(
            caption_problems("instagram", &long)[0].0,
            "CAPTION_TOO_LONG_FOR_PLATFORM"
        );
        assert!(caption_problems("tiktok", &long)[0]
            .1
            .starts_with("TikTok takes"));
        assert_eq!(
            caption_problems("youtube", &long),
            vec![],
            "no limit known: no warning"
        );

        let tags = |n: usize| {
            (0..n)
                .map(|i| format!("#tag{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(caption_problems("instagram", &tags(30)), vec![]);
        let many = caption_problems("instagram", &tags(31));
        assert_eq!(many[0].0, "TOO_MANY_HASHTAGS");
        assert!(many[0].1.contains("has 31"), "{}", many[0].1);
        assert_eq!(
            caption_problems("tiktok", &tags(31)),
            vec![],
            "TikTok has no tag limit here"
        );
        let mentions = |n: usize| {
            (0..n)
                .map(|i| format!("@friend{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(caption_problems("instagram", &mentions(20)), vec![]);
        assert_eq!(
            caption_problems("instagram", &mentions(21))[0].0,
            "TOO_MANY_MENTIONS"
        );
        // An e-mail address tags no one.
        let mails = format!("{} write to a@b.co", mentions(20));
        assert_eq!(caption_problems("instagram", &mails), vec![]);
        // Tags written together still count one by one; a lone # is no tag.
        assert_eq!(
            caption_problems("instagram", &format!("{}#a#b #", tags(29)))[0].0,
            "TOO_MANY_HASHTAGS"
        );
    }
}
