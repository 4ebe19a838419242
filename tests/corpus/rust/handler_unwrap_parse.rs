use actix_web::{get, web, HttpRequest, HttpResponse};

#[get("/items")]
async fn items(req: HttpRequest) -> HttpResponse {
    let page: usize = req.match_info().get("page").unwrap().parse().unwrap(); // expect: CWE-400
    let per_page = req
        .headers()
        .get("x-per-page")
        .unwrap()
        .to_str()
        .unwrap(); // expect: CWE-400
    HttpResponse::Ok().body(format!("page {page}, {per_page} per page"))
}
