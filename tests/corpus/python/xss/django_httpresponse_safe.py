from django.http import HttpResponse
from django.utils.html import escape

def welcome(request):
    name = request.GET.get("name", "friend")
    return HttpResponse("<html><body>Welcome, " + escape(name) + "!</body></html>")
