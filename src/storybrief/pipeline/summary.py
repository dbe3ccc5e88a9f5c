"""The pipeline's result: the chosen sentences with their sources, and the cluster they came
from.  Rendering (text, Markdown, JSON) is in :mod:`storybrief.pipeline.render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storybrief.types import Cluster, Document

if TYPE_CHECKING:  # types only: the analysis and the screen are built by the summarizer
    from storybrief.analysis import Analysis
    from storybrief.analysis.genre import DocumentGenre
    from storybrief.pipeline.readability import Screen


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the summary with the documents that carry it.

    ``sources`` are the documents that hold this very sentence (up to spacing and quote
    marks), so every citation can be checked in its article; ``similar`` are documents that
    state the same fact in other words (the near-duplicates merged into its unit)."""

    text: str
    sources: list[int]  # 0-based document indices, ascending
    positions: list[tuple[int, int]]  # (document, sentence position) of each cited member
    score: float
    unit: int
    similar: list[int] = field(default_factory=list)  # documents with a paraphrase of it
    # the sentence as its articles hold it, and what compression cut from it (issue 17):
    # each cut {"start", "end", "text", "reason"} is a span of ``original``; ``text`` is
    # ``original`` with the spans deleted (storybrief.text.compress.apply_cuts)
    original: str = ""
    removed: list[dict[str, Any]] = field(default_factory=list)
    # a person's full name written at their first mention (storybrief.pipeline.naming): each
    # {"start", "end", "text", "name", "document", "reason"}, a span of ``original`` shown as
    # ``name``, the full name as that (0-based) document writes it
    named: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Summary:
    """The result of :func:`storybrief.summarize`.

    ``text`` is the summary alone; :meth:`to_markdown` and :meth:`to_json` add citations,
    sources, removed boilerplate and merged duplicates.
    """

    sentences: list[SummarySentence]
    cluster: Cluster
    method: str
    max_words: int
    max_sentences: int | None = None
    analysis: Analysis | None = None  # source verdicts, quotes, disagreements
    # Why there are no sentences, when there are none: "no_text" (only blank or boilerplate
    # lines) or "budget" (no sentence fits max_words); the message is in ``warnings``.
    empty_reason: str | None = None
    # the readability screen's verdict on every unit
    screen: Screen | None = None
    # each document's genre (None when not judged)
    genres: list[DocumentGenre] | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def id(self) -> str | None:
        return self.cluster.id

    @property
    def documents(self) -> list[Document]:
        return self.cluster.documents

    @property
    def warnings(self) -> list[str]:
        """Everything the reader should know: truncation, caps, why a summary is empty."""
        return self.cluster.warnings

    @property
    def n_words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_text(self, citations: bool = True) -> str:
        from storybrief.pipeline.render import render_text

        return render_text(self, citations=citations)

    def to_markdown(self) -> str:
        from storybrief.pipeline.render import render_markdown

        return render_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        from storybrief.pipeline.render import render_dict

        return render_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        from storybrief.pipeline.render import render_json

        return render_json(self, indent=indent)

    def __str__(self) -> str:
        return self.text
