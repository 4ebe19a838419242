from django.http import HttpResponse

def set_language(request):
    lang = request.GET.get("lang", "en")
    response = HttpResponse("ok")
    response["Content-Language"] = lang  # expect: CWE-113
    return response
