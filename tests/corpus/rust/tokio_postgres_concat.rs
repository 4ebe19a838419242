use tokio_postgres::Client;

pub async fn delete_user(client: &Client, id: &str) -> Result<u64, tokio_postgres::Error> {
    let sql = "DELETE FROM sessions WHERE user_id = ".to_string() + id;
    client.execute(sql.as_str(), &[]).await // expect: CWE-89
}
