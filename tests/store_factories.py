"""Build model.Event / Document objects directly, so the store can be tested without the coder."""
from __future__ import annotations

from typing import Optional, Sequence

from sanderling.model import Count, DateInfo, Document, Entity, Event, Evidence, Location

PLACES = {
    "Kyiv": ("Kyiv", "UKR", 50.4501, 30.5234, "city"),
    "Kharkiv": ("Kharkiv", "UKR", 49.9935, 36.2304, "city"),
    "Ukraine": ("Ukraine", "UKR", 49.0, 32.0, "country"),
    "Paris": ("Paris", "FRA", 48.8566, 2.3522, "city"),
}


def person(name: str, code: str, role: Optional[str] = None) -> Entity:
    return Entity(text=name.split()[-1], code=code, sector="GOV", name=name, kind="person", role=role)


def country(text: str, code: str) -> Entity:
    return Entity(text=text, code=code, kind="country")


def day(value: str, text: Optional[str] = None, precision: str = "day", basis: str = "explicit") -> DateInfo:
    if precision == "month":
        year, month = map(int, value.split("-")[:2])
        import calendar

        last = calendar.monthrange(year, month)[1]
        return DateInfo(value=value[:7], earliest=f"{value[:7]}-01", latest=f"{value[:7]}-{last:02d}",
                        precision="month", text=text, basis=basis)
    return DateInfo(value=value, earliest=value, latest=value, precision=precision, text=text, basis=basis)


def event(
    doc: Document,
    event_type: str,
    sentence: str,
    actors: Sequence[Entity] = (),
    recipients: Sequence[Entity] = (),
    date: Optional[DateInfo] = None,
    place: Optional[str] = None,
    dead: Optional[int] = None,
    injured: Optional[int] = None,
    mode: Sequence[str] = (),
    trigger: Optional[str] = None,
    **flags,
) -> Event:
    """An event whose evidence is ``sentence``, which must occur in ``doc.text``."""
    start = doc.text.index(sentence)
    trigger = trigger or sentence.split()[1]
    t_start = doc.text.index(trigger, start)
    location = None
    if place:
        name, code, lat, lon, feature = PLACES[place]
        p = doc.text.find(place)
        location = Location(text=place, name=name, country=code, lat=lat, lon=lon, feature=feature,
                            start=p if p >= 0 else None, end=p + len(place) if p >= 0 else None)
    return Event(
        doc_id=doc.id,
        event_type=event_type,
        mode=list(mode),
        actor=list(actors),
        recipient=list(recipients),
        date=date,
        location=location,
        dead=Count(dead, "exact", str(dead)) if dead is not None else None,
        injured=Count(injured, "exact", str(injured)) if injured is not None else None,
        evidence=[Evidence(sentence=sentence, start=start, end=start + len(sentence), trigger_start=t_start,
                           trigger_end=t_start + len(trigger), trigger=trigger)],
        confidence=0.8,
        rule="test",
        **flags,
    )


def document(doc_id: str, text: str, published: Optional[str], source: str = "test-wire") -> Document:
    return Document(id=doc_id, text=text, published=published, source=source, title=text.split("\n")[0],
                    origin=f"tests/{doc_id}.txt")


# --- the store test corpus (tests/data/store_corpus) with hand-coded events ----------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

from sanderling.coder.pipeline import DocumentResult  # noqa: E402

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "store_corpus"


