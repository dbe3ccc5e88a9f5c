"""What kind of article each document is (issue 17): news, opinion, review, explainer or
round-up.

A digest states news.  An opinion column's or a review's verdict ("Oscar de la Renta was a
great man", "the remake lacks the original's charm") is its author's, and an explainer's
general background or a round-up page's other items are not the story; stated as news in a
digest they are claims no article supports.  So each document gets a genre from signals of
its own text, read in the order below, each made to be precise rather than complete (a
document with no clear signal is news):

* **review** -- a rating ("3 out of 4 stars", "★★★", "Grade: B+", "Rated PG-13"), or a
  critic's voice (first person outside quotations in at least ``OPINION_FIRST_PERSON`` of
  its sentences, almost nothing attributed) about a film, book, album, show or production;
* **opinion** -- a column's voice: first person outside quotations in at least
  ``OPINION_FIRST_PERSON`` (15%) of its sentences and at most ``OPINION_MAX_SAID`` (0.1)
  speech verbs ("said", "told", "according to") a sentence (news attributes; columns
  argue), or an "Opinion:"/"Editorial:"/"Column:" label at its top;
* **explainer** -- at least ``EXPLAINER_QUESTIONS`` (20%) of its sentences are questions the
  writer asks (question-and-answer form), or a "what you need to know" / "explained" /
  "here's what we know" label in its title or headline (in the body such words are a
  caption's or a video promotion's);
* **roundup** -- a page of several stories: a "roundup", "briefing", "top stories" or "in
  other news" label at its top, or at least ``ROUNDUP_MIN_PARAGRAPHS`` paragraphs of which
  four in five share almost no content word with the other documents of the cluster while some do.
  Only the paragraphs about the story (:attr:`DocumentGenre.on_topic`) may be used.

Documents need ``MIN_SENTENCES`` (8) sentences for a verdict from rates.  The pipeline leaves
opinion, review and explainer documents out of the digest while a news document remains, and
takes only a round-up's paragraphs about the story (``storybrief.pipeline.trust``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storybrief.text.lexicon import any_word
from storybrief.types import Cluster

GENRES = ("news", "opinion", "review", "explainer", "roundup")

MIN_SENTENCES = 8
OPINION_FIRST_PERSON = 0.15
OPINION_MAX_SAID = 0.10
EXPLAINER_QUESTIONS = 0.20
REVIEW_VERDICTS = 0.15
"""Share of sentences judging in the writer's voice (:func:`is_verdict`) at which a document
about a work ("the film", "the album") with almost no attribution is a review (in the 518
development documents of 8 sentences or more, only reviews and columns passed 0.15 with the
other two conditions)."""
REVIEW_MAX_SAID = 0.05
ROUNDUP_MIN_PARAGRAPHS = 8
ROUNDUP_OFF_TOPIC = 0.8
ROUNDUP_MIN_OTHER_SENTENCES = 15
"""Sentences the other documents need before a page's paragraphs are judged against them."""
"""Share of a page's paragraphs that must be off the story for it to be a round-up."""
ON_TOPIC_OVERLAP = 0.2
"""Share of a paragraph's distinct content stems found in the other documents at which it is
about the story (a paragraph of another story shares only common words)."""

# -- lexicon: the words of the signals below, in the order their patterns try them ---------

# the writer speaking of themself (a column's or a critic's voice)
_FIRST_PERSON_WORDS = r"I|me|my|mine|myself|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll"
# the attributions whose rate a sentence tells news (which attributes) from a column or a
# review (which argues)
_SAID_WORDS = r"said|says|told|according to|reported|announced|confirmed|testified|stated"
# what credits a verdict to someone other than the writer ("..., Ebert writes")
_CREDITING_WORDS = (
    r"said|says|told|according to|writes|wrote|argues|argued|calls|called|reports|"
    r"reported|believes|thinks"
)
# the forms of a review's rating: "★★★", "3 out of 4 stars", "Grade: B+", "Rated PG-13"
_RATING_FORMS = (
    r"★",
    r"\b(?:[0-5](?:\.5)?|one|two|three|four|five) (?:and a half )?(?:out of|of) (?:4|5|four|five) stars\b",
    r"\bGrade: [A-F][+-]?",
    r"\bRated (?:PG-13|PG|R|G|NC-17)\b",
)
# the works a review is about ("the film", "this album")
_WORK_NOUNS = (
    r"film|movie|album|novel|book|memoir|show|series|production|play|musical|record|sequel|"
    r"remake|documentary"
)
# issue 17, after round 4: a review's info box ("Starring Matt Damon and Cecile De France.",
# "Directed by ...", "Running time: 129 minutes", "In English and in French with English
# subtitles"): the round-4 "Hereafter" cluster was three reviews, each read as news, so
# their verdicts were stated as the digest's own.  The words that open its lines:
_CREDIT_LINES = (
    r"Starring|Co-starring|Directed by|Written and directed by|Running time|Run time|MPAA rating"
)
# a critic's or columnist's verdict: the words that judge a work or a person rather than
# report on them.  Outside a news article, a sentence holding one with no attribution is the
# author's opinion, never the digest's statement (see :func:`is_verdict`)
_VERDICT_WORDS = (
    r"beautiful(?:ly)?|beauty|stunning|brilliant(?:ly)?|smart|stylish|tender(?:ness|ly)?|"
    r"gentle|tact|mighty|unsubtle|loud|boring|dull|charming|charm|masterpiece|masterful|"
    r"triumph(?:ant)?|disappointing|disappointment|mess|messy|flawed|hilarious|moving|"
    r"gripping|compelling|powerful|clumsy|terrific|wonderful|awful|terrible|delightful|"
    r"gorgeous|thrilling|tedious|forgettable|memorable|finest|greatest|shock of all|"
    r"significant|impressive|remarkable|extraordinary|ambitious|overlong|predictable|"
    r"pretentious|subtle|elegant|sublime|riveting|engrossing|lackluster|plays like|feels like|"
    r"succeeds|fails to|genius|dazzling|breathtaking|heartfelt|touching|witty|clever|"
    r"entertaining|fun|funny|silly|absurd|ridiculous|obviously|of course|surely|"
    r"sadly|unfortunately|admirabl[ey]|deliciously|wonderfully|poor|fascinating|marvel(?:ous)?|"
    r"enriching|affecting|restraint|masterly|must-see|flawless|overrated|underrated"
)

