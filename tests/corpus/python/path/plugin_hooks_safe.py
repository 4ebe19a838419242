"""Test-run plugin: functions registered with bare decorators run as hooks."""

PRE_HOOKS = []
POST_HOOKS = []


def pre(fn):
    PRE_HOOKS.append(fn)
    return fn


def post(fn):
    POST_HOOKS.append(fn)
    return fn


@post
def write_idents(options, file_config):
    if options.write_idents:
        with open(options.write_idents, "a") as out:
            out.write(file_config.get("db", "ident", fallback="default") + "\n")


@pre
def read_profile(options, file_config):
    with open(file_config.get("run", "profile_path")) as f:
        return f.read()
