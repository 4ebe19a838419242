from django.http import HttpResponseRedirect

def logout_view(request):
    target = request.GET.get("return_to", "/")
    return HttpResponseRedirect(target)  # expect: CWE-601
