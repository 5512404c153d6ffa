//! Containers' media for the page, through the local cache: only URLs a cached container
//! names, only from Layers' media hosts (or the sandbox this desk is connected to).

use super::Desk;
use crate::error::{DeskError, Result};
use crate::media_cache::CachedMedia;

/// Layers serves media from its own hosts (docs/api-open-points.md, `media-hosts`).
const MEDIA_HOST_SUFFIX: &str = ".layers.com";

impl Desk {
    /// The media at `url`, from the cache, fetched into it first when online.
    pub async fn media(&self, url: &str) -> Result<CachedMedia> {
        let parsed = url::Url::parse(url).map_err(|_| DeskError::invalid("url", "not a URL"))?;
        let host = parsed.host_str().unwrap_or_default();
        let layers = parsed.scheme() == "https" && host.ends_with(MEDIA_HOST_SUFFIX);
        // The sandbox serves what was uploaded to it at its own address.
        let sandbox = self.local_connection().is_ok_and(|c| {
            url::Url::parse(&c.base_url).is_ok_and(|base| {
                crate::api::is_loopback(&base) && base.origin() == parsed.origin()
            })
        });
        if !(layers || sandbox) {
            return Err(DeskError::invalid(
                "url",
                "media is loaded from Layers' media hosts only",
            ));
        }
        if !self.store.knows_media_url(url)? {
            return Err(DeskError::not_found("media no cached container names"));
        }
        match self.media_cache.fetch(url).await {
            Ok(hit) => Ok(hit),
            Err(why) => self
                .media_cache
                .cached(url)
                .ok_or_else(|| DeskError::unavailable(why)),
        }
    }
}
