//! Content negotiation and validation for prepared pages: which encoding to send
//! (Accept-Encoding with q-values) and whether the client's copy is still current
//! (If-None-Match, then If-Modified-Since, as RFC 9110 orders them).

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

use crate::render::Page;

/// The form of a page chosen for a request.
pub struct Representation {
    pub body: Bytes,
    /// Its strong ETag: each content coding has its own.
    pub etag: HeaderValue,
    /// Its Content-Encoding (None for identity).
    pub encoding: Option<&'static str>,
}

/// The best form of the page the client accepts (RFC 9110 12.5.3): the coding with the
/// highest q-value, brotli before gzip before none when they tie. A client that sends no
/// Accept-Encoding, or an empty one, gets the body as it is; so does one that accepts nothing
/// on offer, not even identity, since a 406 would help no client.
pub fn representation(request: &HeaderMap, page: &Page) -> Representation {
    // Identity is acceptable unless excluded, but below any coding that is listed.
    let identity_q = weight(request, "identity").unwrap_or(1);
    let accepted =
        |coding| weight(request, coding).filter(|&q| page.compressible && q > 0 && q >= identity_q);
    let (br, gzip) = (accepted("br"), accepted("gzip"));
    // The higher q first, brotli on a tie; each form is made (or made again) only when it is
    // the one chosen, and the next is tried when it would not be smaller.
    let order = if gzip > br {
        ["gzip", "br"]
    } else {
        ["br", "gzip"]
    };
    let chosen = order.into_iter().find_map(|coding| match coding {
        "br" => br.and_then(|_| page.brotli()).map(|form| (form, coding)),
        _ => gzip.and_then(|_| page.gzip()).map(|form| (form, coding)),
    });
    match chosen {
        Some((encoded, coding)) => Representation {
            body: encoded.body,
            etag: encoded.etag,
            encoding: Some(coding),
        },
        None => Representation {
            body: page.body(),
            etag: page.etag.clone(),
            encoding: None,
        },
    }
}

/// The q-value Accept-Encoding gives `coding`, in thousandths: its own entry's, else that of
/// `*`; None when neither is listed. Entries with a malformed q-value are left out.
fn weight(request: &HeaderMap, coding: &str) -> Option<u16> {
    let mut star = None;
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts.find_map(|param| {
                let (key, value) = param.split_once('=')?;
                key.trim().eq_ignore_ascii_case("q").then(|| value.trim())
            });
            let Some(q) = q.map_or(Some(1000), qvalue) else {
                continue;
            };
            if name.eq_ignore_ascii_case(coding) {
                return Some(q);
            }
            if name == "*" {
                star = star.or(Some(q));
            }
        }
    }
    star
}

/// A qvalue (RFC 9110 12.4.2), "0" to "1" with at most three decimals, in thousandths.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, digit| n * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Whether the client's cached copy of the chosen representation (`etag`, `last_modified`)
/// is current, so a 304 can be sent.
pub fn not_modified(request: &HeaderMap, etag: &HeaderValue, last_modified: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    let mut if_none_match = request.get_all(header::IF_NONE_MATCH).iter().peekable();
    if if_none_match.peek().is_some() {
        // Weak comparison: W/"x" matches "x".
        return if_none_match.filter_map(|v| v.to_str().ok()).any(|list| {
            list.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == etag)
        });
    }
    let Some(since) = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        return false;
    };
    let modified = last_modified
        .to_str()
        .ok()
        .and_then(|v| httpdate::parse_http_date(v).ok());
    modified.is_some_and(|modified| modified <= since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_static(value));
        map
    }

    #[test]
    fn q_values_are_read_in_thousandths_and_star_stands_for_the_rest() {
        let ae = |value| headers(header::ACCEPT_ENCODING, value);
        assert_eq!(weight(&ae("gzip, deflate, br"), "br"), Some(1000));
        assert_eq!(weight(&ae("gzip, br;q=0"), "br"), Some(0));
        assert_eq!(weight(&ae("br;q=0.5"), "br"), Some(500));
        assert_eq!(weight(&ae("BR ; Q=0.25"), "br"), Some(250));
        assert_eq!(weight(&ae("*;q=0.3"), "gzip"), Some(300));
        assert_eq!(weight(&ae("*, gzip;q=0"), "gzip"), Some(0));
        assert_eq!(weight(&ae("identity"), "gzip"), None);
        assert_eq!(weight(&HeaderMap::new(), "gzip"), None);
        // Malformed q-values leave the entry out.
        for bad in ["1.5", "-1", "0.1234", "nan", "1e0", "", ".5", "1.01"] {
            let value = format!("br;q={bad}");
            let mut map = HeaderMap::new();
            map.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(&value).unwrap(),
            );
            assert_eq!(weight(&map, "br"), None, "{value}");
        }
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("0.05"), Some(50));
        assert_eq!(qvalue("0"), Some(0));
    }
}
