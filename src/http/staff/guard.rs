//! Who may sign in to the staff pages, and from where: the connection must be safe for a
//! password (HTTPS through the proxy in front, or this machine itself), failed sign-ins are
//! counted per client address, and the name and password come as HTTP Basic credentials.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use base64::Engine as _;

/// Failed sign-ins allowed from one client address within [`WINDOW`]; the next is refused
/// (429) until the oldest of them is [`WINDOW`] old.
pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Client addresses remembered at most; past that, the ones whose failures are oldest are
/// forgotten first, so that many addresses cannot grow the table without bound.
const MAX_CLIENTS: usize = 4096;

/// Whether a request came over a connection on which a password may be sent: the site is
/// served over HTTPS (`--https`: through the TLS proxy in front), or the request came from
/// this machine itself and not through a proxy (which may have received it over plain HTTP
/// from anywhere). Without the peer's address (none was recorded), it did not.
pub fn is_secure(https: bool, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    if https {
        return true;
    }
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|name| headers.contains_key(*name));
    peer.is_some_and(|peer| peer.ip().to_canonical().is_loopback()) && !forwarded
}

/// The client a request counts against: the peer, or, when the peer is a proxy on this
/// machine, the address it says it received the request from (the last `X-Forwarded-For`
/// entry, the one the proxy itself added). IPv6 clients count by their /64 network, as one
/// client may hold a whole one.
pub fn client(peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
    let peer = peer?.ip().to_canonical();
    let forwarded = || {
        let last = headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()?
            .to_str()
            .ok()?
            .rsplit(',')
            .next()?;
        last.trim().parse::<IpAddr>().ok()
    };
    let ip = match peer.is_loopback() {
        true => forwarded().map_or(peer, |ip| ip.to_canonical()),
        false => peer,
    };
    Some(match ip {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    })
}

/// The name and password of an `Authorization: Basic` header (RFC 7617): `None` when there is
/// no such header, `Some(Err)` when it is not valid.
pub fn credentials(headers: &HeaderMap) -> Option<Result<(String, String), ()>> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = match value.iter().position(|&b| b == b' ') {
        Some(space) => (&value[..space], &value[space + 1..]),
        None => (value, &[][..]),
    };
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let parsed = base64::engine::general_purpose::STANDARD
        .decode(token.trim_ascii())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let (name, password) = text.split_once(':')?;
            Some((name.to_owned(), password.to_owned()))
        });
    Some(parsed.ok_or(()))
}

/// Failed sign-ins per client address, in the last [`WINDOW`].
#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<Option<IpAddr>, Vec<Instant>>>,
}

/// A sign-in under way, counted as failed unless [`Attempt::succeeded`] says otherwise: so
/// that many attempts sent at once count before any is checked.
pub struct Attempt<'a> {
    limiter: &'a Limiter,
    client: Option<IpAddr>,
    at: Instant,
}

impl Limiter {
    /// How long until the client may try again, when it has failed too often.
    pub fn blocked(&self, client: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let times = failures.get_mut(&client)?;
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() < MAX_FAILURES {
            return None;
        }
        let oldest = times.iter().min()?;
        Some(WINDOW.saturating_sub(now.duration_since(*oldest)))
    }

    /// Starts a sign-in, counted as a failure until it succeeds; refused (with how long to
    /// wait) when the client has failed too often.
    pub fn attempt(&self, client: Option<IpAddr>, now: Instant) -> Result<Attempt<'_>, Duration> {
        if let Some(wait) = self.blocked(client, now) {
            return Err(wait);
        }
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if failures.len() >= MAX_CLIENTS && !failures.contains_key(&client) {
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
            while failures.len() >= MAX_CLIENTS {
                let oldest = failures
                    .iter()
                    .min_by_key(|(_, times)| times.iter().max().copied())
                    .map(|(client, _)| *client);
                match oldest {
                    Some(oldest) => failures.remove(&oldest),
                    None => break,
                };
            }
        }
        failures.entry(client).or_default().push(now);
        Ok(Attempt {
            limiter: self,
            client,
            at: now,
        })
    }
}

