import falcon

STATIC_ROOT = "/srv/app/public"


class FileResource:
    def on_get(self, req, resp, filename):
        resp.stream = open(STATIC_ROOT + "/" + filename, "rb")  # expect: CWE-22
        resp.content_type = falcon.MEDIA_TEXT
