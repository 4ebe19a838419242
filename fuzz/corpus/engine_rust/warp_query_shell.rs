use std::collections::HashMap;
use std::process::Command;
use warp::Filter;

pub fn routes() -> impl Filter<Extract = impl warp::Reply, Error = warp::Rejection> + Clone {
    warp::path("dig")
        .and(warp::query::<HashMap<String, String>>())
        .map(|q: HashMap<String, String>| {
            let domain = q.get("domain").cloned().unwrap_or_default();
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("dig +short {}", domain)) // expect: CWE-78
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).to_string()
        })
}
