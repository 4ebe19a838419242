import traceback

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse


def import_rows(request):
    try:
        rows = parse_rows(request.body)
        return JsonResponse({"imported": len(rows)})
    except Exception:
        return HttpResponseServerError(
            traceback.format_exc() if settings.DEBUG else "Internal Server Error"
        )


def export_rows(request):
    try:
        return JsonResponse({"rows": load_rows(request.GET["table"])})
    except Exception as exc:
        if settings.DEBUG:
            return JsonResponse({"error": str(exc)}, status=500)
        return JsonResponse({"error": "export failed"}, status=500)


def parse_rows(body):
    return [line for line in body.splitlines() if line]


def load_rows(table):
    return [table]
