import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)

@app.route("/directory")
def directory():
    user = request.args.get("user")
    conn = ldap.initialize("ldap://ldap.corp.example.com")
    conn.simple_bind_s("cn=reader,dc=corp,dc=example,dc=com", "reader-pass")
    results = conn.search_s("ou=people,dc=corp,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(user) + ")")
    return {"count": len(results)}
