"""What the builders of the team's test corpora (claims-v1, calls-v1) share: the held-out rule, YAML dates as
ISO strings, and writing or checking the built files."""
from __future__ import annotations

import hashlib
from pathlib import Path


def heldout(report_id: str) -> bool:
    """The fixed held-out fifth: SHA-1 of the report id, as an integer, divisible by 5."""
    return int(hashlib.sha1(report_id.encode("utf-8")).hexdigest(), 16) % 5 == 0


def str_dates(obj):
    """YAML reads 2022-09-11 as a date; the corpora keep ISO strings."""
    if isinstance(obj, dict):
        return {k: str_dates(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [str_dates(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def write_or_check(files: dict[str, str], corpus: Path, builder: str, check: bool, subdir: str | None = None) -> int:
    """Write the built files under corpus (removing stale ones in subdir), or with check report the ones that
    differ from a fresh build.  Returns the exit status."""
    stale_extra = []
    if subdir and (corpus / subdir).exists():
        stale_extra = [p for p in (corpus / subdir).iterdir() if f"{subdir}/{p.name}" not in files]
    if check:
        stale = [n for n, body in files.items()
                 if not (corpus / n).exists() or (corpus / n).read_text(encoding="utf-8") != body]
        stale += [f"{subdir}/{p.name}" for p in stale_extra]
        if stale:
            print("stale: " + ", ".join(stale) + f" (run python {builder})")
            return 1
        print(f"{corpus.name} is up to date")
        return 0
    if subdir:
        (corpus / subdir).mkdir(exist_ok=True)
    for p in stale_extra:
        p.unlink()
    for name, body in files.items():
        (corpus / name).write_text(body, encoding="utf-8")
    print(f"wrote {len(files)} files to {corpus.name}")
    return 0
