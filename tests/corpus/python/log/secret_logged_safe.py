import logging

logger = logging.getLogger(__name__)


def connect(host, user, password, token):
    logger.info("connecting to %s as %s", host, user)
    logger.debug("password of %d characters, token ending %s", len(password), token[-4:])
    logger.info("password changed for %s", user)
    return host
