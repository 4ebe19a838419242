from fastapi import FastAPI, Depends
from sqlalchemy import text
from sqlalchemy.orm import Session

from .database import get_db

app = FastAPI()

@app.get("/items/search")
def search_items(q: str, db: Session = Depends(get_db)):
    stmt = text(f"SELECT * FROM items WHERE title ILIKE '%{q}%'")  # expect: CWE-89
    return db.execute(stmt).mappings().all()
