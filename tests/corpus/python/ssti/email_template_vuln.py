from jinja2 import Environment
from django.http import HttpResponse

env = Environment(autoescape=True)

def preview_email(request):
    body = request.POST.get("body", "")
    html = env.from_string(body).render(user=request.user)  # expect: CWE-1336
    return HttpResponse(html)
