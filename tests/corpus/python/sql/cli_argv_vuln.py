#!/usr/bin/env python3
"""Print the rows of a table matching an id given on the command line."""
import sqlite3
import sys

def main():
    record_id = sys.argv[1]
    conn = sqlite3.connect("inventory.db")
    sql = "SELECT * FROM inventory WHERE sku = '%s'" % record_id
    for row in conn.execute(sql):  # expect: CWE-89
        print(row)

if __name__ == "__main__":
    main()
