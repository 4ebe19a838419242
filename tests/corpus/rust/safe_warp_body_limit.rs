use serde::Deserialize;
use warp::{Filter, Rejection, Reply};

const MAX_BODY: u64 = 64 * 1024;

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

fn json_body() -> impl Filter<Extract = (NewComment,), Error = Rejection> + Clone {
    warp::body::content_length_limit(MAX_BODY).and(warp::body::json())
}

pub fn api() -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    let comments = warp::post()
        .and(warp::path("comments"))
        .and(json_body())
        .and_then(add_comment);
    let blobs = warp::put()
        .and(warp::path("blobs"))
        .and(warp::body::content_length_limit(4 * 1024 * 1024))
        .and(warp::body::bytes())
        .and_then(upload);
    comments.or(blobs)
}
