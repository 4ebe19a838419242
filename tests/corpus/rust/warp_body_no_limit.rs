use serde::Deserialize;
use warp::{Filter, Rejection, Reply};

#[derive(Deserialize)]
struct NewComment {
    post_id: i64,
    text: String,
}

async fn add_comment(c: NewComment) -> Result<impl Reply, Rejection> {
    Ok(warp::reply::json(&c.post_id))
}

async fn upload(raw: bytes::Bytes) -> Result<impl Reply, Rejection> {
    Ok(format!("{} bytes", raw.len()))
}

pub fn api() -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    let comments = warp::post()
        .and(warp::path("comments"))
        .and(warp::body::json()) // expect: CWE-770
        .and_then(add_comment);
    let blobs = warp::put()
        .and(warp::path("blobs"))
        .and(warp::body::bytes()) // expect: CWE-770
        .and_then(upload);
    comments.or(blobs)
}
