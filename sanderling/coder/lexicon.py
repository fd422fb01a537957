"""The trigger lexicon (``data/lexicon/triggers.yaml``) compiled for fast lookup.

Single-word entries are looked up by (lemma, part of speech); several-word verb entries ("call for",
"pull out") by their head verb, their other words being checked among its dependents; several-word
noun entries ("phone call", "state of emergency") by a regular expression over the sentence text
that tolerates hyphens and plurals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import yaml

from ..ontology import load as load_ontology

COMPUTED_CLASSES = {"@PERSONLIKE", "@OPRD", "@SPORT"}  # checked by code; @SPORT over the whole sentence


@dataclass(frozen=True)
class TriggerEntry:
    words: tuple[str, ...]
    pos: str
    type: str
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    obj: frozenset[str] = frozenset()
    with_: frozenset[str] = frozenset()
    not_: frozenset[str] = frozenset()
    frame: bool = False
    reciprocal: bool = False
    host: bool = False
    confidence: float = 0.7
    head_index: int = -1
    obj_computed: frozenset[str] = frozenset()
    not_computed: frozenset[str] = frozenset()
    with_computed: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()

    @property
    def head_word(self) -> str:
        return self.words[self.head_index] if self.pos == "N" else self.words[0]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def specificity(self) -> float:
        """Entries with more constraints win over bare ones when several apply to one word."""
        return (self.confidence + 0.15 * bool(self.obj or self.obj_computed) + 0.1 * bool(self.with_ or self.with_computed)
                + 0.15 * bool(self.subj) + 0.05 * (len(self.words) - 1))


@dataclass
class TriggerLexicon:
    single: dict[tuple[str, str], list[TriggerEntry]]
    verb_phrases: dict[str, list[TriggerEntry]]
    noun_phrases: list[tuple[re.Pattern, TriggerEntry]]
    classes: dict[str, frozenset[str]]
    mode_cues: dict[str, dict[str, list[str]]]
    frame_content_modes: dict[str, dict[str, str]]
    transparent_frames: dict[str, frozenset[str]]
    context_cues: dict[str, list[str]]
    cue_patterns: dict[str, list[tuple[str, re.Pattern]]] = field(default_factory=dict)
    # all context cues in one pattern, and which context each cue (lower case, single-spaced) belongs to
    context_regex: Optional[re.Pattern] = None
    context_of_cue: dict[str, list[str]] = field(default_factory=dict)

    def contexts_in(self, text_lower: str) -> list[str]:
        """Contexts whose cue words occur in a (lower-cased) sentence, in the order of the data file."""
        if self.context_regex is None:
            return []
        found = set()
        for m in self.context_regex.finditer(text_lower):
            found.update(self.context_of_cue.get(" ".join(m.group(0).split()), ()))
        return [c for c in self.context_cues if c in found]
    noun_phrase_any: Optional[re.Pattern] = None

    def entries_for(self, lemma: str, pos: str) -> list[TriggerEntry]:
        return self.single.get((lemma, pos), [])


def _expand(values, classes: dict[str, frozenset[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """Words of a constraint list, with @CLASS references expanded; computed classes kept apart."""
    if values is None:
        return frozenset(), frozenset()
    if isinstance(values, str):
        values = [values]
    words, computed = set(), set()
    for v in values:
        v = str(v)
        if v in COMPUTED_CLASSES:
            computed.add(v)
        elif v.startswith("@"):
            words |= classes[v[1:]]
        else:
            words.add(v.lower())
    return frozenset(words), frozenset(computed)


def _phrase_regex(words: list[str]) -> re.Pattern:
    parts = [re.escape(w).replace(r"\-", r"[\s-]*") for w in words]
    body = r"[\s-]+".join(parts)
    return re.compile(r"(?<![\w-])" + body + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


def _cue_regex(cue: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(cue.lower()).replace(r"\ ", r"\s+") + r"(?![\w-])")


def load_from(path: Path) -> TriggerLexicon:
    raw = yaml.safe_load(path.read_text("utf-8"))
    ontology = load_ontology()
    classes = {k: frozenset(str(x).lower() for x in v) for k, v in (raw.get("classes") or {}).items()}
    classes.update({k: frozenset(str(x).lower() for x in v) for k, v in (raw.get("more_classes") or {}).items()})
    single: dict[tuple[str, str], list[TriggerEntry]] = {}
    verb_phrases: dict[str, list[TriggerEntry]] = {}
    noun_phrases: list[tuple[re.Pattern, TriggerEntry]] = []
    for i, e in enumerate(raw["triggers"]):
        cat = e["type"]
        if cat not in ontology.categories:
            raise ValueError(f"trigger {e!r}: unknown PLOVER category {cat}")
        modes = tuple(e.get("mode") or ())
        bad = [m for m in modes if m not in ontology.categories[cat].modes]
        if bad:
            raise ValueError(f"trigger {e['w']!r}: modes {bad} are not modes of {cat}")
        obj, obj_c = _expand(e.get("obj"), classes)
        with_, with_c = _expand(e.get("with"), classes)
        subj, _ = _expand(e.get("subj"), classes)
        not_, not_c = _expand(e.get("not"), classes)
        words = tuple(str(e["w"]).lower().split())
        entry = TriggerEntry(
            words=words, pos=e["pos"], type=cat, mode=modes, context=tuple(e.get("ctx") or ()),
            obj=obj, with_=with_, not_=not_, frame=bool(e.get("frame")), reciprocal=bool(e.get("recip")),
            host=bool(e.get("host")), confidence=float(e.get("conf", 0.7)), head_index=int(e.get("head", -1)),
            obj_computed=obj_c, not_computed=not_c, with_computed=with_c, subj=subj,
        )
        if len(words) == 1 and "-" not in words[0]:
            single.setdefault((words[0], entry.pos), []).append(entry)
        elif entry.pos == "N" or (entry.pos == "V" and "-" in words[0] and len(words) == 1):
            noun_phrases.append((_phrase_regex(list(words)), entry))
        else:
            verb_phrases.setdefault(words[0], []).append(entry)
    lex = TriggerLexicon(
        single=single, verb_phrases=verb_phrases, noun_phrases=noun_phrases, classes=classes,
        mode_cues=raw.get("mode_cues") or {}, frame_content_modes=raw.get("frame_content_modes") or {},
        transparent_frames={k: frozenset(v) for k, v in (raw.get("transparent_frames") or {}).items()},
        context_cues=raw.get("context_cues") or {},
    )
    for cat, modes in lex.mode_cues.items():
        lex.cue_patterns[cat] = [(mode, _cue_regex(c)) for mode, cues in modes.items() for c in cues]
    for ctx, cues in lex.context_cues.items():
        for c in cues:
            lex.context_of_cue.setdefault(" ".join(str(c).lower().split()), []).append(ctx)
    if lex.context_of_cue:
        alternatives = sorted(lex.context_of_cue, key=len, reverse=True)  # longest cue first
        lex.context_regex = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in alternatives)
                                       + r")(?![\w-])")
    if noun_phrases:
        # one pre-filter over the sentence before trying each phrase
        lex.noun_phrase_any = re.compile("|".join(p.pattern for p, _ in noun_phrases), re.IGNORECASE)
    return lex


@lru_cache(maxsize=4)
def load(path: Optional[str] = None) -> TriggerLexicon:
    if path is None:
        with resources.as_file(resources.files("sanderling").joinpath("data/lexicon/triggers.yaml")) as p:
            return load_from(Path(p))
    return load_from(Path(path))
