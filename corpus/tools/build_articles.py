"""Build corpus/articles-v1 from the typed sources in corpus/articles-v1/src/*.yaml.

    python corpus/tools/build_articles.py            # writes articles.jsonl, expected/<id>.expected.json, splits.json
    python corpus/tools/build_articles.py --check    # builds in memory and fails if the committed files differ

Each source file is a YAML list of articles written by hand:

    - id: art-001
      published: 2024-11-18
      kind: violence                   # violence | diplomacy | protest | sanctions | aid | mixed
      title: Russian drones kill ...   # the headline; the text starts with it (omit for a story without one)
      body: |
        KYIV, Nov 18 (Reuters) - ...
      expect:    [ <event>, ... ]      # what a careful coder must find      -> expected_events
      also:      [ <event>, ... ]      # codable but optional; not a miss, not an extra -> also_acceptable
      must_not:  [ <trap>, ... ]

An <event> uses short keys that expand to the fields of ../shared/examples/putin-macron-call.expected.json:
type -> event_type, mode -> mode, modes -> mode_any_of, actors -> actor_codes_include, recipients ->
recipient_codes_include, people -> named_people_include, context -> context_include, date (one day or
[from, to]) -> date_from/date_to, historical, duration [lo, hi] -> duration_minutes_from/to, initiator ->
initiator_code, previous [from, to] -> previous_contact, place {name, lat, lon, r, country} -> location_name,
location_lat_from/to, location_lon_from/to (lat/lon +- r, default 0.3) and location_country, dead / injured / size
(an exact count: *_min = *_max; or [min, max] where sources differ), dead_at_least / injured_at_least /
size_at_least (*_min only), quantities -> quantities_include,
evidence -> evidence_contains, unknown_actor -> actor_unknown, count_words -> count_evidence (the words a count
is read from when the text enumerates instead of giving a number). The keys the shared scorer does not read
(location_country, dead_max, injured_max, size_min, size_max, actor_unknown, also_acceptable and the must_not kind extra_citing)
are extensions read by corpus/tools/score_articles.py; see corpus/articles-v1/README.md.

A <trap> is {what, evidence} (no event may cite those words: the shared scorer's evidence_contains),
{what, duplicate_of} (the shared scorer's duplicate check) or {what, extra_citing, type?} (no event that cites
those words may be left over once every emitted event is paired with an expected one).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "articles-v1"
SRC = CORPUS / "src"
KINDS = ("violence", "diplomacy", "protest", "sanctions", "aid", "mixed")

ABOUT = ("What a careful human coder extracts from this article under PLOVER 2.0 (../shared/reference/plover/), in "
         "the format of ../shared/examples/putin-macron-call.expected.json: a coder passes when every expected "
         "event is matched by one of its events (same event_type; the listed actor/recipient codes present; date "
         "inside the range; the listed numbers at least the *_min) and it emits nothing listed under must_not. "
         "Extension fields, read by corpus/tools/score_articles.py and ignored by the shared score_acceptance.py: "
         "location_country (ISO code of the place), dead_max/injured_max (with *_min: the exact count the text "
         "gives, or the range where its sources differ), size_min/size_max (crowd size), actor_unknown (the text does not say who did it: no actor may carry a code), also_acceptable "
         "(events a coder may emit or not: neither a miss nor an extra), and must_not entries with extra_citing "
         "(an event citing those words must pair with an expected event, not stand alone). Written by the "
         "sanderling team (CC BY 4.0); see corpus/articles-v1/DATASHEET.md.")

SPLIT_RULE = ("held out when int(sha1('articles-v1/' + id).hexdigest()[:8], 16) % 5 == 0; fixed before any "
              "article was written; nobody develops rules, lexicons or models on the held-out ids")


def is_heldout(doc_id: str) -> bool:
    return int(hashlib.sha1(("articles-v1/" + doc_id).encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


def _day(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _range(value) -> tuple[str, str]:
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError(f"a date range has two ends: {value!r}")
        return _day(value[0]), _day(value[1])
    return _day(value), _day(value)


EVENT_KEYS = {"what", "type", "mode", "modes", "actors", "recipients", "people", "context", "date", "historical",
              "duration", "initiator", "previous", "place", "dead", "injured", "dead_at_least", "injured_at_least", "size", "size_at_least",
              "quantities", "evidence", "unknown_actor", "note", "count_words"}


def expand_event(src: dict, where: str) -> dict:
    unknown = set(src) - EVENT_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("what", "type", "evidence"):
        if key not in src:
            raise ValueError(f"{where}: '{key}' is required")
    out: dict = {"what": src["what"], "event_type": src["type"]}
    if "mode" in src:
        out["mode"] = src["mode"]
    if "modes" in src:
        out["mode_any_of"] = list(src["modes"])
    if "actors" in src:
        out["actor_codes_include"] = list(src["actors"])
    if "recipients" in src:
        out["recipient_codes_include"] = list(src["recipients"])
    if "people" in src:
        out["named_people_include"] = list(src["people"])
    if "context" in src:
        out["context_include"] = list(src["context"])
    if "date" in src:
        out["date_from"], out["date_to"] = _range(src["date"])
    if "historical" in src:
        out["historical"] = bool(src["historical"])
    if "duration" in src:
        out["duration_minutes_from"], out["duration_minutes_to"] = src["duration"]
    if "initiator" in src:
        out["initiator_code"] = src["initiator"]
    if "previous" in src:
        lo, hi = _range(src["previous"])
        out["previous_contact"] = {"date_from": lo, "date_to": hi}
    if "place" in src:
        p = src["place"]
        extra = set(p) - {"name", "lat", "lon", "r", "country"}
        if extra:
            raise ValueError(f"{where}: unknown place keys {sorted(extra)}")
        if "name" in p:
            out["location_name"] = p["name"]
        if "lat" in p:
            r = float(p.get("r", 0.3))
            out["location_lat_from"] = round(p["lat"] - r, 2)
            out["location_lat_to"] = round(p["lat"] + r, 2)
            out["location_lon_from"] = round(p["lon"] - r, 2)
            out["location_lon_to"] = round(p["lon"] + r, 2)
        if "country" in p:
            out["location_country"] = p["country"]
    for field in ("dead", "injured", "size"):
        if field in src:
            v = src[field]
            lo, hi = (v if isinstance(v, list) else [v, v])
            out[f"{field}_min"], out[f"{field}_max"] = int(lo), int(hi)
        if f"{field}_at_least" in src:
            out[f"{field}_min"] = int(src[f"{field}_at_least"])
    if "quantities" in src:
        out["quantities_include"] = [{"value": q["value"], "unit": q["unit"]} for q in src["quantities"]]
    out["evidence_contains"] = src["evidence"]
    if "count_words" in src:  # a count the text gives by enumeration ("the driver and a paramedic")
        out["count_evidence"] = src["count_words"]
    if src.get("unknown_actor"):
        out["actor_unknown"] = True
    if "note" in src:
        out["note"] = src["note"]
    return out


def expand_trap(src: dict, where: str) -> dict:
    unknown = set(src) - {"what", "evidence", "duplicate_of", "extra_citing", "type"}
    if unknown:
        raise ValueError(f"{where}: unknown must_not keys {sorted(unknown)}")
    kinds = [k for k in ("evidence", "duplicate_of", "extra_citing") if k in src]
    if len(kinds) != 1 or "what" not in src:
        raise ValueError(f"{where}: a must_not entry has 'what' and exactly one of evidence/duplicate_of/extra_citing")
    out = {"what": src["what"]}
    if "evidence" in src:
        out["evidence_contains"] = src["evidence"]
    elif "duplicate_of" in src:
        out["duplicate_of"] = src["duplicate_of"]
    else:
        out["extra_citing"] = src["extra_citing"]
        if "type" in src:
            out["event_type"] = src["type"]
    return out


ARTICLE_KEYS = {"id", "published", "kind", "title", "body", "expect", "also", "must_not", "note"}


def load_sources(src_dir: Path = SRC) -> list[dict]:
    articles = []
    for path in sorted(src_dir.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for item in items:
            item["_file"] = path.name
            articles.append(item)
    return articles


def build(articles: list[dict]) -> tuple[list[dict], dict[str, dict], dict]:
    rows, expected, seen = [], {}, set()
    for a in articles:
        where = f"{a.get('_file')}:{a.get('id')}"
        unknown = set(a) - ARTICLE_KEYS - {"_file"}
        if unknown:
            raise ValueError(f"{where}: unknown article keys {sorted(unknown)}")
        doc_id = a["id"]
        if doc_id in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(doc_id)
        if a.get("kind") not in KINDS:
            raise ValueError(f"{where}: kind must be one of {KINDS}")
        published = _day(a["published"])
        body = a["body"].strip("\n").rstrip() + "\n"
        title = a.get("title")
        text = f"{title}\n\n{body}" if title else body
        rows.append({"id": doc_id, "published": published, "title": title, "text": text, "source": "team",
                     "kind": a["kind"]})
        exp = {
            "about": ABOUT,
            "document": {"id": doc_id, "file": "articles.jsonl", "published": published, "source": "team",
                         "language": "en", "kind": a["kind"]},
            "expected_events": [expand_event(e, f"{where} expect[{i}]") for i, e in enumerate(a.get("expect") or [])],
            "also_acceptable": [expand_event(e, f"{where} also[{i}]") for i, e in enumerate(a.get("also") or [])],
            "must_not": [expand_trap(m, f"{where} must_not[{i}]") for i, m in enumerate(a.get("must_not") or [])],
        }
        if a.get("note"):
            exp["note"] = a["note"]
        expected[doc_id] = exp
    rows.sort(key=lambda r: r["id"])
    ids = [r["id"] for r in rows]
    splits = {"rule": SPLIT_RULE,
              "dev": [i for i in ids if not is_heldout(i)],
              "heldout": [i for i in ids if is_heldout(i)]}
    return rows, expected, splits


def render(rows, expected, splits) -> dict[Path, str]:
    files = {CORPUS / "articles.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
             CORPUS / "splits.json": json.dumps(splits, indent=1, ensure_ascii=False) + "\n"}
    for doc_id, exp in expected.items():
        files[CORPUS / "expected" / f"{doc_id}.expected.json"] = json.dumps(exp, indent=2, ensure_ascii=False) + "\n"
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from the sources")
    args = ap.parse_args()
    files = render(*build(load_sources()))
    if args.check:
        bad = [p for p, s in files.items() if not p.exists() or p.read_text(encoding="utf-8") != s]
        stale = set((CORPUS / "expected").glob("*.expected.json")) - set(files)
        for p in bad + sorted(stale):
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if bad or stale else 0
    (CORPUS / "expected").mkdir(parents=True, exist_ok=True)
    for stale in set((CORPUS / "expected").glob("*.expected.json")) - set(files):
        stale.unlink()
    for p, s in files.items():
        p.write_text(s, encoding="utf-8")
    n = sum(1 for p in files if p.parent.name == "expected")
    print(f"{n} articles -> {CORPUS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
