@app.post("/model/upload")
async def upload_model(file: UploadFile = File(...)):
    raw = await file.read()
    model = pickle.loads(raw)  # expect: CWE-502
    MODELS[file.filename] = model
    return {"loaded": file.filename