impl Attempt<'_> {
    /// The sign-in succeeded: it no longer counts as a failure.
    pub fn succeeded(self) {
        let mut failures = self
            .limiter
            .failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(times) = failures.get_mut(&self.client) {
            if let Some(i) = times.iter().position(|t| *t == self.at) {
                times.swap_remove(i);
            }
            if times.is_empty() {
                failures.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn peer(text: &str) -> Option<SocketAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn a_password_may_come_over_https_or_from_this_machine_not_through_a_plain_proxy() {
        let none = HeaderMap::new();
        assert!(is_secure(false, peer("127.0.0.1:5000"), &none));
        assert!(is_secure(false, peer("[::1]:5000"), &none));
        assert!(is_secure(false, peer("[::ffff:127.0.0.1]:5000"), &none));
        assert!(!is_secure(false, peer("192.0.2.7:5000"), &none));
        assert!(!is_secure(false, None, &none));
        let proxied = headers(&[("x-forwarded-for", "192.0.2.7")]);
        assert!(!is_secure(false, peer("127.0.0.1:5000"), &proxied));
        assert!(is_secure(true, peer("127.0.0.1:5000"), &proxied));
        assert!(is_secure(true, peer("192.0.2.7:5000"), &none));
    }

    #[test]
    fn the_client_is_the_peer_or_the_address_the_local_proxy_added() {
        let proxied = headers(&[("x-forwarded-for", "203.0.113.9, 192.0.2.7")]);
        let ip = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        assert_eq!(client(peer("127.0.0.1:1"), &proxied), ip("192.0.2.7"));
        // A client far away cannot choose its address by sending the header itself.
        assert_eq!(client(peer("198.51.100.1:1"), &proxied), ip("198.51.100.1"));
        assert_eq!(
            client(
                peer("127.0.0.1:1"),
                &headers(&[("x-forwarded-for", "junk")])
            ),
            ip("127.0.0.1")
        );
        assert_eq!(
            client(peer("[2001:db8:1:2:3:4:5:6]:1"), &HeaderMap::new()),
            ip("2001:db8:1:2::")
        );
        assert_eq!(client(None, &proxied), None);
    }

    #[test]
    fn basic_credentials_are_read_and_anything_else_is_not() {
        // "jsmith:pass:word" in base64: the password may hold a colon, the name may not.
        let basic = headers(&[("authorization", "Basic anNtaXRoOnBhc3M6d29yZA==")]);
        assert_eq!(
            credentials(&basic),
            Some(Ok(("jsmith".to_owned(), "pass:word".to_owned())))
        );
        let lower = headers(&[("authorization", "basic anNtaXRoOnBhc3M6d29yZA==")]);
        assert!(matches!(credentials(&lower), Some(Ok(_))));
        assert_eq!(credentials(&HeaderMap::new()), None);
        assert_eq!(
            credentials(&headers(&[("authorization", "Bearer abc")])),
            None
        );
        for bad in ["Basic", "Basic !!!", "Basic bm9jb2xvbg==", "Basic //79"] {
            let map = headers(&[("authorization", bad)]);
            assert_eq!(credentials(&map), Some(Err(())), "{bad}");
        }
    }

    #[test]
    fn five_failures_in_fifteen_minutes_block_the_client_until_the_oldest_is_old_enough() {
        let limiter = Limiter::default();
        let start = Instant::now();
        let ip = Some("192.0.2.7".parse().unwrap());
        let other = Some("192.0.2.8".parse().unwrap());
        for n in 0..MAX_FAILURES {
            let at = start + Duration::from_secs(n as u64 * 60);
            assert!(limiter.attempt(ip, at).is_ok(), "{n}");
        }
        let later = start + Duration::from_secs(5 * 60);
        assert_eq!(
            limiter.blocked(ip, later),
            Some(Duration::from_secs(10 * 60))
        );
        assert!(limiter.attempt(ip, later).is_err());
        assert_eq!(limiter.blocked(other, later), None);
        assert_eq!(limiter.blocked(ip, start + WINDOW), None);
        // A success is not a failure.
        limiter.attempt(other, later).unwrap().succeeded();
        for _ in 0..10 {
            limiter.attempt(other, later).unwrap().succeeded();
        }
        assert_eq!(limiter.blocked(other, later), None);
    }

    #[test]
    fn the_table_of_clients_stays_bounded() {
        let limiter = Limiter::default();
        let now = Instant::now();
        for n in 0..(MAX_CLIENTS as u32 + 100) {
            let ip = Some(IpAddr::from(n.to_be_bytes()));
            let _ = limiter.attempt(ip, now).unwrap();
        }
        let size = limiter.failures.lock().unwrap().len();
        assert!(size <= MAX_CLIENTS, "{size}");
    }
}
