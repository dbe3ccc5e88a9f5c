"""Quotes and speakers: direct quotations with who said them, merged across sources.

Rule-based and linear in the text.  A quotation is text between double quotes (straight or
curly) of at least :data:`MIN_QUOTE_WORDS` words that is not the title of a work ("the 2003
book “Greek Fire, Poison Arrows and Scorpion Bombs”", a title-cased phrase after "film",
"song", "titled" ...).  Its speaker comes from the attribution in its sentence:

* after the quote: ``"...," Lavrov said`` / ``"...," said Maria Zakharova, a spokeswoman`` /
  ``"...," the judge said`` / ``"...," he added``;
* before it: ``Bogdanov said: "..."`` / ``Zakharova told a radio station, "..."`` /
  ``according to Mikhail Bogdanov, "..."`` / ``Interfax quoted Mikhail Bogdanov saying "..."``
  / a partial quote after a speech verb (``Adelman concludes that the claim is "..."``), whose
  speaker is the verb's subject, or the sentence's subject for a participle or a coordinated
  verb (``..., and said, "..."``).

A pronoun ("he said") is the grammatical subject of the closest preceding sentence whose
subject is a person, else the last speaker; a description ("the judge said") is the last
person introduced with that role, else the subject of the preceding sentences; an
indefinite one ("a spokesman said", "one user wrote") names nobody (speaker None, never a
guess).  A quotation with no attribution that opens its sentence continues the last
quotation before it (its speaker, or nobody); one inside a sentence with no speech verb is
left unattributed.  Speakers are never sentence-opening words ("Yet", "Meanwhile"), places
("North America") or lone particles ("al").  A surname alone becomes the person's full name
from the same document, the first person introduced with it ("Olivera" -> "Lou Olivera"),
else from another document.

The same quote in several documents -- exact, trimmed or lightly reworded -- becomes one
entry with all its sources (word-set containment or overlap, through an inverted index).
Speakers are matched by :func:`same_speaker`: the same spelling-tolerant surname key (first
five letters: "Zakharova"/"Zakharov") and, when both give one, the same first initial
("Sergey"/"Sergei Lavrov" agree; "Kip Harding"/"Rosannah Harding" do not).

The package: :mod:`.lexicon` (word lists), :mod:`.patterns` (the grammar as regular
expressions, and the sentence offsets), :mod:`.attribution` (speakers, one document) and
:mod:`.merge` (across documents); every name stays importable from here.
"""

from __future__ import annotations

from storybrief.analysis.quotes.attribution import (
    Quote,
    extract_quotes,
    is_title,
    same_speaker,
    speaker_key,
    split_role,
)
from storybrief.analysis.quotes.lexicon import (
    SPEECH_VERBS,
)
from storybrief.analysis.quotes.merge import (
    MAX_POSTING,
    MergedQuote,
    cluster_quotes,
    cluster_texts,
    cluster_texts_with_starts,
    expand_surnames,
    merge_quotes,
)
from storybrief.analysis.quotes.patterns import (
    MAX_QUOTE_CHARS,
    MIN_QUOTE_WORDS,
    sentence_starts,
)
from storybrief.text.lexicon import ORG_WORDS

__all__ = [
    "MAX_POSTING",
    "MAX_QUOTE_CHARS",
    "MIN_QUOTE_WORDS",
    "MergedQuote",
    "ORG_WORDS",
    "Quote",
    "SPEECH_VERBS",
    "cluster_quotes",
    "cluster_texts",
    "cluster_texts_with_starts",
    "expand_surnames",
    "extract_quotes",
    "is_title",
    "merge_quotes",
    "same_speaker",
    "sentence_starts",
    "speaker_key",
    "split_role",
]
