import ssl

import OpenSSL.SSL

# A compatibility table from the ssl module's constants to pyOpenSSL's: it
# names old versions without choosing them.
_openssl_versions = {
    ssl.PROTOCOL_TLS_CLIENT: OpenSSL.SSL.SSLv23_METHOD,
    ssl.PROTOCOL_TLSv1: OpenSSL.SSL.TLSv1_METHOD,
}
if hasattr(ssl, "PROTOCOL_TLSv1_1"):
    _openssl_versions[ssl.PROTOCOL_TLSv1_1] = OpenSSL.SSL.TLSv1_1_METHOD


def client_context():
    # PROTOCOL_SSLv23 is the old name of PROTOCOL_TLS: it negotiates the
    # highest version both sides support.
    context = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
