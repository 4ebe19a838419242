import json
import logging
import os
import time

import redis

log = logging.getLogger(__name__)
r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))

def process(job):
    log.info("processing job %s", job["id"])
    time.sleep(0.1)
    return {"id": job["id"], "ok": True}

def main():
    while True:
        _, raw = r.blpop("jobs")
        result = process(json.loads(raw))
        r.rpush("results", json.dumps(result))

if __name__ == "__main__":
    main()
