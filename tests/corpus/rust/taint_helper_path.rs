use axum::extract::Query;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
pub struct Export {
    report: String,
}

fn report_path(name: &str) -> PathBuf {
    PathBuf::from("/var/reports").join(name)
}

fn load_report(path: PathBuf) -> std::io::Result<String> {
    std::fs::read_to_string(path) // expect: CWE-22
}

pub async fn export(Query(q): Query<Export>) -> String {
    let path = report_path(&q.report);
    load_report(path).unwrap_or_default()
}
