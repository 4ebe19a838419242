import logging
from fastapi import FastAPI, HTTPException

app = FastAPI()
log = logging.getLogger(__name__)

@app.get("/reports/{report_id}")
def get_report(report_id: int):
    try:
        return build_report(report_id)
    except Exception:
        log.exception("report %s failed", report_id)
        raise HTTPException(status_code=500, detail="internal error")
