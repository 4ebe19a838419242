import os

import tornado.web

THEMES = "/usr/share/app/themes"


class ThemeHandler(tornado.web.RequestHandler):
    def get(self):
        theme = self.get_argument("theme")
        with open(os.path.join(THEMES, theme, "style.css"), "rb") as fh:  # expect: CWE-22
            self.set_header("Content-Type", "text/css")
            self.write(fh.read())
