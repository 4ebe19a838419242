use hyper::{Body, Request, Response};

pub async fn handle(req: Request<Body>) -> Result<Response<Body>, hyper::Error> {
    let bytes = hyper::body::to_bytes(req.into_body()).await?; // expect: CWE-400
    Ok(Response::new(Body::from(format!("{} bytes", bytes.len()))))
}
