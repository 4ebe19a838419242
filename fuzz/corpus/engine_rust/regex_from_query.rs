use axum::extract::Query;
use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Search {
    pattern: String,
}

pub async fn grep(Query(search): Query<Search>) -> String {
    let re = match Regex::new(&search.pattern) { // expect: CWE-1333
        Ok(re) => re,
        Err(_) => return "bad pattern".into(),
    };
    LOG_LINES.iter().filter(|l| re.is_match(l)).cloned().collect::<Vec<_>>().join("\n")
}
