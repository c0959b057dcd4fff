//! The answers that are not what was asked for, each with its status and one sentence for the
//! person or program that asked, as plain text. An unknown address is not one of these: it
//! gets the site's own page not found (status 404), in the site's layout, with a way back.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// 405: the site is read only; it answers GET and HEAD.
    #[error("Only GET and HEAD are allowed here.")]
    MethodNotAllowed,
    /// 400: a `/static/` address that is no path once `/static` is taken off.
    #[error("The address is not valid.")]
    BadAddress,
    /// 408: a static file from disk took longer than [`super::REQUEST_TIMEOUT`] to read.
    #[error("The file took too long to read.")]
    Timeout,
    /// 414: longer than any address of the site (`harden::MAX_URI_LEN`).
    #[error("The address is too long.")]
    UriTooLong,
    /// 413: a request with a body; no page needs one.
    #[error("This site does not accept request bodies.")]
    BodyNotAccepted,
    /// 400: an HTTP/1.1 request without one valid Host header (RFC 9112 3.2).
    #[error("The request needs one Host header, naming this site.")]
    BadHost,
    /// 431: header fields larger than `harden::MAX_HEADERS_LEN` in all.
    #[error("The request's headers are too large.")]
    HeadersTooLarge,
}

impl HttpError {
    pub fn status(self) -> StatusCode {
        match self {
            HttpError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::BadAddress => StatusCode::BAD_REQUEST,
            HttpError::Timeout => StatusCode::REQUEST_TIMEOUT,
            HttpError::UriTooLong => StatusCode::URI_TOO_LONG,
            HttpError::BodyNotAccepted => StatusCode::PAYLOAD_TOO_LARGE,
            HttpError::BadHost => StatusCode::BAD_REQUEST,
            HttpError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        // A String answers as text/plain; charset=utf-8.
        let mut response = (self.status(), format!("{self}\n")).into_response();
        if self == HttpError::MethodNotAllowed {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_answers_with_its_status_and_its_sentence_as_text() {
        let response = HttpError::UriTooLong.into_response();
        assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/plain; charset=utf-8"
        );
        assert!(response.headers().get(header::ALLOW).is_none());
        assert_eq!(
            HttpError::BodyNotAccepted.to_string(),
            "This site does not accept request bodies."
        );
        let response = HttpError::MethodNotAllowed.into_response();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers()[header::ALLOW], "GET, HEAD");
    }
}
