import subprocess
from pathlib import Path
from fastapi import FastAPI, HTTPException

app = FastAPI()
FORMATS = {"png", "jpg", "webp"}

@app.post("/convert")
def convert(filename: str, fmt: str = "png"):
    if fmt not in FORMATS:
        raise HTTPException(status_code=400)
    name = Path(filename).name
    subprocess.run(["convert", f"uploads/{name}", f"output/{name}.{fmt}"], check=True)
    return {"status": "converted"}
