"""Disagreements: the same quantity, name or quotation stated differently by different sources.

Only real conflicts, precision first (a flag tells a reader the sources contradict each other):

* **Counts of people** -- death tolls, injured, arrested, missing, displaced (the casualty
  words next to the number say which).  Each figure is read as the interval it allows: "250,000"
  is that number (within 2% for rounding: "$3.4 million" and "$3.44 million" agree), "more than
  240,000" means above it by less than one step of its last digit (240,000 to 250,000), "nearly
  X" just below, "up to X" at most X, "1,500 to 2,500" the range.  Two figures disagree only
  when their intervals do not meet ("1,500 to 2,500" and "more than 1,800" agree; "more than
  240,000" and "some 250,000" do not).  They are about the same thing when they come from
  different documents, their clauses share content words (cosine >= :data:`MIN_CONTEXT`), they
  name the same places (capitalised words: a Homs toll is not a Syria-wide one), and are of
  the same order (ratio <= :data:`MAX_RATIO`).  Ages ("died at age 36", "the 41-year-old")
  are not counts.  Other quantities (money, distances, shares) are not compared: in one story
  they too often measure different things with the same words.
* **Names** -- the same person spelled differently across documents ("Maria Zakharova" /
  "Maria Zakharov", "Sergey" / "Sergei Lavrov"); nicknames and short forms ("Steve" /
  "Stephen", "Rich" / "Richard") are the same spelling of who someone is.
  Precision first, they must also be the same quantity (:func:`_same_quantity`): no sign of
  an update, a part or another event in either clause ("another 15 deaths", "the toll rose
  to", "a similar fire last month", "including the gunmen", "and himself"), the same years
  and months where both give them, the same kind of event where both name one (a shipwreck's
  toll is not a bus crash's), and the same "in X" scope (a county's toll is not the state's;
  a scope one side gives must be named somewhere in the other's sentence).  "At least X" is
  a floor: a later, higher count agrees with it.  The casualty word must govern the figure
  ("killed 26", "26 people killed"; not "four were killed and 16 were injured"), and
  figures of animals or units ("169 sheep", "200 meters") are not counts of people.
* **Quotes** -- the same quotation credited to two people is not flagged: every such flag
  judged was an attribution error of the quote pass (0/5), so the check was removed.

The package: :mod:`.numbers` (counts of people), :mod:`.names` (spellings) and
:mod:`.report` (the :class:`Disagreement` they return).
"""

from __future__ import annotations

from storybrief.analysis.disagree.names import (
    _lower_words,
    name_disagreements,
)
from storybrief.analysis.disagree.numbers import (
    MAX_MENTIONS,
    MAX_RATIO,
    MIN_CONTEXT,
    compatible,
    number_disagreements,
    number_mentions,
)
from storybrief.analysis.disagree.report import (
    Disagreement,
    Mention,
)
from storybrief.types import Cluster


def find_disagreements(cluster: Cluster) -> list[Disagreement]:
    """Figures and names the sources state differently (quotations credited to two people
    are not flagged: every one judged, 0/5, was an attribution error of the quote pass)."""
    lower = _lower_words(cluster)
    out = number_disagreements(cluster)
    out += name_disagreements(cluster, lower)
    return out


__all__ = [
    "find_disagreements",
    "Disagreement",
    "MAX_MENTIONS",
    "MAX_RATIO",
    "MIN_CONTEXT",
    "Mention",
    "compatible",
    "name_disagreements",
    "number_disagreements",
    "number_mentions",
]
