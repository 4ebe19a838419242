import aiofiles
from fastapi import APIRouter

router = APIRouter(prefix="/docs")

@router.get("/{doc_path:path}")
async def read_doc(doc_path: str):
    async with aiofiles.open(f"./docs/{doc_path}", "r") as fh:  # expect: CWE-22
        content = await fh.read()
    return {"content": content}
