import ssl


def make_context(verify: bool = True, cafile: str | None = None) -> ssl.SSLContext:
    """A client context; `verify=False` is the caller's explicit choice."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if cafile:
        ctx.load_verify_locations(cafile)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Options:
    def __init__(self, validate_certs=True):
        self.validate_certs = validate_certs

    def context(self):
        ctx = ssl.create_default_context()
        if self.validate_certs:
            return ctx
        else:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx
