//! The timer hyper uses for one HTTP/1 connection's header deadline (`--header-timeout`):
//! the same deadlines as tokio's timer gives hyper, at a fraction of the cost.
//!
//! hyper starts a new timer each time a connection waits for a request head, and drops it
//! when the head arrives: for each request, an entry put into the runtime's timer wheel and
//! taken out again, under its lock, which showed in profiles of the page path
//! (docs/performance.md). The deadline stays: without it, a client that sends its head a
//! byte at a time would hold a connection for ever.
//!
//! Here each connection keeps one tokio timer for all of its requests. As each of hyper's
//! timers is polled, the connection's timer is moved to that timer's deadline. A connection's
//! deadlines only ever move later (each is "now" plus the same timeout), and moving a tokio
//! timer later is one atomic store: the wheel finds the new deadline when the old one comes,
//! and puts the entry back without waking anything.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// hyper's timer for one connection (a new one for each): its sleeps share one tokio timer.
/// Only for hyper's HTTP/1 header deadline, of which a connection has one at a time; not
/// for HTTP/2, whose keep-alive pings keep timers of their own.
#[derive(Clone, Default)]
pub struct ConnectionTimer {
    /// Made on first use, on the connection's runtime.
    shared: Arc<Mutex<Option<Pin<Box<tokio::time::Sleep>>>>>,
}

impl hyper::rt::Timer for ConnectionTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    /// tokio's clock (the same as the system's, except in tests that stop it).
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(Deadline {
            at: tokio::time::Instant::from_std(deadline),
            timer: self.clone(),
        })
    }
}

/// One of hyper's sleeps: done once `at` has passed.
struct Deadline {
    at: tokio::time::Instant,
    timer: ConnectionTimer,
}

impl Future for Deadline {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self
            .timer
            .shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let sleep = shared.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(self.at)));
        if sleep.deadline() != self.at {
            sleep.as_mut().reset(self.at);
        }
        sleep.as_mut().poll(cx)
    }
}

impl hyper::rt::Sleep for Deadline {}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Timer;

    /// Polls `sleep` once, with a waker that does nothing.
    fn poll(sleep: &mut Pin<Box<dyn hyper::rt::Sleep>>) -> Poll<()> {
        sleep
            .as_mut()
            .poll(&mut Context::from_waker(std::task::Waker::noop()))
    }

    #[tokio::test(start_paused = true)]
    async fn each_sleep_ends_at_its_own_deadline() {
        let timer = ConnectionTimer::default();
        let mut first = timer.sleep_until(timer.now() + Duration::from_secs(10));
        assert_eq!(poll(&mut first), Poll::Pending);
        drop(first);
        // A later request's deadline, on the same connection: not done at the first's.
        tokio::time::advance(Duration::from_secs(4)).await;
        let mut second = timer.sleep(Duration::from_secs(10));
        assert_eq!(poll(&mut second), Poll::Pending);
        tokio::time::advance(Duration::from_secs(7)).await;
        assert_eq!(
            poll(&mut second),
            Poll::Pending,
            "ended at the first deadline"
        );
        tokio::time::advance(Duration::from_secs(3)).await;
        assert_eq!(poll(&mut second), Poll::Ready(()));
        // And once one has ended, the next still waits for its own.
        let mut third = timer.sleep(Duration::from_secs(10));
        assert_eq!(poll(&mut third), Poll::Pending);
        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(poll(&mut third), Poll::Ready(()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_sleep_wakes_its_task_at_its_deadline() {
        let timer = ConnectionTimer::default();
        let sleep = timer.sleep(Duration::from_secs(10));
        let start = tokio::time::Instant::now();
        sleep.await;
        assert_eq!(start.elapsed(), Duration::from_secs(10));
    }
}
