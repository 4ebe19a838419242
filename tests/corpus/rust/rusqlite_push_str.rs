use rusqlite::Connection;

pub fn search(conn: &Connection, name: &str, order: &str) -> rusqlite::Result<Vec<String>> {
    let mut sql = String::from("SELECT title FROM books WHERE author = '");
    sql.push_str(name);
    sql.push_str("' ORDER BY ");
    sql.push_str(order);
    let mut stmt = conn.prepare(&sql)?; // expect: CWE-89
    let rows = stmt.query_map([], |row| row.get(0))?;
    rows.collect()
}
