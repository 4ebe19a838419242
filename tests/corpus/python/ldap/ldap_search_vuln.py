import ldap
from flask import Flask, request

app = Flask(__name__)

@app.route("/directory")
def directory():
    user = request.args.get("user")
    conn = ldap.initialize("ldap://ldap.corp.example.com")
    conn.simple_bind_s("cn=reader,dc=corp,dc=example,dc=com", "reader-pass")
    results = conn.search_s("ou=people,dc=corp,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + user + ")")  # expect: CWE-90
    return {"count": len(results)}
