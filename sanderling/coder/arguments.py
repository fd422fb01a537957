"""Actor and recipient phrases of a mention, read from the dependency parse.

Contract: ``find_arguments(mention)`` returns two lists of :class:`Argument` (actors, recipients), each
the head token of one participant's phrase, how it was found, and its phrase span. Conjoined
participants ("Putin and Macron") come out as separate arguments. Resolving the words to codes is the
next stage's job (:mod:`sanderling.coder.resolve`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.tokens import Span, Token

from ..ontology import load as load_ontology
from .mentions import Mention, lemma
from .vocabulary import words

RECIPIENT_PREPS = words("recipient_prepositions")
THING_TARGET_PREPS = words("thing_target_prepositions")
CONTENT_TARGET_PREPS = words("content_target_prepositions")
CO_ACTOR_PREPS = words("co_actor_prepositions")
OBJECT_CONTROL_VERBS = words("object_control_verbs")
AGENT_NOUNS = words("agent_nouns")
PRONOUNS = words("pronouns")
PHRASE_STOP_DEPS = {"conj", "cc", "prep", "relcl", "acl", "punct", "advcl", "appos", "ccomp", "xcomp", "det", "preconj",
                    "case"}


@dataclass
class Argument:
    head: Token
    span: Span
    via: str

    @property
    def text(self) -> str:
        return self.span.text


def phrase(head: Token) -> Span:
    """The words naming one participant: the head with its modifiers, without clauses, conjuncts and
    prepositional phrases (but "the government of France" keeps "of France")."""
    keep = {head.i}
    for c in head.children:
        keep_prep = c.dep_ == "prep" and head.pos_ == "NOUN" and (c.lower_ == "of" or (
            c.lower_ in ("in", "from") and any(g.dep_ == "pobj" and g.ent_type_ == "GPE" for g in c.children)
            # "inspectors from the International Atomic Energy Agency": whose they are
            or c.lower_ == "from" and any(g.dep_ == "pobj" and g.ent_type_ == "ORG" for g in c.children)))
        # a name with "of" inside: "the Organization of American States", "the Bank of England"
        keep_prep = keep_prep or (c.dep_ == "prep" and c.lower_ == "of" and head.pos_ == "PROPN" and head.ent_type_ == "ORG"
                                  and any(g.dep_ == "pobj" and g.pos_ == "PROPN" and g.ent_iob_ == "I" for g in c.children))
        # a capitalised preposition inside a capitalised name: "Action Against Hunger", "Doctors Without Borders"
        keep_prep = keep_prep or (c.dep_ == "prep" and c.text[:1].isupper() and head.text[:1].isupper()
                                  and c.i != head.sent.start and any(g.text[:1].isupper() for g in c.children))
        if c.dep_ in PHRASE_STOP_DEPS and not keep_prep:  # "the government of France", "protesters in Baghdad"
            continue
        if c.dep_ == "case":  # possessive 's: keep it out of the name
            continue
        keep.update(x.i for x in c.subtree if x.dep_ not in ("case",) or x.head.i != c.i)
    # the possessive marker belongs to the surface but not to the name
    lo, hi = min(keep), max(keep)
    doc = head.doc
    while hi > lo and (doc[hi].dep_ == "case" or doc[hi].is_punct):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("det", "cc", "preconj") and lo != head.i
                       or doc[lo].ent_type_ in ("DATE", "TIME") and doc[head.i].ent_type_ not in ("DATE", "TIME")):
        lo += 1  # "On 17 July 2017 Russia's Supreme Court …": the date is no part of the name
    return doc[lo: hi + 1]


def conjuncts(head: Token) -> list[Token]:
    out = [head]
    for c in head.conjuncts:
        if c.i > head.i and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
            out.append(c)
    return out


def as_arguments(heads: list[Token], via: str) -> list[Argument]:
    out = []
    for h in heads:
        for c in conjuncts(h):
            out.append(Argument(head=c, span=phrase(c), via=via if c.i == h.i else via + "+conj"))
    return out


def subject_of(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """The subject of a verb, climbing through control, coordination and participle clauses."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")
            or (c.dep_ == "nsubjpass" and lemma(verb) in STATIVE_PARTICIPLES)]
    if subj and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") and (
            subj[0].lower_ == "who" or subj[0].lower_ in ("which", "that") and (
            is_entityish(verb.head) or verb.head.lemma_.lower() in PERSON_NOUNS | AGENT_NOUNS)):
        return [verb.head], "relcl-head"  # "five police officers who beat Tyre Nichols": the officers
    if subj:
        return subj, "nsubj"
    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agent:
        return agent, "agent"
    # "…, USAID provided …": the parser sometimes reads an acronym subject as an adverb
    misread = [c for c in verb.children if c.dep_ in ("advmod", "npadvmod") and c.i < verb.i
               and c.text.isalpha() and c.text.isupper() and len(c.text) > 1]
    if misread and not any(c.dep_ in ("nsubjpass", "expl") for c in verb.children):
        return misread[-1:], "nsubj-misparsed"
    if depth > 4 or verb.head.i == verb.i:
        return [], ""
    h = verb.head
    if verb.dep_ == "xcomp":
        if lemma(h) in OBJECT_CONTROL_VERBS:
            obj = [c for c in h.children if c.dep_ in ("dobj", "dative")]
            if obj:
                return obj, "controller-object"
        s, via = subject_of(h, depth + 1)
        return s, ("controller-" + via) if s else ""
    if verb.dep_ in ("conj", "advcl", "ccomp") and verb.dep_ != "ccomp":
        s, via = subject_of(h, depth + 1)
        return s, ("shared-" + via) if s else ""
    if verb.dep_ in ("relcl", "acl") and h.pos_ in ("NOUN", "PROPN", "PRON"):
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the talks held in Geneva": the noun is the object
            return [], ""
        if verb.dep_ == "acl" and not is_entityish(h) and h.lemma_.lower() not in PERSON_NOUNS | AGENT_NOUNS:
            # "issued a declaration demanding …": the one who issued it demands
            g = next((a for a in h.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if g is not None:
                s, via = subject_of(g, depth + 1)
                return s, ("shared-" + via) if s else ""
            return [], ""
        return [h], "relcl-head"
    if verb.dep_ == "pcomp":  # "after meeting X", "blaming X for escalating …": the nearest verb above
        g = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if g is not None:
            s, via = subject_of(g, depth + 1)
            return s, ("shared-" + via) if s else ""
    return [], ""


NOT_PARTICIPANT_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def is_entityish(t: Token) -> bool:
    if t.ent_type_ in NOT_PARTICIPANT_ENTITIES:  # "called on Sunday", "on March 3"
        return False
    return t.ent_type_ in ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC") or t.pos_ in ("PROPN", "PRON") \
        or t.lower_ in PRONOUNS


def entity_inside(t: Token, depth: int = 0) -> Optional[Token]:
    """For an object that is not itself an actor ("support for Ukraine's sovereignty", "Iran's right"),
    the actor named inside it: the object of "for"/"to"/"of" first (in "France's support for Ukraine" the
    possessor is the supporter, not the one supported), then a possessor, then a nationality adjective.
    Possessive pronouns ("their first talks") point back at the subject and are not returned."""
    if is_entityish(t):
        return t
    if depth > 2:
        return None
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "to"):
            for g in c.children:
                if g.dep_ == "pobj":
                    e = entity_inside(g, depth + 1)
                    if e is not None:
                        return e
    owner = _named_possessor(t)
    if owner is not None:
        return owner  # "Iran's right", "the Indian government's decision"
    for c in t.children:
        if c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            return c
    return None


def _named_possessor(t: Token) -> Optional[Token]:
    """A possessor that names a party: "Iran's", "the Indian government's" (not "its", "their")."""
    return next((c for c in t.children if c.dep_ == "poss" and c.pos_ != "PRON" and c.lower_ not in PRONOUNS and (
        is_entityish(c) or (c.lemma_.lower() in PARTY_NOUNS
                            and any(m.dep_ in ("amod", "compound") and is_entityish(m) for m in c.children)))), None)


def _prep_objects(t: Token, preps: set[str]) -> list[tuple[str, Token]]:
    out = []
    for c in t.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    out.append((c.lower_, g))
        if c.dep_ == "prt":  # "called on X": spaCy sometimes makes "on" a particle
            pass
    return out


STATIVE_PARTICIPLES = words("stative_participles")
PARTY_NOUNS = words("party_nouns")
PERSON_NOUNS = words("person_nouns")


def names_its_people(t: Token) -> bool:
    """A noun for people whose modifier names a country or people: "an Islamabad city magistrate", "some 8,000
    Muslim men"."""
    return t.lemma_.lower() in PERSON_NOUNS | AGENT_NOUNS and any(
        c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP") for c in t.children)


def _object_argument(o: Token) -> Optional[Token]:
    """The token naming the participant in an object phrase: the object itself when it names an actor,
    an actor inside it ("Iran's right", "support for Ukraine"), or the object phrase for the resolver to
    judge ("two Iraqi youths", "top al-Qaeda leaders")."""
    if is_entityish(o):
        return o
    if names_its_people(o):
        return o  # "an Islamabad city magistrate", "two Iraqi youths": the people, whose words name their country
    inner = entity_inside(o)
    if inner is not None:
        return inner
    # the phrase for the resolver to judge ("two Iraqi youths", "hundreds of protesters"), unless it names a thing
    # the lexicon knows as such ("all aid", "emergency measures", "a ceasefire") or a time ("on Thursday")
    if o.ent_type_ in ("DATE", "TIME"):
        return None
    if o.pos_ == "PROPN":
        return o
    return o if o.pos_ in ("NOUN", "NUM") and o.lemma_.lower() not in _thing_nouns() else None


@lru_cache(maxsize=1)
def _thing_nouns() -> frozenset[str]:
    from .lexicon import load

    lex = load()
    things = set()
    for name in ("AIDTHINGS", "RESTRICTIONS", "TALKS", "AGREEMENT", "TIES", "CONTENT_YIELD", "CONTENT_MEET", "THINGS",
                 "CONTENT_ASSIST"):
        things |= lex.classes.get(name, frozenset())
    return frozenset((things | _event_nouns()) - PERSON_NOUNS - AGENT_NOUNS)


def _speaker_for_pronoun(subj: Token) -> Optional[Token]:
    """"Nigeria announced that it will withdraw": "it" is the subject of the reporting verb."""
    if subj.lower_ not in PRONOUNS:
        return None
    clause = subj.head
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp":
        return None
    # the subject nearest the reporting verb: "ISLAMABAD -- Prime Minister Gilani said that he …" has two
    speaker = next((c for c in reversed(list(clause.head.lefts)) if c.dep_ == "nsubj"), None) or \
        next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is not None and speaker.lower_ not in PRONOUNS:
        return speaker
    return None


def _whom_object_concerns(o: Token, cat: str, preps: set[str]) -> list[Argument]:
    """Whom an object that names no participant concerns: "sanctions against Nigeria", "a request from the prime
    minister" (untagged people too), and for a rejection who made what was rejected ("a motion by Mubarak",
    "every offer made by the Taliban")."""
    out = []
    if cat in ("REJECT", "AGREE"):  # "a six-point plan drawn up by France's Nicolas Sarkozy"
        made_by = [g for a in o.children if a.dep_ == "acl" for x in a.children if x.dep_ == "agent"
                   for g in x.children if g.dep_ == "pobj"]
        out.extend(as_arguments(made_by, "object-made-by"))
    if cat == "AGREE" and o.lemma_.lower() == "invitation":  # "accepted an invitation to visit Japan"
        visited = [g for a in o.children if a.dep_ == "acl" and lemma(a) == "visit" for g in a.children
                   if g.dep_ == "dobj" and g.ent_type_ in ("GPE", "ORG")]
        out.extend(as_arguments(visited, "invitation-host"))
    # "offers of assistance from Israel, Japan and the United States": through "of" too
    for prep, g in _prep_targets(o, preps, through_of=cat in ("AGREE", "REJECT")):
        inner = _object_argument(g)
        if inner is not None:
            out.extend(as_arguments([inner], f"object-prep-{prep}"))
    return out


def _doer_of_event_object(o: Token) -> Optional[Token]:
    """Who did the act an object names, when it names one: its possessor ("condemned Russia's invasion of Ukraine",
    "rejected Iran's proposal") or its agent ("the killing of protesters by security forces"). Whom a reaction
    answers is the doer, not whoever the act was done to."""
    if o.lemma_.lower() not in _event_nouns():
        return None
    owner = _named_possessor(o)
    if owner is not None:
        return owner
    return next((g for c in o.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children
                 if g.dep_ == "pobj" and is_entityish(g)), None)


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    """The nouns the trigger lexicon knows as events ("invasion", "proposal", "talks")."""
    from .lexicon import load

    return frozenset(lemma for (lemma, pos) in load().single if pos == "N")


@lru_cache(maxsize=1)
def _own_act_verbs() -> frozenset[str]:
    """Verbs whose object is the subject's own act, not one it reacts to: "reaffirming France's support for
    Ukraine", "launched its offensive" (the lexicon's light verbs and restatements)."""
    from .lexicon import load

    return load().classes.get("LIGHT", frozenset()) | {"reaffirm", "reiterate", "restate", "pledge", "promise",
                                                        "confirm", "stress", "underline", "emphasise", "emphasize"}


def _coparticipants_of_thing(o: Token) -> list[Argument]:
    """The other party of a joint act named with its object: "shared evidence with the Justice Department",
    "established ties with El Salvador"."""
    out = []
    for prep, g in _prep_objects(o, CO_ACTOR_PREPS):
        inner = entity_inside(g)
        if inner is not None:
            out.extend(as_arguments([inner], f"object-prep-{prep}-coparticipant"))
    return out


def _prep_targets(t: Token, preps: set[str], through_of: bool = False) -> list[tuple[str, Token]]:
    out = _prep_objects(t, preps)
    if through_of:  # "the withdrawal of forces from Panama"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.extend(_prep_objects(g, preps))
    return out


def _content_recipients(m: Mention, actor_heads: set[int]) -> list[Argument]:
    """For a frame ("offered to negotiate with X", "demanded that X end …", "threatened … unless X …"):
    the party the content is about."""
    out: list[Argument] = []
    t = m.head
    for c in t.children:
        if c.dep_ == "ccomp":  # "demanded that the government provide …"
            subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in PRONOUNS]
            for sj in subj:
                e = _object_argument(sj)
                if e is not None and e.i not in actor_heads:
                    out.extend(as_arguments([e], "content-subject"))
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("unless", "if") for g in c.children):
            subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in PRONOUNS]
            out.extend(as_arguments(subj, "condition-subject"))
    for inner in m.absorbed:
        ia, ir = find_arguments(inner)
        out.extend(Argument(x.head, x.span, "content-" + x.via) for x in ir if x.head.i not in actor_heads)
        out.extend(Argument(x.head, x.span, "content-" + x.via) for x in ia
                   if x.head.i not in actor_heads and not x.via.startswith(("controller", "shared", "support-verb-controller")))
    if not out:  # "refused to hand over Assange to Britain": whom the content's act is aimed at
        for c in t.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                for prep, o in _prep_objects(c, CONTENT_TARGET_PREPS):
                    e = entity_inside(o)
                    if e is not None and e.i not in actor_heads:
                        out.extend(as_arguments([e], f"content-prep-{prep}"))
                if out:  # "hand over Assange to Britain": Britain, not Assange
                    continue
                # "agreed to provide Sri Lanka with …", "agreed to allow aid workers (to) reach …": the one the
                # promised act is done for (a phrase naming no one is dropped by the resolver)
                for o in c.children:
                    if o.dep_ in ("dobj", "dative") and o.lower_ not in PRONOUNS:
                        e = _object_argument(o)
                        if e is not None and e.i not in actor_heads and (is_entityish(e) or e.i != o.i or lemma(c) in ALLOW_VERBS):
                            out.extend(as_arguments([e], "content-object"))
                    elif o.dep_ in ("ccomp", "xcomp") and lemma(c) in ALLOW_VERBS:
                        subj = [g for g in o.children if g.dep_ == "nsubj" and g.lower_ not in PRONOUNS]
                        for sj in subj:
                            e = _object_argument(sj)
                            if e is not None and e.i not in actor_heads:
                                out.extend(as_arguments([e], "content-allowed"))
    return out


