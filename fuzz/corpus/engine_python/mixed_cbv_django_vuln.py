from django.db import connection
from django.http import JsonResponse
from django.views import View

class ReportView(View):
    def get(self, request):
        year = request.GET.get("year", "2024")
        with connection.cursor() as cursor:
            cursor.execute("SELECT month, SUM(total) FROM invoices WHERE year = " + year + " GROUP BY month")  # expect: CWE-89
            rows = cursor.fetchall()
        return JsonResponse({"rows": rows})
