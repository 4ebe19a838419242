import xml.etree.ElementTree as ET

def read_sitemap(body: bytes):
    root = ET.fromstring(body)  # expect: CWE-611
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
