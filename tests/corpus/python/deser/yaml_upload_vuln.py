import yaml
from fastapi import FastAPI, UploadFile

app = FastAPI()

@app.post("/import")
async def import_config(file: UploadFile):
    content = await file.read()
    config = yaml.unsafe_load(content)  # expect: CWE-502
    return {"keys": list(config)}
