from django.http import JsonResponse

def set_cart_owner(request):
    request.session["cart_owner"] = request.POST.get("owner")  # expect: CWE-501
    return JsonResponse({"ok": True})
