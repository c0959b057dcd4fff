//! Large static files sent without copying, as nginx does with sendfile(2).
//!
//! Writing a body from memory makes the kernel copy every byte into the socket; for a large
//! file that copy is most of the work of a request. nginx avoids it by handing the kernel a
//! file. This module does the same:
//!
//! - [`SendFiles::keep`] also puts a large body's bytes in a file of its own: an unnamed file
//!   in the temporary folder (`O_TMPFILE`), or a sealed memory file (`memfd`) where that is
//!   refused. The body stays an ordinary [`Bytes`](axum::body::Bytes) for everything else (pages, the export, compression,
//!   tests).
//! - [`Connection`] is the socket hyper writes to. When a write includes a kept body (or a
//!   part of one), it sends those bytes from that file with `sendfile`, and everything
//!   else as usual.
//!
//! A kept body is recognised by its address: [`SendFiles`] maps each one's address range to
//! its file, and forgets it before the bytes are freed. No other process can open the file,
//! and nothing writes to it once it is made (a memory file is sealed), so what `sendfile`
//! sends is exactly what a plain write would have sent. The static files own the one
//! [`SendFiles`] of a running site (`render::Assets`, handed on from each load to the next),
//! and the server gives it to every connection.
//!
//! Linux only. Elsewhere, where both kinds of file are refused (a seccomp filter, a full disk
//! and a memory limit) and beyond a budget (256 files, 64 MiB), bodies are written as usual.

/// Smaller bodies are copied, as any write does: for them the copy is cheap, and
/// `sendfile`'s own work (a page lookup for every 4 KiB) would not be repaid. A judgment: the
/// stylesheet is the smallest file that is sent this way.
pub const MIN_LEN: usize = 16 * 1024;

/// At most this many bodies are kept in files at once (each holds a file
/// descriptor)...
#[cfg(target_os = "linux")]
const MAX_FILES: usize = 256;
/// ...and at most this many bytes: a kept body is in memory twice, on the heap and in its
/// file. The rest are copied.
#[cfg(target_os = "linux")]
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Whether one more body of `len` bytes may be kept, with `files` kept of `bytes` in all.
#[cfg(target_os = "linux")]
fn within_budget(files: usize, bytes: usize, len: usize) -> bool {
    files < MAX_FILES && bytes.saturating_add(len) <= MAX_BYTES
}

