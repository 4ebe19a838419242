use axum::extract::Path;
use std::fs;

pub async fn invoice(Path(id): Path<u64>) -> Result<Vec<u8>, std::io::Error> {
    fs::read(format!("invoices/{id}.pdf"))
}
