"""Document-level events: resolve participants in context, merge mentions of one event, infer what a
careful coder infers from the discourse, and emit :class:`model.Event` records with evidence.

What happens here, in order:
1. participants: argument phrases → entities (knowledge base), pronouns ("they") and generic
   references ("the two leaders") → the participants of the salient event;
2. coreference: "the call", "the dialogue", "this telephone exchange" and the headline join the event
   they refer to (several evidence spans); "a separate phone call" does not;
3. previous contact: "the first … since September 2022" sets ``previous_contact`` and yields a
   historical event of the same kind, which "the last direct talk took place in September 2022" joins;
4. discourse inference: speech acts by a participant of a call, reported after it and before the story
   moves on, happened during the call (its date) and, with no object of their own, were addressed to
   the other participants ("Macron urged a ceasefire" → recipient Putin);
5. dates: explicit, relative to publication, relative to another event ("days after the call"),
   else the publication date (basis "published"); ``historical`` when the event ended long before
   publication.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Optional, Sequence

from spacy.tokens import Span

from ..model import (
    Count,
    DateInfo,
    Document,
    Entity,
    Event,
    Evidence,
    Location,
    Quantity,
)
from ..ontology import load as load_ontology
from ..read.textnorm import NormalizedText
from .arguments import Argument
from .dates import DateMention, published_date, resolve_relative
from .kb import NON_COUNTRY_CODES
from .mentions import Mention
from .vocabulary import words

# An event that ended this many days before publication is reported as history.
HISTORICAL_AFTER_DAYS = 90
# How far (in paragraphs) a call stays the setting for the speech acts reported after it.
DISCOURSE_WINDOW_PARAGRAPHS = 2
DISTINCT_MARKERS = words("distinct_markers")
UNDATED_RANGE_DAYS = 2
RIOT_VERBS = words("riot_verbs")
PRISON_WORDS = words("prison_words")
# Nominal triggers whose governing verb says the event happened ("A car bomb killed 12"), and modifiers of an
# earlier one ("the last talk").
EVENT_PREDICATES = words("event_predicates")
REFERENCE_MODIFIERS = words("reference_modifiers")
# Groupings of categories (data/ontology/plover.yaml, "groupings").
_GROUPS = load_ontology()
VERBAL = _GROUPS.group("verbal")
RECIPROCAL_MEETINGS = _GROUPS.group("reciprocal_meetings")
HITS_A_CITY = _GROUPS.group("hits_a_city")
DOMESTIC = _GROUPS.group("domestic")
RECEIVED_BY_THE_PLACE = _GROUPS.group("received_by_the_place")


@dataclass
class Draft:
    mention: Mention
    sent: Span
    role: str
    paragraph: int
    actor_args: list[Argument]
    recipient_args: list[Argument]
    kind: str = "event"  # event, reference, anchor, earlier
    date_mention: Optional[DateMention] = None
    since_mention: Optional[DateMention] = None
    relative_mention: Optional[DateMention] = None
    location: Optional[Location] = None
    dead: Optional[Count] = None
    injured: Optional[Count] = None
    size: Optional[Count] = None
    quantities: list[Quantity] = field(default_factory=list)
    duration: Optional[tuple] = None
    initiator_words: Optional[tuple] = None
    # filled here
    actors: list[Entity] = field(default_factory=list)
    recipients: list[Entity] = field(default_factory=list)
    date: Optional[DateInfo] = None
    previous_contact: Optional[DateInfo] = None
    initiator: Optional[Entity] = None
    evidence: list[tuple[Span, int, int]] = field(default_factory=list)  # (sentence, trigger start, trigger end)
    merged_into: Optional["Draft"] = None
    historical: bool = False
    inferred: list[str] = field(default_factory=list)
    relative_anchor: Optional["Draft"] = None

    @property
    def type(self) -> str:
        return self.mention.event_type

    def codes(self) -> set[str]:
        return {e.code for e in self.actors if e.code} | {e.name for e in self.actors if e.name}

    def participant_keys(self) -> set:
        return {(e.code, e.name) for e in self.actors + (self.recipients if self.type in RECIPROCAL_MEETINGS else []) if e.code or e.name}


def kind_of(m: Mention, actors, recipients) -> str:
    """'event' for words that report an event; 'reference' for ones that only point back at one
    ("the call", "this telephone exchange"), which add evidence but never create an event."""
    if not m.is_nominal:
        return "event"
    det = m.determiner
    mods = m.modifiers
    if mods & REFERENCE_MODIFIERS:
        return "earlier"
    if m.head.dep_ == "pobj" and m.head.head.lower_ in ("after", "before", "since", "following", "despite", "amid",
                                                           "during", "preceding", "until", "ahead"):
        return "anchor"
    if m.head.dep_ in ("pobj", "dobj") and m.head.head.lemma_ in ("precede", "follow"):
        return "anchor"
    if m.support_verb is not None:
        return "event"
    named_actor = [a for a in actors if a.via not in ("possessive-pronoun",)]
    if named_actor or recipients:
        return "event"
    if det in ("the", "this", "that", "these", "those", "its", "their", "his", "her"):
        return "reference"
    if m.head.dep_ in ("nsubj", "nsubjpass") and m.head.head.lemma_ in EVENT_PREDICATES:
        return "event"
    if len(m.entry.words) > 1 and det in ("a", "an", None):
        return "event"
    return "reference"

# ------------------------------------------------------------------------------------------------ participants

def _resolve_participants(drafts: list[Draft], resolver, published: Optional[date], doc_countries: list[str]) -> None:
    salient_group: list[Entity] = []  # participants of the latest reciprocal event ("they", "the two leaders")
    last_person: Optional[Entity] = None
    last_collective: Optional[Entity] = None
    for d in drafts:
        when = published.isoformat() if published else None  # the knowledge base dates roles by ISO strings
        if d.date_mention is not None and d.date_mention.info is not None:
            when = d.date_mention.info.value
        for args, target in ((d.actor_args, d.actors), (d.recipient_args, d.recipients)):
            for a in args:
                if a.head.lower_ in ("its", "their", "his", "her") and a.via == "inside-dobj":
                    continue  # "launched its attack": the owner is the subject, not a recipient
                for e in resolver.resolve(a.span, when, doc_countries):
                    if e.kind == "pronoun":
                        found = _antecedent_in_sentence(a.head, d.actors, resolver, when, doc_countries) \
                            if target is d.recipients else []
                        target.extend(found or _antecedent(e, salient_group, last_person, last_collective))
                    elif e.kind == "generic":
                        if len(salient_group) >= 2:
                            target.extend(replace(p, text=e.text, start=e.start, end=e.end) for p in salient_group)
                            d.inferred.append("generic-reference")
                    else:
                        target.append(e)
        d.actors = _dedupe(d.actors)
        d.recipients = [r for r in _dedupe(d.recipients) if not _same(r, d.actors)]
        if d.kind == "earlier" and not d.actors and len(salient_group) >= 2:
            d.actors = list(salient_group)
            d.inferred.append("earlier-contact-participants")
        for e in d.actors + d.recipients:
            if e.kind == "person":
                last_person = e
            elif e.code:
                last_collective = e
        named = [e for e in d.actors if e.code or e.name]
        if d.type in RECIPROCAL_MEETINGS and len(named) >= 2 and d.kind == "event":
            salient_group = named


PERSON_PRONOUNS = words("person_pronouns")
GROUP_PRONOUNS = words("group_pronouns")


def _antecedent_in_sentence(pronoun, actors: list[Entity], resolver, when, doc_countries) -> list[Entity]:
    """Whom a recipient pronoun stands for when the sentence has just named them outside any event: the nearest
    person before "him" ("issued a warrant for Russian President Vladimir Putin, accusing him of …"), or the
    nearest people joined by "and" before "them" ("warrants for Netanyahu and Hamas leader Yahya Sinwar, accusing
    them …"), who are not the event's own actors. "It" is left to the discourse: a sentence names too many things
    it could be."""
    w = pronoun.lower_
    if w not in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return []
    def people():  # (entity span, person) named before the pronoun, nearest first, resolved only as needed
        for ent in reversed([ent for ent in pronoun.sent.ents if ent.end <= pronoun.i]):
            found = [x for x in resolver.resolve(ent, when, doc_countries) if x.kind == "person"]
            if found and not _same(found[0], actors):
                yield ent, found[0]

    nearest = people()
    chosen = list(itertools.islice(nearest, 1))
    if not chosen:
        return []
    if w in GROUP_PRONOUNS:
        for ent, person in nearest:
            between = pronoun.doc[ent.end:chosen[-1][0].start]
            if any(t.pos_ in ("VERB", "AUX") for t in between) or not any(t.lower_ == "and" for t in between):
                break
            chosen.append((ent, person))
        if len(chosen) < 2:
            return []
    at = dict(text=pronoun.text, start=pronoun.idx, end=pronoun.idx + len(pronoun.text))
    return [replace(person, **at) for _, person in reversed(chosen)]


def _antecedent(pronoun: Entity, group: list[Entity], person: Optional[Entity], collective: Optional[Entity]) -> list[Entity]:
    w = pronoun.text.lower()
    if w in ("they", "their", "them", "we", "our", "us") and len(group) >= 2:
        return [replace(p, text=pronoun.text, start=pronoun.start, end=pronoun.end) for p in group]
    if w in ("he", "she", "his", "her", "him", "i") and person is not None:
        return [replace(person, text=pronoun.text, start=pronoun.start, end=pronoun.end)]
    if w in ("it", "its", "they", "their", "them", "we", "our") and collective is not None:
        return [replace(collective, text=pronoun.text, start=pronoun.start, end=pronoun.end)]
    return []


def _ident(e: Entity):
    return e.name or e.code or e.text.lower()


def _dedupe(ents: list[Entity]) -> list[Entity]:
    seen, out = set(), []
    for e in ents:
        k = _ident(e)
        if k in seen:
            continue
        seen.add(k)
        out.append(e)
    return out


def _same(e: Entity, group: list[Entity]) -> bool:
    """``e`` names one of ``group``. Unnamed agents, groups and places are the same party only in the same
    words: "Turkish police detained the Istanbul mayor" has two Turkish parties."""
    return any(_ident(e) == _ident(g) and (e.name is not None or e.kind not in ("agent", "group", "place")
                                           or e.text.lower() == g.text.lower()) for g in group)


def _overlap(a: Draft, b: Draft) -> bool:
    ka, kb = a.participant_keys(), b.participant_keys()
    if not ka or not kb:
        return True
    names_a = {n for _, n in ka if n}
    names_b = {n for _, n in kb if n}
    if names_a and names_b and not (names_a & names_b) and len(names_a) == len(ka) and len(names_b) == len(kb):
        return False
    return bool({c for c, _ in ka if c} & {c for c, _ in kb if c}) or bool(names_a & names_b)


def _distinct(d: Draft) -> bool:
    return bool(d.mention.modifiers & DISTINCT_MARKERS)


# ------------------------------------------------------------------------------------------------ context rules

def _context_rules(drafts: list[Draft], gazetteer=None, doc_countries: Sequence[str] = (),
                   filed_in: Optional[str] = None) -> None:
    """Codes the words leave implicit, and the codebook's reciprocity rule for exercises.

    - An actor named only by its role ("protesters", "police", "Yoruba leaders") takes the country where the
      event happened; for domestic kinds of event an uncoded recipient ("18 people", "candidate X") takes the
      actor's country. Each such code is marked in the event's rule (``code-from-place`` / ``code-from-actor``).
    - Where the event has no place, the dateline's country ("KIEV, Feb 20 (Reuters) — Snipers fired …"), or else
      the one country a document names, gives that country to them ("police arrested dozens of students …,
      Kenyan media reported").
    - An attack or aid with no named recipient is for its place ("gunmen stormed a mall in Nairobi": KEN).
    - Military exercises of two or more countries are joint: COOPERATE, not MOBILIZE (codebook).
    """
    # where the event has no place: the country of the dateline, else the one country the story names
    only_country = filed_in or (doc_countries[0] if len(set(doc_countries)) == 1 else None)
    for d in drafts:
        place = d.location.country if d.location is not None else None
        if d.type in HITS_A_CITY and gazetteer is not None:
            # "an attack on Kyiv" targets the city, not the Ukrainian government
            for i, e in enumerate(d.recipients):
                if e.kind == "metonym" and e.sector == "GOV":
                    loc = gazetteer.lookup(e.text, [e.code] if e.code else [])
                    if loc is not None and loc.feature == "city":
                        d.recipients[i] = replace(e, sector=None, kind="place")
        for group, tag in ((d.actors, "actor"), (d.recipients, "recipient")):
            for i, e in enumerate(group):
                if e.code or e.kind in ("pronoun",):
                    continue
                if tag == "recipient" and d.type == "SANCTION" and "expel" in d.mention.modes:
                    continue  # the expelled are mostly foreigners ("expelled the weapons inspectors"): no local code
                code = place
                reason = "code-from-place"
                if code is None and tag == "recipient" and d.type in DOMESTIC and e.kind != "group":
                    actor_codes = {a.code for a in d.actors if a.code}
                    # what an organisation says is about others ("the African Union condemned the military
                    # takeover"), what it does mostly to its own ("the UN withdrew its peacekeepers")
                    if actor_codes & NON_COUNTRY_CODES and d.type in VERBAL:
                        actor_codes = set()
                    if len(actor_codes) == 1:
                        code, reason = next(iter(actor_codes)), "code-from-actor"
                if code is None and only_country is not None and e.kind in ("agent", "group", "generic", "person"):
                    code, reason = only_country, "code-from-document"
                if code:
                    group[i] = replace(e, code=code)
                    d.inferred.append(f"{tag}-{reason}")
        if d.type == "PROTEST" and not d.recipients and place:
            # a protest with no named target is addressed to the government of the place (as the gold sets code it)
            d.recipients = [Entity(text=d.location.text, code=place, sector="GOV", start=d.location.start,
                                   end=d.location.end, kind="place")]
            d.inferred.append("recipient-government-of-place")
        elif d.type in RECEIVED_BY_THE_PLACE and not d.recipients and place and not d.mention.negated:
            # "gunmen stormed a shopping mall in Nairobi", "planes carrying medical equipment landed in Rome": an
            # attack or aid with no named recipient is for the place
            d.recipients = [Entity(text=d.location.text, code=place, start=d.location.start, end=d.location.end,
                                   kind="place")]
            d.inferred.append("recipient-place")
        if d.type in ("ASSAULT", "COERCE") and d.actors and all(a.sector == "CVL" for a in d.actors) \
                and d.mention.head.lemma_.lower() in RIOT_VERBS:
            d.mention.event_type, d.mention.modes = "PROTEST", ["riot"]  # protesters storming, torching, looting
            d.mention.rule += "+civilians-riot"
        if d.type == "MOBILIZE" and len({a.code for a in d.actors if a.code}) >= 2:
            d.mention.event_type, d.mention.modes = "COOPERATE", []
            d.mention.rule += "+joint-exercise"


# ------------------------------------------------------------------------------------------------ merging

def _absorb(into: Draft, d: Draft) -> None:
    d.merged_into = into
    into.evidence.extend(d.evidence)
    into.actors = _dedupe(into.actors + [a for a in d.actors if not _same(a, into.recipients)])
    into.recipients = _dedupe(into.recipients + [r for r in d.recipients if not _same(r, into.actors)])
    for attr in ("date_mention", "location", "dead", "injured", "size", "duration", "initiator_words", "previous_contact",
                 "since_mention", "relative_mention"):
        if getattr(into, attr) is None and getattr(d, attr) is not None:
            setattr(into, attr, getattr(d, attr))
    if d.dead is not None and into.dead is not None and d.dead.value > into.dead.value:
        into.dead = d.dead
    if d.injured is not None and into.injured is not None and d.injured.value > into.injured.value:
        into.injured = d.injured
    known = {(q.value, q.unit) for q in into.quantities}
    into.quantities.extend(q for q in d.quantities if (q.value, q.unit) not in known)
    for mode in d.mention.modes:
        if mode not in into.mention.modes:
            into.mention.modes.append(mode)
    for ctx in d.mention.contexts:
        if ctx not in into.mention.contexts:
            into.mention.contexts.append(ctx)
    into.mention.confidence = min(0.99, max(into.mention.confidence, d.mention.confidence) + 0.03)


def _live(drafts: list[Draft]) -> list[Draft]:
    return [d for d in drafts if d.merged_into is None]


def _dates_conflict(a: Draft, b: Draft) -> bool:
    if a.date_mention is None or b.date_mention is None or a.date_mention.info is None or b.date_mention.info is None:
        return False
    x, y = a.date_mention.info, b.date_mention.info
    return x.latest < y.earliest or y.latest < x.earliest


def _merge(drafts: list[Draft]) -> None:
    events = []
    for d in drafts:
        d.evidence = [(d.sent, d.mention.trigger_start, d.mention.trigger_end)]
    # same sentence, same type, overlapping participants: one event said twice ("held talks …, engaging in a call")
    for d in drafts:
        if d.kind in ("reference", "anchor"):
            continue
        target = next((e for e in events if e.sent.start_char == d.sent.start_char and e.type == d.type and e.merged_into is None
                       and e.kind == d.kind and _overlap(e, d) and not _distinct(d)
                       and e.mention.negated == d.mention.negated), None)
        if target is not None:
            _absorb(target, d)
        else:
            events.append(d)
    body = [d for d in drafts if d.role != "headline"]
    # references join the latest earlier event of their type
    for d in body:
        if d.merged_into is not None or d.kind != "reference":
            continue
        target = _latest_before(d, [e for e in _live(body) if e.kind == "event"])
        if target is not None:
            _absorb(target, d)
    # "days after the call": the anchor words point at an event without being a new mention of it
    for d in body:
        if d.merged_into is None and d.kind == "anchor":
            d.merged_into = _latest_before(d, [e for e in _live(body) if e.kind == "event"])
    # later mentions of the same event with the same participants and no date of their own ("They also discussed")
    for d in body:
        if d.merged_into is not None or d.kind != "event" or d.date_mention is not None or _distinct(d):
            continue
        target = _latest_before(d, [e for e in _live(body) if e.kind == "event" and e.participant_keys()
                                    and e.participant_keys() == d.participant_keys() and e.mention.negated == d.mention.negated])
        if target is not None and target.type in RECIPROCAL_MEETINGS:
            _absorb(target, d)
    # the headline restates the story
    for d in drafts:
        if d.role != "headline" or d.merged_into is not None:
            continue
        target = next((e for e in _live(body) if e.type == d.type and e.kind == "event" and _overlap(e, d)), None)
        if target is not None:
            _absorb(target, d)
        elif d.kind == "reference":
            d.kind = "event"  # a headline stands on its own when the body does not repeat it


def _latest_before(d: Draft, candidates: list[Draft]) -> Optional[Draft]:
    best = None
    for e in candidates:
        if e is d or e.type != d.type or e.sent.start_char > d.sent.start_char:
            continue
        if e.sent.start_char == d.sent.start_char and e.mention.trigger_start > d.mention.trigger_start:
            continue
        if _dates_conflict(e, d) or not _overlap(e, d) or _distinct(d):
            continue
        best = e
    return best


# ------------------------------------------------------------------------------------------------ previous contact

def _previous_contacts(drafts: list[Draft], published: Optional[date]) -> list[Draft]:
    """"The first direct conversation since September 2022": that earlier contact is an event too."""
    created = []
    for d in _live(drafts):
        m = d.since_mention
        if m is None or m.info is None or d.kind != "event" or d.type not in ("CONSULT", "AGREE", "COOPERATE", "SUPPORT"):
            continue
        d.previous_contact = m.info
        doc = d.sent.doc
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        earlier = Draft(mention=replace(d.mention, modes=[x for x in d.mention.modes], contexts=list(d.mention.contexts),
                                        trigger_start=span.start_char if span is not None else m.start,
                                        trigger_end=span.end_char if span is not None else m.end,
                                        rule="previous-contact", confidence=max(0.5, d.mention.confidence - 0.1),
                                        absorbed=[], future=False, negated=False, hypothetical=False),
                        sent=d.sent, role=d.role, paragraph=d.paragraph, actor_args=[], recipient_args=[], kind="event")
        # only what the trigger word itself says carries over ("the first visit since …"): how the earlier contact
        # was held is not told, and a mode the classifier guessed for this one says nothing about it
        earlier.mention.modes = [x for x in d.mention.entry.mode if x not in ("phone",)]
        earlier.actors = list(d.actors)
        earlier.recipients = list(d.recipients)
        earlier.date_mention = replace(m, since=False)
        earlier.evidence = [(d.sent, earlier.mention.trigger_start, earlier.mention.trigger_end)]
        earlier.inferred.append("previous-contact")
        created.append(earlier)
    # "the last direct talk took place in September 2022" is that same earlier contact
    for d in _live(drafts):
        if d.kind != "earlier":
            continue
        target = next((c for c in created if c.type == d.type and _overlap(c, d) and not _dates_conflict(c, d)), None)
        if target is not None:
            _absorb(target, d)
        else:
            d.kind = "event"
    return created


# ------------------------------------------------------------------------------------------------ discourse

def _discourse_inference(drafts: list[Draft]) -> None:
    live = sorted(_live(drafts), key=lambda d: d.sent.start_char)
    setting: Optional[Draft] = None
    for d in live:
        if d.kind != "event":
            continue
        if d.type == "CONSULT" and len(d.actors) >= 2 and not d.historical and "previous-contact" not in d.inferred:
            setting = d
            continue
        if setting is None or d.paragraph - setting.paragraph > DISCOURSE_WINDOW_PARAGRAPHS:
            continue
        if d.type not in VERBAL:
            if d.type not in ("CONSULT",):
                setting = None  # the story has moved on to other events
            continue
        speaker_keys = {_ident(a) for a in d.actors}
        party_keys = {_ident(a) for a in setting.actors}
        if not speaker_keys or not speaker_keys <= party_keys:
            continue
        if d.date_mention is None:
            d.relative_anchor = setting
            d.inferred.append("during-call-date")
        if not d.recipients:
            others = [a for a in setting.actors if _ident(a) not in speaker_keys]
            if others:
                d.recipients = list(others)
                d.inferred.append("addressee-is-other-party")


# ------------------------------------------------------------------------------------------------ dates

def _relative_anchors(drafts: list[Draft]) -> None:
    """"Just days after the call": point the date at the event the anchor words refer to."""
    live = _live(drafts)
    for d in live:
        m = d.relative_mention
        if m is None or m.anchor_start is None or d.date_mention is not None:
            continue
        anchor = None
        for x in drafts:
            if x.mention.trigger_start < m.anchor_end and m.anchor_start < x.mention.trigger_end:
                anchor = x
                break
        while anchor is not None and anchor.merged_into is not None:
            anchor = anchor.merged_into
        if anchor is None and m.anchor_start is not None:
            # the anchor words may point at an event mentioned earlier ("the call") that the sentence does not code
            anchor = next((x for x in reversed(live) if x.sent.start_char < d.sent.start_char and x.kind == "event"
                           and x.mention.head.lemma_ in d.sent.doc.text[m.anchor_start:m.anchor_end].lower()), None)
        if anchor is not None and anchor is not d:
            d.relative_anchor = anchor


def _resolve_dates(drafts: list[Draft], published: Optional[date]) -> None:
    pending = _live(drafts)
    for _ in range(3):  # anchors may themselves be dated relative to other events
        for d in pending:
            if d.date is not None:
                continue
            if d.date_mention is not None and d.date_mention.info is not None:
                d.date = d.date_mention.info
            elif d.relative_anchor is not None and d.relative_anchor.date is not None:
                if d.relative_mention is not None and "during-call-date" not in d.inferred:
                    d.date = resolve_relative(d.relative_mention, d.relative_anchor.date, published)
                else:
                    d.date = replace(d.relative_anchor.date, basis="relative_to_event", text=None, start=None, end=None)
    for d in pending:
        if d.date is None:
            d.date = _undated(published)


def _undated(published: Optional[date]) -> Optional[DateInfo]:
    info = published_date(published)
    if info is None:
        return None
    day = date.fromisoformat(info.value)
    return DateInfo(value=info.value, earliest=(day - timedelta(days=UNDATED_RANGE_DAYS)).isoformat(),
                    latest=info.value, precision="range", text=None, basis="published")


def _back_date_anchors(drafts: list[Draft], published: Optional[date]) -> None:
    """"The strike came mere hours after a separate phone call": the undated call is dated from the strike."""
    for d in _live(drafts):
        m = d.relative_mention
        if m is None or m.anchor_start is None or d.date is None or d.date.basis == "published":
            continue
        for x in _live(drafts):
            if x is d or x.date is None or x.date.basis != "published":
                continue
            if not (x.mention.trigger_start < m.anchor_end and m.anchor_start < x.mention.trigger_end):
                continue
            lo = date.fromisoformat(d.date.earliest) - timedelta(days=m.max_days if m.max_days is not None else 30)
            hi = date.fromisoformat(d.date.latest) - timedelta(days=m.min_days or 0)
            x.date = DateInfo(value=hi.isoformat(), earliest=lo.isoformat(), latest=hi.isoformat(),
                              precision="range" if lo != hi else "day", text=m.text, start=m.start, end=m.end,
                              basis="relative_to_event")


# ------------------------------------------------------------------------------------------------ output

def _to_event(d: Draft, document: Document, norm: NormalizedText, published: Optional[date], ontology) -> Event:
    def omap(s: Optional[int], e: Optional[int]) -> tuple[Optional[int], Optional[int]]:
        if s is None or e is None:
            return s, e
        return norm.span_to_original(s, e)

    def ent(x: Entity) -> Entity:
        s, e = omap(x.start, x.end)
        return replace(x, start=s, end=e, text=document.text[s:e] if s is not None else x.text)

    evidence = []
    seen = set()
    for sent, ts, te in sorted(d.evidence, key=lambda x: (x[1], x[2])):
        if (ts, te) in seen:
            continue
        seen.add((ts, te))
        ss, se = omap(sent.start_char, sent.end_char)
        text = document.text[ss:se].strip()
        ss2 = ss + (len(document.text[ss:se]) - len(document.text[ss:se].lstrip()))
        ots, ote = omap(ts, te)
        evidence.append(Evidence(sentence=text, start=ss2, end=ss2 + len(text), trigger_start=ots, trigger_end=ote,
                                 trigger=document.text[ots:ote]))
    m = d.mention
    modes = [x for x in dict.fromkeys(m.modes) if x in ontology.categories[m.event_type].modes]
    contexts = list(dict.fromkeys(m.contexts + [ontology.mode_adds_context[x] for x in modes if x in ontology.mode_adds_context]))
    date_info = d.date
    if date_info is not None and date_info.start is not None:
        s, e = omap(date_info.start, date_info.end)
        date_info = replace(date_info, start=s, end=e, text=document.text[s:e])
    prev = d.previous_contact
    if prev is not None and prev.start is not None:
        s, e = omap(prev.start, prev.end)
        prev = replace(prev, start=s, end=e, text=document.text[s:e])
    historical = d.historical
    if date_info is not None and published and date_info.latest:
        try:
            historical = historical or date.fromisoformat(date_info.latest) < published - timedelta(days=HISTORICAL_AFTER_DAYS)
        except ValueError:
            pass

    def count(c: Optional[Count]) -> Optional[Count]:
        if c is None:
            return None
        s, e = omap(c.start, c.end)
        return replace(c, start=s, end=e)

    quantities = []
    for q in d.quantities:
        s, e = omap(q.start, q.end)
        quantities.append(replace(q, start=s, end=e))
    location = d.location
    if location is not None and location.start is not None:
        s, e = omap(location.start, location.end)
        location = replace(location, start=s, end=e, text=document.text[s:e])
    duration_minutes = duration_text = None
    if d.duration:
        duration_minutes, duration_text = d.duration[0], d.duration[1]
    initiator = None
    if d.initiator_words:
        words, s0, e0 = d.initiator_words
        initiator = next((a for a in d.actors if a.name and words.lower() in a.name.lower() or (a.text and words.lower() in a.text.lower())), None)
        if initiator is not None:
            s, e = omap(s0, e0)
            initiator = replace(initiator, text=document.text[s:e], start=s, end=e)
    confidence = m.confidence
    if not any(a.code for a in d.actors):
        confidence -= 0.15
    if any(a.code for a in d.recipients):
        confidence += 0.05
    if d.role == "headline":
        confidence -= 0.1
    return Event(
        doc_id=document.id, event_type=m.event_type, mode=modes, context=contexts,
        actor=[ent(a) for a in d.actors], recipient=[ent(r) for r in d.recipients], date=date_info,
        location=location, dead=count(d.dead), injured=count(d.injured), size=count(d.size), quantities=quantities,
        duration_minutes=duration_minutes, duration_text=duration_text, initiator=initiator, previous_contact=prev,
        historical=historical, future=m.future, hypothetical=m.hypothetical, negated=m.negated, evidence=evidence,
        confidence=max(0.05, min(0.99, confidence)), rule=m.rule + ("|" + ",".join(d.inferred) if d.inferred else ""),
    )


def _prison_sentences(drafts: list[Draft]) -> list[Draft]:
    """"Convictions that result in imprisonment should also be coded as COERCE arrest" (codebook)."""
    out = []
    for d in _live(drafts):
        if d.type != "SANCTION" or "convict" not in d.mention.modes or d.kind != "event":
            continue
        clause = d.mention.head
        words = {t.lemma_.lower() for t in clause.subtree} | {t.lower_ for t in clause.sent}
        if not (words & PRISON_WORDS or (words & {"sentence", "sentenced"} and words & {"year", "month", "life"})):
            continue
        twin = Draft(mention=replace(d.mention, event_type="COERCE", modes=["arrest"], absorbed=[], merged=[],
                                     rule=d.mention.rule + "+imprisonment"),
                     sent=d.sent, role=d.role, paragraph=d.paragraph, actor_args=d.actor_args,
                     recipient_args=d.recipient_args, kind="event", date_mention=d.date_mention,
                     location=d.location)
        twin.actors, twin.recipients = list(d.actors), list(d.recipients)
        twin.evidence = list(d.evidence)
        out.append(twin)
    return out


def _said_by_classifier(d: Draft) -> bool:
    """An event the classifier made, or a bare noun it confirmed, with participants read from the clause verb."""
    return d.mention.rule.startswith("classifier:") or "+classifier-confirmed-noun" in d.mention.rule


def build_events(document: Document, norm: NormalizedText, drafts: list[Draft], resolver, gazetteer,
                 doc_countries: list[str], filed_in: Optional[str] = None) -> list[Event]:
    published = document.published
    _resolve_participants(drafts, resolver, published, doc_countries)
    _context_rules(drafts, gazetteer, doc_countries, filed_in)
    # the classifier says what happened, but with no one to say it of there is no record (nor a merge target);
    # "a political prisoner died … in Iran" has one once the place has coded the prisoner
    drafts = [d for d in drafts if not (_said_by_classifier(d) and not any(e.code or e.name for e in d.actors + d.recipients))]
    _merge(drafts)
    drafts = drafts + _previous_contacts(drafts, published)
    drafts = drafts + _prison_sentences(drafts)
    _discourse_inference(drafts)
    _relative_anchors(drafts)
    _resolve_dates(drafts, published)
    _back_date_anchors(drafts, published)
    ontology = load_ontology()
    out = []
    for d in sorted(_live(drafts), key=lambda x: (x.mention.trigger_start, x.type)):
        if d.kind not in ("event",):
            continue
        out.append(_to_event(d, document, norm, published, ontology))
    return out
