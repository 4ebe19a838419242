import copy
from http.cookiejar import CookieJar


def merge(jar: CookieJar, other: CookieJar) -> CookieJar:
    # A client-side cookie jar stores cookies a server sent; set_cookie here
    # takes one Cookie object and sends nothing to a browser.
    merged = CookieJar()
    for cookie in list(jar) + list(other):
        merged.set_cookie(copy.copy(cookie))
    return merged
