"""The actor knowledge base: its tables, the token matcher and dated resolution of people."""
import csv
import datetime
import re
import shutil
from pathlib import Path

import pytest

from sanderling.coder import parse as nlp
from sanderling.coder.kb import DATA_DIR, ActorKB, KBEntry, KBMatch, Role
from sanderling.model import Entity

PEOPLE_COLUMNS = ["key", "name", "aliases", "country", "sector", "role", "start", "end", "source", "note"]
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
ORG_CODES = {"UNO", "IGO", "EUR", "NGO", "IMG"}


@pytest.fixture(scope="module")
def kb():
    return ActorKB.load()


@pytest.fixture(scope="module")
def tokenizer():
    return nlp.load().tokenizer


def resolve(kb, tokenizer, text, date=None, context=()):
    """Every match in ``text`` as (matched words, best entry, resolved Entity)."""
    words = [t.text for t in tokenizer(text)]
    out = []
    for m in kb.find(words):
        entry = kb.best(m, date, context)
        out.append((" ".join(words[m.start:m.end]), entry, kb.resolve(entry, date, context)))
    return out


def only(kb, tokenizer, text, date=None, context=()) -> Entity:
    found = resolve(kb, tokenizer, text, date, context)
    assert len(found) == 1, found
    return found[0][2]


# ---------------------------------------------------------------- people, dated

@pytest.mark.parametrize("date, role", [("2025-07-01", "president"), ("2010-01-01", "prime minister"),
                                        ("2000-05-07", "president"), ("2008-05-08", "prime minister"),
                                        ("2012-05-07", "president"), ("1999-09-01", "prime minister")])
def test_putin_role_follows_the_date(kb, tokenizer, date, role):
    e = only(kb, tokenizer, "Putin", date)
    assert (e.code, e.sector, e.name, e.role, e.kind) == ("RUS", "GOV", "Vladimir Putin", role, "person")


def test_macron_is_the_french_president(kb, tokenizer):
    e = only(kb, tokenizer, "Macron", "2025-07-01")
    assert (e.code, e.sector, e.name, e.role) == ("FRA", "GOV", "Emmanuel Macron", "president")
    # before his first office in the tables he is a prominent person, not yet president
    before = only(kb, tokenizer, "Macron", "2012-01-01")
    assert (before.code, before.sector, before.role) == ("FRA", "ELI", None)


@pytest.mark.parametrize("date, sector, role", [("2017-01-20", "GOV", "president"), ("2020-06-01", "GOV", "president"),
                                                ("2023-03-01", "ELI", "former president"),
                                                ("2025-01-20", "GOV", "president")])
def test_trump_two_terms(kb, tokenizer, date, sector, role):
    e = only(kb, tokenizer, "Donald Trump", date)
    assert (e.code, e.sector, e.name, e.role) == ("USA", sector, "Donald Trump", role)


@pytest.mark.parametrize("text, date, code, name, role", [
    ("Zelensky", "2025-07-01", "UKR", "Volodymyr Zelensky", "president"),
    ("Zelenskyy", "2025-07-01", "UKR", "Volodymyr Zelensky", "president"),
    ("Netanyahu", "2025-07-01", "ISR", "Benjamin Netanyahu", "prime minister"),
    ("Starmer", "2025-07-01", "GBR", "Keir Starmer", "prime minister"),
    ("Merz", "2025-07-01", "DEU", "Friedrich Merz", "chancellor"),
    ("Erdogan", "2025-07-01", "TUR", "Recep Tayyip Erdoğan", "president"),
    ("Erdoğan", "2010-01-01", "TUR", "Recep Tayyip Erdoğan", "prime minister"),
    ("Modi", "2025-07-01", "IND", "Narendra Modi", "prime minister"),
    ("Xi Jinping", "2025-07-01", "CHN", "Xi Jinping", "president"),
    ("Lula", "2025-07-01", "BRA", "Luiz Inácio Lula da Silva", "president"),
    ("Sheinbaum", "2025-07-01", "MEX", "Claudia Sheinbaum", "president"),
    ("Pezeshkian", "2025-07-01", "IRN", "Masoud Pezeshkian", "president"),
    ("al-Sharaa", "2025-07-01", "SYR", "Ahmed al-Sharaa", "president"),
    ("Lavrov", "2025-07-01", "RUS", "Sergey Lavrov", "foreign minister"),
    ("Marco Rubio", "2025-07-01", "USA", "Marco Rubio", "secretary of state"),
    ("Kaja Kallas", "2025-07-01", "EUR", "Kaja Kallas", "high representative"),
    ("von der Leyen", "2025-07-01", "EUR", "Ursula von der Leyen", "president of the European Commission"),
    ("Guterres", "2025-07-01", "UNO", "António Guterres", "secretary-general"),
    ("Rutte", "2025-07-01", "IGO", "Mark Rutte", "secretary general"),
    ("Rutte", "2020-01-01", "NLD", "Mark Rutte", "prime minister"),
    ("Tusk", "2016-01-01", "EUR", "Donald Tusk", "president of the European Council"),
    ("Hegseth", "2025-07-01", "USA", "Pete Hegseth", "secretary of defense"),
    ("Belousov", "2025-07-01", "RUS", "Andrei Belousov", "defence minister"),
    ("Mohammed bin Salman", "2025-07-01", "SAU", "Mohammed bin Salman", "prime minister"),
    ("King Charles", "2025-07-01", "GBR", "Charles III", "king"),
])
def test_heads_of_state_and_government_and_ministers_since_2014(kb, tokenizer, text, date, code, name, role):
    e = only(kb, tokenizer, text, date)
    assert (e.code, e.sector, e.name, e.role, e.kind) == (code, "GOV", name, role, "person")


