use tokio_postgres::Client;

const INVOICES: &str = "billing.invoices";
static SCHEMA: &str = "billing";

pub async fn unpaid_for(client: &Client, account: i64) -> Result<u64, tokio_postgres::Error> {
    let status_col = "status";
    let sql = format!(
        "SELECT count(*) FROM {} WHERE account_id = $1 AND {status_col} = 'open'",
        INVOICES
    );
    let row = client.query_one(sql.as_str(), &[&account]).await?;
    Ok(row.get::<_, i64>(0) as u64)
}

pub async fn purge_drafts(client: &Client, before: chrono::NaiveDate) -> Result<u64, tokio_postgres::Error> {
    let query = format!("DELETE FROM {SCHEMA}.drafts WHERE created < $1");
    client.execute(&query, &[&before]).await
}
