"""The input documents of one cluster, normalised lazily once for every summary checked."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from storybrief.evaluate.checks.patterns import _QUOTE_SPAN, _REVIEW_INFO_BOX, _WRITER_FIRST_PERSON
from storybrief.evaluate.checks.rules import (
    LEAD_SENTENCES,
    OPINION_PAGE_FIRST_PERSON,
    SUPPORT_WINDOW,
    _stem_set,
    compact,
    plain,
)
from storybrief.evaluate.checks.sentence import is_prose
from storybrief.text.embeddings import embed
from storybrief.text.sentences import split_sentences

# -- documents ----------------------------------------------------------------------------


_CONTEXT_CHARS = 5_000
"""Characters read around a sentence for its predecessor, and at the start of a paragraph for
lead sentences: a page without line breaks is not split whole for every lookup."""


_WORDS = re.compile(r"[^\W_]+")
# a person's name: two to four capitalised words, a middle initial allowed
# (a possessive's "'s" is not part of it: "Kira Grunberg's" -> "Kira Grunberg")
_NAME_WORD = r"[A-Z](?:[A-Za-z]|['’][A-Za-z]{2,}|-[A-Za-z])+"
_NAME_RUN = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD})){{1,3}}")


class CheckedDocuments:
    """The input documents of one cluster, normalised once for every summary checked.

    ``texts`` are the documents as given (strings, or dicts/objects with a ``text``)."""

    def __init__(self, texts: Sequence[Any]) -> None:
        self.texts = [_text_of(t) for t in texts]
        self._plain: dict[int, str] = {}
        self._compact: dict[int, str] = {}
        self._runs: dict[int, tuple[list[int], list[int]]] = {}
        self._leads: list[str] | None = None
        self._sentences: dict[int, list[str]] = {}
        self._sentence_words: dict[int, list[list[str]]] = {}
        self._sentence_stems: dict[int, list[set[str]]] = {}
        self._sentence_vectors: dict[int, Any] = {}
        # per-cluster answers of the summary checks (full names, persons), reused by every
        # summary of the cluster
        self.memo: dict[tuple[str, str], Any] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def plain(self, d: int) -> str:
        p = self._plain.get(d)
        if p is None:
            p = self._plain[d] = plain(self.texts[d])
        return p

    def compact(self, d: int) -> str:
        c = self._compact.get(d)
        if c is None:
            c = self._compact[d] = "".join(self.plain(d).split())
        return c

    def find(self, d: int, text_compact: str) -> int:
        """Offset of a compact sentence in document ``d``'s compact text, or -1."""
        if not text_compact or not 0 <= d < len(self.texts):
            return -1
        return self.compact(d).find(text_compact)

    def plain_offset(self, d: int, compact_offset: int) -> int:
        """Map an offset of the compact text back to the plain text."""
        runs = self._runs.get(d)
        if runs is None:
            starts, cum = [], []
            total = 0
            for m in re.finditer(r"\S+", self.plain(d)):
                starts.append(m.start())
                cum.append(total)
                total += m.end() - m.start()
            runs = self._runs[d] = (starts, cum)
        starts, cum = runs
        k = bisect_right(cum, compact_offset) - 1
        if k < 0:
            return 0
        return starts[k] + (compact_offset - cum[k])

    def sentence_before(self, d: int, compact_offset: int) -> str | None:
        """The sentence just before the one starting at ``compact_offset`` of document ``d``
        (within its paragraph, else the last sentence of the previous paragraph)."""
        text = self.plain(d)
        pos = self.plain_offset(d, compact_offset)
        para_start = max(text.rfind("\n", 0, pos) + 1, pos - _CONTEXT_CHARS)
        before = split_sentences(text[para_start:pos].strip())
        if before:
            return before[-1]
        prev = text[:para_start].rstrip()
        if not prev:
            return None
        prev_para = prev[max(prev.rfind("\n") + 1, len(prev) - _CONTEXT_CHARS) :]
        sents = split_sentences(prev_para.strip())
        return sents[-1] if sents else None

    def holds_compressed(self, d: int, sentence: str) -> bool:
        """Document ``d`` holds ``sentence`` with words deleted: its words (letters and
        digits, case ignored) are a subsequence of one sentence of the document, in order.
        Nothing looser: a word changed or moved is not verifiable."""
        if not 0 <= d < len(self.texts):
            return False
        words = _WORDS.findall(plain(sentence).lower())
        if not words:
            return False
        need = set(words)
        for sent in self.sentence_words(d):
            if len(sent) < len(words) or not need.issubset(sent):
                continue
            it = iter(sent)
            if all(w in it for w in words):  # consumes the iterator: an in-order subsequence
                return True
        return False

    def holds(self, d: int, sentence: str) -> bool:
        """Document ``d`` holds ``sentence`` verbatim (modulo spacing, quotes and dashes) or
        compressed by deleting words: the strict rule of an extractive citation; or it would
        but for a person's name written in full (:meth:`holds_named`)."""
        return (
            self.find(d, compact(sentence)) >= 0
            or self.holds_compressed(d, sentence)
            or self.holds_named(d, sentence)
        )

    def holds_named(self, d: int, sentence: str) -> bool:
        """A name of two to four capitalised words in ``sentence`` that document ``d`` writes
        just so ("John Doherty", "Judge Lou Olivera"), cut to its last word, leaves the
        sentence compressed from one of the document's: a summarizer wrote the full name
        where the sentence had the surname alone ("Doherty said", "Mr. Doherty said"), and
        every word still comes from the document."""
        names = [m for m in _NAME_RUN.finditer(sentence) if self.find(d, compact(m.group(0))) >= 0]
        if not names:
            return False
        shorter, at = "", 0
        for m in names:
            shorter += sentence[at : m.start()] + m.group(0).rsplit(None, 1)[-1]
            at = m.end()
        return self.holds_compressed(d, shorter + sentence[at:])

    def sentences(self, d: int) -> list[str]:
        """The sentences of document ``d``, paragraph by paragraph."""
        sents = self._sentences.get(d)
        if sents is None:
            sents = self._sentences[d] = [
                s
                for para in self.plain(d).split("\n")
                if para.strip()
                for s in split_sentences(para)
            ]
        return sents

    def sentence_words(self, d: int) -> list[list[str]]:
        """Each sentence of document ``d`` as its lower-case words (for compressed citations)."""
        words = self._sentence_words.get(d)
        if words is None:
            words = self._sentence_words[d] = [_WORDS.findall(s.lower()) for s in self.sentences(d)]
        return words

    def support(self, d: int, sentence: str) -> tuple[float, float]:
        """How much of ``sentence``'s content document ``d`` holds, in any wording: (the best
        share of its content stems found in ``SUPPORT_WINDOW`` consecutive sentences of the
        document, the best WordLlama cosine with one sentence of it).  Read for citations that
        are not verifiable by deletion: a paraphrase keeps the content, a wrong citation does
        not."""
        if not 0 <= d < len(self.texts) or not self.sentences(d):
            return 0.0, 0.0
        stems = self._sentence_stems.get(d)
        if stems is None:
            stems = self._sentence_stems[d] = [_stem_set(s) for s in self.sentences(d)]
        mine = _stem_set(sentence)
        share = 0.0
        if mine:
            for k in range(len(stems)):
                window = set().union(*stems[max(0, k - SUPPORT_WINDOW + 1) : k + 1])
                share = max(share, len(mine & window) / len(mine))
        vectors = self._sentence_vectors.get(d)
        if vectors is None:
            vectors = self._sentence_vectors[d] = embed(self.sentences(d))
        cosine = float((vectors @ embed([sentence])[0]).max())
        return share, cosine

    def lead_sentences(self) -> list[str]:
        """Compact forms of the first ``LEAD_SENTENCES`` prose sentences of every document."""
        if self._leads is None:
            leads = []
            for d in range(len(self.texts)):
                found = 0
                # only the article's beginning is read: paragraphs are normalised one by one
                text = self._plain.get(d) or self.texts[d]
                for para in text.split("\n"):
                    para = plain(para[:_CONTEXT_CHARS]).strip()
                    if not para:
                        continue
                    for s in split_sentences(para):
                        if is_prose(s):
                            leads.append("".join(s.split()))
                            found += 1
                            if found == LEAD_SENTENCES:
                                break
                    if found == LEAD_SENTENCES:
                        break
            self._leads = leads
        return self._leads


def _text_of(doc: Any) -> str:
    if isinstance(doc, str):
        return doc
    if isinstance(doc, dict):
        return str(doc.get("text") or "")
    return str(getattr(doc, "text", "") or "")


def opinion_page(docs: CheckedDocuments, d: int) -> bool:
    """Document ``d`` is a column, a review or a first-person essay (see
    :data:`OPINION_PAGE_FIRST_PERSON`)."""
    key = ("opinion page", str(d))
    if key not in docs.memo:
        text = docs.plain(d)
        outside = _QUOTE_SPAN.sub(" ", text)
        mine = len(_WRITER_FIRST_PERSON.findall(outside))
        words = max(1, len(text.split()))
        docs.memo[key] = bool(_REVIEW_INFO_BOX.search(text[:600])) or (
            mine >= 5 and 1000 * mine / words >= OPINION_PAGE_FIRST_PERSON
        )
    return docs.memo[key]
