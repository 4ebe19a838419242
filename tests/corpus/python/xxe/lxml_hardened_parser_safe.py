from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/import/catalog", methods=["POST"])
def import_catalog():
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    doc = etree.fromstring(request.data, parser)
    return {"products": len(doc.findall("product"))}