_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_FIRST_PERSON = any_word(_FIRST_PERSON_WORDS)
_SAID = any_word(_SAID_WORDS)
_SAID_OR_WRITES = any_word(_CREDITING_WORDS)
_RATING = re.compile("|".join(_RATING_FORMS), re.IGNORECASE)
_WORK = re.compile(rf"\b(?:the|this|his|her|their) (?:{_WORK_NOUNS})\b", re.IGNORECASE)
_CREDITS = re.compile(
    rf"(?:^|[.!?]\s+)(?:{_CREDIT_LINES})\b|\bwith (?:English )?subtitles\.", re.MULTILINE
)
# a match of _CREDITS holds one of these (its words are plain phrases): an article holding
# none (most) skips the pattern
_CREDIT_GATES = (*_CREDIT_LINES.split("|"), "subtitles.")
_VERDICT = any_word(_VERDICT_WORDS, re.IGNORECASE)


def is_verdict(text: str) -> bool:
    """The sentence judges in its writer's voice: a verdict word outside quotation marks and
    no speech verb crediting it to someone ("..., Ebert writes" is attributed)."""
    outside = _QUOTED.sub(" ", text) if '"' in text or "“" in text else text
    return bool(_VERDICT.search(outside)) and not _SAID_OR_WRITES.search(text)


_LABELS = {
    "opinion": re.compile(r"^\W*(?:opinion|editorial|column|commentary|op-ed)\s*[:|—-]", re.I),
    "review": re.compile(r"^\W*(?:review|film review|book review|album review)\s*[:|—-]", re.I),
    "explainer": re.compile(
        r"\b(?:what you need to know|explained\b|here'?s what we know|what we know so far|"
        r"everything you need to know|frequently asked questions)",
        re.I,
    ),
    "roundup": re.compile(
        r"\b(?:round-?up|briefing|top stories|in other news|news digest|the day in|"
        r"week in review|today'?s headlines|what we'?re reading|things to know)\b",
        re.I,
    ),
}


@dataclass(frozen=True)
class DocumentGenre:
    """One document's genre, the evidence for it, and, for a round-up, the indices of its
    paragraphs about the story (None: all of them)."""

    index: int
    genre: str = "news"
    evidence: str = ""
    on_topic: frozenset[int] | None = field(default=None)

    @property
    def is_news(self) -> bool:
        return self.genre == "news"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"index": self.index, "genre": self.genre}
        if self.evidence:
            out["evidence"] = self.evidence
        if self.on_topic is not None:
            out["on_topic_paragraphs"] = sorted(self.on_topic)
        return out


def _rate(texts: list[str], pattern: re.Pattern[str]) -> float:
    return sum(1 for t in texts if pattern.search(t)) / max(len(texts), 1)


def _top(cluster: Cluster, d: int, sentences: list[str]) -> str:
    """The words at a document's top: its title or headline and first two sentences."""
    c = cluster.cleaned[d]
    return " ".join(x for x in (c.doc.title or "", c.headline or "", *sentences[:2]) if x)


def _heading(cluster: Cluster, d: int) -> str:
    """A document's title and headline, the words that label the article itself."""
    c = cluster.cleaned[d]
    return " ".join(x for x in (c.doc.title or "", c.headline or "") if x)


