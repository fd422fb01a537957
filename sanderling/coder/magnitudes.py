"""Magnitudes in a sentence: casualties, crowd sizes, counted things, the length of a meeting, and who
initiated it.  All functions take a parsed sentence (spaCy ``Span``) and return character offsets into
``doc.text``.

Numbers are read in digits or words ("539", "1,200", "1.5 million", "twenty-five", "a dozen"); vague
amounts take their lowest reasonable value (table in ``data/magnitudes/number_words.tsv``).  Word lists
(casualty verbs, crowd nouns, meeting nouns, currency symbols ...) are in ``data/magnitudes/lexicon.yaml``.

``Count.qualifier`` says how to read ``Count.value``:
  exact      the text gives the number: "12 people", "a soldier" (1), "no casualties" (0), "a dozen" (12)
  at_least   the number is a floor: "at least one", "no fewer than 5", and vague plurals ("dozens" 24,
             "scores" 40, "hundreds" 200, "thousands" 2000, "tens of thousands" 20000, "several" 3, "a few" 2)
  more_than  strictly above: "more than 20", "over 300", "upwards of 40"
  at_most    at or below: "up to 50", "fewer than 10", "nearly 40", "almost 100", "as many as 30"
  about      approximate either way: "about", "around", "some 300", "roughly", "an estimated"
  vague      no number at all, only a plural or a word like "many": the value (2) is what the plural implies
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import yaml
from spacy.tokens import Span, Token

from .. import DATA_DIR
from ..model import Count, Quantity
from .numbers import NumberPhrase, read_number

LEXICON = DATA_DIR / "magnitudes" / "lexicon.yaml"

_ZERO_WORDS = {"no", "none", "nobody", "no one"}
_NOT_COUNTED = {"DATE", "TIME", "PERCENT", "ORDINAL"}
_DEFINITE = {"the", "these", "those", "both", "all"}


@dataclass(frozen=True)
class MagnitudeLexicon:
    qualifiers: dict[tuple[str, ...], str]  # ("at", "least") -> "at_least"
    longest_qualifier: int
    dead_verbs: frozenset
    dead_intransitive: frozenset
    dead_nouns: frozenset
    injured_verbs: frozenset
    injured_nouns: frozenset
    both_nouns: frozenset
    toll_nouns: frozenset
    toll_prepositions: frozenset
    crowd_nouns: frozenset
    people_nouns: frozenset
    protest_words: frozenset
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    not_quantity_nouns: frozenset
    duration_units: dict[str, float]
    meeting_nouns: frozenset
    duration_verbs: frozenset
    duration_nouns: frozenset
    initiative_nouns: frozenset
    initiative_prepositions: frozenset
    initiating_verbs: frozenset
    calling_verbs: frozenset


@lru_cache(maxsize=1)
def lexicon() -> MagnitudeLexicon:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    qualifiers = {tuple(phrase.split()): q for q, phrases in raw.pop("qualifiers").items() for phrase in phrases}
    fields = {}
    for key, value in raw.items():
        fields[key] = {str(k): v for k, v in value.items()} if isinstance(value, dict) else frozenset(str(v) for v in value)
    return MagnitudeLexicon(qualifiers=qualifiers, longest_qualifier=max(map(len, qualifiers)), **fields)


# --- numbers in a sentence -------------------------------------------------------------------------


@dataclass
class _Number:
    value: float
    qualifier: str
    start: int  # doc token indices, qualifier words included
    end: int
    last: int  # the number's last token
    vague: bool
    currency: Optional[str] = None


def _numbers(sent: Span) -> list[_Number]:
    """Every number in the sentence with its qualifier and currency symbol, left to right.  Kept in
    ``doc.user_data``: the extractors run on the same sentence one after the other."""
    key = ("sanderling.coder.magnitudes.numbers", sent.start, sent.end)
    cached = sent.doc.user_data.get(key)
    if cached is None:
        cached = sent.doc.user_data[key] = _read_numbers(sent)
    return cached


def _read_numbers(sent: Span) -> list[_Number]:
    lex = lexicon()
    tokens = list(sent)
    lower = [t.lower_ for t in tokens]
    out: list[_Number] = []
    n = len(lower)
    i = 0
    while i < n:
        qualifier, k = None, i
        for size in range(min(lex.longest_qualifier, n - i), 0, -1):
            q = lex.qualifiers.get(tuple(lower[i : i + size]))
            if q is not None:
                qualifier, k = q, i + size
                break
        currency = None
        if k < n and tokens[k].text in lex.currency_symbols:
            currency, k = lex.currency_symbols[tokens[k].text], k + 1
        phrase: Optional[NumberPhrase] = read_number(tokens, k, lower) if k < n else None
        if phrase is None:
            i += 1
            continue
        # a qualifier bends the reading of a vague word too: "more than a dozen", "at least several"
        q = qualifier or phrase.qualifier
        out.append(_Number(phrase.value, q, sent.start + i, sent.start + phrase.end, sent.start + phrase.last,
                           phrase.vague, currency))
        i = phrase.end
    return out


def _number_at(numbers: list[_Number], i: int) -> Optional[_Number]:
    for num in numbers:
        if num.start <= i < num.end:
            return num
    return None


def _count(num: _Number, sent: Span) -> Count:
    doc = sent.doc
    start, end = doc[num.start].idx, doc[num.last].idx + len(doc[num.last].text)
    return Count(int(round(num.value)), num.qualifier, doc[num.start : num.last + 1].text, start, end)


def _count_of(tok: Token, numbers: list[_Number], sent: Span, singular_is_one: bool) -> Optional[Count]:
    """How many ``tok`` stands for: "12" itself, "12 people", "dozens of injuries", "no one", "a soldier",
    "two soldiers and three civilians" (added up)."""
    # victims joined by "and" add up ("two soldiers and three civilians died"); a casualty noun does not
    # ("one death and dozens of injuries" are two different counts)
    parts = _conjuncts(tok) if singular_is_one else [tok]
    counts = [c for c in (_count_one(t, numbers, sent, singular_is_one) for t in parts) if c is not None]
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    total = sum(c.value for c in counts)
    exact = all(c.qualifier == "exact" for c in counts)
    first, last = min(counts, key=lambda c: c.start), max(counts, key=lambda c: c.end)
    doc = sent.doc
    words = doc.char_span(first.start, last.end).text
    return Count(total, "exact" if exact else "at_least", words, first.start, last.end)


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            out.extend(_conjuncts(child))
    return out


def _count_one(tok: Token, numbers: list[_Number], sent: Span, singular_is_one: bool) -> Optional[Count]:
    doc = sent.doc
    own = _number_at(numbers, tok.i)
    if own is not None:
        return _count(own, sent)
    for child in tok.children:
        if child.dep_ in ("nummod", "quantmod", "amod", "det", "nmod", "compound") or child.lower_ in _ZERO_WORDS:
            num = _number_at(numbers, child.i)
            if num is not None:
                return _count(num, sent)
    # "dozens of injuries", "thousands of protesters": the noun hangs from the number via "of"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        num = _number_at(numbers, tok.head.head.i)
        if num is not None:
            return _count(num, sent)
    if tok.lower_ in ("nobody", "none") or (tok.lower_ == "one" and tok.i > 0 and doc[tok.i - 1].lower_ == "no"):
        first = tok.i - 1 if tok.lower_ == "one" else tok.i
        return Count(0, "exact", doc[first : tok.i + 1].text, doc[first].idx, tok.idx + len(tok.text))
    if singular_is_one:
        if tok.tag_ in ("NN", "NNP") or tok.lower_ in ("he", "she", "him", "her"):
            article = next((c for c in tok.children if c.dep_ == "det" and c.lower_ in ("a", "an", "one", "another")), None)
            first = article if article is not None else tok
            return Count(1, "exact", doc[first.i : tok.i + 1].text, first.idx, tok.idx + len(tok.text))
        if tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("they", "them"):
            left = tok.left_edge.i if tok.left_edge.i >= sent.start else tok.i
            return Count(2, "vague", doc[left : tok.i + 1].text, doc[left].idx, tok.idx + len(tok.text))
    return None


# --- casualties -----------------------------------------------------------------------------------


def casualties(sent: Span) -> dict[str, Count]:
    """Dead and injured counts in a sentence; keys "dead" and "injured" when present.  When a sentence
    gives several figures for the same kind ("killed at least five ... the toll rose to 40"), the
    largest is kept."""
    found, _ = _casualties(sent)
    return found


def _casualties(sent: Span) -> tuple[dict[str, Count], set[int]]:
    """Casualty counts, and the token indices of the victims (so crowds and quantities skip them).
    Kept in ``doc.user_data`` like the numbers: crowd_size and quantities need the victims too."""
    key = ("sanderling.coder.magnitudes.casualties", sent.start, sent.end)
    cached = sent.doc.user_data.get(key)
    if cached is None:
        cached = sent.doc.user_data[key] = _read_casualties(sent)
    found, victims = cached
    return {kind: replace(count) for kind, count in found.items()}, victims


def _read_casualties(sent: Span) -> tuple[dict[str, Count], set[int]]:
    lex = lexicon()
    numbers = _numbers(sent)
    found: dict[str, Count] = {}
    victims: set[int] = set()

    def note(kind: str, count: Optional[Count], tok: Optional[Token]) -> None:
        if count is None:
            return
        if tok is not None:
            victims.update(t.i for t in _conjuncts(tok))
        for num in numbers:
            if count.start <= sent.doc[num.start].idx < count.end:
                victims.update(range(num.start, num.end))
        old = found.get(kind)
        if old is None or count.value > old.value or (old.qualifier == "vague" and count.qualifier != "vague"):
            found[kind] = count

    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG"):
            if lemma in lex.dead_verbs or lemma in lex.injured_verbs:
                kind = "dead" if lemma in lex.dead_verbs else "injured"
                victim = _victim(tok)
                note(kind, _count_of(victim, numbers, sent, singular_is_one=True) if victim is not None else None, victim)
                continue
            if lemma in lex.dead_intransitive:
                subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None:
                    note("dead", _count_of(subject, numbers, sent, singular_is_one=True), subject)
                continue
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
            continue
        if lemma in lex.toll_nouns:
            note("dead" if not any(c.lemma_ in lex.injured_nouns or c.lemma_ == "injury" for c in tok.children) else "injured",
                 _toll(tok, numbers, sent), None)
        elif lemma in lex.dead_nouns or tok.lower_ in lex.dead_nouns:
            note("dead", _noun_count(tok, numbers, sent), tok)
        elif lemma in lex.injured_nouns or tok.lower_ in lex.injured_nouns:
            note("injured", _noun_count(tok, numbers, sent), tok)
        elif lemma in lex.both_nouns:
            count = _noun_count(tok, numbers, sent)
            if count is not None and count.value == 0:
                note("dead", count, tok)
                note("injured", count, tok)
    return found, victims


def _victim(verb: Token) -> Optional[Token]:
    """Who was killed or hurt: the object; the passive subject; the subject of a bare participle
    ("10 injured", headline "12 people killed"); the noun a participle modifies ("people killed")."""
    children = list(verb.children)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is not None:
        return obj
    passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return passive
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in children):
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ == "NUM" or any(ch.dep_ == "nummod" for ch in subject.children)):
            return subject
        if verb.dep_ in ("acl", "amod", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            return verb.head
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _noun_count(tok: Token, numbers: list[_Number], sent: Span) -> Optional[Count]:
    """ "40 deaths", "dozens of injuries", "3 dead", "no casualties", "the deaths of 12 people"."""
    count = _count_of(tok, numbers, sent, singular_is_one=False)
    if count is not None:
        return count
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _count_of(obj, numbers, sent, singular_is_one=False)
    if tok.head.lower_ == "without" and tok.dep_ == "pobj":
        return Count(0, "exact", sent.doc[tok.head.i : tok.i + 1].text, tok.head.idx, tok.idx + len(tok.text))
    return None


def _toll(tok: Token, numbers: list[_Number], sent: Span) -> Optional[Count]:
    """ "the death toll rose to 40", "a toll of 12", "the toll stood at 30", "the toll is 15"."""
    lex = lexicon()
    candidates = [tok] + ([tok.head] if tok.dep_ in ("nsubj", "nsubjpass") else [])
    for head in candidates:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in lex.toll_prepositions:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        num = _number_at(numbers, obj.i)
                        if num is not None:
                            return _count(num, sent)
            if head is not tok and child.dep_ in ("attr", "dobj", "npadvmod"):
                num = _number_at(numbers, child.i)
                if num is not None:
                    return _count(num, sent)
    return None


# --- crowds ---------------------------------------------------------------------------------------


def crowd_size(sent: Span) -> Optional[Count]:
    """Size of a crowd: "thousands of protesters" (2000, at_least), "a crowd of some 5,000" (5000, about),
    "tens of thousands of people marched" (people count only in a sentence about a protest)."""
    lex = lexicon()
    numbers = _numbers(sent)
    _, victims = _casualties(sent)
    protest = any(t.lemma_.lower() in lex.protest_words for t in sent)
    best: Optional[Count] = None
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in victims:
            continue
        if not (lemma in lex.crowd_nouns or (protest and lemma in lex.people_nouns)):
            continue
        count = _count_of(tok, numbers, sent, singular_is_one=False)
        if count is None and lemma == "crowd":
            # "a crowd of some 5,000"; "police estimated the crowd at 15,000"
            holders = [tok] + ([tok.head] if tok.dep_ in ("dobj", "nsubjpass") else [])
            for holder in holders:
                for child in holder.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "at"):
                        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if obj is not None and count is None:
                            count = _count_of(obj, numbers, sent, singular_is_one=False)
        if count is not None and count.value > 0 and (best is None or count.value > best.value):
            best = count
    return best


# --- quantities -----------------------------------------------------------------------------------


def quantities(sent: Span) -> list[Quantity]:
    """Counted things: "539 drones" -> (539, "drone"), "$5 million" -> (5000000, "USD"), "700 kg of
    medicine" -> (700, "kg").  The unit is the lemma of the counted noun.  Left out: vague amounts
    ("dozens of drones"), dates and times, percentages, ordinals, ages, durations and casualty counts."""
    lex = lexicon()
    doc = sent.doc
    numbers = _numbers(sent)
    _, victims = _casualties(sent)
    out: list[Quantity] = []
    for num in numbers:
        if num.vague or num.value == 0 or any(i in victims for i in range(num.start, num.end)):
            continue
        if num.start > sent.start and doc[num.start - 1].lower_ in _DEFINITE and num.value <= 12:
            continue  # "the two leaders" points back at known parties; it does not count things
        last = doc[num.last]
        if last.ent_type_ in _NOT_COUNTED or (last.i + 1 < len(doc) and doc[last.i + 1].lower_ in ("%", "percent", "per")):
            continue
        if num.last + 2 < len(doc) and doc[num.last + 1].text == "-" and doc[num.last + 2].lemma_.lower() in lex.not_quantity_nouns:
            continue  # "45-year-old", "two-hour"
        end_tok = doc[num.end - 1]
        if num.currency:
            unit, end_tok = num.currency, doc[num.end - 1]
        else:
            noun = _counted_noun(last)
            if noun is None:
                continue
            lemma = noun.lemma_.lower()
            if lemma in lex.not_quantity_nouns or noun.ent_type_ in _NOT_COUNTED or noun.i in victims:
                continue
            unit = lex.currency_words.get(lemma, lemma)
            if noun.i > end_tok.i and noun.i - end_tok.i <= 3:
                end_tok = noun
        start, end = doc[num.start].idx, end_tok.idx + len(end_tok.text)
        out.append(Quantity(float(num.value), unit, doc[num.start : end_tok.i + 1].text, start, end))
    return out


def _counted_noun(number: Token) -> Optional[Token]:
    """The noun a number counts: its head for "539 drones"; the object of "of" for "a dozen of"."""
    head = number.head
    if number.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i > number.i:
        return head
    if number.dep_ == "nummod" and head.pos_ == "NUM" and head.head.pos_ == "NOUN":
        return head.head
    # "1.5 million tons": the scale word carries the dependency
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                return obj
    return None


# --- duration -------------------------------------------------------------------------------------


def duration(sent: Span) -> Optional[tuple[float, str, int, int]]:
    """Length of a meeting or call: (minutes, words, start, end).  Only spans tied to an event noun
    ("two-hour phone call", "a 90-minute meeting", "an hour-long call"), to a verb of talking or lasting
    ("lasted nearly three hours", "spoke for two hours"), or to "duration"/"length" ("a duration of over
    two hours") count; "a nearly three-year silence" does not."""
    lex = lexicon()
    doc = sent.doc
    numbers = _numbers(sent)
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in lex.duration_units or tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "ADV"):
            continue
        amount, first = _duration_amount(tok, numbers)
        if amount is None:
            continue
        last = tok
        # "hour-long call": the adjective after the hyphen carries the dependency
        if tok.i + 2 < sent.end and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "long":
            last = doc[tok.i + 2]
        if not _attached_to_event(tok, last, lex):
            continue
        if [t.lower_ for t in doc[tok.i + 1 : min(tok.i + 4, sent.end)]] == ["and", "a", "half"]:
            last = doc[tok.i + 3]  # "an hour and a half": the words run on past the unit
        start, end = doc[first].idx, last.idx + len(last.text)
        return amount * lex.duration_units[lemma], doc[first : last.i + 1].text, start, end
    return None


