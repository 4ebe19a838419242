use std::io::{self, BufRead};

fn main() -> rusqlite::Result<()> {
    let conn = rusqlite::Connection::open("app.db")?;
    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        let name = line.unwrap();
        conn.execute(&format!("DELETE FROM users WHERE name = '{}'", name), [])?; // expect: CWE-89
    }
    Ok(())
}
