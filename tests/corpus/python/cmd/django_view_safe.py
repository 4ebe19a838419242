import subprocess
from django.http import HttpResponse

ALLOWED = {"/var/www", "/var/log"}

def disk_usage(request):
    path = request.GET.get("path", "/var/www")
    if path not in ALLOWED:
        return HttpResponse(status=400)
    out = subprocess.run(["du", "-sh", path], capture_output=True, text=True).stdout
    return HttpResponse(out, content_type="text/plain")
