"""Magnitudes: the reference article and sentences written for these tests (not from shared/data)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sanderling.coder import parse as nlp
from sanderling.coder.magnitudes import casualties, crowd_size, duration, initiator, quantities
from sanderling.model import Count, Quantity

REFERENCE = Path(__file__).parent / "data" / "reference" / "putin-macron-call.txt"


def parse(text: str):
    return next(nlp.parse([text]))


def whole(text: str):
    """The text as one sentence span (the test sentences are single sentences)."""
    doc = parse(text)
    return doc[:]


def count(text: str, words: str, value: int, qualifier: str, occurrence: int = 0) -> Count:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Count(value, qualifier, words, start, start + len(words))


def quantity(text: str, words: str, value: float, unit: str) -> Quantity:
    start = text.index(words)
    return Quantity(value, unit, words, start, start + len(words))


@pytest.fixture(scope="module")
def reference():
    doc = parse(REFERENCE.read_text(encoding="utf-8"))
    return doc, list(doc.sents)


def sentence_with(sents, words: str):
    return next(s for s in sents if words in s.text)


# --- the reference article ----------------------------------------------------------------------


def test_reference_casualties_and_quantities(reference):
    doc, sents = reference
    attack = sentence_with(sents, "539 drones")
    assert casualties(attack) == {
        "dead": count(doc.text, "at least one", 1, "at_least"),
        "injured": count(doc.text, "dozens", 24, "at_least"),
    }
    assert quantities(attack) == [
        quantity(doc.text, "539 drones", 539.0, "drone"),
        quantity(doc.text, "11 missiles", 11.0, "missile"),
    ]
    assert crowd_size(attack) is None


def test_reference_duration_and_initiator(reference):
    doc, sents = reference
    call = sentence_with(sents, "two-hour phone call")
    start = doc.text.index("two-hour")
    assert duration(call) == (120.0, "two-hour", start, start + 8)
    start = doc.text.index("Macron's initiative")
    assert initiator(call) == ("Macron", start, start + 6)
    confirmed = sentence_with(sents, "over two hours")
    start = doc.text.index("over two hours")
    assert duration(confirmed) == (120.0, "over two hours", start, start + 14)
    # "a nearly three-year silence" is no length of an event
    assert duration(sentence_with(sents, "three-year silence")) is None


def test_reference_has_nothing_else(reference):
    doc, sents = reference
    for s in sents:
        if "539 drones" in s.text:
            continue
        assert casualties(s) == {}
        assert crowd_size(s) is None
        assert quantities(s) == []


# --- casualties -----------------------------------------------------------------------------------

CASUALTIES = [
    ("Gunmen opened fire on a bus in northern Nigeria, killing 14 passengers and wounding at least eight others, police said.",
     {"dead": ("14", 14, "exact"), "injured": ("at least eight", 8, "at_least")}),
    ("A car bomb exploded outside a market in Mogadishu on Friday, and the death toll has risen to 23.",
     {"dead": ("23", 23, "exact")}),
    ("Two police officers were killed and nearly 40 protesters were hurt in clashes in Nairobi.",
     {"dead": ("Two", 2, "exact"), "injured": ("nearly 40", 40, "at_most")}),
    ("Some 300 people were injured when the stand collapsed, but no deaths were reported.",
     {"injured": ("Some 300", 300, "about"), "dead": ("no", 0, "exact")}),
    ("The earthquake claimed more than 1,000 lives.", {"dead": ("more than 1,000", 1000, "more_than")}),
    ("A soldier died of his wounds in hospital on Sunday.", {"dead": ("A soldier", 1, "exact")}),
    ("Militants killed at least five villagers and injured dozens more.",
     {"dead": ("at least five", 5, "at_least"), "injured": ("dozens", 24, "at_least")}),
    ("The blast left 3 dead and 10 injured.", {"dead": ("3", 3, "exact"), "injured": ("10", 10, "exact")}),
    ("There were no casualties.", {"dead": ("no", 0, "exact"), "injured": ("no", 0, "exact")}),
    ("Two soldiers and three civilians died in the shelling, and no one was injured.",
     {"dead": ("Two soldiers and three", 5, "exact"), "injured": ("no one", 0, "exact")}),
    ("Three people were killed and 25 wounded when a suicide bomber struck a checkpoint, the interior ministry said.",
     {"dead": ("Three", 3, "exact"), "injured": ("25", 25, "exact")}),
    ("Up to 200 people may have died, the UN said.", {"dead": ("Up to 200", 200, "at_most")}),
    ("The minister said the talks in Geneva were productive.", {}),
]


@pytest.mark.parametrize("sentence,expected", CASUALTIES, ids=[c[0][:40] for c in CASUALTIES])
def test_casualties(sentence, expected):
    sent = whole(sentence)
    assert casualties(sent) == {k: count(sentence, w, v, q) for k, (w, v, q) in expected.items()}


# --- crowds ---------------------------------------------------------------------------------------

CROWDS = [
    ("Hundreds of thousands of people took to the streets of Tel Aviv on Saturday to protest against the judicial overhaul.",
     ("Hundreds of thousands", 200000, "at_least")),
    ("A crowd of some 5,000 gathered outside the embassy.", ("some 5,000", 5000, "about")),
    ("Police estimated the crowd at about 15,000.", ("about 15,000", 15000, "about")),
    ("Several thousand farmers drove tractors into Brussels to protest EU rules.", ("Several thousand", 3000, "at_least")),
    ("Thousands of protesters marched in the capital.", ("Thousands", 2000, "at_least")),
    ("More than 20 people were wounded when police fired on tens of thousands of demonstrators.",
     ("tens of thousands", 20000, "at_least")),
    ("Twelve people were killed in the protest.", None),
    ("50 people attended the funeral.", None),
]


@pytest.mark.parametrize("sentence,expected", CROWDS, ids=[c[0][:40] for c in CROWDS])
def test_crowd_size(sentence, expected):
    assert crowd_size(whole(sentence)) == (count(sentence, *expected) if expected else None)


# --- quantities -----------------------------------------------------------------------------------

QUANTITIES = [
    ("The government approved a €2.5 billion aid package and sent 40 tonnes of humanitarian aid.",
     [("€2.5 billion", 2.5e9, "EUR"), ("40 tonnes", 40.0, "tonne")]),
    ("The EU pledged $5 million and 700 kg of medicine, deploying 1,200 troops and 3 tons of food aid.",
     [("$5 million", 5e6, "USD"), ("700 kg", 700.0, "kg"), ("1,200 troops", 1200.0, "troop"), ("3 tons", 3.0, "ton")]),
    ("Russia launched 72 drones and six ballistic missiles overnight, the air force said, adding that 65 drones were shot down.",
     [("72 drones", 72.0, "drone"), ("six ballistic missiles", 6.0, "missile"), ("65 drones", 65.0, "drone")]),
    ("The navy said it had deployed three warships and about 2,500 sailors to the region.",
     [("three warships", 3.0, "warship"), ("about 2,500 sailors", 2500.0, "sailor")]),
    ("A 45-year-old man, 10% of voters and the first of 3 rounds in 2019.", []),
    ("The strike killed 12 people.", []),
    ("The two leaders spoke for two hours.", []),
    ("Dozens of drones were shot down.", []),
]


@pytest.mark.parametrize("sentence,expected", QUANTITIES, ids=[q[0][:40] for q in QUANTITIES])
def test_quantities(sentence, expected):
    assert quantities(whole(sentence)) == [quantity(sentence, *q) for q in expected]


# --- duration -------------------------------------------------------------------------------------

DURATIONS = [
    ("The talks lasted nearly three hours.", (180.0, "nearly three hours")),
    ("The two presidents held a 45-minute telephone conversation on Thursday.", (45.0, "45-minute")),
    ("The summit, which lasted more than four hours, ended without a joint statement.", (240.0, "more than four hours")),
    ("Biden and Xi spoke for about two hours, a White House official said.", (120.0, "about two hours")),
    ("Macron and Scholz had an hour-long call.", (60.0, "an hour-long")),
    ("Negotiators met for half an hour.", (30.0, "half an hour")),
    ("The ministers met for an hour and a half.", (90.0, "an hour and a half")),
    ("A 90-minute meeting ended in a deal.", (90.0, "90-minute")),
    ("The exchange broke a nearly three-year silence.", None),
    ("The siege lasted three years.", None),
]


@pytest.mark.parametrize("sentence,expected", DURATIONS, ids=[d[0][:40] for d in DURATIONS])
def test_duration(sentence, expected):
    got = duration(whole(sentence))
    if expected is None:
        assert got is None
    else:
        start = sentence.index(expected[1])
        assert got == (expected[0], expected[1], start, start + len(expected[1]))


# --- initiator ------------------------------------------------------------------------------------

INITIATORS = [
    ("The call was made at the request of the Kremlin.", "Kremlin"),
    ("The meeting, initiated by Paris, ended without a deal.", "Paris"),
    ("Erdogan called Putin on Monday to discuss the grain deal.", "Erdogan"),
    ("Putin called the attack barbaric after a meeting held at the invitation of Lukashenko.", "Lukashenko"),
    ("The two presidents held a telephone conversation at the initiative of the Ukrainian side.", "Ukrainian side"),
    ("Macron urged a ceasefire.", None),
    ("Putin called the attack a 'barbaric act'.", None),
]


@pytest.mark.parametrize("sentence,expected", INITIATORS, ids=[i[0][:40] for i in INITIATORS])
def test_initiator(sentence, expected):
    got = initiator(whole(sentence))
    if expected is None:
        assert got is None
    else:
        start = sentence.index(expected)
        assert got == (expected, start, start + len(expected))
