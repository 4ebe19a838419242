from django.db import connection
from django.http import HttpResponse

def delete_order(request, order_id):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders WHERE id = %s", [order_id])
    return HttpResponse(status=204)
