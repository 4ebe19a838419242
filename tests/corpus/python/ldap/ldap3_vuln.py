from ldap3 import Server, Connection
from django.http import JsonResponse

def find_member(request):
    group = request.GET["group"]
    conn = Connection(Server("ldap://ldap.local"), auto_bind=True)
    conn.search("dc=local", f"(&(objectClass=group)(cn={group}))")  # expect: CWE-90
    return JsonResponse({"entries": len(conn.entries)})
