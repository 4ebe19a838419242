import subprocess
from django.http import HttpResponse

def disk_usage(request):
    path = request.GET.get("path", "/var/www")
    out = subprocess.getoutput("du -sh " + path)  # expect: CWE-78
    return HttpResponse(out, content_type="text/plain")
