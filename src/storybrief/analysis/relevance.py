"""Junk and off-topic documents: is each document real article text about the cluster's story?

Two scores per document, both cheap (one TF-IDF space over whole documents, vectorised):

* **relevance** -- cosine of the document's TF-IDF vector to the leave-one-out centroid of the
  *other* documents of the cluster.  An article about another story shares few content words
  with the rest.  Undefined (reported as 1.0) for a cluster of one document.
* **article-ness** -- how much of the document survived boilerplate removal (the cleaner's
  :class:`~storybrief.types.Removal` records), the stop-word ratio of what is left (prose is
  ~40% function words; tag lists, menus and link texts far fewer), and notices of web
  furniture (archive crawls, cookie/paywall/login prompts, tweet-location help text).

* **page kind** -- a photo gallery or caption list (most lines are captions and photo
  credits: "(Photo: Getty Images)", "arrives at the premiere", "1 of 68"), a bibliography or
  reference list ("et al.", "doi:", "(2014)", "pp."), an about page ("About us", "our
  mission", "we are ..."): pages that may share the story's names but are not reports of it.

Relevance compares each document with the *others*, every document weighted equally: the
TF-IDF rows are L2-normalised before the leave-one-out sum, so one 7,000-word page cannot
define the centroid.  (Dense WordLlama sentence embeddings as a second opinion were tried and
measured -- BENCHMARKS.md -- and left out: no gain against the labels, a small ROUGE loss.)

A document is *junk* when little or no article text is left, when it is a gallery,
bibliography or about page, or when its relevance falls below :data:`MIN_RELEVANCE`
(off-topic; this needs three or more documents with text: with two, the similarity is mutual
and cannot say which one strays).  Thresholds were tuned on the first half of the Multi-News
validation split (Multi-News+ labels) and measured on the second half (BENCHMARKS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from storybrief.text.furniture import is_furniture_or_caption
from storybrief.text.sentences import split_sentences
from storybrief.text.vectors import TfidfSpace, content_stems_and_count
from storybrief.text.words import stopword_ratio, word_count
from storybrief.types import Cluster

MIN_RELEVANCE = 0.03
"""Cosine to the other documents' centroid below which a document is off-topic."""

MIN_OFF_TOPIC_WORDS = 25
"""Kept words a document needs before it is judged off-topic.  Raising it to 60 spared a few
short statements but lost recall against the Multi-News+ labels on the tune half (0.399 ->
0.374 at the same precision), whose short low-similarity documents are mostly junk."""

MIN_PAGE_LINES = 8
"""Lines a page needs before its kind (gallery, bibliography) is judged from them."""

PAGE_KIND_SHARE = 0.5
"""Share of a page's lines that are captions (or references) above which it is a gallery
(or a bibliography)."""

MIN_ARTICLE_WORDS = 25
"""Kept words below which a document holds no article text (only notices or furniture)."""

MAX_BOILERPLATE_SHARE = 0.8
"""Share of a document's words removed as boilerplate above which it is junk."""

MIN_STOPWORD_RATIO = 0.1
"""Stop-word ratio of the kept text below which it is not prose (lists, tags, menus)."""

# Notices that make a whole page junk when they dominate it (checked on the raw text, since
# the cleaner may already have dropped them).
_NOTICE = re.compile(
    # ("crawl(?<=\bcrawl)" is "\bcrawl": a pattern whose every alternative opens with a
    # letter lets the regex engine skip to the letters that can start a match, 2x faster)
    r"wayback machine|internet archive|crawl data|web ?crawl|crawl(?<=\bcrawl)s?\b|"
    r"tweet with a location|location information to your tweets|"
    r"enable javascript|javascript (?:is )?(?:disabled|required)|"
    r"log ?in to|subscriber account|create an account|purchase a subscription|"
    r"verification (?:e-?mail|message)|paywall|"
    r"page (?:not found|you requested)|404|access denied|"
    r"this will (?:not )?appear|your comments|email notifications?|notification has been saved|"
    r"rating is available when|feature is not available|please try again later|"
    r"seedlist|crawler|web archiv\w*|archive pages|wide crawl|"
    # a crawl collection's description page (issue 17, second pass)
    r"not publicly accessible|properties of this collection|seed list|duplicate detection"
)  # matched on lower-cased text (faster than IGNORECASE over many alternatives)
MAX_NOTICE_CHARS = 50_000


