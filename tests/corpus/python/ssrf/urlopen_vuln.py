from urllib.request import urlopen
from django.http import HttpResponse

def fetch_feed(request):
    feed_url = request.GET["feed"]
    data = urlopen(feed_url).read()  # expect: CWE-918
    return HttpResponse(data, content_type="application/xml")