@pytest.mark.parametrize("text, date, name, role", [
    ("Clinton", "2000-06-01", "Bill Clinton", "president"),
    ("Clinton", "2011-06-01", "Hillary Clinton", "secretary of state"),
    ("Kirchner", "2005-01-01", "Néstor Kirchner", "president"),
    ("Kirchner", "2010-01-01", "Cristina Fernández de Kirchner", "president"),
    ("Koizumi", "2004-01-01", "Junichiro Koizumi", "prime minister"),
    ("Koizumi", "2025-11-01", "Shinjiro Koizumi", "defence minister"),
])
def test_a_surname_shared_by_two_people_is_resolved_by_date(kb, tokenizer, text, date, name, role):
    (words, entry, e), = resolve(kb, tokenizer, text, date)
    assert len(kb.find([text])[0].entries) >= 2
    assert (e.name, e.role, e.sector) == (name, role, "GOV")


def test_shared_title_resolved_by_the_countries_already_in_the_document(kb, tokenizer):
    # Abdullah of Saudi Arabia (king 2005-2015) and Abdullah II of Jordan (since 1999) overlap
    assert only(kb, tokenizer, "King Abdullah", "2010-01-01", context=("JOR",)).code == "JOR"
    assert only(kb, tokenizer, "King Abdullah", "2010-01-01", context=("SAU",)).code == "SAU"
    assert only(kb, tokenizer, "King Abdullah", "2020-01-01").code == "JOR"


def test_after_the_last_office_a_person_is_a_former_office_holder(kb, tokenizer):
    merkel = only(kb, tokenizer, "Merkel", "2023-01-01")
    assert (merkel.code, merkel.sector, merkel.role) == ("DEU", "ELI", "former chancellor")
    # the most prominent past office, not the latest minor one
    kerry = only(kb, tokenizer, "Kerry", "2025-01-01")
    assert kerry.role == "former secretary of state"


def test_a_month_given_as_end_date_lasts_the_whole_month(kb):
    entry = kb.entry("person:gerardo-werthein")
    assert any(r.end == "2025-10" for r in entry.roles)
    assert kb.resolve(entry, "2025-10-31").role == "foreign minister"
    assert kb.resolve(entry, "2025-11-01").role == "former foreign minister"


def test_without_a_date_the_current_office_counts(kb):
    e = kb.resolve(kb.entry("person:vladimir-putin"))
    assert (e.code, e.sector, e.role) == ("RUS", "GOV", "president")


def test_ordinary_words_are_not_surnames(kb, tokenizer):
    # "May" (Theresa May), "Brown" (Gordon Brown) are on the stop list; the full names still match
    assert resolve(kb, tokenizer, "in May", "2017-01-01") == []
    assert only(kb, tokenizer, "Theresa May", "2017-01-01").role == "prime minister"
    assert only(kb, tokenizer, "Gordon Brown", "2008-01-01").name == "Gordon Brown"


# ---------------------------------------------------------------- countries, places, organisations, agents

@pytest.mark.parametrize("text, code, sector, kind", [
    ("the Kremlin", "RUS", "GOV", "metonym"),
    ("Pentagon", "USA", "MIL", "metonym"),
    ("Kyiv", "UKR", "GOV", "metonym"),
    ("Kiev", "UKR", "GOV", "metonym"),
    ("French", "FRA", None, "adjective"),
    ("Ukrainians", "UKR", None, "adjective"),
    ("U.S.", "USA", None, "country"),
    ("Turkey", "TUR", None, "country"),
    ("Hamas", "PSE", "REB", "organisation"),
])
def test_places_peoples_and_groups(kb, tokenizer, text, code, sector, kind):
    e = only(kb, tokenizer, text, "2025-07-01")
    assert (e.code, e.sector, e.kind) == (code, sector, kind)


