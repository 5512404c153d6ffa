//! The status words of posts, accounts and containers as the API reports them, and the kinds
//! of timeline events. Each is an enum of the words this version acts on, plus `Other` that
//! keeps any word it does not know as sent: a new status on the server is shown, never an
//! error. (The wire layer maps the earlier revision's spellings onto today's first.)

/// Declares an open word set: serde, TypeScript and SQLite see the plain words (`Other` as
/// any string).
macro_rules! open_words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant,)+
            /// A word this version does not know, kept as it came.
            #[serde(untagged)]
            Other(String),
        }

        impl $name {
            pub fn parse(word: &str) -> $name {
                match word {
                    $($word => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $word,)+
                    $name::Other(word) => word,
                }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, word: &&str) -> bool {
                self.as_str() == *word
            }
        }

        impl From<&str> for $name {
            fn from(word: &str) -> $name {
                $name::parse(word)
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value.as_str().map($name::parse)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_words! {
    /// Where one scheduled post is on the server.
    PostStatus {
        Queued = "queued",
        /// Held until its container is approved.
        BlockedOnApproval = "blocked_on_approval",
        Publishing = "publishing",
        Published = "published",
        /// Delivered to the creator's phone to finish there (final from the API's side).
        Draft = "draft",
        Failed = "failed",
        Canceled = "canceled",
        /// Ours, not the API's: the deadline passed before the post reported a final status.
        Unconfirmed = "unconfirmed",
    }
}

impl PostStatus {
    /// The post will not move again on its own.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            PostStatus::Published | PostStatus::Draft | PostStatus::Failed | PostStatus::Canceled
        )
    }
}

open_words! {
    /// Whether a social account can be published to.
    AccountStatus {
        Connected = "connected",
        /// The platform token went bad; reconnecting rotates it.
        ReauthRequired = "reauth_required",
        Revoked = "revoked",
    }
}

open_words! {
    /// Whether a container's media is ready.
    ContainerStatus {
        Processing = "processing",
        /// Ready to publish.
        Completed = "completed",
        Failed = "failed",
    }
}

open_words! {
    /// A container's place in the project's review.
    ApprovalStatus {
        NotRequired = "not_required",
        Pending = "pending",
        Approved = "approved",
        AutoApproved = "auto_approved",
        Rejected = "rejected",
    }
}

open_words! {
    /// What a timeline entry records. Entries written by older versions may carry other words.
    EventKind {
        Drafted = "drafted",
        Queued = "queued",
        Sending = "sending",
        Accepted = "accepted",
        Retry = "retry",
        Looked = "looked",
        Requeued = "requeued",
        Canceled = "canceled",
        Rejected = "rejected",
        WaitingApproval = "waiting_approval",
        WaitingAccount = "waiting_account",
        AccountReconnected = "account_reconnected",
        NeedsDecision = "needs_decision",
        /// A post's status changed on the server.
        Status = "status",
        Rescheduled = "rescheduled",
        /// A move of sent posts written down, not yet confirmed by the API.
        MoveQueued = "move_queued",
        /// The API would not move a post; it stays at its time.
        MoveRefused = "move_refused",
        /// Accounts of a refused plan sent on their own.
        SplitOff = "split_off",
        /// A failed post sent again as a plan of its own.
        SentAgain = "sent_again",
        Reconciled = "reconciled",
        Unconfirmed = "unconfirmed",
        Done = "done",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words_read_back_and_unknown_words_are_kept() {
        assert_eq!(PostStatus::parse("published"), PostStatus::Published);
        assert_eq!(PostStatus::Published.as_str(), "published");
        let new = PostStatus::parse("archived");
        assert_eq!(new, PostStatus::Other("archived".into()));
        assert_eq!(new.as_str(), "archived");
        assert!(!new.is_final());
        // serde: the plain word both ways, an unknown one too.
        assert_eq!(
            serde_json::to_string(&AccountStatus::ReauthRequired).unwrap(),
            "\"reauth_required\""
        );
        let back: AccountStatus = serde_json::from_str("\"suspended\"").unwrap();
        assert_eq!(back, AccountStatus::Other("suspended".into()));
        assert_eq!(serde_json::to_string(&back).unwrap(), "\"suspended\"");
        let kind: EventKind = serde_json::from_str("\"queued\"").unwrap();
        assert_eq!(kind, EventKind::Queued);
    }
}
