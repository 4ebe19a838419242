from lxml import etree
from flask import Flask, request

app = Flask(__name__)
doc = etree.parse("catalog.xml")

@app.route("/book")
def book():
    title = request.args.get("title")
    nodes = doc.xpath("//book[title='" + title + "']/price/text()")  # expect: CWE-643
    return {"prices": nodes}
