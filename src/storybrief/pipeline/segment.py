"""Stage 2, segment: split every cleaned paragraph into sentences.

The splitting rules (abbreviations, initials, quotations, lost spaces) are in
:mod:`storybrief.text.sentences`; this stage numbers the sentences of each document and bounds
how many are kept.
"""

from __future__ import annotations

from storybrief.text.sentences import split_sentences
from storybrief.types import CleanDocument, Sentence

MAX_SENTENCES_PER_DOC = 300
"""Sentences kept per document (memory and time bound; news articles rarely exceed 150)."""


def segment(cleaned: list[CleanDocument]) -> tuple[list[Sentence], list[str]]:
    """Sentences of every document, in document then position order, and any warnings."""
    sentences: list[Sentence] = []
    warnings: list[str] = []
    for cdoc in cleaned:
        position = 0
        for p, paragraph in enumerate(cdoc.paragraphs):
            # lower-cased text (Multi-News's truncated form) also splits before lower case
            for text in split_sentences(paragraph, cdoc.lowercased):
                if position >= MAX_SENTENCES_PER_DOC:
                    break
                sentences.append(Sentence(cdoc.doc.index, position, p, text))
                position += 1
        if position >= MAX_SENTENCES_PER_DOC:
            warnings.append(
                f"document {cdoc.doc.index + 1} ({cdoc.doc.label}): only the first "
                f"{MAX_SENTENCES_PER_DOC} sentences were used"
            )
    return sentences, warnings
