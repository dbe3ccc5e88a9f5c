"""What :meth:`storybrief.feed.Feed.add` reports: counts per call, and what became of each
article (added to a story, a copy of a stored article, junk, or already stored)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleOutcome:
    """What became of one input article."""

    id: str
    status: str  # added | copy | junk | duplicate
    story: int | None = None
    new_story: bool = False
    similarity: float | None = None
    runner_up: int | None = None
    runner_up_similarity: float | None = None
    copy_of: str | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class AddResult:
    """Counts of one :meth:`Feed.add` call (``outcomes`` lists every article)."""

    read: int = 0
    added: int = 0
    copies: int = 0
    junk: int = 0
    duplicates: int = 0
    new_stories: int = 0
    digests: int = 0
    batches: int = 0
    open_stories: int = 0
    outcomes: list[ArticleOutcome] = field(default_factory=list)

    def merge(self, other: AddResult, outcomes: bool = True) -> None:
        for f in ("read", "added", "copies", "junk", "duplicates", "new_stories", "digests"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.batches += other.batches
        self.open_stories = other.open_stories
        if outcomes:
            self.outcomes.extend(other.outcomes)
