//! What the program asks of its allocator, jemalloc (set in src/main.rs, with its options in
//! .cargo/config.toml): to hand freed memory back to the system from a thread of its own, and
//! all at once when a new site has gone live. Where jemalloc is not the allocator (the tests,
//! MSVC), these ask nothing of the allocator in use.

/// Has jemalloc hand freed pages back from a thread of its own, where it has one (Linux), not
/// from the thread that frees them: at scale, that was some 7% of each reload before its site
/// went live. (Set at run time: as a build option, it would stop the program from starting
/// where jemalloc has no such thread, as on macOS.)
pub fn return_memory_in_the_background() {
    #[cfg(all(target_os = "linux", not(target_env = "msvc")))]
    if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
        tracing::debug!(%error, "jemalloc's background thread is not available");
    }
}

/// Hands back at once the memory freed since the last time, which jemalloc would otherwise
/// hand back over the next 200 ms (`dirty_decay_ms`): called once a new site is live, off the
/// path to it. Reading and rendering a reload frees some twenty megabytes at scale, which,
/// still held while the new pages are compressed, made each edit's peak. Says whether
/// jemalloc did so.
///
/// Setting an arena's decay time purges its unused dirty pages at once (jemalloc's manual,
/// `arena.<i>.dirty_decay_ms`), so it is set to the time it has. With `narenas:1`, arena 0
/// is the only one.
pub fn return_freed_memory_now() -> bool {
    #[cfg(not(target_env = "msvc"))]
    {
        use tikv_jemalloc_ctl::{Access, AsName};
        let decay = b"arena.0.dirty_decay_ms\0".name();
        let ms: Result<isize, _> = decay.read();
        ms.and_then(|ms| decay.write(ms)).is_ok()
    }
    #[cfg(target_env = "msvc")]
    false
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;
    use tikv_jemalloc_ctl::{Access, AsName};

    #[test]
    fn memory_is_returned_and_the_decay_time_kept() {
        let decay = b"arena.0.dirty_decay_ms\0".name();
        let before: isize = decay.read().unwrap_or(-2);
        assert!(return_freed_memory_now(), "jemalloc took the setting");
        let after: isize = decay.read().unwrap_or(-2);
        assert!(
            before >= 0 && after == before,
            "{before} ms, then {after} ms"
        );
    }
}
