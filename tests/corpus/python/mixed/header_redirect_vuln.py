from django.http import HttpResponse

def legacy_redirect(request):
    response = HttpResponse(status=302)
    response["Location"] = request.GET.get("to", "/")  # expect: CWE-113
    return response
