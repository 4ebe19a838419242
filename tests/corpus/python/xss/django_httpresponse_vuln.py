from django.http import HttpResponse

def welcome(request):
    name = request.GET.get("name", "friend")
    return HttpResponse("<html><body>Welcome, " + name + "!</body></html>")  # expect: CWE-79
