"""The terms an article vector is made of: lower-cased words of two or more letters or
digits, stop words removed, not stemmed.

Whole words rather than the summarizer's six-letter stems: on the development streams the
stems merge names that tell stories apart ("Williams", "William") and cost about one B-cubed
point (BENCHMARKS.md, "Live stories").
"""

from __future__ import annotations

import re

from storybrief.text.words import STOP_WORDS

_TERM = re.compile(r"\b\w\w+\b")


def terms(text: str) -> list[str]:
    """The article's terms in text order ("Klitschko's" gives "klitschko")."""
    stop = STOP_WORDS
    return [w for w in _TERM.findall(text.lower()) if w not in stop]