REPORTED_AS_VERBS = words("reported_as_verbs")
ALLOW_VERBS = words("allow_verbs")
STANCE_NOUNS = words("stance_nouns")


def _protest_targets(t: Token) -> list[Argument]:
    """Whom a protest is against when no object says it: "in defiance of Chinese authorities", "in protest
    against the reform", "blocked a road to show their disapproval for the United States' policies"."""
    out: list[Argument] = []
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "against"):
            for g in c.children:
                if g.dep_ == "pobj" and (c.lower_ == "against" or g.lemma_.lower() in STANCE_NOUNS):
                    target = g if c.lower_ == "against" else None
                    if target is None:
                        target = next((x for p in g.children if p.dep_ == "prep" and p.lower_ in ("of", "against", "to", "at", "over")
                                       for x in p.children if x.dep_ == "pobj"), None)
                    e = None if target is None else entity_inside(target)
                    if e is not None:
                        out.extend(as_arguments([e], "protest-stance"))
        elif c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            for o in c.children:
                if o.dep_ == "dobj" and (o.lemma_.lower() in STANCE_NOUNS or lemma(c) in ("protest", "denounce", "condemn", "oppose")):
                    e = entity_inside(o)
                    if e is not None:
                        out.extend(as_arguments([e], "protest-purpose"))
    return out


