//! The manifest `serve` leaves for the next `build`: the files of the build
//! folder it wrote ([`crate::fingerprint::write_served`]), so that after it
//! stops, even killed, a file someone put in the folder is still refused
//! rather than deleted unseen. Written when the rebuild thread is idle and
//! the files changed since (a new record's pages, a removed one's), and
//! when it stops; a build's fingerprint never matches it, so the next
//! `build` renders everything, as after any `serve`.

impl super::Engine {
    /// Writes the manifest when the files written changed since it was
    /// last written, or it is gone (a whole rebuild replaced the index
    /// folder). Nothing is written before a build of ours is on disk. A
    /// failure is said once, not tried again until the files change.
    pub fn keep_manifest(&mut self) {
        let (Some(written), Some(folders)) = (&self.written, &self.folders) else { return };
        let dir = folders.index_dir();
        match self.manifest_kept {
            Some((at, false)) if at == self.paths_changed => return,
            Some((at, true))
                if at == self.paths_changed && dir.join(crate::fingerprint::FILE).is_file() =>
            {
                return;
            }
            _ => {}
        }
        let mut files: Vec<(String, u64)> = written.keys().map(|p| (p.clone(), 0)).collect();
        files.sort_unstable();
        let ok = match crate::fingerprint::write_served(dir, files) {
            Ok(()) => true,
            Err(e) => {
                eprintln!(
                    "warning: {e:#}; the next `build` cannot tell the files serve wrote from \
                     others put in the build folder"
                );
                false
            }
        };
        self.manifest_kept = Some((self.paths_changed, ok));
    }
}