_CAPTION_LINE = re.compile(
    r"\(?(?:AP|Getty|Reuters|AFP|EPA)?\s*Photo\b|\bPhotos?:|Getty Images|\bREUTERS/|"
    r"\bImage (?:copyright|caption)\b|\bPhoto(?:graph)? (?:by|courtesy)\b|\(Credit:|"
    r"^\d+ of \d+\b|\bslideshow\b|\bgallery\b|\bpictured\b|"
    r"\b(?:attends?|arrives?|arriving|poses?|posing|performs?|performing|walks?)\s+"
    r"(?:at|on|in|the|for|during|with|onstage)\b",
    re.IGNORECASE,
)
_REFERENCE_LINE = re.compile(
    r"\bet al\.|\bdoi\b|\bISBN\b|\bpp?\.\s*\d|\bVol\.\s*\d|\(\d{4}[a-z]?\)|"
    r"\bRetrieved\b|\bJournal of\b|^\s*\[\d+\]|\b\d+\(\d+\):\s*\d+",
    re.IGNORECASE,
)
_CAPTION_CUES = (
    "photo",
    "getty",
    "reuters/",
    "image",
    "credit",
    "slideshow",
    "gallery",
    "pictured",
    "attend",
    "arriv",
    "pose",
    "posing",
    "perform",
)
_REFERENCE_CUES = ("et al", "doi", "isbn", "vol.", "retrieved", "journal", "pp.")
_CUE_RE = re.compile("|".join(re.escape(c) for c in sorted({*_CAPTION_CUES, *_REFERENCE_CUES})))
_ABOUT_PAGE = re.compile(
    r"\babout us\b|\bour (?:mission|vision|team|story|values|history)\b|\bwho we are\b|"
    r"\bcontact us\b|\bwe are (?:a|an|the)\b|\bfounded in \d{4}\b",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


def page_kind(text: str) -> str | None:
    """ "a photo gallery or caption list", "a bibliography or reference list", "an about
    page", or None for anything else (an article, a notice...)."""
    text = text[:MAX_NOTICE_CHARS]
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) >= MIN_PAGE_LINES:
        need = PAGE_KIND_SHARE * len(lines)
        whole = text.lower()
        # a page with fewer cue words in all than half its lines is neither (most articles)
        if len(_CUE_RE.findall(whole)) < need:
            lines = []
        # the regexes run only on lines holding one of their cue words (cheap substring
        # tests), and only while the share can still be reached
        low = [ln.lower() for ln in lines]
        cued = [
            ln for ln, lo in zip(lines, low, strict=True) if any(c in lo for c in _CAPTION_CUES)
        ]
        if len(cued) >= need and sum(1 for ln in cued if _CAPTION_LINE.search(ln)) >= need:
            return "a photo gallery or caption list"
        cued = [
            ln for ln, lo in zip(lines, low, strict=True) if any(c in lo for c in _REFERENCE_CUES)
        ]
        if len(cued) >= need and sum(1 for ln in cued if _REFERENCE_LINE.search(ln)) >= need:
            return "a bibliography or reference list"
    head = text[:3000]
    words = max(word_count(head), 1)
    titled = re.match(r"\s*(?:about\b|who we are\b|our (?:mission|story)\b)", text, re.IGNORECASE)
    if titled and len(_ABOUT_PAGE.findall(head)) >= 3 and len(_WE.findall(head)) / words > 0.03:
        return "an about page"  # a page headed "About ..." that describes its own organisation
    return None


@dataclass
class DocumentQuality:
    """Relevance and article-ness of one document, with the reasons for its verdict."""

    index: int
    relevance: float
    n_words: int  # words in the raw document
    kept_words: int  # words left after boilerplate removal
    boilerplate_share: float
    stopword_ratio: float
    notices: int
    junk: bool = False
    reasons: list[str] = field(default_factory=list)


def article_texts(cluster: Cluster) -> list[str]:
    """Each document's article text: its kept sentences, plus the prose the cleaner dropped
    for its shape rather than as web furniture (a paragraph cut off by truncation, a photo
    caption, a one-line document holding one caption phrase): those still show that the page
    is a news article.  Sentences holding a web-furniture notice are left out."""
    return [text for text, _, _ in _article_parts(cluster)]


def _article_parts(cluster: Cluster) -> list[tuple[str, list[str] | None, int | None]]:
    """Each document's article text (see :func:`article_texts`) with its content stems and
    its number of word tokens, put together from what the summarizer's TF-IDF space already
    took of each sentence (``cluster.stems``, ``cluster.token_counts``), or None where the
    cluster carries none.  The tokens of texts joined by spaces are the tokens of the texts
    one after the other, so the document vectors and stop-word ratios are the same as from
    the joined text."""
    stems, counts = cluster.stems, cluster.token_counts
    known = (
        stems is not None
        and counts is not None
        and len(stems) == len(counts) == len(cluster.sentences)
    )
    parts: list[list[str]] = [[] for _ in cluster.documents]
    doc_stems: list[list[str]] = [[] for _ in cluster.documents]
    doc_tokens = [0] * len(cluster.documents)
    for i, s in enumerate(cluster.sentences):
        parts[s.doc].append(s.text)
        if known:
            doc_stems[s.doc].extend(stems[i])  # type: ignore[index]
            doc_tokens[s.doc] += counts[i]  # type: ignore[index]
    for c in cluster.cleaned:
        for r in c.removed:
            if word_count(r.text) < 8 or r.reason.startswith(_NOT_PROSE):
                continue
            for sent in split_sentences(r.text) if word_count(r.text) > 40 else [r.text]:
                if word_count(sent) >= 5 and not is_furniture_or_caption(sent)[0]:
                    parts[r.doc].append(sent)
                    if known:
                        sent_stems, n_tokens = content_stems_and_count(sent)
                        doc_stems[r.doc].extend(sent_stems)
                        doc_tokens[r.doc] += n_tokens
    if not known:
        return [(" ".join(p), None, None) for p in parts]
    return [(" ".join(p), doc_stems[d], doc_tokens[d]) for d, p in enumerate(parts)]


