"""Checks that read the whole summary (and its documents), and :func:`check_summary`.

Over 500 lines: one function per context check (dangling openers, surnames, referents,
quotations, off-story sentences, citations), which share the summary's name and stem helpers;
each is short and documented in the package docstring.  Repeats and restated facts are in
:mod:`storybrief.evaluate.checks.repeats`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storybrief.evaluate.checks.anaphora import (
    anaphoric_definites,
    demonstratives,
    modified_epithets,
    pronoun_speakers,
)
from storybrief.evaluate.checks.context import SummaryContext, figures_and_names
from storybrief.evaluate.checks.context import names_in as _names
from storybrief.evaluate.checks.documents import CheckedDocuments, opinion_page
from storybrief.evaluate.checks.lexicon import (
    _CHAINS,
    _CONNECTIVE_PHRASES,
    _CONNECTIVES,
    _COURTESY,
    _EPITHETS,
    _FUNCTION_OR_SPEECH,
    _HYPERNYMS,
    _NEEDS_COMMA,
    _NOT_NAMES,
    _PERSONAL,
    _PRONOUNS,
    _REFERENT_NOUNS,
    _RESTRICTIVE,
    _SPEECH,
    _SUBJECT_VERBS,
    _TITLES,
)
from storybrief.evaluate.checks.names import full_name_reading, place_or_outlet
from storybrief.evaluate.checks.patterns import (
    _EXPLETIVE_IT,
    _FIRST_WORDS,
    _NAME_TOKEN,
    _OPENERS_Q,
    _QUOTE_SPAN,
    _REFERENT,
    _SPEECH_OUTSIDE,
    _TIME_AFTER_DEMONSTRATIVE,
    _VIEW_ATTRIBUTED,
    _WORD_SPAN,
)
from storybrief.evaluate.checks.repeats import repeated_sentences, restated_facts
from storybrief.evaluate.checks.rules import (
    EDITOR_KINDS,
    JUNK_KINDS,
    KINDS,
    OFF_STORY_MAX_SHARED,
    RESOLVED_CONTAINMENT,
    SUPPORT_COSINE,
    SUPPORT_WINDOW,
    SUPPORT_WORDS,
    Finding,
    _stem_set,
    compact,
    plain,
)
from storybrief.evaluate.checks.sentence import check_sentence
from storybrief.text.words import content_stems


@dataclass
class SummaryChecks:
    """The checks of one summary: its sentences, every finding, and the summary-level facts."""

    sentences: list[str]
    findings: list[Finding] = field(default_factory=list)
    lead_opening: bool | None = None  # None for an empty summary
    citations: int = 0  # (sentence, cited document) pairs checked
    citations_verified: int = 0

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def flagged(self, kind: str) -> set[int]:
        """Indices of the sentences with a finding of ``kind``."""
        return {f.sentence for f in self.findings if f.kind == kind}

    def kinds_of(self, sentence: int) -> set[str]:
        return {f.kind for f in self.findings if f.sentence == sentence}

    @property
    def junk(self) -> bool:
        """Any sentence is furniture, a fragment, glued, over-long or a dateline."""
        return any(f.kind in JUNK_KINDS for f in self.findings)

    @property
    def dangling(self) -> int:
        """Number of sentences with a dangling opener."""
        return len(self.flagged("dangling"))

    @property
    def has_repeat(self) -> bool:
        return any(f.kind == "repeat" for f in self.findings)

    def counts(self) -> Counter:
        """Findings per kind."""
        return Counter(f.kind for f in self.findings)

    def editor_counts(self) -> dict[str, int]:
        """Defects per grader kind (:data:`EDITOR_KINDS`): the sentences with a finding of one
        of the kind's findings, each sentence once.  A citation whose document holds the
        content in other words is no grader's bad citation (graders judge support), though it
        stays ``unverified`` (the words are not there): it is counted by :meth:`paraphrased`."""
        return {
            name: len({f.sentence for f in self.findings if f.kind in kinds and f.defect})
            for name, kinds in EDITOR_KINDS.items()
        }

    def paraphrased(self) -> int:
        """Sentences with a citation that holds the content reworded: a paraphrase, not
        verifiable by deletion, and no defect (:attr:`Finding.supported`)."""
        return len({f.sentence for f in self.findings if f.kind == "unverified" and f.supported})


def opener(text: str) -> tuple[str, str] | None:
    """("pronoun"|"connective", the words) when ``text`` opens with a pronoun, determiner or
    connective that needs an antecedent; None otherwise (see the module docstring)."""
    t = text.lstrip()
    if not t or t[0] in _OPENERS_Q:
        return None  # a quotation opens: the speaker's own words
    low = t.lower()
    for phrase in _CONNECTIVE_PHRASES:
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalnum()):
            return ("connective", t[: len(phrase)])
    m = _FIRST_WORDS.match(t)
    if not m:
        return None
    first = m.group(1)
    w = first.lower().replace("’", "'")
    base = w.split("'")[0]
    comma = bool(m.group(2))
    if not first[0].isupper():
        return None
    if base in _PRONOUNS:
        if base in ("this", "these") and _TIME_AFTER_DEMONSTRATIVE.match(t):
            return None
        if base == "it" and _EXPLETIVE_IT.match(t):
            return None
        return ("pronoun", first)
    if base in _CONNECTIVES:
        nxt = (m.group(3) or "").lower()
        if base == "so" and nxt in ("far", "much", "many", "called", "long"):
            return None
        if base == "then" and t[len(first) : len(first) + 1] == "-":
            return None  # "Then-President"
        if base in _NEEDS_COMMA and not comma:
            return None
        if base == "also" and nxt in ("known", "called"):
            return None  # "Also known as ..." opens a caption-like aside, judged elsewhere
        return ("connective", first)
    return None


def _containment(inner: list[str], outer: list[str]) -> float:
    a = set(inner)
    if not a:
        return 0.0
    return len(a & set(outer)) / len(a)


def _dangling(summary: SummaryContext, i: int) -> Finding | None:
    found = opener(summary.sentences[i])
    if not found:
        return None
    kind, word = found
    if i == 0:
        return Finding("dangling", i, f"opens the summary with '{word}'")
    prev = summary.sentences[i - 1]
    base = word.lower().split("'")[0].split("’")[0]
    prev_words = {w.lower() for w in _WORD_SPAN.findall(prev)}
    for family in _CHAINS:
        if base in family and family & prev_words:
            # the sentence before refers to the same one ("... to him. He was ..."; "I ...
            # My ..."): the chain is as resolved as that sentence, which is judged itself
            return None
    where = summary.locate(i)
    if where is None:
        if kind == "pronoun" and word.lower() in _PERSONAL:
            if _names(prev):
                return None
            return Finding("dangling", i, f"'{word}': the sentence before names no one")
        return None  # cannot judge without the source context
    d, off = where
    antecedent = summary.docs.sentence_before(d, off)
    if antecedent is None:
        return Finding("dangling", i, f"'{word}' opens article {d + 1}: nothing to refer to")
    ante_c = compact(antecedent)
    prev_c = summary.compacts[i - 1]
    if ante_c and (ante_c in prev_c or prev_c in ante_c):
        return None  # the summary keeps the source's order here
    if kind == "pronoun" and _names(antecedent) & _names(prev):
        return None
    if _containment(content_stems(antecedent), content_stems(prev)) >= RESOLVED_CONTAINMENT:
        return None
    short = antecedent if len(antecedent) <= 80 else antecedent[:77] + "..."
    return Finding(
        "dangling",
        i,
        f"'{word}' leans on a sentence the summary leaves out: \"{short}\"",
        document=d,
    )


@dataclass
class _Mention:
    sentence: int
    bare: bool  # not part of a longer capitalised name
    person: bool  # used as a person: next to a speech verb or after Mr./Ms.
    place: bool = False  # read as a place or an outlet ("in Darby", "Darby, Pa.")


def _mentions(sentences: Sequence[str]) -> dict[str, list[_Mention]]:
    """Every capitalised single-word name of the summary and how each mention is used."""
    out: dict[str, list[_Mention]] = {}
    for i, s in enumerate(sentences):
        toks = list(_WORD_SPAN.finditer(s))
        for k, m in enumerate(toks):
            tok = m.group()
            if not tok[0].isupper():
                continue
            bare = tok[:-2] if tok.endswith(("'s", "’s")) else tok
            if (
                len(bare) < 3
                or bare in _NOT_NAMES
                or bare in _TITLES
                or not _NAME_TOKEN.fullmatch(bare)
            ):
                continue
            prev_tok = toks[k - 1].group() if k > 0 else ""
            next_tok = toks[k + 1].group() if k + 1 < len(toks) else ""
            gap_before = s[toks[k - 1].end() : m.start()].strip() if k > 0 else "^"
            gap_after = s[m.end() : toks[k + 1].start()].strip() if k + 1 < len(toks) else "$"
            courtesy = prev_tok in _COURTESY and gap_before in (".", "")
            initial = len(prev_tok) == 1 and prev_tok.isupper() and gap_before == "."
            # a nickname in quotation marks between the names: Liberty "Libby" German
            nickname = (
                k > 1
                and gap_before in ('"', "”")
                and s[toks[k - 2].end() : toks[k - 1].start()].strip() in ('"', "“")
                and toks[k - 2].group()[:1].isupper()
            )
            in_name = (
                not courtesy
                and prev_tok[:1].isupper()
                and (gap_before == "" or initial or nickname)
            ) or (tok == bare and next_tok[:1].isupper() and gap_after == "")
            # "University of Texas", "Libyan state TV": a modifier, not a person
            modifier = gap_after == "" and (
                next_tok == "of" or (next_tok[:1].islower() and next_tok not in _FUNCTION_OR_SPEECH)
            )
            speaker = (next_tok.lower() in _SPEECH and gap_after in ("", ",")) or (
                prev_tok.lower() in _SPEECH and gap_before in ("", ",")
            )
            # a person's possessive or a verb after the name ("Kroll's girlfriend", "Martinez
            # had"): used as a person when the sources give the full name
            acts = gap_after == "" and next_tok in _SUBJECT_VERBS
            owns = tok != bare and not modifier
            person = courtesy or (speaker and not modifier) or acts or owns
            place = place_or_outlet(s, m.start(), m.start() + len(bare))
            out.setdefault(bare, []).append(_Mention(i, not in_name, person, place))
    return out


def _unintroduced(sentences: Sequence[str], docs: CheckedDocuments) -> list[Finding]:
    out: list[Finding] = []
    in_digest = _names(" ".join(sentences))
    for name, mentions in _mentions(sentences).items():
        if not mentions[0].bare:
            continue  # introduced at its first mention ("Ana Molina")
        if all(m.place for m in mentions):
            continue  # "in Darby", "Darby, Pennsylvania", "writes in Newsweek"
        if all(m.bare for m in mentions) and not _lower_case_in(docs, name):
            surname = _surname_in(docs, name)
            if surname is not None and surname not in in_digest:
                out.append(
                    Finding(
                        "unintroduced",
                        mentions[0].sentence,
                        f"'{name}' is named by first name only (the sources: '{name} {surname}')",
                    )
                )
                continue
        # used as a person, here or in the sources (substring tests), before the costlier
        # search for a full name
        if not any(m.person for m in mentions) and not _person_in(docs, name):
            continue
        full = _full_name_in(docs, name)
        if full is not None:
            out.append(
                Finding(
                    "unintroduced",
                    mentions[0].sentence,
                    f"'{name}' is named by surname only (the sources: '{full}')",
                )
            )
    return out


def _surname_in(docs: CheckedDocuments, first: str) -> str | None:
    """The surname the documents give ``first`` ("Josh" -> "Duggar" from "Josh Duggar"), when
    that surname is itself used as a person there ("Duggar said", "Mr. Duggar", "Duggar's"):
    the digest that writes only "Josh" names someone the reader cannot place."""
    key = ("surname", first)
    if key not in docs.memo:
        found = None
        rx = re.compile(rf"\b{re.escape(first)} ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
        for d in range(len(docs)):
            text = docs.plain(d)
            if first not in text:
                continue
            for m in rx.finditer(text):
                surname = m.group(1)
                if surname in _NOT_NAMES or surname in _TITLES or surname in _SPEECH:
                    continue
                if _lower_case_in(docs, surname):
                    continue  # "Ipswich Police", "Australian Air": a common noun, no surname
                if _person_in(docs, surname):
                    found = surname
                    break
            if found:
                break
        docs.memo[key] = found
    return docs.memo[key]


def _lower_case_in(docs: CheckedDocuments, word: str) -> bool:
    """The documents also write ``word`` in lower case: a common word, not a name."""
    key = ("lower case", word)
    if key not in docs.memo:
        rx = re.compile(rf"\b{re.escape(word.lower())}\b")
        docs.memo[key] = any(rx.search(docs.plain(d)) for d in range(len(docs)))
    return docs.memo[key]


def _person_in(docs: CheckedDocuments, surname: str) -> bool:
    """The documents use ``surname`` as a person: after Mr./Ms./Dr. or next to "said"
    (plain substring tests: a regex per name and article costs a pass over the article)."""
    key = ("person", surname)
    if key not in docs.memo:
        forms = [f"{t} {surname}" for t in ("Mr.", "Mrs.", "Ms.", "Dr.", "said", "says")]
        forms += [f"{surname}{v}" for v in (" said", " says", " told", " added", "'s ", "’s ")]
        docs.memo[key] = any(
            f in docs.plain(d) for d in range(len(docs)) if surname in docs.plain(d) for f in forms
        )
    return docs.memo[key]


def _full_name_in(docs: CheckedDocuments, surname: str) -> str | None:
    """A "First Surname" in the documents, the first name not a title or common word; None
    also when the documents use the word in lower case or after "the" or an ordinal."""
    key = ("full name", surname)
    if key not in docs.memo:
        docs.memo[key] = _find_full_name(docs, surname)
    return docs.memo[key]


def _find_full_name(docs: CheckedDocuments, surname: str) -> str | None:
    name = re.escape(surname)
    # an initial or a quoted nickname may stand between: "Mark E. Laidre", 'Liberty "Libby" German'
    rx = re.compile(r'\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?:[A-Z]\. |"[A-Z][a-z]+" )?' + name + r"\b")
    # a common noun ("police"), or a name used as an institution or family ("the 7th Fleet",
    # "the Obama administration", "the Smith family")
    low = surname.lower()
    lower = re.compile(rf"\b{re.escape(low)}\b|\b(?:[Tt]he|\d+(?:st|nd|rd|th)) {name}\b")
    found = None
    for d in range(len(docs)):
        text = docs.plain(d)
        if surname not in text and low not in text:
            continue  # a substring test first: the regexes cost a pass over the article
        if lower.search(text):
            return None
        if found is None:
            for m in rx.finditer(text):
                first = m.group(1)
                if (
                    first not in _TITLES
                    and first not in _NOT_NAMES
                    # not "Upper Darby", "Darby Police", "Seek Jack The Cat", "Yesterday Josh"
                    and full_name_reading(
                        text, m.start(), m.end(), first, _TITLES, lambda w: _lower_case_in(docs, w)
                    )
                ):
                    found = m.group(0)
                    break
    return found


def _referents(sentences: Sequence[str]) -> list[Finding]:
    """``referent``: a definite description ("the group", "the storm", "the witness said")
    whose noun (or a word for the same thing, ``_HYPERNYMS``) nothing before it in the
    digest names; not when a restrictive phrase or a name follows it ("the group of
    students", "the group Anonymous")."""
    out: list[Finding] = []
    before = ""
    for i, s in enumerate(sentences):
        for m in _REFERENT.finditer(s):
            # the noun right after "the", or after one modifier ("the Oscar winner")
            if m.group("first") in _REFERENT_NOUNS or m.group("first") in _EPITHETS:
                noun, after, end = m.group("first"), m.group("second") or "", m.end("first")
            elif m.group("second") in _REFERENT_NOUNS or m.group("second") in _EPITHETS:
                noun, after, end = m.group("second"), m.group("third") or "", m.end("second")
            else:
                continue
            epithet = noun in _EPITHETS
            if s[end : end + 1] == "," and after[:1].isupper():
                continue  # an appositive names it: "the group, Anonymous,"
            after = after.strip(" ,.;:\"'”’")
            if after.lower() in _RESTRICTIVE or (after[:1].isupper() and not after.isupper()):
                continue
            seen = (before + " " + s[: m.start()]).lower()
            known = {noun, noun.rstrip("s"), *_HYPERNYMS.get(noun, "").split()}
            words = set(re.findall(r"[a-z]+", seen))
            if known & words or any(w.rstrip("s") in known for w in words):
                continue
            if epithet and _names(before + " " + s[: m.start()]):
                continue
            out.append(
                Finding("referent", i, f"'{m.group().split(',')[0].strip()}' is never introduced")
            )
            break
        before += " " + s
    return out


def _speakerless(sentences: Sequence[str]) -> list[Finding]:
    """``speakerless``: a sentence that is a quotation (of four words or more) with no speaker:
    nothing outside its quotation marks says who speaks, and the sentence before does not
    introduce it with a colon."""
    out: list[Finding] = []
    for i, s in enumerate(sentences):
        t = plain(s).strip()
        quoted = " ".join(_QUOTE_SPAN.findall(t))
        if len(quoted.split()) < 4:
            continue
        rest = _QUOTE_SPAN.sub(" ", t)
        if len(rest.split()) > 3 or _SPEECH_OUTSIDE.search(rest):
            continue
        if i > 0:
            spoken_before = " ".join(_QUOTE_SPAN.sub(" ", plain(x)) for x in sentences[:i])
            if _names(spoken_before.split(" ", 1)[-1]):
                continue  # someone is named before: the reader can take them for the speaker
            prev = plain(sentences[i - 1])
            if prev.rstrip(" \"'").endswith(":"):
                continue
            prev_rest = _QUOTE_SPAN.sub(" ", prev)
            if _SPEECH_OUTSIDE.search(prev_rest) and _names(prev_rest):
                continue  # the speaker of the sentence before goes on
        out.append(Finding("speakerless", i, "a quotation with no speaker"))
    return out


_SENTENCE_OPENING = re.compile(r'(?:^|[.!?:;]\s+|"\s*)[A-Z][\w\'-]*')


def _off_story(summary: SummaryContext) -> list[Finding]:
    """``off_story``: a sentence about something else (an unrelated item of a round-up page):
    it names someone or something, and no other digest sentence and no other document of the
    cluster shares any of its names, and it shares at most ``OFF_STORY_MAX_SHARED`` content
    words with the rest of the digest."""
    sentences, docs = summary.sentences, summary.docs
    if len(docs) < 2 or len(sentences) < 3:
        return []
    out: list[Finding] = []
    names = [figures_and_names(s)[1] for s in sentences]
    # the item's own names: two at least, none capitalised only by opening a sentence or a
    # quotation inside it ("... fine." "They're")
    own = [
        {n for n in figures_and_names(_SENTENCE_OPENING.sub(" ", plain(s)))[1] if n in names[i]}
        for i, s in enumerate(sentences)
    ]
    stems = [_stem_set(s) for s in sentences]
    for i in range(len(sentences)):
        if len(own[i]) < 2:
            continue
        others = set().union(*(names[k] for k in range(len(sentences)) if k != i))
        if names[i] & others:
            continue
        rest = set().union(*(stems[k] for k in range(len(sentences)) if k != i))
        if len(stems[i] & rest) > OFF_STORY_MAX_SHARED:
            continue
        where = summary.locate(i)
        home = {where[0]} if where else set(summary.cited(i) or ())
        if not home:
            continue
        if any(n in docs.plain(d) for d in range(len(docs)) if d not in home for n in names[i]):
            continue
        out.append(Finding("off_story", i, "about something no other sentence or article names"))
    return out


def _opinion_page_claims(summary: SummaryContext) -> list[Finding]:
    """``opinion``: a sentence cited only to opinion pages (:func:`opinion_page`: a column, a
    review, a first-person essay) that states a general claim in the digest's own voice: no
    speech verb or "according to", no writer named as its holder, and no name or figure a
    reader could check ("Importance is earned, shot by shot, scene by scene.")."""
    sources, docs = summary.sources, summary.docs
    if sources is None:
        return []
    out: list[Finding] = []
    for i, s in enumerate(summary.sentences):
        cited = [d for d in sources[i] if 0 <= d < len(docs)]
        if not cited or not all(opinion_page(docs, d) for d in cited):
            continue
        t = plain(s)
        if t.count('"') % 2:
            continue  # part of a longer quotation: whose voice cannot be told
        rest = _QUOTE_SPAN.sub(" ", t)
        if len(rest.split()) < 4 or _SPEECH_OUTSIDE.search(t) or _VIEW_ATTRIBUTED.search(rest):
            continue
        figures, names = figures_and_names(rest)
        if figures or names:
            continue
        out.append(Finding("opinion", i, "an opinion page's general claim, unattributed"))
    return out


def _citations(
    sentences: Sequence[str],
    sources: Sequence[Sequence[int]],
    similar: Sequence[Sequence[int]] | None,
    docs: CheckedDocuments,
) -> tuple[int, int, list[Finding]]:
    """The strict rule for ``sources`` (the sentence's text, or the text with words deleted,
    is in the document), the support test for ``similar``; every citation that fails the
    strict rule is ``unverified``, ``supported`` when the document holds the content in
    other words (:func:`_support`)."""
    total = verified = 0
    out = []
    for i, cited in enumerate(sources):
        for d in cited:
            total += 1
            if docs.holds(d, sentences[i]):
                verified += 1  # the text, or the text with words deleted (compression)
            elif not 0 <= d < len(docs):
                out.append(
                    Finding("unverified", i, f"cites document {d + 1}, which does not exist", d)
                )
            else:
                detail, supported = _support(sentences[i], docs, d)
                out.append(Finding("unverified", i, detail, d, supported=supported))
        for d in similar[i] if similar is not None else ():
            # named as also reporting the sentence ("also [n]"): held to support only
            if d in cited or (0 <= d < len(docs) and docs.holds(d, sentences[i])):
                continue
            if not 0 <= d < len(docs):
                out.append(
                    Finding("unverified", i, f"names document {d + 1}, which does not exist", d)
                )
                continue
            detail, supported = _support(sentences[i], docs, d)
            if not supported:
                out.append(Finding("unverified", i, "also " + detail, d))
    return total, verified, out


def _support(sentence: str, docs: CheckedDocuments, d: int) -> tuple[str, bool]:
    """Whether document ``d`` holds the sentence's content in other words (see
    :data:`SUPPORT_WORDS`), and a detail saying how close it comes."""
    share, cosine = docs.support(d, sentence)
    how = (
        f"{round(100 * share)}% of its content words in {SUPPORT_WINDOW} sentences, "
        f"cosine {cosine:.2f}"
    )
    if share >= SUPPORT_WORDS or cosine >= SUPPORT_COSINE:
        return f"document {d + 1} holds it reworded ({how}): not verifiable by deletion", True
    return f"document {d + 1} does not hold it ({how})", False


# -- the API ------------------------------------------------------------------------------


def check_summary(
    sentences: Sequence[str],
    sources: Sequence[Sequence[int]] | None,
    documents: Sequence[Any] | CheckedDocuments,
    similar: Sequence[Sequence[int]] | None = None,
) -> SummaryChecks:
    """Every check of one summary.

    ``sentences`` in reading order; ``sources[i]`` the 0-based indices of the documents
    sentence ``i`` cites (None when the summarizer gives none: citations are then not checked
    and sentences are looked up in every document); ``documents`` the cluster's input
    documents (strings, ``{"text": ...}`` dicts, or a :class:`CheckedDocuments` to reuse);
    ``similar[i]`` the documents named as also reporting sentence ``i`` in other words
    (storybrief's "also [n]"): they are held to support only, never to the strict rule."""
    docs = documents if isinstance(documents, CheckedDocuments) else CheckedDocuments(documents)
    sentences = list(sentences)
    if sources is not None and len(sources) != len(sentences):
        raise ValueError(f"{len(sentences)} sentences but {len(sources)} source lists")
    if similar is not None and len(similar) != len(sentences):
        raise ValueError(f"{len(sentences)} sentences but {len(similar)} similar lists")
    result = SummaryChecks(sentences)
    compacts = [compact(s) for s in sentences]
    context = SummaryContext(sentences, compacts, sources, docs)
    for i, s in enumerate(sentences):
        result.findings += check_sentence(s, i)
        finding = _dangling(context, i)
        if finding:
            result.findings.append(finding)
    result.findings += _unintroduced(sentences, docs)
    result.findings += _referents(sentences)
    result.findings += demonstratives(sentences)
    result.findings += modified_epithets(sentences)
    result.findings += anaphoric_definites(context)
    result.findings += pronoun_speakers(context)
    result.findings += _speakerless(sentences)
    repeated = repeated_sentences(sentences, compacts)
    result.findings += repeated
    result.findings += restated_facts(sentences, {f.sentence for f in repeated})
    result.findings += _off_story(context)
    result.findings += _opinion_page_claims(context)
    if sources is not None:
        total, verified, unverified = _citations(sentences, sources, similar, docs)
        result.citations, result.citations_verified = total, verified
        result.findings += unverified
    if sentences:
        first = compacts[0]
        result.lead_opening = bool(first) and any(
            first in lead or (len(lead) > 20 and lead in first) for lead in docs.lead_sentences()
        )
    result.findings.sort(key=lambda f: (f.sentence, KINDS.index(f.kind)))
    return result
