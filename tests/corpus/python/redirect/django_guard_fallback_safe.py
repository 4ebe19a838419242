from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next"))
    if not url_has_allowed_host_and_scheme(
        url=next_url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        next_url = "/"
    return HttpResponseRedirect(next_url)


def login_done(request):
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url=target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return render(request, "done.html")
