from fastapi import FastAPI

app = FastAPI()

@app.get("/logs/{log_name}")
def read_log(log_name: str):
    with open(f"/var/log/myapp/{log_name}") as fh:  # expect: CWE-22
        return {"content": fh.read()[-5000:]}
