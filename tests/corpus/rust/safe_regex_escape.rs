use axum::extract::Query;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Search {
    text: String,
    pattern: String,
}

pub async fn find(Query(search): Query<Search>) -> String {
    let literal = Regex::new(&regex::escape(&search.text)).unwrap();
    let custom = RegexBuilder::new(&search.pattern)
        .size_limit(1 << 16)
        .build();
    format!("{} {}", literal.as_str(), custom.is_ok())
}
