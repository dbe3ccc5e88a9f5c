"""Kinds, thresholds, the finding record and the normalisation citations are compared in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storybrief.text.words import content_stems

MAX_WORDS = 60
"""A sentence with more words than this is ``over_long``."""
SHORT_QUOTE_WORDS = 3
"""A bare quotation of at most this many words, with no speaker, is a ``fragment``."""
LEAD_SENTENCES = 3
"""The summary opens with a lead sentence when its first sentence is among this many first
sentences of an article."""
REPEAT_CONTAINMENT = 0.75
REPEAT_MIN_WORDS = 5
REPEAT_LOOSE_CONTAINMENT = 0.5
REPEAT_SHARED_WORDS = 7
REPEAT_QUOTE_WORDS = 8
RESOLVED_CONTAINMENT = 0.5
SUPPORT_WINDOW = 3
"""A citation's support is read in this many consecutive sentences of the cited article (a
paraphrase may join what the article says in two sentences)."""
SUPPORT_WORDS = 0.25
SUPPORT_COSINE = 0.3
"""A citation that is not verifiable by deletion is *wrong* (the cited article does not hold
the content) when both are below these: at most a quarter of the sentence's content stems in
any ``SUPPORT_WINDOW`` sentences of the article, and a WordLlama cosine under 0.3 with every
sentence of it.  Otherwise it is a paraphrase (``Finding.supported``).  Set on the development
digests: the language model's paraphrased citations, which graders found no fault with (3 of
440 fall below both), against each digest sentence paired with another cluster's article (95%
fall below both)."""

KINDS = (
    "furniture",
    "fragment",
    "over_long",
    "glued",
    "dateline",
    "dangling",
    "unintroduced",
    "repeat",
    "restated",
    "referent",
    "speakerless",
    "opinion",
    "off_story",
    "unverified",
)
JUNK_KINDS = ("furniture", "fragment", "glued", "over_long", "dateline")
"""Kinds that make a summary count as holding junk (issue 9's readability target)."""

EDITOR_KINDS: dict[str, tuple[str, ...]] = {
    "repeats": ("repeat", "restated"),
    "dangling": ("dangling", "unintroduced", "referent", "speakerless"),
    "junk": ("furniture", "fragment", "glued", "dateline"),
    "unsupported": ("opinion", "off_story"),
    "bad_citations": ("unverified",),  # only those whose article does not hold the content
}
"""The defect kinds graders count per digest (``benchmarks/editorial.py``'s ``DEFECTS``) and
the finding kinds that make each: a digest's count of a grader kind is the number of its
sentences with a finding of one of them (``over_long`` is no grader's defect: a long sentence
can be a good one)."""

RESTATED_SHARED_WORDS = 4
"""``restated``: at least this many content words shared besides the figure or names."""
RESTATED_SHARE = 0.3
"""``restated``: and at least this share of the shorter sentence's content words."""
SAME_FACT_WEIGHTS = (0.621, 1.873, 2.471, 2.827, 0.866)
"""``restated`` in meaning: logistic weights of (WordLlama cosine, Jaccard overlap of the
content stems, larger containment, smaller containment, shared figures up to 2) of two digest
sentences.  The checks' own model, not the pipeline's: fitted to the graders' repeat notes on
the development digests (dev1 and round 3: default, lead; each noted sentence against its best
earlier sentence), so it scores what graders call a repeat, not what the selector blocks."""
SAME_FACT_BIAS = -3.204
SAME_FACT_FLAG = 0.35
"""Probability from which a later sentence is ``restated`` (cross-validated by cluster on dev1
and round 3: precision 0.65, recall 0.22 of the noted sentences the anchor rules miss; 3 of
230 language-model sentences).  0.3 found more on those sets, but every flag it added on dev2
(digests already merged by the pipeline's own same-fact test) was one graders did not note."""
OPINION_PAGE_FIRST_PERSON = 6.0
"""An opinion page (a column, a review, a first-person essay): the writer's own "I", "my",
"me" outside quotations at least this many times per 1,000 words (and five times at least),
or a review's info box near the top."""
OFF_STORY_MAX_SHARED = 0
"""``off_story``: a sentence sharing at most this many content words with the rest of the
digest and with every other document of the cluster."""


# -- normalisation ------------------------------------------------------------------------

_PLAIN = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
}
# a regex over the few characters to change: str.translate with a dict costs a Python call per
# character of a 10,000-character article
_PLAIN_RX = re.compile("[" + "".join(_PLAIN) + "]")


def plain(text: str) -> str:
    """NFKC, plain quotes and dashes, invisible characters dropped (whitespace kept)."""
    text = unicodedata.normalize("NFKC", text)
    return _PLAIN_RX.sub(lambda m: _PLAIN[m.group()], text)


def compact(text: str) -> str:
    """:func:`plain` with all whitespace removed: the form citations are compared in."""
    return "".join(plain(text).split())  # str.split is several times faster than a regex


# -- findings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem with one summary sentence.

    ``sentence`` is the 0-based index in the summary; ``detail`` says what fired, in words a
    person can check; ``document`` is the cited document for ``unverified``, ``other`` the
    other sentence of a ``repeat``."""

    kind: str
    sentence: int
    detail: str
    document: int | None = None
    other: int | None = None
    # ``unverified``: the document holds the content in other words (a paraphrase, not
    # verifiable by deletion), rather than not at all (a wrong citation)
    supported: bool = False

    @property
    def defect(self) -> bool:
        """Whether graders would count it: every finding but a supported citation."""
        return not (self.kind == "unverified" and self.supported)


def _stem_set(text: str) -> set[str]:
    return {w for w in content_stems(text) if len(w) > 1}