class _Stems:
    """Each document's content stems, whole and by paragraph, gathered in one pass."""

    def __init__(self, cluster: Cluster):
        self.docs: dict[int, set[str]] = {}
        self.paragraphs: dict[int, dict[int, set[str]]] = {}
        self.sentences: dict[int, int] = {}
        stems = cluster.stems or []
        for i, s in enumerate(cluster.sentences):
            row = stems[i] if i < len(stems) else ()
            self.docs.setdefault(s.doc, set()).update(row)
            self.paragraphs.setdefault(s.doc, {}).setdefault(s.paragraph, set()).update(row)
            self.sentences[s.doc] = self.sentences.get(s.doc, 0) + 1

    def topicality(self, d: int, ignored: set[int]) -> dict[int, float]:
        """For each paragraph of document ``d``: the share of its distinct content stems that
        the other documents (but the ``ignored`` ones) hold; empty when they are too short to
        tell (fewer than ``ROUNDUP_MIN_OTHER_SENTENCES`` sentences)."""
        others = [e for e in self.docs if e != d and e not in ignored]
        if sum(self.sentences[e] for e in others) < ROUNDUP_MIN_OTHER_SENTENCES:
            return {}
        held = set().union(*(self.docs[e] for e in others))
        return {p: len(w & held) / len(w) for p, w in self.paragraphs.get(d, {}).items() if w}


def classify(
    cluster: Cluster, ignored: set[int] | frozenset[int] = frozenset()
) -> list[DocumentGenre]:
    """The genre of every document of ``cluster`` (see the module docstring).  ``ignored``
    documents (junk, stale) are not compared with: a round-up is off the story of the
    others."""
    by_doc: dict[int, list[str]] = {}
    for s in cluster.sentences:
        by_doc.setdefault(s.doc, []).append(s.text)
    several = len(set(by_doc) - set(ignored)) >= 2
    stems = _Stems(cluster) if several and cluster.stems is not None else None
    return [
        _classify_one(cluster, d, by_doc.get(d, []), stems, set(ignored))
        for d in range(len(cluster.documents))
    ]


_RATING_GATES = ("star", "★", "grade:", "rated ")


def _classify_one(
    cluster: Cluster, d: int, texts: list[str], stems: _Stems | None, ignored: set[int]
) -> DocumentGenre:
    top = _top(cluster, d, texts)
    for genre in ("opinion", "review"):
        if _LABELS[genre].search(top):
            return DocumentGenre(d, genre, f"labelled {genre} at its top")
    joined = " ".join(texts)
    lower = joined.lower()
    if any(g in lower for g in _RATING_GATES) and _RATING.search(joined):
        return DocumentGenre(d, "review", "a rating")
    lines = "\n".join(texts)
    if (
        any(g in lines for g in _CREDIT_GATES)
        and _CREDITS.search(lines)
        and _rate(texts, _WORK) >= 0.05
    ):
        return DocumentGenre(d, "review", "a review's credits")
    n = len(texts)
    if n >= MIN_SENTENCES:
        # speech verbs a sentence, in one pass over the text (news attributes: most
        # documents stop here)
        said = len(_SAID.findall(joined)) / n
        if said <= REVIEW_MAX_SAID and _rate(texts, _WORK) >= 0.1:
            verdicts = sum(1 for t in texts if is_verdict(t)) / n
            if verdicts >= REVIEW_VERDICTS:
                why = f"a critic's verdicts about a work ({verdicts:.0%} of sentences)"
                return DocumentGenre(d, "review", why)
        if said <= OPINION_MAX_SAID and _FIRST_PERSON.search(joined):
            outside = [_QUOTED.sub(" ", t) if '"' in t or "“" in t else t for t in texts]
            first = _rate(outside, _FIRST_PERSON)
            if first >= OPINION_FIRST_PERSON:
                voice = f"first person in {first:.0%} of sentences, attribution in {said:.0%}"
                if _rate(texts, _WORK) >= 0.1:
                    return DocumentGenre(d, "review", f"a critic's voice about a work ({voice})")
                return DocumentGenre(d, "opinion", f"a column's voice ({voice})")
        if joined.count("?") >= EXPLAINER_QUESTIONS * n:
            outside = [_QUOTED.sub(" ", t) for t in texts]
            questions = sum(1 for t in outside if t.rstrip(" \"'”’)").endswith("?")) / n
            if questions >= EXPLAINER_QUESTIONS:
                return DocumentGenre(d, "explainer", f"questions in {questions:.0%} of sentences")
    # only the title or headline labels the whole article: in its first sentences "here's
    # what you need to know about him" is a caption or a promotion of a video (round 4,
    # r4l04: a news report left out for its photo caption)
    heading = _heading(cluster, d)
    if heading and _LABELS["explainer"].search(heading):
        return DocumentGenre(d, "explainer", "labelled an explainer in its title")
    if stems is not None:
        topical = stems.topicality(d, ignored)
        on = frozenset(p for p, share in topical.items() if share >= ON_TOPIC_OVERLAP)
        labelled = bool(_LABELS["roundup"].search(top))
        many = len(topical) >= ROUNDUP_MIN_PARAGRAPHS
        off_share = 1 - len(on) / len(topical) if topical else 0.0
        if on and (labelled or (many and off_share >= ROUNDUP_OFF_TOPIC)):
            why = (
                "labelled a round-up"
                if labelled
                else f"{off_share:.0%} of paragraphs off the story"
            )
            return DocumentGenre(d, "roundup", why, on)
    return DocumentGenre(d)