# Reactions aimed at an act the sentence has just told and sums up in a noun ("Russia recognised the regions, a move
# the EU condemned"): whom they answer is the one who acted.
REACTIONS = load_ontology().group("reactions")
ACT_SUMMARY_NOUNS = words("act_summary_nouns")
DRAW_VERBS = words("draw_verbs")
RECEIVING_VERBS = words("receiving_verbs")
FINDING_VERBS = words("finding_verbs")


def _what_an_inquiry_found(t: Token) -> tuple[Optional[Token], Optional[Token]]:
    """"A U.N. commission of inquiry found that the North Korean state had committed …": the body that inquired
    (when the trigger only names its inquiry) and whom its finding blames (the subject of what it found)."""
    body = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN") else None
    holder = body if body is not None else t
    if holder.dep_ != "nsubj" or lemma(holder.head) not in FINDING_VERBS:
        return None, None
    finding = next((c for c in holder.head.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in finding.children if c.dep_ in ("nsubj", "nsubjpass")), None) if finding is not None else None
    if subject is None or subject.lower_ in PRONOUNS:
        return None, None
    return (_object_argument(body) if body is not None else None), subject


def _reaction_to_summarised_act(m: Mention) -> tuple[list[Token], Optional[Token]]:
    """For a reaction to an act summed up by a noun: who reacted when only a "from" phrase says it ("drew
    condemnation from China"), and the subject of the clause that told the act (its doer)."""
    t = m.head
    sources: list[Token] = []
    verb = t
    if m.is_nominal:
        if t.dep_ != "dobj" or lemma(t.head) not in DRAW_VERBS:
            return [], None
        verb = t.head
        sources = [g for c in list(verb.children) + list(t.children) if c.dep_ == "prep" and c.lower_ == "from"
                   for g in c.children if g.dep_ == "pobj" and is_entityish(g)]
    clause = None
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in ACT_SUMMARY_NOUNS:
        summary = verb.head  # "…, a move the United States condemned"
        if summary.head.pos_ in ("VERB", "AUX") and summary.head.i < summary.i and \
                summary.doc[max(summary.left_edge.i - 1, 0)].text == ",":
            clause = summary.head
    elif not m.is_nominal and verb.dep_ == "conj":  # "…, and Georgia's government called the move an annexation"
        if any(c.dep_ == "dobj" and c.lemma_.lower() in ACT_SUMMARY_NOUNS and
               any(d.lower_ in ("the", "this", "that") for d in c.children) for c in verb.children):
            clause = verb.head if verb.head.pos_ in ("VERB", "AUX") else None
    if clause is None:
        return sources, None
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        subject = _speaker_for_pronoun(subject) or subject  # "North Korea said it had conducted …, a move …"
        if subject.lower_ in PRONOUNS:
            subject = None
    return sources, subject


