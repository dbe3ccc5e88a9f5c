"""Whether a capitalised pair in an article is a person's full name ("Ana Molina"), for
``unintroduced``: not a place ("Upper Darby"), an organisation ("Darby Police"), part of a
longer capitalised phrase (a headline, "Workers Seek Jack The Cat") or a sentence's first word
before a name ("Yesterday Josh", "Read Newsweek").

The word lists are the checks' own copies (of :mod:`storybrief.text.lexicon`'s ``PLACES`` and
``ORG_WORDS``, cut to what these rules read): the checks must not share the pipeline's lists,
so that a rule of the pipeline cannot pass its own test."""

from __future__ import annotations

import re
from collections.abc import Callable

from storybrief.evaluate.checks.lexicon import _TIME_WORDS

_PLACE_FIRST_WORDS = frozenset(
    """upper lower north south east west northern southern eastern western new old port fort
    mount mt lake glen grand little cape bay palm san santa los las saint st el la le""".split()
)
"""First words of place names, never a person's first name."""

_NEVER_FIRST = frozenset(
    """Yesterday Today Tonight Tomorrow Now Then Later Earlier Meanwhile Recently Finally
    Read Watch See Meet Click Follow Listen Share Subscribe Sign Join Ask Seek Find Get""".split()
)
"""Words that stand before a name at a sentence's or a headline's start and are no first
name: adverbs of time ("Yesterday Josh checked in") and imperatives of page furniture and
headlines ("Read Newsweek's story", "Meet McDonald's McRibster")."""

_REGIONS = frozenset(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma
    Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo England Scotland Wales Ireland
    Canada Australia Mexico France Germany Italy Spain China Japan India Russia Britain""".split()
)
"""US states (and their abbreviations) and a few countries: "Darby, Pennsylvania" is a place."""

_TWO_WORD_REGIONS = re.compile(
    r"(?:New|North|South|West|Rhode)\s+(?:Hampshire|Jersey|Mexico|York|Carolina|Dakota|"
    r"Virginia|Island)|[NS]\.\s?[CDJHMY]\.|D\.C\."
)

_ORG_WORDS = frozenset(
    """Department Ministry Agency Police Inc Corp Corporation Company Co Ltd University College
    School Council Committee Commission Party Association Institute Center Centre News Times
    Post Journal Herald Tribune Gazette Telegraph Airlines Airways Court Office Administration
    Service Board Foundation Fund Bank Group Club Team League Church Union Network Society
    Hospital Museum Zoo Organization Organisation Authority Bureau Force Army Navy Guard
    Coalition Campaign Observatory Press Media Magazine Congress Senate Parliament Government
    Embassy Consulate Cabinet Assembly Federation Alliance Project Studios Records
    Entertainment Pictures Industries Holdings Partners Capital Labs Laboratories Solutions
    Services Brands Motors Energy Resources Township County City Borough Village Park Street
    Avenue Road Airport Station Bridge River Beach Island Valley""".split()
)
"""Words that make the capitalised phrase they end an organisation or a place ("Darby Police",
"Upper Darby Township")."""

_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|across|around|throughout)\s+$")
"""Before a place or a publication, not a person: "in Upper Darby", "writes in Newsweek"."""

_MAY_FOLLOW = frozenset("Jr Sr II III IV".split()) | {w.capitalize() for w in _TIME_WORDS}
"""Capitalised words that may follow a full name: a suffix, a day ("said Ana Molina Tuesday")."""
_SENTENCE_BREAK = set(".!?:;\"'“”‘’([")
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt Capt Cmdr Adm Prof St Rev Det Atty Ald Jr Sr".split()
)


def place_after(text: str, end: int) -> bool:
    """``text`` at ``end`` goes on ", Region" ("Darby, Pennsylvania", "Darby, Pa."): the
    name before is a place."""
    m = re.match(r",\s+((?:[A-Z][a-z]*\.?\s?){1,2})", text[end : end + 30])
    if not m:
        return False
    region = m.group(1).strip()
    return region.rstrip(".") in _REGIONS or bool(_TWO_WORD_REGIONS.match(region))


def place_or_outlet(text: str, start: int, end: int) -> bool:
    """The capitalised words at ``text[start:end]`` read as a place, an organisation or a
    publication from their context: after "in"/"at"/"near", before ", Region", or before an
    organisation word ("Darby Police")."""
    if _LOCATIVE.search(text[max(0, start - 12) : start]) or place_after(text, end):
        return True
    nxt = re.match(r"\s+([A-Z][\w'’-]*)", text[end : end + 40])
    return bool(nxt and nxt.group(1).rstrip(".") in _ORG_WORDS)


def _starts_sentence(text: str, start: int) -> bool:
    """Nothing but a sentence break (or a quotation mark, a bracket) before ``start``; a title
    or an initial before it ("Dr. Ana", "J. Smith") is no break."""
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if not before or before[-1] == "\n":
        return True
    if before[-1] != ".":
        return before[-1] in _SENTENCE_BREAK
    word = re.search(r"([\w'’]*)\.$", before)
    abbreviation = word is not None and (
        word.group(1) in _ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper())
    )
    return not abbreviation


def full_name_reading(
    text: str,
    start: int,
    end: int,
    first: str,
    titles: frozenset[str],
    written_lower: Callable[[str], bool],
) -> bool:
    """The "First Surname" at ``text[start:end]`` reads as a person's full name: ``first`` is
    no place or organisation word, the pair is no place, organisation or outlet by its context
    (:func:`place_or_outlet`), it is not part of a longer run of capitalised words (a headline
    or a title; a title before it and a suffix after it are fine), ``first`` is no adverb of
    time or headline imperative (``_NEVER_FIRST``), and when it opens a sentence the
    documents never write it in lower case (``written_lower``: a capital at a sentence's
    start may be only the sentence's, "Seek" in "Seek Jack").  Precision first: a pair that
    fails is not taken for a full name, so the surname is not reported."""
    if first in _NEVER_FIRST or first.lower() in _PLACE_FIRST_WORDS or first in _ORG_WORDS:
        return False  # "Team Nola", "Police Chief": an organisation's word opens no name
    if place_or_outlet(text, start, end):
        return False
    nxt = re.match(r"[ \t]+([A-Z][\w'’-]*)", text[end : end + 40])
    if nxt and nxt.group(1).rstrip(".") not in _MAY_FOLLOW:
        return False  # "Seek Jack The Cat", "Upper Darby Township"
    if _after_capitalised_run(text, start, titles):
        return False  # "Airport Workers Seek Jack"
    return not (_starts_sentence(text, start) and written_lower(first))


def _after_capitalised_run(text: str, start: int, titles: frozenset[str]) -> bool:
    """The word before ``start`` (same line) is capitalised, no title and no sentence's first
    word: the pair continues a longer capitalised phrase ("Airport Workers Seek Jack")."""
    m = re.search(r"(?<![\w'’-])([A-Z][\w'’-]*)[ \t]+$", text[max(0, start - 40) : start])
    if not m or m.group(1) in titles:
        return False
    return not _starts_sentence(text, start - len(m.group(0)))
