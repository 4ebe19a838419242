import os

import falcon

STATIC_ROOT = "/srv/app/public"


class FileResource:
    def on_get(self, req, resp, filename):
        name = os.path.basename(filename)
        resp.stream = open(os.path.join(STATIC_ROOT, name), "rb")
        resp.content_type = falcon.MEDIA_TEXT
