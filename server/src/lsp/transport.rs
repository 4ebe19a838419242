//! The framing guard in front of the protocol library. Its reader ends the
//! whole session at the first frame it cannot decode (invalid JSON, a body
//! that is not a JSON-RPC message, a broken header), so a single bad byte from
//! the client would kill the server. Frames are read here instead; only those
//! that decode as a request or a response are passed on, re-framed with their
//! true length. Everything else is dropped with one line on standard error,
//! and reading resumes at the next `Content-Length` header.

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tower_lsp_server::jsonrpc::{Request, Response};

const HEADER: &str = "Content-Length:";

/// Copy well-formed messages from `input` to `output` until `input` ends or
/// `output` is closed. Dropping `output` then ends the server's input.
pub async fn forward_wellformed<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = tokio::io::BufReader::new(input);
    loop {
        let Some(len) = read_header(&mut input).await else {
            return;
        };
        let mut body = Vec::new();
        match (&mut input).take(len as u64).read_to_end(&mut body).await {
            Ok(n) if n == len => {}
            _ => return, // the client went away mid-message
        }
        let body = match check(&body) {
            Ok(Kind::DollarRequest) => answerable(body),
            Ok(Kind::Other) => body,
            Err(problem) => {
                eprintln!("suggestguard: dropped a malformed message ({problem})");
                continue;
            }
        };
        let head = format!("Content-Length: {}\r\n\r\n", body.len());
        let sent = async {
            output.write_all(head.as_bytes()).await?;
            output.write_all(&body).await?;
            output.flush().await
        };
        if sent.await.is_err() {
            return;
        }
    }
}

/// The body length announced by the next header block, skipping garbage and
/// blocks without a valid length. `None` at the end of the input.
async fn read_header<R: AsyncBufRead + Unpin>(input: &mut R) -> Option<usize> {
    let mut len: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if let Some(len) = len {
                return Some(len);
            }
            continue; // a blank line before any length: keep looking
        }
        // A header may follow the garbage left by a frame with a wrong length.
        if let Some(at) = text.find(HEADER) {
            let value = text[at + HEADER.len()..].trim();
            len = value.parse().ok();
            if len.is_none() {
                eprintln!("suggestguard: ignored a frame with Content-Length {value:?}");
            }
        }
    }
}

/// What a well-formed message is, as far as the guard cares.
#[derive(Debug, PartialEq)]
enum Kind {
    /// A request (not a notification) whose method starts with `$/`.
    DollarRequest,
    Other,
}

/// The kind of `body`, or why it is not a message the protocol library accepts.
fn check(body: &[u8]) -> Result<Kind, String> {
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        return Ok(
            if request.id().is_some() && request.method().starts_with("$/") {
                Kind::DollarRequest
            } else {
                Kind::Other
            },
        );
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(Kind::Other);
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => Err(format!("invalid JSON: {e}")),
        Ok(_) => Err("not a JSON-RPC 2.0 request, notification or response".into()),
    }
}

/// The protocol library drops requests whose method starts with `$/` and
/// that it does not know, so the client would wait for ever; the protocol
/// asks for a MethodNotFound error. The guard renames such a request
/// (`$/x` becomes `unsupported/x`), which the library answers like any
/// unknown method. (It handles no `$/` request itself: the protocol's `$/`
/// messages are notifications.)
fn answerable(body: Vec<u8>) -> Vec<u8> {
    let Ok(mut message) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return body;
    };
    let Some(method) = message["method"].as_str() else {
        return body;
    };
    message["method"] = format!("unsupported{}", &method[1..]).into();
    serde_json::to_vec(&message).unwrap_or(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn forwarded(input: &[u8]) -> String {
        let mut out = Vec::new();
        forward_wellformed(input, &mut out).await;
        String::from_utf8(out).unwrap()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn bad_frames_are_dropped_and_good_ones_pass_reframed() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let note = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!(
            "{}{}Content-Length: 5\r\n\r\n{good}garbage{}{}Content-Length: x\r\n\r\n{}",
            frame("{not json"),
            frame("[1,2]"),
            frame(good),
            frame(r#"{"jsonrpc":"2.0","method":7}"#),
            frame(note),
        );
        let out = forwarded(input.as_bytes()).await;
        assert_eq!(out, format!("{}{}", frame(good), frame(note)));
    }

    #[tokio::test]
    async fn unknown_dollar_requests_are_renamed_and_notifications_kept() {
        let request = r#"{"jsonrpc":"2.0","id":3,"method":"$/noSuchRequest","params":{}}"#;
        let note = r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}"#;
        let out = forwarded(format!("{}{}", frame(request), frame(note)).as_bytes()).await;
        let renamed =
            r#"{"id":3,"jsonrpc":"2.0","method":"unsupported/noSuchRequest","params":{}}"#;
        assert_eq!(out, format!("{}{}", frame(renamed), frame(note)));
    }

    #[tokio::test]
    async fn a_message_cut_off_by_the_end_of_input_is_not_passed_on() {
        let out = forwarded(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"").await;
        assert_eq!(out, "");
    }
}
