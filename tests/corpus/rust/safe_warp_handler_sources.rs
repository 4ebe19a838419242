use std::path::{Component, Path, PathBuf};
use warp::{http::StatusCode, Filter, Rejection, Reply};

#[derive(Clone)]
struct Exports {
    root: PathBuf,
}

fn plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!((parts.next(), parts.next()), (Some(Component::Normal(_)), None))
}

async fn download_export(id: u64, name: String, exports: Exports) -> Result<impl Reply, Rejection> {
    let path = exports.root.join(id.to_string()).join(&name);
    let path = path.canonicalize().map_err(|_| warp::reject::not_found())?;
    if !path.starts_with(&exports.root) {
        return Err(warp::reject::not_found());
    }
    let data = tokio::fs::read(&path).await.map_err(|_| warp::reject::not_found())?;
    Ok(data)
}

async fn index(exports: Exports) -> Result<impl Reply, Rejection> {
    let listing = std::fs::read_dir(exports.root.join("public")).map_err(|_| warp::reject())?;
    Ok(warp::reply::json(&listing.count()))
}

async fn status(client: reqwest::Client) -> Result<impl Reply, Rejection> {
    let up = client.get("https://status.internal.example/health").send().await.is_ok();
    Ok(if up { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE })
}

pub fn routes(exports: Exports, client: reqwest::Client) -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    let with_exports = warp::any().map(move || exports.clone());
    let download = warp::path!("exports" / u64 / String)
        .and(with_exports.clone())
        .and_then(download_export);
    let index = warp::path("exports").and(with_exports).and_then(index);
    let status = warp::path("status").and(warp::any().map(move || client.clone())).and_then(status);
    download.or(index).or(status)
}
