from django.http import JsonResponse
from .models import Product

def product_search(request):
    category = request.GET.get("category")
    products = Product.objects.raw(  # expect: CWE-89
        "SELECT * FROM shop_product WHERE category = '%s'" % category
    )
    return JsonResponse({"items": [p.name for p in products]})