#[cfg(target_os = "linux")]
pub use linux::{Connection, SendFiles};
#[cfg(not(target_os = "linux"))]
pub use other::{Connection, SendFiles};

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::BTreeMap;
    use std::fmt;
    use std::io::{self, IoSlice, Write};
    use std::os::fd::OwnedFd;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, PoisonError, RwLock};
    use std::task::{Context, Poll, ready};

    use axum::body::Bytes;
    use hyper_util::rt::TokioIo;
    use rustix::fs::{MemfdFlags, Mode, OFlags, SealFlags};
    use rustix::net::SendFlags;
    use tokio::io::Interest;
    use tokio::net::TcpStream;

    use super::{MIN_LEN, within_budget};

    /// The bodies kept in files of their own, found by the address of their bytes. Cloning it
    /// shares it.
    #[derive(Clone, Default)]
    pub struct SendFiles(Arc<Registry>);

    #[derive(Default)]
    struct Registry {
        /// The kept bodies, by the address of their first byte: (length, file).
        kept: RwLock<BTreeMap<usize, (usize, Arc<OwnedFd>)>>,
        /// How many writes went out with `sendfile`.
        sent: AtomicU64,
    }

    type Kept = BTreeMap<usize, (usize, Arc<OwnedFd>)>;

    impl SendFiles {
        /// The bytes as served: also in a file of their own if they are at least [`MIN_LEN`] long
        /// and the budget and the system allow it.
        pub fn keep(&self, bytes: Vec<u8>) -> Bytes {
            if bytes.len() < MIN_LEN {
                return Bytes::from(bytes);
            }
            // No file is made for a body beyond the budget. The file is made without
            // the lock held (requests read the registry), so the budget is checked again after.
            if !has_room(&self.read(), bytes.len()) {
                return Bytes::from(bytes);
            }
            let file = match file_of(&bytes) {
                Ok(file) => file,
                Err(error) => {
                    tracing::debug!(%error, "cannot make a file to send: this body will be copied");
                    return Bytes::from(bytes);
                }
            };
            let mut kept = self.0.kept.write().unwrap_or_else(PoisonError::into_inner);
            if !has_room(&kept, bytes.len()) {
                return Bytes::from(bytes);
            }
            let address = bytes.as_ptr() as usize;
            kept.insert(address, (bytes.len(), Arc::new(file)));
            // Moving the vector does not move its bytes: they stay at `address`.
            Bytes::from_owner(KeptBody {
                bytes,
                registry: self.0.clone(),
            })
        }

        /// A connection that sends the bodies kept here with `sendfile`.
        pub fn connection(&self, stream: TcpStream) -> Connection {
            Connection {
                io: TokioIo::new(stream),
                files: self.clone(),
            }
        }

        /// How many writes have gone out with `sendfile` (rather than being copied).
        pub fn sendfile_count(&self) -> u64 {
            self.0.sent.load(Ordering::Relaxed)
        }

        fn read(&self) -> std::sync::RwLockReadGuard<'_, Kept> {
            self.0.kept.read().unwrap_or_else(PoisonError::into_inner)
        }

        /// Where `bytes` are in a file, if they are (part of) a kept body: the file and
        /// the offset.
        pub(super) fn find(&self, bytes: &[u8]) -> Option<(Arc<OwnedFd>, u64)> {
            let start = bytes.as_ptr() as usize;
            let kept = self.read();
            let (&base, (len, file)) = kept.range(..=start).next_back()?;
            let offset = start - base;
            if offset.checked_add(bytes.len())? > *len {
                return None;
            }
            Some((file.clone(), u64::try_from(offset).ok()?))
        }

        /// Whether these bytes are (part of) a body kept here.
        #[cfg(test)]
        pub(crate) fn holds(&self, bytes: &[u8]) -> bool {
            self.find(bytes).is_some()
        }

        /// Whether a body at this address and of this length is registered.
        #[cfg(test)]
        pub(super) fn registered(&self, address: usize, len: usize) -> bool {
            self.read().get(&address).is_some_and(|(l, _)| *l == len)
        }
    }

    impl fmt::Debug for SendFiles {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SendFiles")
                .field("kept", &self.read().len())
                .field("sent", &self.sendfile_count())
                .finish()
        }
    }

    /// Whether the registry has room for one more body of `len` bytes.
    fn has_room(kept: &Kept, len: usize) -> bool {
        let bytes = kept.values().map(|(len, _)| len).sum();
        within_budget(kept.len(), bytes, len)
    }

    /// A file holding `bytes`, to send them from: an unnamed file in the temporary folder
    /// (`O_TMPFILE`), else a sealed memory file. A file on disk is kept in the page cache in
    /// large folios, where a memory file has one page for every 4 KiB, and `sendfile` takes
    /// and releases each page it sends: from a memory file, the stylesheet was served at
    /// 0.87x of nginx, from a file on disk at 0.98x (docs/performance.md). No other process
    /// can open either file, and nothing writes to it once it is made.
    pub(super) fn file_of(bytes: &[u8]) -> io::Result<OwnedFd> {
        let unnamed = rustix::fs::open(
            std::env::temp_dir(),
            OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
            Mode::RUSR | Mode::WUSR,
        );
        match unnamed {
            Ok(fd) => {
                let mut file = std::fs::File::from(fd);
                file.write_all(bytes)?;
                Ok(OwnedFd::from(file))
            }
            Err(error) => {
                tracing::debug!(%error, "no unnamed file in the temporary folder: a memory file instead");
                memory_file(bytes)
            }
        }
    }

    /// A sealed memory file holding `bytes`.
    pub(super) fn memory_file(bytes: &[u8]) -> io::Result<OwnedFd> {
        let fd = rustix::fs::memfd_create(
            "sister-cities-static",
            MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING,
        )?;
        let mut file = std::fs::File::from(fd);
        file.write_all(bytes)?;
        let fd = OwnedFd::from(file);
        // Nothing can change the file any more: what is sent is what was kept.
        rustix::fs::fcntl_add_seals(
            &fd,
            SealFlags::SHRINK | SealFlags::GROW | SealFlags::WRITE | SealFlags::SEAL,
        )?;
        Ok(fd)
    }

    /// The owner of a kept body's heap bytes, which the rest of the program reads. (Mapping
    /// the file instead would save the second copy but needs `unsafe`, which this
    /// crate forbids.)
    struct KeptBody {
        bytes: Vec<u8>,
        registry: Arc<Registry>,
    }

    impl AsRef<[u8]> for KeptBody {
        fn as_ref(&self) -> &[u8] {
            &self.bytes
        }
    }

    impl Drop for KeptBody {
        fn drop(&mut self) {
            // Forgotten before the bytes are freed (just after this function), so that no
            // later allocation at the same address can be taken for this body.
            self.registry
                .kept
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&(self.bytes.as_ptr() as usize));
        }
    }

    /// A TCP connection as hyper reads and writes it: [`TokioIo`], except that bytes kept in
    /// a file of their own are sent with `sendfile`.
    pub struct Connection {
        io: TokioIo<TcpStream>,
        files: SendFiles,
    }

    impl hyper::rt::Read for Connection {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: hyper::rt::ReadBufCursor<'_>,
        ) -> Poll<io::Result<()>> {
            Pin::new(&mut self.io).poll_read(cx, buf)
        }
    }

    impl hyper::rt::Write for Connection {
        fn poll_write(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.poll_write_vectored(cx, &[IoSlice::new(buf)])
        }

        /// Writes the slices before the first kept body (with MSG_MORE, so that they leave
        /// in the same packet), then that body with `sendfile`. Like any write, it may
        /// write less than everything, and says how much it wrote.
        fn poll_write_vectored(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            bufs: &[IoSlice<'_>],
        ) -> Poll<io::Result<usize>> {
            let kept = bufs
                .iter()
                .enumerate()
                .filter(|(_, buf)| buf.len() >= MIN_LEN)
                .find_map(|(n, buf)| Some((n, self.files.find(buf)?)));
            let Some((n, (file, offset))) = kept else {
                return Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
            };
            let stream = self.io.inner();
            let sent = &self.files.0.sent;
            let body_len = bufs[n].len();
            let send_body = || {
                let mut offset = offset;
                let written = rustix::fs::sendfile(stream, &*file, Some(&mut offset), body_len)
                    .map_err(io::Error::from)?;
                sent.fetch_add(1, Ordering::Relaxed);
                Ok(written)
            };
            if n == 0 {
                return poll_write_with(stream, cx, send_body);
            }
            let head = &bufs[..n];
            let head_len: usize = head.iter().map(|buf| buf.len()).sum();
            let written = ready!(poll_write_with(stream, cx, || {
                let mut control = rustix::net::SendAncillaryBuffer::default();
                rustix::net::sendmsg(
                    stream,
                    head,
                    &mut control,
                    SendFlags::MORE | SendFlags::NOSIGNAL,
                )
                .map_err(io::Error::from)
            }))?;
            if written < head_len {
                return Poll::Ready(Ok(written));
            }
            // The head is written; the body goes now if the socket takes it, else on the
            // next call (an error will show again then).
            match stream.try_io(Interest::WRITABLE, send_body) {
                Ok(sent) => Poll::Ready(Ok(written + sent)),
                Err(_) => Poll::Ready(Ok(written)),
            }
        }

        fn is_write_vectored(&self) -> bool {
            true
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.io).poll_flush(cx)
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.io).poll_shutdown(cx)
        }
    }

    /// Runs a write system call when the socket is writable, waiting (with tokio's
    /// readiness) while it would block.
    fn poll_write_with(
        stream: &TcpStream,
        cx: &mut Context<'_>,
        mut write: impl FnMut() -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        loop {
            ready!(stream.poll_write_ready(cx))?;
            match stream.try_io(Interest::WRITABLE, &mut write) {
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => continue,
                result => return Poll::Ready(result),
            }
        }
    }
}

