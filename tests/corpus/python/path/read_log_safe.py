from pathlib import Path
from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_DIR = Path("/var/log/myapp").resolve()

@app.get("/logs/{log_name}")
def read_log(log_name: str):
    path = (LOG_DIR / log_name).resolve()
    if not path.is_relative_to(LOG_DIR):
        raise HTTPException(status_code=404)
    return {"content": path.read_text()[-5000:]}
