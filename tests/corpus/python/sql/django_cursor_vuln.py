from django.db import connection
from django.http import HttpResponse

def delete_order(request, order_id):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders WHERE id = {}".format(order_id))  # expect: CWE-89
    return HttpResponse(status=204)