/// Off Linux: bodies are kept as they are, and written as any write does.
#[cfg(not(target_os = "linux"))]
mod other {
    use axum::body::Bytes;
    use hyper_util::rt::TokioIo;
    use tokio::net::TcpStream;

    #[derive(Debug, Clone, Default)]
    pub struct SendFiles;

    /// A connection as hyper reads and writes it.
    pub type Connection = TokioIo<TcpStream>;

    impl SendFiles {
        pub fn keep(&self, bytes: Vec<u8>) -> Bytes {
            Bytes::from(bytes)
        }

        pub fn connection(&self, stream: TcpStream) -> Connection {
            TokioIo::new(stream)
        }

        pub fn sendfile_count(&self) -> u64 {
            0
        }
    }
}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use std::io::IoSlice;

    use axum::body::Bytes;
    use tokio::io::AsyncReadExt;

    use super::*;

    fn pattern(len: usize) -> Vec<u8> {
        (0..len).map(|n| (n * 7 % 251) as u8).collect()
    }

    #[test]
    fn large_bodies_are_kept_and_found_by_address_small_ones_are_not() {
        let files = SendFiles::default();
        let is_kept = |bytes: &[u8]| files.find(bytes).is_some();
        let body = files.keep(pattern(20_000));
        assert_eq!(&body[..], &pattern(20_000)[..]);
        assert!(is_kept(&body));
        assert!(is_kept(&body[100..9_000]), "a part of a kept body");
        let copy = body.to_vec();
        assert!(!is_kept(&copy), "a copy is not kept");
        assert!(!is_kept(&files.keep(pattern(MIN_LEN - 1))));
        assert!(
            SendFiles::default().find(&body).is_none(),
            "kept by one registry, not another"
        );

        let (address, len) = (body.as_ptr() as usize, body.len());
        let part = body.slice(5_000..);
        drop(body);
        assert!(is_kept(&part), "kept while any part of it is alive");
        drop(part);
        assert!(!files.registered(address, len), "forgotten once dropped");
    }

    #[test]
    fn bodies_are_sent_from_an_unnamed_file_in_the_temporary_folder() {
        let bytes = pattern(40_000);
        let files = [
            linux::file_of(&bytes).unwrap(),
            linux::memory_file(&bytes).unwrap(),
        ];
        for file in &files {
            let mut read = vec![0; bytes.len() + 1];
            let n = rustix::io::pread(file, &mut read, 0).unwrap();
            assert_eq!(&read[..n], &bytes[..], "the file holds the bytes");
        }
        // Neither has a name; the unnamed file is on the temporary folder's file system.
        let temporary = rustix::fs::stat(std::env::temp_dir()).unwrap().st_dev;
        let [unnamed, memory] = files.map(|file| rustix::fs::fstat(file).unwrap());
        assert_eq!((unnamed.st_nlink, memory.st_nlink), (0, 0));
        assert_eq!(unnamed.st_dev, temporary);
        assert_ne!(memory.st_dev, temporary);
    }

    #[test]
    fn the_budget_bounds_files_and_bytes() {
        assert!(within_budget(0, 0, MIN_LEN));
        assert!(within_budget(MAX_FILES - 1, MAX_BYTES - MIN_LEN, MIN_LEN));
        assert!(!within_budget(MAX_FILES, 0, MIN_LEN));
        assert!(!within_budget(1, MAX_BYTES - MIN_LEN + 1, MIN_LEN));
    }

    /// Writes `parts` through a [`Connection`] of `files` as hyper would (vectored, resuming
    /// after partial writes) and returns what the other end received.
    async fn send_through_connection(files: &SendFiles, parts: Vec<Bytes>) -> Vec<u8> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = tokio::net::TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let mut connection = files.connection(server);
        let writer = tokio::spawn(async move {
            let mut parts = std::collections::VecDeque::from(parts);
            while !parts.is_empty() {
                let slices: Vec<IoSlice<'_>> = parts.iter().map(|p| IoSlice::new(p)).collect();
                let mut written = std::future::poll_fn(|cx| {
                    hyper::rt::Write::poll_write_vectored(
                        std::pin::Pin::new(&mut connection),
                        cx,
                        &slices,
                    )
                })
                .await
                .unwrap();
                assert!(written > 0);
                while written > 0 {
                    let first = parts.front_mut().unwrap();
                    let n = written.min(first.len());
                    *first = first.slice(n..);
                    written -= n;
                    if first.is_empty() {
                        parts.pop_front();
                    }
                }
            }
        });
        let mut received = Vec::new();
        let mut buf = vec![0; 4096];
        // A slow reader, so that the socket fills and the server's writes are partial.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        loop {
            let n = client.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            received.extend_from_slice(&buf[..n]);
            if received.len() % (256 * 1024) < 4096 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }
        writer.await.unwrap();
        received
    }

    #[tokio::test]
    async fn a_kept_body_between_other_bytes_arrives_whole_and_in_order() {
        let files = SendFiles::default();
        let head = Bytes::from_static(b"HTTP/1.1 200 OK\r\ncontent-length: 8000000\r\n\r\n");
        let body = files.keep(pattern(8_000_000));
        assert!(files.find(&body).is_some());
        let tail = Bytes::from(pattern(3_000));
        let parts = vec![head.clone(), body.clone(), tail.clone()];
        let received = send_through_connection(&files, parts).await;
        let expected = [&head[..], &body[..], &tail[..]].concat();
        assert_eq!(received.len(), expected.len());
        assert!(received == expected, "the bytes differ");
        assert!(
            files.sendfile_count() > 0,
            "the body went out with sendfile"
        );
    }
}
