//! Start-up configuration: listen address, rate-limit tier, fault shares, publisher pace.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;

/// How the sandbox is started.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to bind; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Rate-limit tier given to every API key.
    pub tier: Tier,
    /// Fault injection shares (can be changed later through `POST /_sandbox/faults`).
    pub faults: Faults,
    /// Sandbox-clock milliseconds each publisher step takes (queued wait, then publishing).
    pub publish_delay_ms: u64,
    /// Readings of open points served instead of the default (docs/api-open-points.md).
    pub readings: crate::readings::Readings,
    /// Start with posts a teammate scheduled elsewhere (`team_posts`), for a team calendar.
    pub team_posts: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            tier: Tier::Standard,
            faults: Faults::default(),
            publish_delay_ms: 1500,
            readings: Default::default(),
            team_posts: false,
        }
    }
}

/// Rate-limit tier of the API keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    #[default]
    Standard,
    Pilot,
    Partner,
    /// Layers' own tier, never shown to partners; here: no practical limit, for tests that
    /// send thousands of requests to check rules rather than pacing.
    Internal,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Standard => "standard",
            Tier::Pilot => "pilot",
            Tier::Partner => "partner",
            Tier::Internal => "internal",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(Tier::Standard),
            "pilot" => Ok(Tier::Pilot),
            "partner" => Ok(Tier::Partner),
            "internal" => Ok(Tier::Internal),
            other => Err(format!(
                "unknown tier {other:?} (expected standard, pilot, partner or internal)"
            )),
        }
    }
}

/// Fault injection. Shares are probabilities in 0..=1 applied to each `/v1` request.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Extra latency added before every `/v1` request is handled.
    #[serde(alias = "latency_ms")]
    pub latency_ms: u64,
    /// Share of requests answered `500 INTERNAL_ERROR` without being processed.
    #[serde(rename = "error5xx", alias = "error_5xx")]
    pub error_5xx: f64,
    /// Share of requests answered `429 RATE_LIMITED` (with `Retry-After`) without being processed.
    #[serde(rename = "rate429", alias = "rate_429")]
    pub rate_429: f64,
    /// Share of requests whose connection is closed before anything is processed.
    #[serde(alias = "drop_before")]
    pub drop_before: f64,
    /// Share of requests processed (and committed) whose connection is then closed with no response.
    #[serde(alias = "drop_after")]
    pub drop_after: f64,
    /// Share of presigned upload PUTs whose connection is cut halfway through the body.
    #[serde(alias = "cut_upload")]
    pub cut_upload: f64,
}

impl Faults {
    /// Parses `latency=50,5xx=0.1,429=0.05,drop_before=0.02,drop_after=0.02`.
    pub fn parse(spec: &str) -> Result<Faults, String> {
        let mut f = Faults::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("fault {part:?} is not key=value"))?;
            let share = |v: &str| -> Result<f64, String> {
                let x: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| format!("fault {k}: {v:?} is not a number"))?;
                if !(0.0..=1.0).contains(&x) {
                    return Err(format!("fault {k}: share {x} is outside 0..1"));
                }
                Ok(x)
            };
            match k.trim() {
                "latency" | "latency_ms" => {
                    f.latency_ms = v
                        .trim()
                        .parse()
                        .map_err(|_| format!("fault latency: {v:?} is not milliseconds"))?
                }
                "5xx" | "error_5xx" => f.error_5xx = share(v)?,
                "429" | "rate_429" => f.rate_429 = share(v)?,
                "drop_before" => f.drop_before = share(v)?,
                "drop_after" => f.drop_after = share(v)?,
                "cut_upload" => f.cut_upload = share(v)?,
                other => return Err(format!("unknown fault {other:?}")),
            }
        }
        Ok(f)
    }

    /// Checks every share is within 0..=1.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("error5xx", self.error_5xx),
            ("rate429", self.rate_429),
            ("dropBefore", self.drop_before),
            ("dropAfter", self.drop_after),
            ("cutUpload", self.cut_upload),
        ] {
            if !(0.0..=1.0).contains(&v) || v.is_nan() {
                return Err(format!("{name} must be within 0..1"));
            }
        }
        Ok(())
    }
}

impl FromStr for Faults {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Faults::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_full_spec() {
        let f = Faults::parse("latency=50,5xx=0.1,429=0.05,drop_before=0.02,drop_after=0.03")
            .expect("parses");
        assert_eq!(f.latency_ms, 50);
        assert_eq!(f.error_5xx, 0.1);
        assert_eq!(f.rate_429, 0.05);
        assert_eq!(f.drop_before, 0.02);
        assert_eq!(f.drop_after, 0.03);
    }

    #[test]
    fn faults_parse_rejects_out_of_range_share() {
        assert!(Faults::parse("5xx=1.5").is_err());
        assert!(Faults::parse("bogus=1").is_err());
    }

    #[test]
    fn tier_from_str() {
        assert_eq!("Pilot".parse::<Tier>(), Ok(Tier::Pilot));
        assert!("gold".parse::<Tier>().is_err());
    }
}
