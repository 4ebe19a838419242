// incomplete snippet: the function is cut off
async fn search(pool: &sqlx::SqlitePool, term: String) -> Vec<Item> {
    let sql = format!("SELECT * FROM items WHERE name LIKE '%{}%'", term);
    let rows = sqlx::query_as::<_, Item>(&sql).fetch_all(pool).await // expect: CWE-89
    rows.unwrap_or_default(
