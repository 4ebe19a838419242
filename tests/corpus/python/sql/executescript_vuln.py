import sqlite3

def create_tenant_table(tenant_name):
    conn = sqlite3.connect("tenants.db")
    conn.executescript(f"CREATE TABLE {tenant_name}_events (id INTEGER PRIMARY KEY, payload TEXT);")  # expect: CWE-89
    conn.commit()