@pytest.mark.parametrize("text", ["International Atomic Energy Agency", "IAEA"])
def test_un_system_agency(kb, tokenizer, text):
    e = only(kb, tokenizer, text)
    assert (e.code, e.name, e.kind) == ("UNO", "International Atomic Energy Agency", "organisation")


@pytest.mark.parametrize("text, sector", [("troops", "MIL"), ("riot police", "COP"), ("protesters", "CVL"),
                                          ("RIOT POLICE", "COP"), ("Secretary General", "GOV")])
def test_agent_words(kb, tokenizer, text, sector):
    e = only(kb, tokenizer, text)
    assert (e.code, e.sector, e.kind) == (None, sector, "agent")


def test_case_rules(kb, tokenizer):
    assert resolve(kb, tokenizer, "roast turkey") == []
    assert resolve(kb, tokenizer, "let us go") == []  # "us" is not the United States
    assert only(kb, tokenizer, "US").code == "USA"
    assert resolve(kb, tokenizer, "Latin America") == []  # a blocker, not the United States


def test_code_for_name_and_country_records(kb):
    assert [kb.code_for_name(t) for t in ("France", "the U.S.", "Kyiv", "French", "Russia's")] == \
        ["FRA", "USA", "UKR", "FRA", "RUS"]
    assert kb.code_for_name("turkey") is None
    assert kb.code_for_name("Emmanuel Macron") is None  # a person, not a country
    france = kb.country("FRA")
    assert (france.name, france.capital) == ("France", "Paris")
    assert "French" in france.adjectives
    assert kb.country("XYZ") is None


# ---------------------------------------------------------------- the matcher on a real sentence

def test_find_on_a_real_sentence_gives_token_and_character_offsets(kb):
    text = ("In a significant diplomatic development, Russian President Vladimir Putin and French President "
            "Emmanuel Macron held their first direct conversation since September 2022, engaging in a two-hour "
            "phone call on July 1, 2025, at Macron's initiative.")
    doc = next(nlp.parse([text]))
    matches = kb.find([t.text for t in doc], [t.lemma_ for t in doc])
    assert all(isinstance(m, KBMatch) for m in matches)
    spans = [(doc[m.start:m.end].start_char, doc[m.start:m.end].end_char, m.entries[0].key) for m in matches]
    assert spans == [
        (41, 73, "person:vladimir-putin"),  # a Phoenix alias covers the whole title phrase
        (78, 84, "adjective:FRA"),
        (85, 94, "agent:president"),
        (95, 110, "person:emmanuel-macron"),
        (224, 230, "person:emmanuel-macron"),  # "Macron's": the possessive is its own token
    ]
    assert [m.start for m in matches] == [6, 11, 12, 13, 39]
    assert (text[41:73], text[95:110], text[224:230]) == \
        ("Russian President Vladimir Putin", "Emmanuel Macron", "Macron")


def test_lemmas_let_inflected_agent_words_match(kb):
    assert kb.find(["soldiers"]) and kb.find(["soldiers"])[0].entries[0].sector == "MIL"
    m = kb.find(["policemen"], ["policeman"])
    assert m and m[0].entries[0].sector == "COP"


# ---------------------------------------------------------------- the tables themselves