def _duration_amount(unit: Token, numbers: list[_Number]) -> tuple[Optional[float], int]:
    """How many units, and the first token of the amount: "two-hour", "over two hours", "an hour",
    "half an hour", "an hour and a half"."""
    doc = unit.doc
    amount, first = None, unit.i
    i = unit.i - 1
    if i >= 0 and doc[i].text == "-":
        i -= 1
    num = _number_at(numbers, i) if i >= 0 else None
    if num is not None and not num.vague:
        amount, first = num.value, num.start
    elif i >= 0 and doc[i].lower_ in ("a", "an", "one"):
        amount, first = 1.0, i
        if i >= 1 and doc[i - 1].lower_ == "half":
            amount, first = 0.5, i - 1
        q = _number_at(numbers, i)  # "more than an hour": the qualifier is read with the article
        if q is not None:
            first = q.start
    elif unit.dep_ in ("npadvmod", "compound", "amod") and i + 2 < len(doc) and doc[unit.i + 1].text == "-":
        amount, first = 1.0, unit.i  # "hour-long"
    if amount is not None:
        after = [t.lower_ for t in doc[unit.i + 1 : unit.i + 4]]
        if after[:3] == ["and", "a", "half"]:
            amount += 0.5
    return amount, first


def _attached_to_event(unit: Token, last: Token, lex: MagnitudeLexicon) -> bool:
    t = last if last is not unit else unit
    for _ in range(3):
        head = t.head
        hl = head.lemma_.lower()
        if t.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod") and hl in lex.meeting_nouns and head.i > t.i:
            return True
        if head.pos_ in ("VERB", "AUX") and hl in lex.duration_verbs and t.dep_ in ("dobj", "npadvmod", "obj", "attr", "advmod"):
            return True
        if t.dep_ == "pobj" and head.dep_ == "prep":
            governor = head.head
            gl = governor.lemma_.lower()
            if head.lower_ in ("for", "over") and governor.pos_ in ("VERB", "AUX") and gl in lex.duration_verbs:
                return True
            if head.lower_ == "of" and (gl in lex.duration_nouns or gl in lex.meeting_nouns):
                return True
            return False
        if head.i == t.i:
            return False
        if t.dep_ in ("compound", "amod", "npadvmod") and head.pos_ in ("NOUN", "ADJ"):
            t = head
            continue
        return False
    return False


