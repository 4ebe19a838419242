//! Rust: warp handlers.
//!
//! warp hands a handler the values its filters extract (path segments,
//! `warp::query`, `warp::body::json()`, headers) as plain parameters, with no
//! extractor type to mark them: `.and_then(delete_upload)` calls
//! `async fn delete_upload(user: String, file: String, store: Store)`. A
//! handler is recognised by its own signature, which names warp's reply or
//! rejection types (`-> Result<impl warp::Reply, warp::Rejection>`), so the
//! answer does not depend on where in the file its filter chain is built.
//! Its parameters of text, map or request-named types carry request data;
//! others are more often injected state (`Db`, `Store`, `Arc<..>`).

use super::super::text;
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// A return type only a warp handler has.
static WARP_RETURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bwarp::|\bimpl\s+Reply\b|\bdyn\s+Reply\b|\bRejection\b").expect("valid regex")
});

/// Parameter types that hold what a filter extracted: text, bytes, maps
/// and lists of them, JSON values, and types named like a request body or
/// query (`MirrorRequest`, `ListOptions`, `SearchParams`). Other types are
/// more often state a filter injects (`warp::any().map(move || db.clone())`):
/// `Db`, `Store`, `Arc<Mutex<..>>`, numbers.
static REQUEST_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^&?\s*(mut\s+)?(\w+::)*(",
        r"str|String|Bytes|HashMap|BTreeMap|Vec|Option|Value|FullPath|Tail|HeaderMap|Json|Form|",
        r"\w*(Request|Req|Query|Params|Param|Body|Form|Input|Payload|Options|Opts|Args|Dto|Credentials|Login|Signup)",
        r")\b"
    ))
    .expect("valid regex")
});

/// Is the `function_item` a warp handler (by its return type)? A function
/// that builds filters (`-> impl Filter<Extract = (impl Reply,), ..>`,
/// `BoxedFilter<..>`) is not: its parameters are configuration.
pub fn is_handler(function: Node, src: &[u8]) -> bool {
    function.kind() == "function_item"
        && function
            .child_by_field_name("return_type")
            .map(|t| text(t, src))
            .is_some_and(|t| WARP_RETURN.is_match(t) && !t.contains("Filter"))
}

/// Does a warp handler's parameter of this type carry request data?
pub fn is_request_type(type_text: &str) -> bool {
    // `Option<u32>`, `Vec<u64>`: numbers only.
    let numbers_only = type_text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .all(|w| super::flow::SCALAR_ANNOTATION.is_match(w) || matches!(w, "Option" | "Vec"));
    !numbers_only && REQUEST_TYPE.is_match(type_text.trim())
}

#[cfg(test)]
mod tests {
    use super::is_request_type;

    #[test]
    fn state_and_numbers_are_not_request_data() {
        for t in [
            "String",
            "HashMap<String, String>",
            "bytes::Bytes",
            "MirrorRequest",
            "ListOptions",
            "Option<String>",
            "&str",
            "serde_json::Value",
        ] {
            assert!(is_request_type(t), "{t}");
        }
        for t in [
            "u32",
            "Arc<OrderRepo>",
            "Db",
            "PgPool",
            "Storage",
            "AppState",
            "Arc<Mutex<Vec<Todo>>>",
            "reqwest::Client",
            "&mut Config",
            "Exports",
            "Option<u32>",
            "Vec<u64>",
        ] {
            assert!(!is_request_type(t), "{t}");
        }
    }
}