def team_people_rows():
    for path in sorted(DATA_DIR.glob("people_team*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            assert next(reader) == PEOPLE_COLUMNS, path.name
            for lineno, row in enumerate(reader, 2):
                if row and not row[0].startswith("#"):
                    yield f"{path.name}:{lineno}", row


def _bound(date: str, end: bool) -> datetime.date:
    """The first (or last) day a full or partial ISO date can mean."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 2:
        first = datetime.date(parts[0], parts[1], 1)
        return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1) \
            if end else first
    return datetime.date(parts[0], 12, 31) if end else datetime.date(parts[0], 1, 1)


def test_team_people_rows_are_well_formed():
    country_codes = {row["code"] for row in csv.DictReader(open(DATA_DIR / "countries.tsv", encoding="utf-8"),
                                                           delimiter="\t")}
    problems = []
    names: dict[str, str] = {}
    count = 0
    for where, row in team_people_rows():
        count += 1
        if len(row) != len(PEOPLE_COLUMNS):
            problems.append(f"{where}: {len(row)} columns")
            continue
        rec = dict(zip(PEOPLE_COLUMNS, row))
        if rec["source"] != "team-2026" or not rec["key"] or not rec["name"] or not rec["sector"]:
            problems.append(f"{where}: missing key/name/sector or source not team-2026")
        if rec["country"] not in country_codes and rec["country"] not in ORG_CODES:
            problems.append(f"{where}: unknown country {rec['country']}")
        if names.setdefault(rec["key"], rec["name"]) != rec["name"]:
            problems.append(f"{where}: key {rec['key']} has two names")
        try:
            for value in (rec["start"], rec["end"]):
                if value and not PARTIAL_DATE.fullmatch(value):
                    raise ValueError(value)
                if value:
                    _bound(value, end=False)
            if rec["start"] and rec["end"] and _bound(rec["start"], False) > _bound(rec["end"], True):
                problems.append(f"{where}: starts after it ends")
        except ValueError as exc:
            problems.append(f"{where}: bad date {exc}")
    assert count > 500
    assert problems == []


def test_g20_table_covers_every_member_and_the_international_offices():
    covered = {row[3] for where, row in team_people_rows() if where.startswith("people_team_g20")}
    g20 = set("ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA EUR UNO IGO".split())
    assert g20 <= covered


def test_data_stays_small():
    assert sum(p.stat().st_size for p in DATA_DIR.iterdir()) < 5_000_000


# ---------------------------------------------------------------- loading and the on-disk cache

def test_load_is_once_per_process_and_the_types_are_the_public_ones(kb):
    assert ActorKB.load() is kb
    entry = kb.entry("person:emmanuel-macron")
    assert isinstance(entry, KBEntry) and all(isinstance(r, Role) for r in entry.roles)
    assert isinstance(kb.resolve(entry, "2025-07-01"), Entity)


def test_cache_is_rebuilt_when_the_data_change_and_equals_a_fresh_build(tmp_path, monkeypatch):
    data = tmp_path / "kb"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setenv("SANDERLING_CACHE_DIR", str(tmp_path / "cache"))
    first = ActorKB.load(data)
    cached = list((tmp_path / "cache").glob("kb-*.pickle"))
    assert len(cached) == 1
    ActorKB._cache.pop(data.resolve())
    again = ActorKB.load(data)  # from the pickle
    assert again is not first and again.entries == first.entries and again._index == first._index
    fresh = ActorKB.load(data, use_cache=False)
    assert fresh.entries == first.entries and fresh._index == first._index

    with open(data / "people_team_g20.tsv", "a", encoding="utf-8") as fh:
        fh.write("test-zebulon-quartz\tZebulon Quartz\tQuartz\tFRA\tGOV\tforeign minister\t2030-01-01\t\tteam-2026\t\n")
    ActorKB._cache.pop(data.resolve())
    changed = ActorKB.load(data)
    assert changed.entry("person:test-zebulon-quartz") is not None
    assert [p.name for p in (tmp_path / "cache").glob("kb-*.pickle")] != [p.name for p in cached]
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1  # the stale build was removed
    ActorKB._cache.pop(data.resolve())


@pytest.mark.parametrize("text, code", [("Catalan", "ESP"), ("Tibetan", "CHN"), ("Uyghurs", "CHN"), ("Chechen", "RUS"),
                                        ("Rohingya", "MMR"), ("Darfuri", "SDN")])
def test_peoples_of_one_country_code_as_that_country(kb, tokenizer, text, code):
    assert only(kb, tokenizer, text).code == code


@pytest.mark.parametrize("words, code", [
    (["Soviet", "troops"], "SUN"),
    (["the", "Soviet", "Union"], "SUN"),
    (["East", "German", "guards"], "DDR"),
    (["Yugoslav", "army"], "YUG"),
    (["Russian", "troops"], "RUS"),
])
def test_former_states_have_their_own_codes(kb, words, code):
    matches = kb.find(words)
    assert [e.code for m in matches for e in m.entries if e.code] == [code]


def test_a_surname_is_not_taken_for_a_namesake_with_another_given_name(kb):
    # Phoenix knows a Domagoj Ivan Milosevic (HRV) but not Slobodan Milosevic
    assert kb.find(["Slobodan", "Milosevic"]) == []
    assert [m.entries[0].name for m in kb.find(["Sergei", "Lavrov"])] == ["Sergey Lavrov"]
    assert [m.entries[0].name for m in kb.find(["President", "Putin"])][-1:] == ["Vladimir Putin"]


def test_soviet_leaders_are_coded_as_the_soviet_union_while_it_lasted():
    from sanderling.coder.pipeline import Coder
    (e,) = Coder.load().code_text("Mikhail Gorbachev met Ronald Reagan in Geneva.", "d", "1985-11-20")
    assert [(a.text, a.code) for a in e.actor] == [("Mikhail Gorbachev", "SUN"), ("Ronald Reagan", "USA")]


def test_one_country_resolver_for_codes_and_names(kb):
    """The store's query words and the coder read country names from the same knowledge base entries."""
    assert [kb.country_code(x) for x in ("FRA", "SUN", "France", "the United States", "Russian Federation")] == [
        "FRA", "SUN", "FRA", "USA", "RUS"]
    assert [kb.country_code(x) for x in ("French", "Kyiv", "Kremlin", "fra", "XYZ", "")] == [None] * 6
    assert kb.code_for_name("French") == "FRA" and kb.code_for_name("Kremlin") == "RUS"  # the coder's wider reading
