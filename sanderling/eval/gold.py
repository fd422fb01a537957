"""Gold sentence sets and the fixed split of the shared ones (``evaluation/splits.json`` of the repository).

Two gold formats of ../shared/data are read: event-labelled sentences (``event_type``, ``actor``, ``recipient``, as in
plover-gsr/gsr_dev.jsonl) and root-labelled ones (``root``, the 15 PLOVER roots, as in plv/plv_train.jsonl).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..errors import Code, UsageError
from ..model import Document

# The repository checkout this package runs from (evaluation/, corpus/ and ../shared beside it).
REPOSITORY = Path(__file__).resolve().parents[2]


def load_splits(repo: Path = REPOSITORY) -> dict:
    """{set name: {"dev": [ids], "heldout": [ids]}}: 30% of each shared set's ids, by hash, held out."""
    path = repo / "evaluation" / "splits.json"
    if not path.exists():
        raise UsageError(Code.NOT_FOUND, f"the fixed split needs {path}")
    return json.loads(path.read_text("utf-8"))


def load_gold(path: Path) -> tuple[list[dict], bool]:
    """The rows of a gold file, and whether it is root-labelled (then each row's ``event_type`` is its root)."""
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(Code.MALFORMED, f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(r, dict) or "id" not in r or "text" not in r or not ("event_type" in r or "root" in r):
            raise UsageError(Code.MALFORMED, f"{path}:{n}: a gold row needs id, text and event_type or root")
        rows.append(r)
    by_root = all("root" in r and "event_type" not in r for r in rows)
    if by_root:
        for r in rows:
            r["event_type"] = r["root"]
    return rows, by_root


def restrict(rows: list[dict], split: str, repo: Optional[Path] = None) -> list[dict]:
    """Only the rows in the fixed ``dev`` or ``heldout`` part (``all``: every row)."""
    if split == "all":
        return rows
    ids = set()
    for parts in load_splits(repo or REPOSITORY).values():
        ids.update(parts[split])
    kept = [r for r in rows if r["id"] in ids]
    if not kept:
        raise UsageError(Code.EMPTY, f"no sentence of this file is in the fixed '{split}' split")
    return kept


def documents(rows: list[dict]) -> list[Document]:
    """Each gold sentence a document of its own."""
    return [Document(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
