use std::collections::HashMap;
use std::path::PathBuf;
use warp::{http::StatusCode, Filter, Rejection, Reply};

#[derive(Clone)]
struct Exports {
    root: PathBuf,
}

#[derive(serde::Deserialize)]
struct PreviewRequest {
    url: String,
}

async fn download_export(team: String, name: String, exports: Exports) -> Result<impl Reply, Rejection> {
    let path = exports.root.join(&team).join(&name);
    let data = tokio::fs::read(&path).await.map_err(|_| warp::reject::not_found())?; // expect: CWE-22
    Ok(data)
}

async fn preview(req: PreviewRequest, http: reqwest::Client) -> Result<impl Reply, Rejection> {
    let page = http.get(&req.url).send().await.map_err(|_| warp::reject())?; // expect: CWE-918
    let body = page.text().await.unwrap_or_default();
    Ok(warp::reply::html(body))
}

async fn archive(params: HashMap<String, String>) -> Result<impl Reply, std::convert::Infallible> {
    let src = params.get("dir").cloned().unwrap_or_default();
    match std::fs::remove_dir_all(format!("/srv/archive/{src}")) { // expect: CWE-22
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(_) => Ok(StatusCode::NOT_FOUND),
    }
}

pub fn routes(exports: Exports, http: reqwest::Client) -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    let with_exports = warp::any().map(move || exports.clone());
    let with_http = warp::any().map(move || http.clone());
    let download = warp::path!("exports" / String / String)
        .and(warp::get())
        .and(with_exports)
        .and_then(download_export);
    let preview = warp::path("preview")
        .and(warp::body::content_length_limit(4096))
        .and(warp::body::json())
        .and(with_http)
        .and_then(preview);
    let archive = warp::path("archive")
        .and(warp::query::<HashMap<String, String>>())
        .and_then(archive);
    download.or(preview).or(archive)
}
