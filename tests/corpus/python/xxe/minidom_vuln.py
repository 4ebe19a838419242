from xml.dom import minidom

def parse_invoice(xml_text: str):
    doc = minidom.parseString(xml_text)  # expect: CWE-611
    return doc.getElementsByTagName("total")[0].firstChild.data
