"""Pages that are not news articles: reference pages, lyrics, forms, petitions, papers, crawl notes.

The junk test of :mod:`storybrief.feed.prepare` catches notices and web furniture; these pages
are prose (or verse) and pass it, yet tell no event: an encyclopedia entry on a story's
subject, a song's lyrics, a sign-up form, a petition, a scientific paper's text, a web
archive's note about its crawl.  Each opened a story of its own or pulled a story off course
on the raw Multi-News stream (BENCHMARKS.md, "Live stories").  Each kind is recognised by
markers its pages carry and news articles do not (two markers at least, or one that only that
kind of page carries), so an article that quotes a petition or cites a paper stays news.

:func:`page_kind` gives the kind and the evidence, which the feed stores as the junk reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storybrief.text.words import has_case_specials


@dataclass(frozen=True)
class PageKind:
    kind: str  # reference page | lyrics | form | petition | paper | crawl note
    evidence: list[str]

    @property
    def reason(self) -> str:
        return f"not a news article: {self.kind} ({'; '.join(self.evidence)})"


@dataclass(frozen=True)
class _Marker:
    pattern: str
    rx: re.Pattern[str]
    literal: str  # a piece of every match, lower case ("" when none): tested before rx

    def search(self, text: str, lower: str | None) -> bool:
        """Whether the marker is in ``text`` (``lower``: it lower-cased, None when the text
        holds a letter only a case-blind regex sees as ASCII: then the regex always runs)."""
        return (lower is None or self.literal in lower) and self.rx.search(text) is not None


def _markers(*patterns: str) -> list[_Marker]:
    return [
        _Marker(p, re.compile(p, re.IGNORECASE | re.MULTILINE), required_literal(p))
        for p in patterns
    ]


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` contains, lower-cased.

    Why: most pages carry none of the markers, and a substring test on the lower-cased page
    is far cheaper than a case-insensitive regex scan (the 30 scans took a fifth of the
    feed's time per raw article).  Only characters outside groups and classes count, and not
    those a quantifier makes optional or repeats; a zero-width ``\\b`` does not break a run;
    a top-level ``|`` means no literal is required (""; the regex then always runs)."""
    runs, run, i, n = [""], "", 0, len(pattern)
    while i < n:
        c = pattern[i]
        char: str | None = None
        if c == "\\":
            esc = pattern[i + 1]
            i += 2
            if esc in "bBAZ":  # zero-width
                continue
            if not esc.isalnum():
                char = esc  # an escaped punctuation mark matches itself
        elif c == "(":
            depth = 0
            while True:  # to the matching parenthesis (escapes and classes skipped)
                if pattern[i] == "\\":
                    i += 1
                elif pattern[i] == "[":
                    i = _class_end(pattern, i) - 1
                elif pattern[i] == "(":
                    depth += 1
                elif pattern[i] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            i += 1
        elif c == "[":
            i = _class_end(pattern, i)
        elif c == "|":
            return ""
        else:
            i += 1
            if c not in ".^$":
                char = c
        quantifier = pattern[i] if i < n and pattern[i] in "?*+{" else ""
        if quantifier:
            i = pattern.index("}", i) + 1 if quantifier == "{" else i + 1
            if i < n and pattern[i] == "?":  # lazy
                i += 1
        if char is not None and quantifier in ("", "+"):
            run += char
        if char is None or quantifier:
            runs.append(run)
            run = ""
    runs.append(run)
    return max(runs, key=len).lower()


