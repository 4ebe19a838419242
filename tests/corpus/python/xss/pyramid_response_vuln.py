from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name="search")
def search(request):
    q = request.params.get("q", "")
    return Response("<p>No results for <b>%s</b></p>" % q)  # expect: CWE-79