def corpus_documents() -> list[Document]:
    docs = []
    for line in (CORPUS_DIR / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs.append(Document(id=row["id"], text=(CORPUS_DIR / row["file"]).read_text(encoding="utf-8"),
                             published=row["published"], title=row["title"], source=row["source"],
                             origin=f"corpus.jsonl:{row['id']}"))
    return docs


def write_corpus_jsonl(path: Path, docs: Sequence[Document]) -> Path:
    """The corpus as one .jsonl with a text column: the input `sanderling ingest` reads."""
    with open(path, "w", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps({"id": d.id, "text": d.text, "published": d.published.isoformat() if d.published else None, "title": d.title,
                                     "source": d.source}, ensure_ascii=False) + "\n")
    return path


MACRON = lambda: person("Emmanuel Macron", "FRA", "President")  # noqa: E731
PUTIN = lambda: person("Vladimir Putin", "RUS", "President")  # noqa: E731
TRUMP = lambda: person("Donald Trump", "USA", "President")  # noqa: E731


def _corpus_script() -> dict:
    """What a careful coder would extract from each corpus article (the parts the store tests use)."""
    def sent(doc, prefix):
        start = doc.text.index(prefix)
        end = doc.text.index(".", start + len(prefix)) + 1
        return doc.text[start:end]

    return {
        "call-afp-2025-07-01": lambda d: [
            event(d, "CONSULT", sent(d, "French President Emmanuel Macron and Russian"), [MACRON(), PUTIN()],
                  date=day("2025-07-01", "Tuesday"), mode=["phone"], trigger="spoke"),
            event(d, "CONSULT", sent(d, "It was their first direct"), [MACRON(), PUTIN()],
                  date=day("2022-09", "September 2022", precision="month"), trigger="conversation", historical=True),
            event(d, "REQUEST", sent(d, "Macron urged Putin"), [MACRON()], [PUTIN()], date=day("2025-07-01"),
                  trigger="urged"),
        ],
        "call-reuters-2025-07-02": lambda d: [
            event(d, "CONSULT", sent(d, "Russian President Vladimir Putin told"), [PUTIN()], [MACRON()],
                  date=day("2025-07-01", "Tuesday"), mode=["phone"], trigger="call"),
            event(d, "ACCUSE", sent(d, "Russian President Vladimir Putin told"), [PUTIN()], [],
                  date=day("2025-07-01", "Tuesday"), trigger="consequence"),
            event(d, "CONSULT", sent(d, "The call, which lasted"), [MACRON(), PUTIN()],
                  date=day("2022-09", "September 2022", precision="month"), trigger="call", historical=True),
        ],
        "call-guardian-2025-07-04": lambda d: [
            event(d, "CONSULT", sent(d, "Emmanuel Macron's two-hour"), [MACRON()], [PUTIN()],
                  date=day("2025-07-01", "1 July"), mode=["phone"], trigger="call"),
            event(d, "REQUEST", sent(d, "Macron had phoned"), [MACRON()], [PUTIN()],
                  date=day("2025-07-01", basis="relative_to_event"), trigger="press"),
        ],
        "call-ap-2022-09-11": lambda d: [
            event(d, "CONSULT", sent(d, "French President Emmanuel Macron and Russian"), [MACRON(), PUTIN()],
                  date=day("2022-09-11", "Sunday"), mode=["phone"], trigger="discussed"),
            event(d, "ACCUSE", sent(d, "Putin accused"), [PUTIN()], [country("Ukraine", "UKR")],
                  date=day("2022-09-11"), trigger="accused"),
        ],
        "kyiv-kyivindependent-2025-07-04": lambda d: [
            event(d, "ASSAULT", sent(d, "Russia launched 539"), [country("Russia", "RUS")], [country("Kyiv", "UKR")],
                  date=day("2025-07-04", "overnight"), place="Kyiv", dead=1, injured=23, mode=["drone"], trigger="launched"),
        ],
        "kyiv-bbc-2025-07-04": lambda d: [
            event(d, "ASSAULT", sent(d, "Two people were killed"), [country("Russia", "RUS")], [country("Kyiv", "UKR")],
                  date=day("2025-07-04", "overnight into Friday"), place="Kyiv", dead=2, injured=23, mode=["drone"],
                  trigger="attacked"),
        ],
        "kyiv-reuters-2025-07-05": lambda d: [
            event(d, "ASSAULT", sent(d, "The death toll"), [country("Russia", "RUS")], [country("Kyiv", "UKR")],
                  date=day("2025-07-04", "Friday"), place="Kyiv", dead=2, injured=26, mode=["drone"], trigger="attack"),
        ],
        "trump-putin-2025-07-03": lambda d: [
            event(d, "CONSULT", sent(d, "U.S. President Donald Trump"), [TRUMP(), PUTIN()],
                  date=day("2025-07-03", "Thursday"), mode=["phone"], trigger="spoke"),
        ],
        "kenya-protest-2024-06-25": lambda d: [
            event(d, "PROTEST", sent(d, "Thousands of protesters"), [Entity(text="protesters", code="KEN", sector="CVL", kind="agent")],
                  [country("Nairobi", "KEN")], date=day("2024-06-25", "Tuesday"), mode=["demo"], trigger="marched"),
        ],
        "eu-iran-sanctions-2024-10-14": lambda d: [
            event(d, "SANCTION", sent(d, "The European Union imposed"), [Entity(text="The European Union", code="EUR", kind="organisation")],
                  [country("Iran", "IRN")], date=day("2024-10-14", "Monday"), trigger="imposed"),
        ],
        "india-pakistan-2025-04-23": lambda d: [
            event(d, "ACCUSE", sent(d, "India accused"), [country("India", "IND")], [country("Pakistan", "PAK")],
                  date=day("2025-04-23", "Wednesday"), trigger="accused"),
        ],
    }


class ScriptedCoder:
    """Stands in for the coder: the hand-coded events of the corpus (others: no events).
    ``fail_on`` makes coding one document report an error, as a real coder would."""

    def __init__(self, fail_on: Sequence[str] = ()):
        self.script = _corpus_script()
        self.fail_on = set(fail_on)

    def code(self, docs, batch_size: int = 32):
        from sanderling.model import ReadError

        for doc in docs:
            if doc.id in self.fail_on:
                yield DocumentResult(doc, [], [ReadError(doc.id, doc.origin or "", "failed", "the coder failed on it")])
                continue
            yield DocumentResult(doc, self.script.get(doc.id, lambda d: [])(doc))
