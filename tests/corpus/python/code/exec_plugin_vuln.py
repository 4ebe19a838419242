from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

class Snippet(BaseModel):
    code: str

@app.post("/run")
async def run_snippet(snippet: Snippet):
    scope = {}
    exec(snippet.code, scope)  # expect: CWE-95
    return {"result": str(scope.get("result"))}
