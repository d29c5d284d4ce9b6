//! Clearing the drafts folder at start: drafts older than the configured
//! time, and lock files whose draft is gone. Nothing a running screening
//! holds is touched.

use std::fs;
use std::time::{Duration, SystemTime};

use super::drafts::{DraftStore, LOCK_PREFIX, LOCK_SUFFIX};

impl DraftStore {
    /// Deletes every draft last saved more than `age` ago (with its lock
    /// file), unless a running screening holds it. Returns how many went;
    /// never their names, which say nothing useful and may be listed.
    pub fn remove_expired(&self, age: Duration, now: SystemTime) -> usize {
        let Ok(drafts) = self.list() else {
            return 0;
        };
        let mut removed = 0;
        for draft in drafts {
            let expired = now
                .duration_since(draft.modified)
                .is_ok_and(|elapsed| elapsed > age);
            if !expired {
                continue;
            }
            if let Ok(Some(claim)) = self.claim(&draft.id) {
                if self.delete(&draft.id).is_ok() {
                    removed += 1;
                }
                claim.release();
            }
        }
        removed
    }

    /// Removes lock files left beside drafts that no longer exist (a draft
    /// deleted by hand, or by a process killed half-way), unless a running
    /// screening holds them.
    pub fn remove_orphan_locks(&self) {
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(id) = name
                .to_str()
                .and_then(|n| n.strip_prefix(LOCK_PREFIX)?.strip_suffix(LOCK_SUFFIX))
                .and_then(|n| self.id_of(n))
            else {
                continue;
            };
            if fs::symlink_metadata(self.path(&id)).is_ok() {
                continue;
            }
            if let Ok(Some(claim)) = self.claim(&id) {
                claim.release();
            }
        }
    }
}
