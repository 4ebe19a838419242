from django.http import JsonResponse
from .models import Article

def articles(request):
    author = request.GET.get("author", "")
    qs = Article.objects.extra(where=[f"author_name = '{author}'"])  # expect: CWE-89
    return JsonResponse({"titles": [a.title for a in qs]})
