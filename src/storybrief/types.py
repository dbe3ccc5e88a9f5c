"""Plain data types passed between pipeline stages.

documents -> CleanDocument -> Sentence -> Unit (near-duplicate group) -> Cluster.  Every stage
takes one of these and returns the next; none of them holds behaviour beyond small derived
properties, so a stage can be swapped or tested on its own.  The pipeline's result,
:class:`storybrief.pipeline.summary.Summary`, is defined with the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _comparable(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


@dataclass(frozen=True)
class Document:
    """One input article as the user gave it."""

    index: int
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    name: str | None = None  # file name or other label for display

    @property
    def label(self) -> str:
        return self.title or self.name or self.url or f"Document {self.index + 1}"


@dataclass(frozen=True)
class Removal:
    """A line or block the cleaner dropped, and why."""

    doc: int
    line: int
    text: str
    reason: str


@dataclass
class CleanDocument:
    """An article after boilerplate removal: its kept paragraphs and what was removed."""

    doc: Document
    paragraphs: list[str]
    removed: list[Removal] = field(default_factory=list)
    headline: str | None = None  # first line when it looks like a headline
    truncated: bool = False  # the text was cut at the per-document size limit
    # lower-cased then sentence-cased text (Multi-News's truncated form): sentences may start
    # in lower case (see storybrief.text.sentences.is_lowercased)
    lowercased: bool = False

    @property
    def label(self) -> str:
        """Title to show: given title, else detected headline, else file name or URL."""
        d = self.doc
        return d.title or self.headline or d.name or d.url or f"Document {d.index + 1}"


@dataclass(frozen=True)
class Sentence:
    """One sentence of one document."""

    doc: int  # document index
    position: int  # sentence index within the document (0 = first)
    paragraph: int  # paragraph index within the cleaned document
    text: str

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass
class Unit:
    """A unit of content: one sentence, or several near-duplicates of it across documents.

    ``members`` index into the cluster's sentence list; ``representative`` is the member whose
    text is shown in the summary.
    """

    id: int
    members: list[int]
    representative: int

    @property
    def support(self) -> int:
        return len(self.members)


@dataclass
class Cluster:
    """Everything the stages know about one story cluster, built up stage by stage."""

    documents: list[Document]
    cleaned: list[CleanDocument]
    sentences: list[Sentence]
    units: list[Unit]
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # pass-through keys from the input
    warnings: list[str] = field(default_factory=list)
    # content stems and word-token counts of each sentence (from the summarizer's TF-IDF
    # space), so that the source analysis builds its document vectors and stop-word ratios
    # without tokenizing the same text again
    stems: list[list[str]] | None = field(default=None, repr=False, compare=False)
    token_counts: list[int] | None = field(default=None, repr=False, compare=False)

    def unit_sources(self, unit: Unit) -> list[int]:
        """Documents holding any member of the unit (the same fact, in any wording)."""
        return sorted({self.sentences[m].doc for m in unit.members})

    def verbatim_members(self, unit: Unit) -> list[int]:
        """Members whose text is the representative's, up to spacing and quote marks."""
        shown = _comparable(self.unit_text(unit))
        return [m for m in unit.members if _comparable(self.sentences[m].text) == shown]

    def unit_text(self, unit: Unit) -> str:
        return self.sentences[unit.representative].text
