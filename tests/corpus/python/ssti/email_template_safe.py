from jinja2 import Environment, FileSystemLoader
from django.http import HttpResponse

env = Environment(loader=FileSystemLoader("templates"), autoescape=True)

def preview_email(request):
    body = request.POST.get("body", "")
    html = env.get_template("email.html").render(user=request.user, body=body)
    return HttpResponse(html)
