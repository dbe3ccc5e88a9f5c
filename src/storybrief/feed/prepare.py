"""One article's text for the feed: its kept sentences and whether it is junk.

The summarizer's own stages do the work (:func:`storybrief.pipeline.build.segment_documents`:
cleaned, split, boilerplate sentences dropped), and the source
analysis's junk test (:func:`storybrief.analysis.relevance.assess_documents`) judges the
article as a cluster of one, so off-topic scores do not apply; what is left is *article-ness*:
archive and login notices, pages of web furniture, lists and menus.

Two verdicts of that test are overruled here, because a feed is not a summary's cluster:

* a **news brief** -- a few words of prose with no notice and nothing removed as web
  furniture ("Esther Williams, swimming star, dies at 91") -- is "almost no article text"
  for a summary but a real item of a feed;
* a **long article with notices around it** (:data:`LONG_ARTICLE_WORDS` kept words or more,
  "sign in to comment" prompts below it) is an article, not "a web notice".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storybrief.analysis.relevance import assess_documents
from storybrief.feed.pagekind import page_kind
from storybrief.pipeline.build import segment_documents
from storybrief.types import Cluster

LONG_ARTICLE_WORDS = 400
"""Kept words from which notices around an article no longer make it a web notice."""

BRIEF_MAX_WORDS = 60
"""An article of at most this many words may be a news brief (see the module docstring)."""

# removal reasons that show a page of web furniture rather than a short article
_FURNITURE_REASONS = ("web furniture", "web page label", "list item", "mostly symbols")


@dataclass
class Prepared:
    """An article's kept sentences, headline, and junk verdict with its reasons."""

    sentences: list[str]
    headline: str | None = None
    junk: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return " ".join(self.sentences)


def prepare(text: str, title: str | None = None) -> Prepared:
    """Clean, split and judge one article."""
    read = segment_documents([{"text": text, "title": title}])
    cleaned, sentences = read.cleaned, read.sentences
    quality = assess_documents(Cluster(read.documents, cleaned, sentences, []))[0]
    junk, reasons = quality.junk, list(quality.reasons)
    if junk:
        furniture = any(r.reason.startswith(_FURNITURE_REASONS) for r in cleaned[0].removed)
        brief = (
            all(r.startswith("almost no article text") for r in reasons)
            and quality.notices == 0
            and not furniture
            and quality.n_words <= BRIEF_MAX_WORDS
        )
        long_article = quality.kept_words >= LONG_ARTICLE_WORDS and all(
            r.startswith("a web notice") for r in reasons
        )
        if brief or long_article:
            junk, reasons = False, []
    if not junk:
        kind = page_kind(text)
        if kind is not None:  # prose that tells no event: kept out of stories like junk
            junk, reasons = True, [kind.reason]
    kept = [s.text for s in sentences]
    if not kept and not junk:
        # a brief whose one line the cleaner set aside as a headline: that line is the article
        kept = [cleaned[0].headline or " ".join(text.split())]
    return Prepared(kept, cleaned[0].headline, junk, reasons)
