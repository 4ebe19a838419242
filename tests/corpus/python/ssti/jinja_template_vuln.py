from jinja2 import Template
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()

@app.get("/render", response_class=HTMLResponse)
def render(title: str):
    return Template("<title>" + title + "</title>").render()  # expect: CWE-1336
