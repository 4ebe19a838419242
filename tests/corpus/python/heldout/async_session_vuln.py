from fastapi import FastAPI, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from .db import get_session

app = FastAPI()

@app.delete("/users/{username}")
async def delete_user(username: str, session: AsyncSession = Depends(get_session)):
    await session.execute(f"DELETE FROM users WHERE username = '{username}'")  # expect: CWE-89
    await session.commit()
    return {"deleted": username}
