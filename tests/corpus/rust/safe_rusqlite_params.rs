use rusqlite::{params, Connection};

pub fn add_book(conn: &Connection, title: &str, author: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO books (title, author) VALUES (?1, ?2)",
        params![title, author],
    )
}
