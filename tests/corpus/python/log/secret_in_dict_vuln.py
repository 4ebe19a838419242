import logging
import os

log = logging.getLogger(__name__)


def connect(driver):
    params = {"user": os.environ["PGUSER"], "password": os.environ["PGPASSWORD"]}
    log.debug("connecting user=%s password=%s", params["user"], params["password"])  # expect: CWE-532
    return driver.connect(**params)
