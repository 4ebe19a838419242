import requests
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
import json

@csrf_exempt
def forward(request):
    body = json.loads(request.body)
    target = body["target"]
    r = requests.post(target, json=body.get("payload", {}), timeout=10)  # expect: CWE-918
    return JsonResponse({"status": r.status_code})
