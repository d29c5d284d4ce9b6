//! The local time zone, read from the system's own file.
//!
//! jiff finds the system's zone by its name, and to look a name up it
//! first lists every file under the zone database (`/usr/share/zoneinfo`):
//! some three million instructions and hundreds of system calls, paid by
//! the first draft of every screening, the drafts list at start and every
//! `restless score`. Only the zone's offsets matter here, and
//! `/etc/localtime` holds them.

use std::sync::OnceLock;

use jiff::tz::TimeZone;

const LOCALTIME: &str = "/etc/localtime";

/// The zone's file is never this large (a few kilobytes).
const MAX_ZONE_BYTES: u64 = 256 * 1024;

/// The local time zone: `/etc/localtime` when `TZ` does not name another
/// (what `TZ` means is left to jiff), read once.
pub fn local_zone() -> TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        std::env::var_os("TZ")
            .is_none()
            .then(read_localtime)
            .flatten()
            .unwrap_or_else(TimeZone::system)
    })
    .clone()
}

/// Now, in the local time zone.
pub fn now() -> jiff::Zoned {
    jiff::Timestamp::now().to_zoned(local_zone())
}

fn read_localtime() -> Option<TimeZone> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(LOCALTIME)
        .ok()?
        .take(MAX_ZONE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    TimeZone::tzif("localtime", &bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_zone_gives_the_offsets_jiff_finds() {
        if std::env::var_os("TZ").is_some() {
            return;
        }
        let system = TimeZone::system();
        for seconds in [0, 1_700_000_000, 1_720_000_000] {
            let t = jiff::Timestamp::from_second(seconds).expect("a valid time");
            assert_eq!(local_zone().to_offset(t), system.to_offset(t), "{t}");
        }
    }
}
