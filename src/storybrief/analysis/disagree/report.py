"""What a disagreement flag reports (what the sources disagree about, each value with the
documents that state it) and the figures it is made of (:class:`Mention`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    doc: int
    sentence: int  # index into cluster.sentences
    value: float
    shown: str  # the figure as written, with its qualifier
    kind: str  # "death toll", "injured", ...
    start: int  # character offsets in the sentence
    end: int
    lo: float = 0.0  # the interval of values the figure allows
    hi: float = 0.0


@dataclass
class Disagreement:
    about: str
    values: list[tuple[str, list[int]]]  # (value as written, 0-based documents)
    kind: str = "number"
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "values": [{"value": v, "sources": s} for v, s in self.values],
        }
