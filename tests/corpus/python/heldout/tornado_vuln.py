import tornado.web

class SearchHandler(tornado.web.RequestHandler):
    def get(self):
        q = self.get_argument("q")
        rows = self.application.db.execute("SELECT * FROM docs WHERE body LIKE '%" + q + "%'")  # expect: CWE-89
        self.write({"rows": rows})
