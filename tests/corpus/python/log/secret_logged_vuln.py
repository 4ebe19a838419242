import logging

logger = logging.getLogger(__name__)


class Connector:
    def __init__(self, host, api_key):
        self.host = host
        self.api_key = api_key

    def connect(self, user, password):
        logger.info("connecting to %s as %s with %s", self.host, user, password)  # expect: CWE-532
        logger.debug(f"using key {self.api_key}")  # expect: CWE-532
        return self.host
