"""The coder: a batch of documents in, PLOVER events out.

Stages, each a module with a typed boundary:
``read.textnorm`` (offset-preserving whitespace) → ``parse`` (spaCy) → ``read.structure`` (headline / caption /
body) → ``mentions`` (triggers, type, mode, flags) → ``arguments`` (actor / recipient phrases)
→ ``resolve`` + ``kb`` (codes, people) → ``dates``, ``places``, ``magnitudes`` → ``events``
(within-document coreference, previous contact, inference from the discourse) → :class:`model.Event`.

``Coder.load()`` builds every model and table once per process; ``Coder.code(docs)`` is then a pure
function of its input, so a distributed engine (Ray Data, Spark, multiprocessing) can map
:func:`code_batch` over millions of articles without a rewrite.
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Union

from ..errors import Code
from ..learn.combine import Combiner, classifier_mention
from ..model import Document, Event, ReadError
from ..ontology import load as load_ontology
from ..read.structure import paragraph_index, role_of, structure
from ..read.textnorm import NormalizedText, normalize
from . import parse as nlp_module
from .arguments import Argument, as_arguments, find_arguments, subject_of
from .dates import DateFinder, dates_of_mention
from .events import Draft, build_events, kind_of
from .kb import ActorKB, strip_possessive
from .lexicon import TriggerLexicon
from .lexicon import load as load_lexicon
from .magnitudes import casualties, crowd_size, duration, initiator, quantities
from .mentions import SPEECH_VERBS, Mention, find_mentions, lemma
from .places import Gazetteer, place_of_mention
from .resolve import EntityResolver
from .vocabulary import words

log = logging.getLogger(__name__)

# Groupings of categories (data/ontology/plover.yaml, "groupings").
_GROUPS = load_ontology()
CARRIES_CASUALTIES = _GROUPS.group("carries_casualties")
CARRIES_QUANTITIES = _GROUPS.group("carries_quantities")
CARRIES_DURATION = _GROUPS.group("carries_duration")
HARM = _GROUPS.group("harm")
STATEMENTS = _GROUPS.group("statements")


@dataclass
class DocumentResult:
    document: Document
    events: list[Event] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)


class Coder:
    """Holds the loaded models and tables; build with :meth:`load` (cached per process)."""

    def __init__(self, lexicon: Optional[TriggerLexicon] = None, kb: Optional[ActorKB] = None,
                 use_classifier: bool = True) -> None:
        self.nlp = nlp_module.load()
        self.lexicon = lexicon or load_lexicon()
        self.kb = kb or ActorKB.load()
        self.gazetteer = Gazetteer()
        self.resolver = EntityResolver(self.kb, self.gazetteer)
        self.dates = DateFinder()
        self.classifier = _load_classifier() if use_classifier else None
        self.combiner = Combiner()

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, use_classifier: bool = True) -> "Coder":
        return cls(use_classifier=use_classifier)

    # -------------------------------------------------------------------------------------------- batch API
    def code(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
        """Code documents in batches (spaCy's ``nlp.pipe``); one result per document, in input order."""
        it = iter(docs)
        while True:
            batch = list(itertools.islice(it, batch_size))
            if not batch:
                return
            norms = [normalize(d.text) for d in batch]
            parsed = list(self.nlp.pipe((n.text for n in norms), batch_size=batch_size))
            work: list = []
            for doc, sdoc in zip(batch, parsed):
                try:
                    work.append(self._find(doc, sdoc))
                except Exception as exc:  # one bad document never stops the batch
                    work.append(exc)
            self._classify(w for w in work if not isinstance(w, Exception))
            for doc, norm, w in zip(batch, norms, work):
                try:
                    if isinstance(w, Exception):
                        raise w
                    yield DocumentResult(document=doc, events=self._finish(doc, norm, w))
                except Exception as exc:
                    log.exception("coding failed for %s", doc.id)
                    yield DocumentResult(document=doc, errors=[ReadError(
                        doc.id, doc.origin or doc.id, Code.FAILED,
                        f"the coder failed on this document ({type(exc).__name__}: {exc}); the others were coded")])

    def code_text(self, text: str, doc_id: str = "doc", published: Union[str, date, None] = None) -> list[Event]:
        """One text's events; ``published`` as a date or a string (YYYY-MM-DD, ISO 8601, RFC 2822)."""
        return next(self.code([Document(id=doc_id, text=text, published=published)])).events

    # -------------------------------------------------------------------------------------------- one document
    def _find(self, document: Document, sdoc) -> "_DocumentWork":
        """First pass: structure, dates and the rules' mentions, sentence by sentence."""
        paras = structure(sdoc, document.title)
        work = _DocumentWork(sdoc=sdoc, paras=paras, dates=self.dates.find(sdoc, document.published))
        for sent in sdoc.sents:
            role = role_of(sent, paras)
            if role == "caption" or not sent.text.strip():
                continue
            mentions = find_mentions(sent, self.lexicon, self._is_actor)
            work.sentences.append(_SentenceWork(sent=sent, role=role, mentions=mentions,
                                                needs_classifier=bool(mentions) or _could_report_event(sent)))
        return work

    def _classify(self, works: Iterable["_DocumentWork"]) -> None:
        """One classifier call for every sentence of the batch that could hold an event ("classify only what
        needs it": sentences without a trigger and without a verb and an actor are skipped)."""
        if self.classifier is None:
            return
        todo = [s for w in works for s in w.sentences if s.needs_classifier]
        if not todo:
            return
        for s, pred in zip(todo, self.classifier.predict([s.sent.text.strip() for s in todo])):
            s.prediction = pred

    def _finish(self, document: Document, norm: NormalizedText, work: "_DocumentWork") -> list[Event]:
        """Second pass: combine rules and classifier, read arguments, dates, places and numbers, merge."""
        paras = work.paras
        doc_countries: list[str] = []
        place_countries: list[str] = []  # of the towns and provinces named ("between Abuja and Kaduna")
        drafts: list[Draft] = []
        filed = nlp_module.dateline_of(work.sdoc)  # "SINGAPORE, Nov 7 (AP) —" names no participant
        dateline_span = (filed.start, filed.end) if filed is not None else (0, 0)
        for sw in work.sentences:
            sent = sw.sent
            mentions = self.combiner.decide(sent, sw.mentions, sw.prediction, self.lexicon)
            # the dateline is a sentence of its own (nlp.dateline_breaks); its date still dates the one it heads
            opens_story = filed is not None and sent.start_char == filed.end
            sent_dates = [d for d in work.dates if sent.start_char <= d.start < sent.end_char
                          or (opens_story and filed.start <= d.start < filed.end)]
            places = self.gazetteer.find(sent, doc_countries)
            place_countries.extend(p.location.country for p in places
                                   if p.location.country and p.place is not None and p.place.gives_its_country())
            mags = None
            sentence_drafts = []
            for m in mentions:
                actors, recipients = _participants(m, dateline_span, by_classifier=m.rule.startswith("classifier:"))
                d = Draft(mention=m, sent=sent, role=sw.role, paragraph=paragraph_index(sent.start_char, paras),
                          actor_args=actors, recipient_args=recipients)
                d.kind = kind_of(m, actors, recipients)
                sentence_drafts.append(d)
            self._promote_confirmed_noun(sent, sentence_drafts, dateline_span)
            for d in sentence_drafts:
                m = d.mention
                d.date_mention, d.since_mention, d.relative_mention = dates_of_mention(m, sent_dates)
                d.location = place_of_mention(m, places)
                if d.kind != "earlier":  # "the last talk" does not take the figures of the story's event
                    if mags is None:
                        mags = self._magnitudes(sent)
                    self._attach_magnitudes(d, mags)
                drafts.append(d)
            # countries named so far steer place and person disambiguation further down the text
            for ent in sent.ents:
                # the tagger sometimes calls a country a date or a person ("the military takeover in Niger")
                if ent.label_ in ("GPE", "NORP", "LOC", "DATE", "ORG"):
                    code = self.kb.code_for_name(strip_possessive(ent.text))
                    if code and code not in doc_countries:
                        doc_countries.append(code)
        if not doc_countries:  # a story naming no country is about the country of the places it names
            doc_countries = list(dict.fromkeys(place_countries))
        filed_in = None
        if filed is not None:  # "KIEV, Feb 20 (Reuters) —": where the story was filed codes its unnamed locals
            place = self.gazetteer.lookup(filed.place.title())
            filed_in = place.country if place is not None else None
        return build_events(document, norm, drafts, self.resolver, self.gazetteer, doc_countries, filed_in)

    # -------------------------------------------------------------------------------------------- helpers
    def _promote_confirmed_noun(self, sent, drafts: list[Draft], dateline_span: tuple[int, int] = (0, 0)) -> None:
        """"NATO troops remained on alert", "the US remains the largest donor of humanitarian assistance": a bare
        event noun with no verb of its own would only point at an event, but when it is the sentence's only event
        and the classifier is confident of its category it is the news: it becomes an event whose participants
        are read from the verb that carries the sentence (and needs a participant there to be kept)."""
        if not drafts or any(d.kind == "event" for d in drafts):
            return
        candidates = [d for d in drafts if d.kind in ("reference", "anchor")
                      and d.mention.classifier_p is not None and d.mention.confidence >= self.combiner.rule.add_above]
        if not candidates:
            return
        d = max(candidates, key=lambda x: x.mention.confidence)
        carrier = classifier_mention(sent, d.mention.event_type, d.mention.confidence, self.lexicon)
        if carrier is None:
            return
        d.actor_args, d.recipient_args = _participants(carrier, dateline_span, by_classifier=True)
        d.kind = "event"
        d.mention.rule += "+classifier-confirmed-noun"

    def _is_actor(self, token) -> bool:
        if token.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") or token.pos_ == "PRON":
            return True
        return bool(self.kb.find([token.text], [token.lemma_]))

    @staticmethod
    def _magnitudes(sent):
        return {"casualties": casualties(sent), "size": crowd_size(sent), "quantities": quantities(sent),
                "duration": duration(sent), "initiator": initiator(sent)}

    @staticmethod
    def _attach_magnitudes(d: Draft, mags) -> None:
        t = d.mention.event_type
        if t in CARRIES_CASUALTIES:
            d.dead = mags["casualties"].get("dead")
            d.injured = mags["casualties"].get("injured")
        if t == "PROTEST":
            d.size = mags["size"]
        if t in CARRIES_QUANTITIES:
            d.quantities = list(mags["quantities"])
        if t in CARRIES_DURATION and mags["duration"]:
            d.duration = mags["duration"]
        if t == "CONSULT" and mags["initiator"]:
            d.initiator_words = mags["initiator"]


UNDERGO_VERBS = words("undergo_verbs")


def _outside(args: list[Argument], span: tuple[int, int]) -> list[Argument]:
    """Participants outside the wire dateline: its place says where the story was filed, not who acted."""
    start, end = span
    return [a for a in args if not start <= a.head.idx < end]


def _participants(m: Mention, dateline_span: tuple[int, int], by_classifier: bool) -> tuple[list[Argument], list[Argument]]:
    """A mention's actors and recipients as the parse gives them, read for an event the classifier found
    (``by_classifier``) and never inside the wire dateline (``dateline_span``, parsed as a sentence of its own)."""
    actors, recipients = find_arguments(m)
    if by_classifier:
        actors, recipients = _classifier_participants(m.event_type, m.head, actors, recipients)
    return _outside(actors, dateline_span), _outside(recipients, dateline_span)


# STATEMENTS: when the classifier's event is carried by the clause a speech verb reports ("the EU says military
# intervention must be avoided"), the speaker made the demand, accusation, rejection or threat, and whoever the
# clause is about is its target.
def _classifier_participants(event_type: str, verb, actors, recipients):
    """Participants of an event the classifier found, read from the verb that carries it."""
    if event_type in HARM and verb.lemma_.lower() in UNDERGO_VERBS:
        return [], actors + recipients
    if event_type in STATEMENTS and verb.dep_ == "ccomp" and lemma(verb.head) in SPEECH_VERBS:
        speaker, via = subject_of(verb.head)
        if speaker:
            talked_of = [a for a in actors + recipients if a.head.pos_ != "PRON"]  # "said it would …": the speaker
            return as_arguments(speaker, "speaker-" + via), talked_of
    return actors, recipients


@dataclass
class _SentenceWork:
    sent: object
    role: str
    mentions: list[Mention]
    needs_classifier: bool
    prediction: object = None


@dataclass
class _DocumentWork:
    sdoc: object
    paras: list
    dates: list
    sentences: list[_SentenceWork] = field(default_factory=list)


def _could_report_event(sent) -> bool:
    """A verb and a possible actor: the least a sentence needs for the classifier to add an event to it."""
    return any(t.pos_ == "VERB" for t in sent) and any(t.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") for t in sent)


def _load_classifier():
    """The shipped classifier, or None when its model files are absent (the rules then work alone)."""
    try:
        from ..learn.classifier import EventClassifier

        return EventClassifier.load()
    except (ImportError, FileNotFoundError, OSError) as exc:
        log.warning("event classifier not available (%s): coding with the rules alone", exc)
        return None


@lru_cache(maxsize=1)
def _default_coder() -> Coder:
    return Coder.load()


def code_batch(docs: list[Document]) -> list[DocumentResult]:
    """A pure function from a batch of documents to their results (models loaded once per process)."""
    return list(_default_coder().code(docs))
