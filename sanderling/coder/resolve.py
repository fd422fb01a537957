"""Resolution: the words of an argument phrase → entities with codes, sectors and canonical names.

Contract: ``EntityResolver.resolve(span, date, context_codes)`` returns the entities a phrase names
(usually one; "Putin and Trump" inside one phrase gives two), using the actor knowledge base
(:mod:`sanderling.coder.kb`, data files) and, where the knowledge base knows nothing, the parser's
named-entity label and the gazetteer (a province, state or city inside the phrase gives its country:
"Authorities in Wyoming" → USA). Pronouns and generic references ("the two leaders") are not resolved here but
marked (``kind`` = "pronoun" / "generic") for the document stage, which knows the discourse.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional

from rapidfuzz import fuzz, process
from spacy.tokens import Span

from ..model import Entity
from .kb import ActorKB, KBMatch, strip_possessive
from .vocabulary import words

PRONOUNS = words("pronouns_with_us")
GENERIC_HEADS = words("generic_heads")
NER_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group", "FAC": "place", "LOC": "place"}


# A misspelt surname ("Bouteflicka") still names a known person when it is this close (rapidfuzz ratio) to
# exactly one known surname.
FUZZY_SURNAME_MIN = 88


class EntityResolver:
    def __init__(self, kb: Optional[ActorKB] = None, gazetteer=None) -> None:
        self.kb = kb or ActorKB.load()
        self.gazetteer = gazetteer  # places.Gazetteer: codes "the Uttar Pradesh government", "a Kansas woman"
        self._surnames: Optional[dict[str, list]] = None

    def _surname_index(self) -> dict[str, list]:
        if self._surnames is None:
            index: dict[str, list] = {}
            for e in self.kb.entries:
                if e.kind == "person" and e.roles:
                    last = e.name.split()[-1]
                    if len(last) >= 5:
                        index.setdefault(last.lower(), []).append(e)
            self._surnames = index
        return self._surnames

    def _fuzzy_person(self, span: Span, date: Optional[str], context_codes: tuple[str, ...]):
        """A person the parser sees but the knowledge base does not spell that way."""
        last = span[-1]
        if last.pos_ != "PROPN" or last.ent_type_ != "PERSON" or len(last.text) < 5 or not last.text[0].isupper():
            return None
        index = self._surname_index()
        hits = process.extract(last.text.lower(), index.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_SURNAME_MIN, limit=2)
        if len(hits) != 1:
            return None
        before = span[-2].text if len(span) > 1 else ""
        candidates = tuple(e for e in index[hits[0][0]] if self.kb.given_name_fits(e, before))
        if not candidates:
            return None
        entry = self.kb.best(KBMatch(last.i, last.i + 1, hits[0][0], candidates), date, context_codes)
        if entry is None or self.kb.role_on(entry, date, context_codes) is None:
            return None
        return entry

    def matches(self, span: Span) -> list[KBMatch]:
        words = [t.text for t in span]
        lemmas = [t.lemma_ for t in span]
        return self.kb.find(words, lemmas)

    def resolve(self, span: Span, date: Optional[str] = None, context_codes: Iterable[str] = ()) -> list[Entity]:
        context_codes = tuple(context_codes)
        tokens = list(span)
        if not tokens:
            return []
        if len(tokens) == 1 and tokens[0].lower_ in PRONOUNS and not (len(tokens[0].text) > 1 and tokens[0].text.isupper()):  # "US" is a country
            return [Entity(text=span.text, start=span.start_char, end=span.end_char, kind="pronoun")]
        # a phrase with "and" between two named participants names both of them
        parts = self._split_on_coordination(span)
        out: list[Entity] = []
        for part in parts:
            e = self._resolve_one(part, date, context_codes)
            if e is not None:
                out.append(e)
        return out

    def _split_on_coordination(self, span: Span) -> list[Span]:
        cuts = [t.i for t in span if t.lower_ in ("and", "&") or (t.text == "," and t.i < span.end - 1)]
        if not cuts:
            return [span]
        doc = span.doc
        pieces, lo = [], span.start
        for c in cuts + [span.end]:
            if c > lo:
                pieces.append(doc[lo:c])
            lo = c + 1
        named = [p for p in pieces if any(m.entries and m.entries[0].kind in ("person", "country", "organisation", "metonym", "adjective") for m in self.matches(p))]
        return pieces if len(named) >= 2 else [span]

    def _resolve_one(self, span: Span, date: Optional[str], context_codes: tuple[str, ...]) -> Optional[Entity]:
        ms = self.matches(span)
        text = span.text
        base = Entity(text=text, start=span.start_char, end=span.end_char)
        chosen = {}
        for m in ms:
            entry = self.kb.best(m, date, context_codes)
            if entry is None:
                continue
            k = entry.kind
            if k not in chosen:
                chosen[k] = entry
        person = chosen.get("person")
        if person is None and not chosen.get("organisation"):
            person = self._fuzzy_person(span, date, context_codes)
        org = chosen.get("organisation")
        metonym = chosen.get("metonym")
        country = chosen.get("country")
        adjective = chosen.get("adjective")
        agent = chosen.get("agent")
        head = span.root
        if person is not None:
            e = self.kb.resolve(person, date, context_codes)
            code = e.code
            # "French President Emmanuel Macron": the adjective confirms; where the knowledge base has no
            # dated role, the words of the phrase decide the country
            if code is None:
                code = (country or adjective).code if (country or adjective) else self._country_of_place(span, context_codes)
            return replace(e, text=text, start=span.start_char, end=span.end_char, code=code,
                           sector=e.sector or (agent.sector if agent else None), kind="person")
        if org is not None:
            e = self.kb.resolve(org, date, context_codes)
            code = e.code
            if (country or adjective) and (code in (None, "") ):
                code = (country or adjective).code
            if not code:
                code = self._country_of_place(span, context_codes)
            return replace(e, text=text, start=span.start_char, end=span.end_char, code=code,
                           sector=e.sector or (agent.sector if agent else None), kind="organisation")
        if metonym is not None and agent is not None and (country or adjective) is not None:
            metonym = None  # "the Chinese ambassador in Berlin": the capital is where the envoy serves
        if metonym is not None:
            e = self.kb.resolve(metonym, date, context_codes)
            return replace(e, text=text, start=span.start_char, end=span.end_char, kind="metonym",
                           sector=(agent.sector if agent else None) or e.sector)
        place = country or adjective
        if place is adjective and adjective is not None and any(t.lower_ == "ethnic" for t in span):
            # "ethnic Albanians in Serbia": a community named by its origin, coded where it lives (the
            # document stage gives it the country of the event's place)
            return replace(base, sector="CVL", kind="group")
        if place is not None:
            sector = agent.sector if agent else (None if head.ent_type_ in ("GPE",) or place is country else None)
            return replace(base, code=place.code, sector=sector, name=self._country_name(place.code) if country else None,
                           kind="country" if (country and not agent) else ("agent" if agent else "country"))
        # "the leaders", "the two sides" point back at participants named before; "opposition parties", "senior
        # officials" (an agent word of more than the head), "leaders of the union" and "70 countries" do not
        specific = any(m.entries and m.entries[0].kind == "agent" and m.end - m.start > 1 for m in ms) \
            or any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children) \
            or any(t.like_num and t.lower_ not in ("two", "2") for t in span)
        if agent is not None:
            if head.lemma_.lower() in GENERIC_HEADS and not specific and (head.tag_ in ("NNS", "NNPS") or any(t.lower_ in ("two", "both") for t in span)):
                return replace(base, sector=agent.sector, kind="generic")
            return replace(base, sector=agent.sector, kind="agent", name=None,
                           code=self._country_of_place(span, context_codes))
        if head.lemma_.lower() in ("country", "nation") and specific:  # "nearly 70 countries": many, none coded
            return replace(base, kind="countries")
        if head.lemma_.lower() in GENERIC_HEADS and specific:
            return replace(base, kind="agent")
        if head.lemma_.lower() in GENERIC_HEADS:
            return replace(base, kind="generic")
        label = head.ent_type_ or next((t.ent_type_ for t in span if t.ent_type_), "")
        if label in ("PERSON", "ORG", "NORP"):
            return replace(base, kind=NER_KINDS[label], name=text if label == "PERSON" else None,
                           code=self._country_of_place(span, context_codes))
        if label == "GPE":
            code = self.kb.code_for_name(text)
            if code is None:  # a province, state or city: "shell Haifa", "the Gujarat government"
                place = self._place_inside(span, context_codes)
                if place is not None:
                    return replace(base, code=place.country, kind="place", name=place.name)
                return replace(base, kind="country")
            return replace(base, code=code, kind="country")
        return None

    def _place_inside(self, span: Span, context_codes: tuple[str, ...]):
        """The province, state or city named inside the phrase ("Authorities in Wyoming", "the West Bengal
        government", "shell Haifa"), for a country code where the knowledge base gave none: sub-national actors
        are coded by country. A town is taken only as the whole phrase or when it is large: "the Hirak movement"
        is no movement of a Syrian town."""
        if self.gazetteer is None:
            return None
        for ent in span.ents:
            # the tagger calls some provinces peoples or organisations ("the Gujarat government", "the Uttar
            # Pradesh government"): an organisation only when it modifies the head, never as the head ("Chelsea")
            if not (ent.label_ in ("GPE", "LOC", "NORP") or (ent.label_ == "ORG" and ent.root.i != span.root.i)):
                continue
            place = self.gazetteer.place(strip_possessive(ent.text), context_codes)
            if place is None or not place.country:
                continue
            whole = ent.root.i == span.root.i and ent.label_ in ("GPE", "LOC")
            if whole or place.gives_its_country():
                return place
        return None

    def _country_of_place(self, span: Span, context_codes: tuple[str, ...]) -> Optional[str]:
        place = self._place_inside(span, context_codes)
        return place.country if place is not None else None

    def _country_name(self, code: Optional[str]) -> Optional[str]:
        if not code:
            return None
        rec = self.kb.country(code)
        return getattr(rec, "name", None) if rec is not None else None