# --- initiator ------------------------------------------------------------------------------------


def initiator(sent: Span) -> Optional[tuple[str, int, int]]:
    """The words naming who initiated a meeting or call: "at Macron's initiative" -> "Macron"; "at the
    request of the Kremlin" -> "Kremlin"; "initiated by Paris"; "at the invitation of X"; "X phoned Y"."""
    lex = lexicon()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in lex.initiative_nouns and tok.pos_ == "NOUN":
            if not (tok.dep_ == "pobj" and tok.head.lower_ in lex.initiative_prepositions):
                continue
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is None:
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
                        owner = next((c for c in child.children if c.dep_ == "pobj"), None)
                        break
            if owner is not None and owner.pos_ in ("PROPN", "NOUN"):
                return _noun_phrase(owner)
        if tok.pos_ == "VERB" and lemma in lex.initiating_verbs:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if agent is not None and (tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in lex.meeting_nouns
                                      or any(c.dep_ == "nsubjpass" and c.lemma_.lower() in lex.meeting_nouns for c in tok.children)):
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return _noun_phrase(obj)
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is not None and obj is not None and subject.pos_ in ("PROPN", "NOUN"):
                if obj.lemma_.lower() in lex.meeting_nouns and lemma not in lex.calling_verbs:
                    return _noun_phrase(subject)
                if lemma in lex.calling_verbs and obj.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") and not any(
                    c.dep_ in ("oprd", "xcomp", "ccomp", "attr") for c in tok.children
                ):
                    return _noun_phrase(subject)
    return None


def _noun_phrase(tok: Token) -> tuple[str, int, int]:
    """The name a token heads, without a leading article or trailing possessive: "Macron" in
    "Macron's", "French President Emmanuel Macron", "Kremlin" in "the Kremlin", "president of France"."""
    doc = tok.doc
    left = tok.left_edge
    while left.i < tok.i and (left.dep_ in ("det", "predet", "case", "punct") or left.pos_ == "DET"):
        left = doc[left.i + 1]
    right = tok
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of" or child.dep_ in ("compound", "flat", "nummod"):
            right = child.right_edge
        else:
            break
    while right.i > left.i and (right.dep_ == "case" or right.is_punct):
        right = doc[right.i - 1]
    start, end = left.idx, right.idx + len(right.text)
    return doc[left.i : right.i + 1].text, start, end
