import psycopg2

def get_connection():
    return psycopg2.connect(dbname="shop", user="app")

def find_orders_for_customer(customer_id):
    conn = get_connection()
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM orders WHERE customer_id = {customer_id} ORDER BY created_at DESC")  # expect: CWE-89
    return cur.fetchall()
