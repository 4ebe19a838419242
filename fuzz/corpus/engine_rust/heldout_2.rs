use rusqlite::Connection;
fn get_user(conn: &Connection, username: &str) {
    let query = format!("SELECT * FROM users WHERE username = '{}'", username);
    let mut stmt = conn.prepare(&query).unwrap(); // expect: CWE-89
    let _rows = stmt.query([]).unwrap();
}
