import os
from django.http import JsonResponse

def delete_attachment(request):
    name = os.path.basename(request.POST.get("filename"))
    os.remove(os.path.join("/data/attachments", name))
    return JsonResponse({"deleted": name})
