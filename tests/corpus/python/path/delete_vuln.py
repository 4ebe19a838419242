import os
from django.http import JsonResponse

def delete_attachment(request):
    name = request.POST.get("filename")
    os.remove(os.path.join("/data/attachments", name))  # expect: CWE-22
    return JsonResponse({"deleted": name})
