"""Document structure: which sentences are headline, photo caption or body.

A headline restates the story (its events are merged into the body's), a caption is not an event.
Both are recognised from the text itself, since plain-text input carries no mark-up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span

CAPTION_WORDS = re.compile(
    r"(?i)\b(?:photo|photograph|photos|picture|pictured|image|file photo|caption|credit|getty|afp|reuters/|ap photo|"
    r"collected photo|screenshot|illustration|video grab|handout)\b")
TERMINAL = re.compile(r"[.!?\"”’']\s*$")
# A wire story's dateline: "SINGAPORE, Nov 7 (AP) — ", "MOSUL, Iraq, Oct 18 (Reuters) - ", "JERUSALEM (AP) -- "
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{2,40})(?=[,( ])"           # the place, in capitals
    r"(?=[^—–\n]{0,60}?(?:\([A-Za-z.\- ]{2,20}\)|,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|,\s*[A-Z][a-z]+))"  # and a date, agency or region
    r"(?:,\s*[A-Z][A-Za-z.'\- ]{1,40}){0,2}(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z.\- ]{2,20}\))?\s*(?:—|–|--|-)\s+")


@dataclass
class Paragraph:
    start: int
    end: int
    role: str  # headline, caption, body


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\n", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def structure(doc: Doc, title: Optional[str] = None) -> list[Paragraph]:
    text = doc.text  # rebuilt by spaCy on every access
    paras = paragraphs(text)
    out = []
    for n, (s, e) in enumerate(paras):
        chunk = text[s:e]
        words = chunk.split()
        role = "body"
        has_verb = any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in doc.char_span(s, e, alignment_mode="expand") or [])
        if len(words) <= 15 and CAPTION_WORDS.search(chunk) and not TERMINAL.search(chunk.rstrip()[-1:] if len(words) > 10 else ""):
            role = "caption"
        elif len(words) <= 6 and chunk.rstrip().endswith(":"):
            role = "caption"
        elif n == 0 and len(paras) > 1 and len(words) <= 30 and (
                (title and chunk.strip().lower() == title.strip().lower()) or not TERMINAL.search(chunk)):
            role = "headline"
        elif not has_verb and len(words) <= 8 and n > 0:
            role = "caption"
        out.append(Paragraph(s, e, role))
    return out


def role_of(sent: Span, paras: list[Paragraph]) -> str:
    mid = sent.start_char
    for p in paras:
        if p.start <= mid < p.end or (p.start <= sent.end_char - 1 < p.end):
            return p.role
    return "body"


def paragraph_index(offset: int, paras: list[Paragraph]) -> int:
    for i, p in enumerate(paras):
        if p.start <= offset < p.end:
            return i
    return len(paras)


# Shorter forms: the place in capitals alone before a dash ("ISLAMABAD -- "); a place, date and agency in title
# case ("Tehran, March 15, IRNA - "); web news's place in title case and a spaced dash ("Washington - US President …").
DATELINE_BARE = re.compile(r"^\s*(?P<place>[A-Z][A-Z'\-]{2,}(?: [A-Z][A-Z'\-]+){0,3})\s+(?:—|–|--|-)\s+")
DATELINE_AGENCY = re.compile(
    r"^\s*(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*[A-Z]{2,10}\s*(?:—|–|--|-)\s+")
DATELINE_TITLE = re.compile(r"^\s*(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:—|–|--|-)\s+(?=[A-Z])")


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    place: str


# A dateline opens the story's body: the first paragraph, or one of the next two after a headline or caption.
DATELINE_PARAGRAPHS = 3


def story_dateline(text: str) -> Optional[Dateline]:
    """The wire dateline that opens the story, wherever its body starts ("Headline\n\nGENEVA, June 16 (Reuters) - …")."""
    for start, _ in paragraphs(text)[:DATELINE_PARAGRAPHS]:
        end, place = dateline(text[start:start + 200])
        if end:
            return Dateline(start, start + end, place)
    return None


def dateline(text: str) -> tuple[int, Optional[str]]:
    """Where a leading wire dateline ends (0 when there is none) and the place it names, where the story was
    filed ("KIEV", "Tehran"): not who did anything."""
    m = (DATELINE.match(text) or DATELINE_BARE.match(text) or DATELINE_AGENCY.match(text)
         or DATELINE_TITLE.match(text))
    return (m.end(), m.group("place").strip()) if m else (0, None)
