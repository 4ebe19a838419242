from fastapi import FastAPI, HTTPException

app = FastAPI()

@app.get("/reports/{report_id}")
def get_report(report_id: int):
    try:
        return build_report(report_id)
    except Exception as exc:
        return {"error": str(exc), "status_code": 500}  # expect: CWE-209