def _stopword_ratio(text: str, stems: list[str] | None, n_tokens: int | None) -> float:
    """:func:`stopword_ratio` of a document's article text, from its counts when known."""
    if stems is None or n_tokens is None:
        return stopword_ratio(text)
    return (n_tokens - len(stems)) / n_tokens if n_tokens else 0.0


_NOT_PROSE = (
    "short line",
    "web page label",
    "list item",
    "byline",
    "mostly symbols",
    "few function",
)


def _doc_vectors(texts: list[str], rows: list[list[str] | None]) -> sp.csr_matrix:
    if any(r is None for r in rows):
        return TfidfSpace(texts).matrix
    return TfidfSpace(texts, rows=rows).matrix  # type: ignore[arg-type]


def loo_relevance(matrix: sp.csr_matrix) -> np.ndarray:
    """Cosine of each L2-normalised row to the normalised sum of all *other* rows.

    With S the sum of the rows, row i's leave-one-out centroid is S - v_i, so the cosine is
    (v_i.S - |v_i|^2) / |S - v_i|, computed for all rows at once."""
    n = matrix.shape[0]
    if n < 2:
        return np.ones(n)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    dots = matrix @ total
    sq = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    rest_dot = dots - sq
    rest_norm_sq = float(total @ total) - 2.0 * dots + sq
    rest_norm = np.sqrt(np.maximum(rest_norm_sq, 0.0))
    out = np.divide(rest_dot, rest_norm, out=np.zeros(n), where=rest_norm > 1e-12)
    return np.clip(out, 0.0, 1.0)


def assess_documents(
    cluster: Cluster,
    min_relevance: float = MIN_RELEVANCE,
    min_words: int = MIN_ARTICLE_WORDS,
    max_boilerplate: float = MAX_BOILERPLATE_SHARE,
    min_stopwords: float = MIN_STOPWORD_RATIO,
) -> list[DocumentQuality]:
    """Score every document of ``cluster`` and mark junk with the reasons."""
    n = len(cluster.documents)
    articles = _article_parts(cluster)
    kept_text = [text for text, _, _ in articles]
    kept_stems = [stems for _, stems, _ in articles]
    # one document has no others to be relevant to (loo_relevance gives 1): no vectors then
    rel = loo_relevance(_doc_vectors(kept_text, kept_stems)) if n >= 2 else np.ones(n)
    # documents with no text cannot vote on the topic: recompute without them
    has_text = np.array([bool(t.strip()) for t in kept_text])
    if n >= 3 and not has_text.all() and has_text.sum() >= 2:
        idx = np.flatnonzero(has_text)
        sub = loo_relevance(_doc_vectors([kept_text[i] for i in idx], [kept_stems[i] for i in idx]))
        rel = np.zeros(n)
        rel[idx] = sub
    n_real = int(has_text.sum())
    out: list[DocumentQuality] = []
    for i, c in enumerate(cluster.cleaned):
        raw_words = word_count(c.doc.text)
        kept = word_count(kept_text[i])
        removed_words = max(raw_words - kept, 0)
        share = removed_words / max(raw_words, 1)
        ratio = _stopword_ratio(*articles[i])
        notices = len(_NOTICE.findall(c.doc.text[:MAX_NOTICE_CHARS].lower()))
        q = DocumentQuality(
            i,
            round(float(rel[i]) if n_real >= 2 else 1.0, 4),
            raw_words,
            kept,
            round(share, 4),
            round(ratio, 4),
            notices,
        )
        if kept < min_words:
            q.reasons.append(
                f"almost no article text ({kept} words left after removing boilerplate)"
            )
        elif share > max_boilerplate:
            q.reasons.append(f"mostly boilerplate ({share:.0%} of its words removed)")
        elif (notices >= 2 and kept < 120) or notices >= 5:
            q.reasons.append(
                f"a web notice, not an article ({notices} archive/login/cookie notices)"
            )
        elif ratio < min_stopwords and kept < 200:
            q.reasons.append(f"not prose (stop-word ratio {ratio:.2f})")
        elif kind := page_kind(c.doc.text):
            q.reasons.append(f"{kind}, not an article")
        q.junk = bool(q.reasons)
        out.append(q)
    for q in out:
        # with two documents the similarity is mutual and cannot tell which one is off-topic
        if n_real >= 3 and q.kept_words >= MIN_OFF_TOPIC_WORDS and q.relevance < min_relevance:
            q.reasons.append(
                f"off-topic (similarity {q.relevance:.2f} to the other documents, "
                f"below {min_relevance:.2f})"
            )
            q.junk = True
    # never call every document junk because of relevance alone: the cluster is then just
    # heterogeneous, and the summary needs something
    if out and all(q.junk for q in out):
        for q in out:
            if q.kept_words >= min_words and all(r.startswith("off-topic") for r in q.reasons):
                q.junk = False
                q.reasons = []
    return out
