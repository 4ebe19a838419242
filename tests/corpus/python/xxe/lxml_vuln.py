from lxml import etree
from flask import Flask, request

app = Flask(__name__)

@app.route("/import", methods=["POST"])
def import_xml():
    parser = etree.XMLParser(resolve_entities=True)  # expect: CWE-611
    root = etree.fromstring(request.data, parser)  # expect: CWE-611
    return {"items": len(root)}
