from django.db import connection
from django.http import JsonResponse
from django.views import View

class ReportView(View):
    def get(self, request):
        year = int(request.GET.get("year", "2024"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT month, SUM(total) FROM invoices WHERE year = %s GROUP BY month", [year])
            rows = cursor.fetchall()
        return JsonResponse({"rows": rows})