def _class_end(pattern: str, i: int) -> int:
    """The index just past the character class opening at ``pattern[i]``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


# (kind, markers any one of which is enough, markers of which two are needed)
_KINDS: list[tuple[str, list[_Marker], list[_Marker]]] = [
    (
        "crawl note",
        _markers(
            r"\bthis (?:web )?page (?:was|has been) (?:archived|captured|crawled)\b",
            r"\bwayback machine\b",
            r"\barchive-it\b",
            r"\bcrawl(?:ed|ing|er)? (?:data|collection|log|date|of the web)\b",
            r"\bsave page now\b",
        ),
        _markers(r"\binternet archive\b", r"\bcaptures?\b", r"\bcollection\b", r"\bcrawl"),
    ),
    (
        "reference page",
        _markers(
            r"\bfrom wikipedia, the free encyclopedia\b",
            r"\bjump to (?:navigation|search)\b",
            r"\bthis article is about\b.{0,80}\bfor other uses\b",
            r"\bretrieved from \"?https?://",
        ),
        _markers(
            r"\[edit\]",
            r"^\s*see also\s*$",
            r"^\s*external links\s*$",
            r"^\s*further reading\s*$",
            r"\bcategories:",
            r"\[citation needed\]",
            r"^\s*early life(?: and education)?\s*$",
        ),
    ),
    (
        "paper",
        _markers(r"\barxiv:\s*\d{4}\.\d{4,}"),
        _markers(
            r"\bdoi:\s*10\.\d{4,}",
            r"^\s*abstract\b",
            r"^\s*(?:\d\.?\s*)?introduction\s*$",
            r"^\s*(?:\d\.?\s*)?(?:methods|materials and methods|results|conclusions?)\s*$",
            r"^\s*references\s*$",
            r"\bet al\.",
            r"\b(?:fig\.|figure) \d",
            r"\bp\s*[<=]\s*0?\.\d",
        ),
    ),
    (
        "petition",
        _markers(r"\bwe,? the undersigned\b", r"\bsign (?:this|the|our) petition\b"),
        _markers(
            r"\bpetition\b",
            r"\b\d[\d,]* (?:of \d[\d,]* )?signatures\b",
            r"\badd your name\b",
            r"\bsign now\b",
        ),
    ),
    (
        "form",
        _markers(r"\bfields? marked (?:with )?(?:an )?\*? ?(?:are|is) required\b"),
        _markers(
            r"^\s*\*?\s*first name\s*\*?\s*:?\s*$",
            r"^\s*\*?\s*last name\s*\*?\s*:?\s*$",
            r"^\s*\*?\s*e-?mail(?: address)?\s*\*?\s*:?\s*$",
            r"^\s*\*?\s*(?:zip|postal) code\s*\*?\s*:?\s*$",
            r"^\s*\*?\s*phone(?: number)?\s*\*?\s*:?\s*$",
            r"^\s*submit\s*$",
            r"\(required\)",
        ),
    ),
]

_LYRIC_LABEL = re.compile(r"^\s*\[?(?:chorus|verse(?: \d)?|bridge|hook|refrain)\]?:?\s*$", re.I)
_NEWS_VERB = re.compile(r"\b(?:said|says|told|according to|reported)\b", re.IGNORECASE)


def _lyrics(text: str) -> list[str]:
    """Verse: many short lines without sentence ends, lines repeated (a chorus), labels."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not 8 <= len(lines) <= 150:  # a song, not a long list
        return []
    evidence = []
    labels = sum(1 for ln in lines if _LYRIC_LABEL.match(ln))
    if labels:
        evidence.append(f"{labels} verse/chorus labels")
    short = [ln for ln in lines if len(ln.split()) <= 10 and not ln.endswith((".", ":"))]
    repeated = sum(c for c in Counter(ln.lower() for ln in short).values() if c > 1)
    if len(short) >= 0.7 * len(lines):
        evidence.append(f"{len(short)} of {len(lines)} lines short and unpunctuated")
    if repeated >= 4:
        evidence.append(f"{repeated} repeated lines")
    if re.search(r"\blyrics\b", text[:300], re.IGNORECASE):
        evidence.append("'lyrics' near the top")
    if len(evidence) < 2 or len(_NEWS_VERB.findall(text)) >= 3:
        return []  # too little of a song, or reporting even if laid out in short lines
    return evidence


SHORT_PAGE_WORDS = 700
"""Below this many words, two weak markers make a petition, form or crawl note; a longer page
with them is an article that reports one (a petition's signatures, an archive's captures)."""

_NEED_SHORT = ("petition", "form", "crawl note")


def page_kind(text: str) -> PageKind | None:
    """The kind of non-article page ``text`` is, with the markers found; None for news."""
    short = len(text.split()) < SHORT_PAGE_WORDS
    lower = None if has_case_specials(text) else text.lower()
    for kind, strong, weak in _KINDS:
        found_strong = [m.pattern for m in strong if m.search(text, lower)]
        found_weak = [m.pattern for m in weak if m.search(text, lower)]
        weak_enough = len(found_weak) >= 2 + (kind == "paper") and (
            short or kind not in _NEED_SHORT
        )
        if found_strong or weak_enough:
            shown = [_show(p) for p in (found_strong + found_weak)[:3]]
            return PageKind(kind, shown)
    lyric = _lyrics(text)
    if lyric:
        return PageKind("lyrics", lyric)
    return None


def _show(pattern: str) -> str:
    """A marker pattern as a few readable words."""
    plain = re.sub(r"\\b|\\s\*|\^|\$|\(\?:|\)|\?|\\|\[|\]|\*|\{[^}]*\}|\.\d", " ", pattern)
    return " ".join(plain.replace("|", "/").split())
