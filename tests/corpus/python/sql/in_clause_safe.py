import sqlite3

def fetch_users(conn: sqlite3.Connection, ids: list[int]):
    placeholders = ",".join("?" * len(ids))
    return conn.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids).fetchall()
