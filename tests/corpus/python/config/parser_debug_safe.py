class Tracer:
    def __init__(self):
        self.debug = False

    def enable(self):
        # A parser's own trace switch, not a web framework's debug mode.
        self.debug = True