def find_arguments(m: Mention) -> tuple[list[Argument], list[Argument]]:
    """(actors, recipients) of a mention, computed once per category and modes (both change what is read)."""
    key = (m.event_type, tuple(m.modes))
    if m.arguments_cache is None or m.arguments_cache[0] != key:
        m.arguments_cache = (key, _find_arguments(m))
    actors, recipients = m.arguments_cache[1]
    return list(actors), list(recipients)


def _find_arguments(m: Mention) -> tuple[list[Argument], list[Argument]]:
    t = m.head
    cat = m.event_type
    actors: list[Argument] = []
    recipients: list[Argument] = []

    if m.speech_head is not None and m.obliged_verb is not None:
        s, via = subject_of(m.speech_head)
        actors = as_arguments(s, "speaker-" + via)
        v = m.obliged_verb
        holder = v.head if v.dep_ == "xcomp" and lemma(v.head) in ("have", "need") else v
        inner_subj = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        recipients = as_arguments(inner_subj, "obliged-subject")
        return actors, recipients

    rprep = RECIPIENT_PREPS.get(cat, set())
    if m.entry.type != cat:  # "will withdraw its force from Chad unless …": the act's own target is the threat's
        rprep = rprep | RECIPIENT_PREPS.get(m.entry.type, set())
    if cat == "CONSULT" and "visit" in m.modes:  # "flew to Ethiopia for a visit", "a visit to Kyiv": the host
        rprep = rprep | {"to", "in"}
    # "said they would meet the U.N. mediator": a promise to meet is made to the other party (AGREE), not a meeting
    reciprocal = m.entry.reciprocal and m.entry.type == cat
    if not m.is_nominal:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) and lemma(t) not in STATIVE_PARTICIPLES
        # "three soldiers were reported killed", "with two people reported killed": the participle is passive and
        # its subject is the reporting verb's
        reported = t.tag_ == "VBN" and t.dep_ in ("xcomp", "advcl", "oprd") and lemma(t.head) in REPORTED_AS_VERBS \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        if passive or reported:
            agent = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            actors = as_arguments(agent, "passive-agent")
            holder = t.head if reported else t
            subj = [e for e in ((None if reciprocal else _doer_of_event_object(c)) or _object_argument(c)
                                for c in holder.children if c.dep_ in (("nsubjpass", "nsubj") if reported
                                                                       else ("nsubjpass",))) if e is not None]
            (actors if reciprocal and not agent else recipients).extend(as_arguments(subj, "passive-subject"))
        else:
            s, via = subject_of(t)
            if not s and t.dep_ in ("acomp", "attr") and t.head.i != t.i:  # "Israel is opposed to …"
                s = [c for c in t.head.children if c.dep_ == "nsubj"]
                via = "copula-subject"
            speaker = _speaker_for_pronoun(s[0]) if len(s) == 1 else None
            if speaker is not None:
                s, via = [speaker], "pronoun-speaker"
            actors = as_arguments(s, via)
            small_clause = [g for c in t.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("ADV", "ADP", "ADJ")
                            for g in c.children if g.dep_ == "nsubj"]
            for o in [c for c in t.children if c.dep_ in ("dobj", "dative", "obj")] + small_clause:
                if m.trigger_start <= o.idx < m.trigger_end:  # "opened fire": the trigger's own words
                    continue
                doer = _doer_of_event_object(o) if not reciprocal and not m.entry.host \
                    and lemma(t) not in _own_act_verbs() else None
                if doer is not None:  # "condemned Russia's invasion of Ukraine": Russia, not Ukraine
                    recipients.extend(as_arguments([doer], "object-event-doer"))
                    continue
                e = _object_argument(o)
                if e is None and m.entry.host:  # "hosted two days of talks between Syrian envoys and …": the
                    # visitors are the parties of the hosted event, the host its recipient
                    held = [o] + [g for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                                  for g in c.children if g.dep_ == "pobj"]
                    visitors = [a for h in held for a in _coparticipants_of_thing(h)]
                    if visitors:
                        recipients, actors = actors, visitors
                    continue
                if e is None:
                    if not reciprocal:  # a thing: "halted mediation efforts among Serbia's republics"
                        recipients.extend(_whom_object_concerns(o, cat, rprep | THING_TARGET_PREPS | (
                            {"from"} if cat in ("AGREE", "REJECT") else set())))  # "accepted offers from Japan"
                    else:
                        actors.extend(_coparticipants_of_thing(o))
                    continue
                if reciprocal:
                    if is_entityish(o) or o.lemma_.lower() in AGENT_NOUNS:  # "met Rubio", not "discussed the plant"
                        actors.extend(as_arguments([e], "object-coparticipant"))
                    else:
                        actors.extend(_coparticipants_of_thing(o))
                elif m.entry.host:
                    recipients, actors = actors, as_arguments([e], "hosted-visitor")
                else:
                    recipients.extend(as_arguments([e], "dobj" if e.i == o.i else "inside-dobj"))
                    if e.i == o.i and not is_entityish(o):  # the phrase may name no one (the resolver drops it
                        # then), so whom it concerns counts too: "demanded an explanation from the prime minister"
                        recipients.extend(_whom_object_concerns(o, cat, rprep & (THING_TARGET_PREPS | {"from", "by"})))
        for prep, o in _prep_objects(t, rprep | CO_ACTOR_PREPS | {"in", "to"}):
            e = entity_inside(o)
            if e is None and prep in rprep and prep != "in":  # "opened fire on protesters": people the parser
                e = _object_argument(o)  # does not tag (the resolver drops what names no one)
            if e is None:
                continue
            if prep in CO_ACTOR_PREPS and (reciprocal or cat in ("CONSULT", "COOPERATE", "AGREE")):
                actors.extend(as_arguments([e], f"prep-{prep}-coparticipant"))
            elif prep in rprep:
                recipients.extend(as_arguments([e], f"prep-{prep}"))
    else:
        sv = m.support_verb
        poss = [c for c in t.children if c.dep_ == "poss"]
        agent = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        if sv is not None:
            if t.dep_ == "nsubjpass":
                agent = agent or [g for c in sv.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            else:
                s, via = subject_of(sv)
                speaker = _speaker_for_pronoun(s[0]) if len(s) == 1 else None
                if speaker is not None:
                    s, via = [speaker], "pronoun-speaker"
                actors = as_arguments(s, "support-verb-" + via)
        if not actors and agent:
            actors = as_arguments(agent, "by-agent")
        received = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t  # "messages of support"
        if received.dep_ == "dobj" and lemma(received.head) in RECEIVING_VERBS and cat in ("SUPPORT", "AGREE", "AID"):
            # "Kamala Harris secured the endorsement of Joe Biden", "won praise from Washington": who gave it is
            # named with "of" or "from", and the one who received it is its recipient
            givers = [g for holder in (t, received, received.head) for c in holder.children
                      if c.dep_ == "prep" and (c.lower_ == "from" or (c.lower_ == "of" and holder is t))
                      for g in c.children if g.dep_ == "pobj" and is_entityish(g)]
            if givers:
                s, _ = subject_of(received.head)
                return as_arguments(givers, "received-from"), as_arguments(s, "receiver")
        if not actors and cat not in ("RETREAT", "SANCTION", "COERCE", "ASSAULT"):  # "condemnation from the EU"
            source = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children
                      if g.dep_ == "pobj" and is_entityish(g)]
            if source:
                actors = as_arguments(source, "from-source")
        if not actors and poss and not all(p.lower_ in PRONOUNS for p in poss):
            actors = as_arguments(poss, "possessor")
        elif not actors and poss:
            actors = as_arguments(poss, "possessive-pronoun")
        if not actors:
            adj = [c for c in t.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")]
            if adj:
                actors = as_arguments(adj, "nationality-modifier")
        targets = _prep_targets(t, rprep | CO_ACTOR_PREPS, through_of=True)
        if t.dep_ == "compound" and t.head.pos_ == "NOUN":  # "a mediation mission between Syria and the PLO"
            targets += _prep_targets(t.head, rprep | CO_ACTOR_PREPS, through_of=True)
        for prep, o in targets:
            e = entity_inside(o)
            if e is None and sv is not None and prep in rprep and prep != "in":
                # "carried out attacks on the parliament", "launched a crackdown on protesters" (with no verb of its
                # own the noun only names an event, and an unnamed target must not make it one)
                e = _object_argument(o)
            if e is None:
                continue
            if prep in ("between", "among") and "third-party" in m.modes:
                recipients.extend(as_arguments([e], f"prep-{prep}-mediated-parties"))
            elif prep in CO_ACTOR_PREPS and (reciprocal or cat in ("CONSULT", "COOPERATE", "AGREE")):
                actors.extend(as_arguments([e], f"prep-{prep}-coparticipant"))
            elif prep in rprep:
                recipients.extend(as_arguments([e], f"prep-{prep}"))
        if sv is not None and reciprocal:  # "held talks in Jerusalem with Netanyahu"
            for prep, o in _prep_objects(sv, CO_ACTOR_PREPS):
                e = entity_inside(o)
                if e is not None and e.i != t.i:
                    actors.extend(as_arguments([e], f"support-verb-prep-{prep}-coparticipant"))
            if lemma(sv) in ("join", "meet"):  # "joined Zarif for a meeting", "met Putin for talks"
                joined = [entity_inside(c) for c in sv.children if c.dep_ == "dobj"]
                actors.extend(as_arguments([e for e in joined if e is not None], "support-verb-dobj-coparticipant"))
        if sv is not None and not recipients:
            for prep, o in _prep_objects(sv, rprep | ({"between", "among"} if "third-party" in m.modes else set())):
                e = entity_inside(o)
                if e is not None and e.i != t.i:
                    recipients.extend(as_arguments([e], f"support-verb-prep-{prep}"))
            for c in sv.children:
                if c.dep_ == "dative" and is_entityish(c):
                    recipients.extend(as_arguments([c], "support-verb-dative"))
    for x in m.merged:  # "met X …, their first talks": the other wording's participants count too
        xa, xr = find_arguments(x)
        known = {a.head.i for a in actors} | {r.head.i for r in recipients} | {m.head.i}
        if not actors:
            actors = [a for a in xa if a.head.i not in known]
        elif reciprocal:
            actors.extend(a for a in xa + xr if a.head.i not in known)
        if not recipients and not reciprocal:
            recipients = [r for r in xr if r.head.i not in known and not (x.head.i == (m.support_verb.i if m.support_verb is not None else -1) and r.via.startswith(("dobj", "inside-dobj", "object-event-doer")))]
    if cat == "ACCUSE" and m.is_nominal and not recipients:
        inquirer, found = _what_an_inquiry_found(t)
        if found is not None:
            recipients = as_arguments([found], "inquiry-finding")
            if not actors and inquirer is not None:
                actors = as_arguments([inquirer], "inquiry-body")
    if cat in REACTIONS:
        sources, doer = _reaction_to_summarised_act(m)
        if sources:
            actors = as_arguments(sources, "reaction-from")
        if doer is not None and not any(is_entityish(r.head) and r.head.pos_ != "PRON" for r in recipients):
            recipients = as_arguments([_object_argument(doer) or doer], "summarised-act-doer")
    actor_ids = {a.head.i for a in actors}
    if not recipients and cat == "PROTEST":
        recipients = _protest_targets(m.support_verb if m.is_nominal and m.support_verb is not None else t)
    if not recipients and m.entry.frame:
        recipients = _content_recipients(m, actor_ids)
    # never let one phrase be both actor and recipient
    recipients = [r for r in recipients if r.head.i not in actor_ids]
    return actors, recipients
