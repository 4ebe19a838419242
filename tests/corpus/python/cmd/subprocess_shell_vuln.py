import subprocess
from fastapi import FastAPI

app = FastAPI()

@app.post("/convert")
def convert(filename: str, fmt: str = "png"):
    cmd = f"convert uploads/{filename} output/{filename}.{fmt}"
    subprocess.run(cmd, shell=True, check=True)  # expect: CWE-78
    return {"status": "converted"}
