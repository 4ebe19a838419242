import tornado.web


class GreetHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        self.write("<p>Hello, %s</p>" % name)  # expect: CWE-79
