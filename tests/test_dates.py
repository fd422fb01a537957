"""Dates: the reference article and sentences written for these tests (not from shared/data)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sanderling.coder import parse as nlp
from sanderling.coder.dates import DateFinder, DateMention, published_date, resolve_relative
from sanderling.model import DateInfo

REFERENCE = Path(__file__).parent / "data" / "reference" / "putin-macron-call.txt"
PUBLISHED = date(2025, 7, 5)  # a Saturday


def parse(text: str):
    return next(nlp.parse([text]))


@pytest.fixture(scope="module")
def finder() -> DateFinder:
    return DateFinder()


def mentions(finder: DateFinder, text: str, published=PUBLISHED) -> tuple[str, list[DateMention]]:
    doc = parse(text)
    found = finder.find(doc, date.fromisoformat(published) if isinstance(published, str) else published)
    for m in found:
        assert doc.text[m.start : m.end] == m.text
        if m.info is not None:
            assert (m.info.start, m.info.end, m.info.text) == (m.start, m.end, m.text)
    return doc.text, found


def at(text: str, words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def summary(m: DateMention) -> tuple:
    i = m.info
    return (m.text, i.value, i.earliest, i.latest, i.precision, i.basis)


# --- the reference article ----------------------------------------------------------------------


def test_reference_article(finder):
    text, found = mentions(finder, REFERENCE.read_text(encoding="utf-8"))
    assert [m.text for m in found] == ["September 2022", "July 1, 2025", "September 2022", "Just days after", "mere hours after"]
    first_since, call_day, last_talk, days_after, hours_after = found

    assert (first_since.start, first_since.end) == at(text, "September 2022")
    assert first_since.since is True
    assert summary(first_since)[1:] == ("2022-09", "2022-09-01", "2022-09-30", "month", "explicit")

    assert (call_day.start, call_day.end) == at(text, "July 1, 2025")
    assert summary(call_day)[1:] == ("2025-07-01", "2025-07-01", "2025-07-01", "day", "explicit")
    assert call_day.since is False

    assert (last_talk.start, last_talk.end) == at(text, "September 2022", 1)
    assert last_talk.since is False and last_talk.info.earliest == "2022-09-01"

    assert days_after.info is None
    assert (days_after.relation, days_after.min_days, days_after.max_days) == ("after", 1, 9)
    call = text.index("the call, Russia")
    assert (days_after.anchor_text, days_after.anchor_start, days_after.anchor_end) == ("the call", call, call + 8)

    assert (hours_after.relation, hours_after.min_days, hours_after.max_days) == ("after", 0, 1)
    assert hours_after.anchor_text.startswith("a separate phone call")

    # the attack: days after the call on 2025-07-01, published 2025-07-05
    attack = resolve_relative(days_after, call_day.info, PUBLISHED)
    assert (attack.earliest, attack.latest, attack.precision, attack.basis) == ("2025-07-02", "2025-07-05", "range", "relative_to_event")
    assert (attack.text, attack.start, attack.end) == ("Just days after", days_after.start, days_after.end)


def test_reference_article_rejects_durations(finder):
    text, found = mentions(finder, REFERENCE.read_text(encoding="utf-8"))
    words = {m.text for m in found}
    for not_a_date in ("3 Years", "two-hour", "three-year", "two hours", "date"):
        assert not any(not_a_date in w for w in words)


# --- dates against the publication day ------------------------------------------------------------

CASES = [
    # sentence, published, [(text, value, earliest, latest, precision, basis), ...]
    ("The ministers met on Wednesday in Brussels to discuss the budget.", PUBLISHED,
     [("Wednesday", "2025-07-02", "2025-07-02", "2025-07-02", "day", "relative_to_published")]),
    ("Hundreds of farmers protested outside the ministry on Saturday.", PUBLISHED,
     [("Saturday", "2025-07-05", "2025-07-05", "2025-07-05", "day", "relative_to_published")]),
    ("The president said on Tuesday night that the talks would resume.", PUBLISHED,
     [("Tuesday night", "2025-07-01", "2025-07-01", "2025-07-01", "day", "relative_to_published")]),
    ("The ceasefire collapsed on December 30, officials said.", "2025-01-02",
     [("December 30", "2024-12-30", "2024-12-30", "2024-12-30", "day", "explicit")]),
    ("The agreement was signed on 1 July 2025 in Geneva.", PUBLISHED,
     [("1 July 2025", "2025-07-01", "2025-07-01", "2025-07-01", "day", "explicit")]),
    ("The treaty was first ratified on 4 October 2007 but never enforced.", PUBLISHED,
     [("4 October 2007", "2007-10-04", "2007-10-04", "2007-10-04", "day", "explicit")]),
    ("MOSCOW, July 2 (Reuters) - Russia expelled two Estonian diplomats on Wednesday.", PUBLISHED,
     [("July 2", "2025-07-02", "2025-07-02", "2025-07-02", "day", "explicit"),
      ("Wednesday", "2025-07-02", "2025-07-02", "2025-07-02", "day", "relative_to_published")]),
    ("The two countries severed diplomatic ties in 2019 after a border clash.", PUBLISHED,
     [("2019", "2019", "2019-01-01", "2019-12-31", "year", "explicit")]),
    ("Yesterday the army said it had repelled an assault, and today it claimed new gains.", PUBLISHED,
     [("Yesterday", "2025-07-04", "2025-07-04", "2025-07-04", "day", "relative_to_published"),
      ("today", "2025-07-05", "2025-07-05", "2025-07-05", "day", "relative_to_published")]),
    ("Talks stalled last week but resumed earlier this month, a diplomat said.", PUBLISHED,
     [("last week", "2025-06-26", "2025-06-23", "2025-06-29", "week", "relative_to_published"),
      ("earlier this month", "2025-07-03", "2025-07-01", "2025-07-05", "range", "relative_to_published")]),
    ("Last month the cabinet approved the budget, and this week it went to parliament.", PUBLISHED,
     [("Last month", "2025-06", "2025-06-01", "2025-06-30", "month", "relative_to_published"),
      ("this week", "2025-07-03", "2025-06-30", "2025-07-06", "week", "relative_to_published")]),
    ("Fighting intensified in late June and eased in mid-March.", PUBLISHED,
     [("late June", "2025-06-26", "2025-06-21", "2025-06-30", "range", "explicit"),
      ("mid-March", "2025-03-16", "2025-03-11", "2025-03-20", "range", "explicit")]),
    ("Output fell in early 2024 after the plant closed in mid-2023.", PUBLISHED,
     [("early 2024", "2024-03", "2024-01-01", "2024-04-30", "range", "explicit"),
      ("mid-2023", "2023-07", "2023-05-01", "2023-08-31", "range", "explicit")]),
    ("Several shops were looted over the weekend, police said.", "2025-07-07",
     [("the weekend", "2025-07-06", "2025-07-05", "2025-07-06", "range", "relative_to_published")]),
    ("The summit will be held on July 20 in Vienna.", PUBLISHED,
     [("July 20", "2025-07-20", "2025-07-20", "2025-07-20", "day", "explicit")]),
    ("The leaders will meet again on Monday.", PUBLISHED,
     [("Monday", "2025-07-07", "2025-07-07", "2025-07-07", "day", "relative_to_published")]),
    ("The new tariff law takes effect on January 1.", "2024-12-20",
     [("January 1", "2025-01-01", "2025-01-01", "2025-01-01", "day", "explicit")]),
    ("The mandate of the mission expires in December.", PUBLISHED,
     [("December", "2025-12", "2025-12-01", "2025-12-31", "month", "explicit")]),
    ("On Tuesday, July 1, 2025, the envoys met in Doha.", PUBLISHED,
     [("Tuesday, July 1, 2025", "2025-07-01", "2025-07-01", "2025-07-01", "day", "explicit")]),
    ("Inflation peaked in the late 1990s and again in the 2010s.", PUBLISHED,
     [("the late 1990s", "1998", "1997-01-01", "1999-12-31", "range", "explicit"),
      ("2010s", "2015", "2010-01-01", "2019-12-31", "range", "explicit")]),
    ("The protest took place on the 4th of July in front of the embassy.", PUBLISHED,
     [("4th of July", "2025-07-04", "2025-07-04", "2025-07-04", "day", "explicit")]),
    ("The memo, dated 2024-03-12, was leaked three days ago.", PUBLISHED,
     [("2024-03-12", "2024-03-12", "2024-03-12", "2024-03-12", "day", "explicit"),
      ("three days ago", "2025-07-02", "2025-07-02", "2025-07-02", "day", "relative_to_published")]),
    ("The rebels held the town from 2014 to 2016 and again last summer.", PUBLISHED,
     [("2014", "2014", "2014-01-01", "2014-12-31", "year", "explicit"),
      ("2016", "2016", "2016-01-01", "2016-12-31", "year", "explicit"),
      ("last summer", "2024-07", "2024-06-01", "2024-08-31", "range", "relative_to_published")]),
    ("Prices rose over the past two weeks, the central bank said on Sept. 12, 2024.", PUBLISHED,
     [("the past two weeks", "2025-06-28", "2025-06-21", "2025-07-05", "range", "relative_to_published"),
      ("Sept. 12, 2024", "2024-09-12", "2024-09-12", "2024-09-12", "day", "explicit")]),
]


@pytest.mark.parametrize("sentence,published,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_dates(finder, sentence, published, expected):
    text, found = mentions(finder, sentence, published)
    assert [summary(m) for m in found] == expected
    for m, exp in zip(found, expected):
        assert (m.start, m.end) == at(text, exp[0])
        assert m.relation is None and not m.since


def test_weekday_before_publication_day(finder):
    # published on a Wednesday: "last Wednesday" is a week back, "next Saturday" lies ahead
    _, found = mentions(finder, "The minister resigned last Wednesday, and the vote is next Saturday.", "2025-07-02")
    assert [summary(m)[:2] for m in found] == [("last Wednesday", "2025-06-25"), ("next Saturday", "2025-07-05")]


@pytest.mark.parametrize("sentence", [
    "Putin and Macron Talk After 3 Years: Key Discussion",
    "The leaders held a two-hour phone call.",
    "Officials confirmed talks lasting over two hours.",
    "It was the largest attack to date.",
    "The exchange broke a nearly three-year silence.",
    "The party has been in power for decades.",
    "He served for three years as a 45-year-old deputy.",
    "Theresa May met the USA Today editors.",
    "Volunteers from 2000 villages joined.",
])
def test_not_dates(finder, sentence):
    _, found = mentions(finder, sentence)
    assert found == []


# --- relative to another event -------------------------------------------------------------------


def test_relative_to_event(finder):
    text, found = mentions(finder, "A week after the vote, the opposition called a general strike. Two weeks later the government resigned.")
    week, weeks = found
    assert (week.text, week.relation, week.min_days, week.max_days) == ("A week after", "after", 6, 8)
    assert (week.anchor_text, (week.anchor_start, week.anchor_end)) == ("the vote", at(text, "the vote"))
    assert (weeks.text, weeks.relation, weeks.min_days, weeks.max_days, weeks.anchor_text) == ("Two weeks later", "after", 12, 16, None)
    assert week.info is None and weeks.info is None


def test_previous_and_next_day(finder):
    text, found = mentions(finder, "The rebels had withdrawn the previous day. The next day, a day after the talks collapsed, shelling resumed.")
    assert [(m.text, m.relation, m.min_days, m.max_days) for m in found] == [
        ("the previous day", "before", 1, 1), ("The next day", "after", 1, 1), ("a day after", "after", 1, 1)]
    assert found[2].anchor_text == "the talks"


def test_hours_after_and_days_before(finder):
    text, found = mentions(finder, "The strike came hours after the meeting and days before the vote.")
    assert [(m.text, m.relation, m.min_days, m.max_days, m.anchor_text) for m in found] == [
        ("hours after", "after", 0, 1, "the meeting"), ("days before", "before", 1, 9, "the vote")]


def test_since_marks_previous_contact(finder):
    text, found = mentions(finder, "It was their first meeting since September 2022. The last direct talk took place in September 2022.")
    assert [(m.text, m.since) for m in found] == [("September 2022", True), ("September 2022", False)]
    assert (found[0].start, found[0].end) == at(text, "September 2022")


def test_resolve_relative():
    call = DateInfo("2025-07-01", "2025-07-01", "2025-07-01", "day", "July 1", 0, 6, "explicit")
    before = DateMention(10, 26, "the previous day", None, relation="before", min_days=1, max_days=1)
    info = resolve_relative(before, call, PUBLISHED)
    assert (info.value, info.earliest, info.latest, info.precision, info.basis) == (
        "2025-06-30", "2025-06-30", "2025-06-30", "day", "relative_to_event")
    later = DateMention(10, 25, "two weeks later", None, relation="after", min_days=12, max_days=16)
    june = DateInfo("2025-06-01", "2025-06-01", "2025-06-01", "day")
    info = resolve_relative(later, june, PUBLISHED)
    assert (info.earliest, info.latest, info.precision) == ("2025-06-13", "2025-06-17", "range")
    # an anchor known only to the month: "days after" a call in June 2025, published 2025-07-05
    days = DateMention(0, 10, "days after", None, relation="after", min_days=1, max_days=9)
    month = DateInfo("2025-06", "2025-06-01", "2025-06-30", "month")
    info = resolve_relative(days, month, PUBLISHED)
    assert (info.earliest, info.latest) == ("2025-06-02", "2025-07-05")


def test_published_date():
    info = published_date(date(2025, 7, 5))
    assert (info.value, info.earliest, info.latest, info.precision, info.basis, info.text) == (
        "2025-07-05", "2025-07-05", "2025-07-05", "day", "published", None)
    assert published_date(None) is None


def test_without_publication_date(finder):
    _, found = mentions(finder, "The minister resigned on Monday, and the treaty signed on 4 October 2007 lapsed.", None)
    assert [summary(m) for m in found] == [("4 October 2007", "2007-10-04", "2007-10-04", "2007-10-04", "day", "explicit")]
