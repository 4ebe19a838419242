import tornado.escape
import tornado.web


class GreetHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        self.write("<p>Hello, %s</p>" % tornado.escape.xhtml_escape(name))

    def post(self):
        self.write({"received": self.get_body_argument("note", "")})
