from fastapi import FastAPI, Depends
from sqlalchemy import text
from sqlalchemy.orm import Session

from .database import get_db

app = FastAPI()

@app.get("/items/search")
def search_items(q: str, db: Session = Depends(get_db)):
    stmt = text("SELECT * FROM items WHERE title ILIKE :pattern")
    return db.execute(stmt, {"pattern": f"%{q}%"}).mappings().all()
