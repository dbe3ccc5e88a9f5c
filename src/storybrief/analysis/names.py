"""Person names in news text: what is a name, what is a place or a sentence opener.

Small, hand-kept word lists (no gazetteer package: the ones that ship place data weigh
hundreds of megabytes for the few hundred names needed here), kept with the other analyses'
lists in :mod:`storybrief.text.lexicon`; the rules that read them are here.  Used by the quote attribution
(:mod:`storybrief.analysis.quotes`) and the name-spelling check
(:mod:`storybrief.analysis.disagree`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from storybrief.text.lexicon import MONTHS_AND_DAYS as _MONTHS_DAYS
from storybrief.text.lexicon import (
    NAME,
    ORG_WORDS,
    PARTICLE,
    PLACES,
    SENTENCE_OPENERS,
)

NAME_RE = re.compile(NAME)


def strip_openers(tokens: list[str]) -> list[str]:
    """Drop sentence-opening words and titles before a name: ["Yet", "Trump"] -> ["Trump"]."""
    i = 0
    while i < len(tokens) - 1 and tokens[i].lower().strip(".,") in SENTENCE_OPENERS:
        i += 1
    if i == len(tokens) - 1 and tokens[i].lower().strip(".,") in SENTENCE_OPENERS:
        return []
    return tokens[i:]


def is_place(name: str) -> bool:
    return name.lower().strip(" .,") in PLACES


def is_org(name: str) -> bool:
    toks = [t.lower().strip(".,") for t in name.split()]
    return any(t in ORG_WORDS for t in toks) or (name.isupper() and len(name) >= 2)


_GROUP = re.compile(
    r"^(?:Republicans|Democrats|Conservatives|Liberals|Authorities|Officials|Police|"
    r"Investigators|Prosecutors|Researchers|Scientists|Experts|Critics|Residents|Witnesses|"
    r"Protesters|Activists|Lawmakers|Senators|Voters|Fans|Users|Students|Doctors|Troops|"
    r"[A-Z][a-z]+(?:ans|ians|ese|ites|ists))$"
)


def is_group(name: str) -> bool:
    """A plural body ("Moderate Republicans", "Authorities", "Russians"), not a person."""
    toks = name.split()
    return bool(toks) and bool(_GROUP.match(toks[-1]))


@lru_cache(maxsize=65536)
def looks_like_person(name: str) -> bool:
    """Two or more capitalised words (or a titled surname) that are not a place, an
    organisation, a group, a month or a weekday."""
    if not name or is_place(name) or is_org(name) or is_group(name):
        return False
    toks = name.split()
    if any(t.lower().strip(".,") in _MONTHS_DAYS for t in toks):
        return False
    if not all(t[:1].isupper() or re.fullmatch(PARTICLE + r"|\w+-\w+", t) for t in toks):
        return False  # "the researchers": a description, not a name
    return len(toks) >= 2
