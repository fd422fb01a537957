"""Places: the reference article, gazetteer look-ups and sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from sanderling.coder import parse as nlp
from sanderling.coder.places import Gazetteer, PlaceMention, gazetteer

REFERENCE = Path(__file__).parent / "data" / "reference" / "putin-macron-call.txt"


def parse(text: str):
    return next(nlp.parse([text]))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def found(gaz: Gazetteer, text: str, countries=()) -> tuple[object, list[PlaceMention]]:
    doc = parse(text)
    mentions = gaz.find(doc, countries)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert (m.location.start, m.location.end, m.location.text) == (m.start, m.end, m.text)
    return doc, mentions


def brief(doc, m: PlaceMention) -> tuple:
    return (m.text, m.location.name, m.location.country, m.location.feature, m.preposition, doc[m.head_i].text)


def test_reference_article(gaz):
    doc, mentions = found(gaz, REFERENCE.read_text(encoding="utf-8"))
    text = doc.text
    kyiv = next(m for m in mentions if m.text == "Kyiv")
    assert (kyiv.start, kyiv.end) == (text.index("Kyiv"), text.index("Kyiv") + 4)
    assert brief(doc, kyiv) == ("Kyiv", "Kyiv", "UKR", "city", "on", "attack")
    assert 50.2 <= kyiv.location.lat <= 50.7 and 30.2 <= kyiv.location.lon <= 30.9
    capital = next(m for m in mentions if m.text == "the capital")
    assert brief(doc, capital) == ("the capital", "Kyiv", "UKR", "city", "across", "injuries")
    assert (capital.start, capital.end) == (text.index("the capital"), text.index("the capital") + 11)
    assert {(m.text, m.location.country, m.location.feature) for m in mentions} == {
        ("Ukraine", "UKR", "country"), ("Iran", "IRN", "country"), ("France", "FRA", "country"),
        ("Middle East", None, "region"), ("Russia", "RUS", "country"), ("Kyiv", "UKR", "city"),
        ("the capital", "UKR", "city"), ("U.S.", "USA", "country"),
    }
    # no person and no photo caption turned into a place
    assert not {"Putin", "Macron", "Trump", "Kremlin"} & {m.text for m in mentions}


SENTENCES = [
    ("Paris Hilton and Florence Pugh attended a gala in Florence.", (),
     [("Florence", "Florence", "ITA", "city", "in", "gala")]),
    ("Russian missiles struck Kharkiv and Odessa overnight, the governor of the Kharkiv region said.", (),
     [("Kharkiv", "Kharkiv", "UKR", "city", None, "struck"),
      ("Odessa", "Odesa", "UKR", "city", None, "struck"),
      ("Kharkiv region", "Kharkiv Oblast", "UKR", "region", None, "of")]),
    ("Protesters marched through central Paris on Saturday, while police in Lyon used tear gas.", (),
     [("Paris", "Paris", "FRA", "city", "through", "marched"), ("Lyon", "Lyon", "FRA", "city", "in", "police")]),
    ("The talks in Geneva ended without a deal, diplomats in Washington said.", (),
     [("Geneva", "Geneva", "CHE", "city", "in", "talks"), ("Washington", "Washington", "USA", "city", "in", "diplomats")]),
    ("Israeli strikes near Khan Younis and in Rafah killed 12 people, Gaza health officials said.", (),
     [("Khan Younis", "Khan Younis", "PSE", "city", "near", "strikes"), ("Rafah", "Rafah", "PSE", "city", "in", "killed"),
      ("Gaza", "Gaza Strip", "PSE", "region", None, "officials")]),
    ("The Kyiv Independent reported that Kyiv Mayor Vitali Klitschko toured the Ukrainian capital.", (),
     [("the Ukrainian capital", "Kyiv", "UKR", "city", None, "toured")]),
    ("A tornado hit Paris, Texas, on Tuesday.", (),
     [("Paris", "Paris", "USA", "city", None, "hit"), ("Texas", "Texas", "USA", "region", None, "hit")]),
    ("Police said the suspect fled from Birmingham to Manchester.", (),
     [("Birmingham", "Birmingham", "GBR", "city", "from", "fled"), ("Manchester", "Manchester", "GBR", "city", "to", "fled")]),
    ("Chinese President Xi Jinping arrived in Moscow on Monday for talks with Putin.", (),
     [("Moscow", "Moscow", "RUS", "city", "in", "arrived")]),
    ("The U.S. and Britain imposed new sanctions on Iran and North Korea.", (),
     [("U.S.", "United States", "USA", "country", None, "imposed"),
      ("Britain", "United Kingdom", "GBR", "country", None, "imposed"),
      ("Iran", "Iran", "IRN", "country", "on", "sanctions"), ("North Korea", "North Korea", "PRK", "country", "on", "sanctions")]),
    ("Clashes erupted in Sana'a and the port city of Hodeidah.", (),
     [("Sana'a", "Sanaa", "YEM", "city", "in", "erupted"), ("Hodeidah", "Al Hudaydah", "YEM", "city", None, "erupted")]),
    ("Jordan Peterson later spoke in Jordan.", (),
     [("Jordan", "Jordan", "JOR", "country", "in", "spoke")]),
    ("The delegation travelled from Kiev to Lvov by train.", (),
     [("Kiev", "Kyiv", "UKR", "city", "from", "travelled"), ("Lvov", "Lviv", "UKR", "city", "to", "travelled")]),
    ("Demonstrators gathered near the Brandenburg Gate in Berlin.", (),
     [("Berlin", "Berlin", "DEU", "city", "in", "gathered")]),
    ("Talks will take place in The Hague next week.", (),
     [("The Hague", "The Hague", "NLD", "city", "in", "take")]),
    ("Explosions were heard across the capital.", ("UKR",),
     [("the capital", "Kyiv", "UKR", "city", "across", "heard")]),
    ("The Florida governor flew to Tallahassee, and then to Paris.", (),
     [("Florida", "Florida", "USA", "region", None, "governor"), ("Tallahassee", "Tallahassee", "USA", "city", "to", "flew"),
      ("Paris", "Paris", "FRA", "city", "to", "flew")]),
    ("May said police in Nice had arrested a man after reading the report.", (),
     [("Nice", "Nice", "FRA", "city", "in", "police")]),
]


@pytest.mark.parametrize("sentence,countries,expected", SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_find(gaz, sentence, countries, expected):
    doc, mentions = found(gaz, sentence, countries)
    assert [brief(doc, m) for m in mentions] == expected
    # each mention sits at the next occurrence of its words that is not part of a person's name
    pos = 0
    for m in mentions:
        start = doc.text.index(m.text, pos)
        while any(e.label_ == "PERSON" and e.start_char <= start < e.end_char and e.text != m.text for e in doc.ents):
            start = doc.text.index(m.text, start + 1)
        assert (m.start, m.end) == (start, start + len(m.text))
        pos = m.end


def test_find_on_a_sentence_span(gaz):
    doc = parse("Officials met in Brussels. Later, drones hit Odesa and Mykolaiv.")
    second = list(doc.sents)[1]
    mentions = gaz.find(second)
    assert [(m.text, m.start, m.location.name) for m in mentions] == [
        ("Odesa", doc.text.index("Odesa"), "Odesa"), ("Mykolaiv", doc.text.index("Mykolaiv"), "Mykolaiv")]


def test_coordinates_and_features(gaz):
    kyiv = gaz.lookup("Kyiv")
    assert (kyiv.name, kyiv.country, kyiv.feature, round(kyiv.lat, 2), round(kyiv.lon, 2)) == ("Kyiv", "UKR", "city", 50.45, 30.52)
    ukraine = gaz.lookup("Ukraine")
    assert (ukraine.name, ukraine.country, ukraine.feature, ukraine.lat, ukraine.lon) == ("Ukraine", "UKR", "country", 49.0, 32.0)
    east = gaz.lookup("the Middle East")
    assert (east.name, east.country, east.feature) == ("Middle East", None, "region")
    assert gaz.lookup("Nowhereville") is None


@pytest.mark.parametrize("variant,name,country", [
    ("Kiev", "Kyiv", "UKR"), ("Kharkov", "Kharkiv", "UKR"), ("Odessa", "Odesa", "UKR"), ("Lvov", "Lviv", "UKR"),
    ("Dnipropetrovsk", "Dnipro", "UKR"), ("Nikolaev", "Mykolaiv", "UKR"), ("Zaporozhye", "Zaporizhzhia", "UKR"),
    ("Lugansk", "Luhansk", "UKR"), ("Kyiv oblast", "Kyiv Oblast", "UKR"), ("Peking", "Beijing", "CHN"),
    ("Bombay", "Mumbai", "IND"), ("Rangoon", "Yangon", "MMR"), ("Calcutta", "Kolkata", "IND"), ("Madras", "Chennai", "IND"),
    ("Saigon", "Ho Chi Minh City", "VNM"), ("Alma-Ata", "Almaty", "KAZ"), ("Sana'a", "Sanaa", "YEM"),
    ("Teheran", "Tehran", "IRN"), ("Khan Yunis", "Khan Younis", "PSE"), ("Gaza City", "Gaza City", "PSE"),
    ("Burma", "Myanmar", "MMR"), ("Kosovo", "Kosovo", "XKX"),
])
def test_variants(gaz, variant, name, country):
    loc = gaz.lookup(variant)
    assert (loc.text, loc.name, loc.country) == (variant, name, country)


def test_disambiguation(gaz):
    # a capital more than 20 times larger outshines the namesake in a country already in the story
    assert gaz.lookup("Paris", ["USA"]).country == "FRA"
    assert gaz.lookup("Moscow", ["USA"]).country == "RUS"
    # comparable namesakes: the country in context decides
    assert gaz.lookup("Birmingham").country == "GBR"
    assert gaz.lookup("Birmingham", ["USA"]).country == "USA"
    # a named US state beats everything
    assert gaz.lookup("Paris", ["USA"], admin1=[("USA", "TX")]).country == "USA"
    # variants: Donetsk is the Ukrainian city even when Russia is in context
    assert gaz.lookup("Donetsk", ["RUS"]).country == "UKR"
    # a country outranks a province or a town of the same name
    assert gaz.lookup("Georgia").feature == "country"
    assert gaz.lookup("Florida").country == "USA"


@pytest.mark.parametrize("name, country", [("Sindh", "PAK"), ("Helmand", "AFG"), ("Rakhine", "MMR"), ("Nord-Kivu", "COD"),
                                           ("Borno", "NGA")])
def test_first_level_divisions_give_a_country_but_no_made_up_coordinates(gaz, name, country):
    loc = gaz.lookup(name)
    assert (loc.country, loc.feature, loc.lat, loc.lon) == (country, "region", None, None)


def test_divisions_that_two_countries_share_or_that_name_a_people_are_left_out(gaz):
    assert gaz.lookup("Punjab") is None  # India and Pakistan
    assert gaz.lookup("Somali") is None  # a people first: the Somali region of Ethiopia would mislead


def test_a_division_in_a_sentence_places_the_event_in_its_country(gaz):
    _, mentions = found(gaz, "Taliban fighters attacked a police post in Helmand province on Monday.")
    assert [(m.text, m.location.country) for m in mentions] == [("Helmand", "AFG")]


def test_two_places_the_tagger_joins_into_one_entity_are_each_found():
    from sanderling.coder.pipeline import Coder
    c = Coder.load()
    doc = c.nlp("Bandits kidnapped dozens of passengers from a train travelling between Abuja and Kaduna.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "FAC"] == [("Abuja and Kaduna", "FAC")]
    assert [(p.text, p.location.country) for p in c.gazetteer.find(doc[:])] == [("Abuja", "NGA"), ("Kaduna", "NGA")]
    # and a country whose name has "and" in it is one place, however the tagger splits it (it was Trinidad, BOL)
    doc = c.nlp("Trinidad and Tobago police arrested two men.")
    assert [(p.text, p.location.country) for p in c.gazetteer.find(doc[:])] == [("Trinidad and Tobago", "TTO")]


def test_a_story_that_names_no_country_is_coded_by_the_towns_it_names():
    from sanderling.coder.pipeline import Coder
    (e,) = Coder.load().code_text("Bandits kidnapped dozens of passengers from a train travelling between Kano and "
                                  "Kaduna.")
    assert [(a.text, a.code) for a in e.actor] == [("Bandits", "NGA")]
