use diesel::prelude::*;
use diesel::sql_query;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count_orders(conn: &mut PgConnection, status: &str) -> QueryResult<i64> {
    let rows: Vec<Count> = sql_query(format!("SELECT count(*) AS n FROM orders WHERE status = '{status}'")) // expect: CWE-89
        .load(conn)?;
    Ok(rows[0].n)
}
