"""The automatic editor's checks: what a careful reader would object to in a summary.

:func:`check_summary` reads one summary (its sentences, the documents each sentence cites, and
the input documents) and returns a :class:`SummaryChecks` with one :class:`Finding` per
problem; :class:`ChecksReport` (built with :func:`aggregate`) sums many summaries into the
shares ``storybrief evaluate --checks`` prints.  The rules are written from the definitions of
issue 9, on purpose *independently* of the pipeline's cleaner, segmenter and selector: this
module imports nothing from ``storybrief.pipeline`` or ``storybrief.analysis``, and its phrase
lists are its own, so a pipeline rule cannot pass its own test.  Only the text layer's word
tokenizer and sentence splitter are shared.  Each rule is written to be *precise*: it stays
silent when in doubt, because a check that fires on good sentences misleads every decision
taken with it.

Kinds of finding (``Finding.kind``):

``furniture``
    Web furniture and page machinery copied into the summary: share/follow/click/subscribe/
    sign-up prompts, newsletters, "send us your photos", app-store and contact lines, cookie/
    JavaScript/browser notices, paywall and log-in prompts, copyright lines, comment prompts,
    web-archive notices (Wayback Machine, crawls), correction notices ("This story has been
    corrected"), video-player text ("Skip in Skip x Embed x Share", "[Video Link]", "Buy
    Photo"), photo captions and credits ("(AP Photo/...)", "In this May 3, 2015 photo, ...",
    "A photo from ...", "Photo: ...", "Image caption", "Getty Images", "(left)"), pointers to
    page elements ("the video below", "scroll down"), page labels ("UPDATE:", "Video:"),
    reporting credits ("Reporting by ...", "AP writer Ken Thomas contributed"), bylines ("By
    Jane Roe"), time stamps ("Updated 3:15 p.m."), URLs, e-mail addresses and embedded
    tweets.  The phrase list is ``_FURNITURE_RULES``; each entry is a phrase ordinary news
    prose does not use ("privacy policy" alone is prose about a privacy policy; "read our
    privacy policy" is furniture).
``fragment``
    Not a sentence a reader can use: no letters at all ("2015", "2)."), a single word
    ("Paul.", "Advertisement", "Yes."), a page error ("An error has occurred."), a lead-in
    that ends with a colon ("The full statement reads as follows:", "Source:"), text cut with
    an ellipsis ("... and then..."), no final punctuation (headlines, section labels, cut
    text), a title-case headline ending in "!" or "?" (80% of at least three words
    capitalised), text in capitals (80% of the letters, four words or more: a headline or a
    TV transcript), a sentence cut after a title ("(The Rev.", "For more on Sen."), or a
    quotation of at most ``SHORT_QUOTE_WORDS`` (3) words standing alone with no speaker
    ("“Thank you.”").  A colon inside a sentence, or "!" inside a quotation, is no fragment.
``over_long``
    More than ``MAX_WORDS`` (60) whitespace-separated words.
``glued``
    Two sentences joined with no space: a word ending in two lower-case letters (or a number
    of two or more digits) followed by ``.``, ``!`` or ``?``, optionally a quotation mark, then
    an upper-case letter and a lower-case one: "death.It was", "1990.\\"We".  Not glued:
    abbreviations ("U.S.", "e.g.", titles such as "Mrs.Smith"), URLs, domains, e-mail
    addresses.
``dateline``
    A wire dateline left at the start: "WASHINGTON —", "CITY, Country (Reuters) -",
    "FLORENCE, Italy, Feb. 25 (UPI) --", "(HealthDay News) --", "Washington (CNN) —", and the
    dash-less agency CNN now writes ("(CNN) Microsoft ...", "Tokyo (CNN) Seven ..."), the
    press-wire form ("SAN FRANCISCO--(BUSINESS WIRE)--"), or a dateline standing alone as a
    sentence ("NEWTOWN, Conn.").  An all-capitals place (optionally ", Region" and a date,
    optionally an agency in brackets) or a bracketed agency of at most three capitalised
    words, then a dash with spaces, then a capitalised word.  A mixed-case place counts only
    with a bracketed agency or with ", Region" and a long dash, so "Mr. Smith said", "Obama —
    who ..." and "Sen. Lindsey Graham (R-S.C.) said" are not datelines.
``dangling``
    The sentence opens with a pronoun or determiner (He, She, They, It, His, This, These,
    That, Those, Such, We, I, ...) or a connective (But, And, Yet, So, Also, However,
    Meanwhile, Instead, Hence, Indeed, In addition, In fact, After all, ...) whose reference
    the summary does not supply.  The summary's first sentence is always unresolved.  A later
    one is resolved when the sentence before it in the summary supplies what the sentence
    before it *in its source article* supplied: that text itself (the summary keeps the
    source's order), a proper name from it (pronouns), or at least half of its content words
    (``RESOLVED_CONTAINMENT``); or when the sentence before it in the summary continues the
    same pronoun chain ("... important to him. He was ...", "I ... My ...").  When the
    sentence cannot be found in its sources, a personal pronoun counts as resolved if the
    previous summary sentence names anyone, and other openers are not judged (precision
    first).  Not dangling: an opener inside a quotation (the speaker's own "But"), expletive
    "It" ("It is unclear whether", "It was the first time that"), "This week"/"These days"
    and other time phrases, "So far", "Then-President", "Still" and "Then" without a comma.
``unintroduced``
    A person named by surname only, never introduced: a single capitalised name is used as a
    person somewhere in the summary (next to a speech verb, "Molina said", "said Molina", or
    after Mr./Mrs./Ms./Miss), no mention in the summary is part of a longer name, and a
    source gives a first name ("Ana Molina", "Mark E. Laidre").  Not reported: a word the
    sources also use in lower case ("Police"), after "the" or an ordinal ("the 7th Fleet",
    "the Obama administration"), before "of" ("University of Texas") or as a modifier of a
    lower-case word ("Libyan state TV").  Well-known people ("Obama said") are reported too:
    the rule cannot tell fame.  Not one of issue 9's targets; counted on its own.
``repeat``
    The sentence says again what another summary sentence says: its content words (stems,
    stop words left out; ``REPEAT_MIN_WORDS`` (5) or more) are mostly in the other sentence,
    that is at least ``REPEAT_CONTAINMENT`` (75%) of them, or at least
    ``REPEAT_LOOSE_CONTAINMENT`` (half) and at least ``REPEAT_SHARED_WORDS`` (7) of them
    (containment, so a sentence repeated inside a longer one is found, and a paraphrase that
    keeps the names and numbers); or it contains a quotation of at least
    ``REPEAT_QUOTE_WORDS`` (8) words that the other sentence also holds (compared without
    case and final punctuation).  The finding is on the later sentence of a mutual pair, on
    the contained one otherwise.
``unverified``
    A citation that cannot be checked: the sentence's text does not occur in a document it
    cites, comparing after Unicode NFKC, with curly quotes and dashes made plain and all
    whitespace removed (so re-spacing is allowed, any other change is not: "son - just"
    written "son-just" passes, "It was" written "The storm was" does not).  The detail says
    whether the document holds a near-duplicate (``NEAR_DUPLICATE``, 80% of the sentence's
    content words in one paragraph) or nothing like it.

Summary-level facts: ``SummaryChecks.lead_opening`` is true when the summary's first sentence
is one of the first ``LEAD_SENTENCES`` (3) sentences of any input article, counting only
sentences that pass this module's furniture and fragment checks (so a headline, byline or
caption at the top of a page does not take a lead slot); the match is by containment after
the same normalisation as citations, either way round (a dateline stripped by the pipeline
still matches).  ``SummaryChecks.junk`` is true when any sentence is furniture, a fragment,
glued, over-long or a dateline (``JUNK_KINDS``, the targets of issue 9).

Speed: about 1.5 ms of CPU a summary of full web articles (Multi-News raw clusters, three to
four articles of 1,700 words); documents are normalised lazily, once per cluster
(:class:`CheckedDocuments`, reusable across methods).

The checks are made for real text as users give it.  On Multi-News's truncated, lower-cased
training form the rules that read capitals (datelines, names, headlines, text in capitals)
are blind, and glued sentences cannot be told from the form's own spacing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storybrief.text.sentences import split_sentences
from storybrief.text.words import STOP_WORDS, content_stems

MAX_WORDS = 60
"""A sentence with more words than this is ``over_long``."""
SHORT_QUOTE_WORDS = 3
"""A bare quotation of at most this many words, with no speaker, is a ``fragment``."""
LEAD_SENTENCES = 3
"""The summary opens with a lead sentence when its first sentence is among this many first
sentences of an article."""
REPEAT_CONTAINMENT = 0.75
REPEAT_MIN_WORDS = 5
REPEAT_LOOSE_CONTAINMENT = 0.5
REPEAT_SHARED_WORDS = 7
REPEAT_QUOTE_WORDS = 8
RESOLVED_CONTAINMENT = 0.5
NEAR_DUPLICATE = 0.8

KINDS = (
    "furniture",
    "fragment",
    "over_long",
    "glued",
    "dateline",
    "dangling",
    "unintroduced",
    "repeat",
    "unverified",
)
JUNK_KINDS = ("furniture", "fragment", "glued", "over_long", "dateline")
"""Kinds that make a summary count as holding junk (issue 9's readability target)."""


# -- normalisation ------------------------------------------------------------------------

_PLAIN = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
}
# a regex over the few characters to change: str.translate with a dict costs a Python call per
# character of a 10,000-character article
_PLAIN_RX = re.compile("[" + "".join(_PLAIN) + "]")


def plain(text: str) -> str:
    """NFKC, plain quotes and dashes, invisible characters dropped (whitespace kept)."""
    text = unicodedata.normalize("NFKC", text)
    return _PLAIN_RX.sub(lambda m: _PLAIN[m.group()], text)


def compact(text: str) -> str:
    """:func:`plain` with all whitespace removed: the form citations are compared in."""
    return "".join(plain(text).split())  # str.split is several times faster than a regex


# -- findings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem with one summary sentence.

    ``sentence`` is the 0-based index in the summary; ``detail`` says what fired, in words a
    person can check; ``document`` is the cited document for ``unverified``, ``other`` the
    other sentence of a ``repeat``."""

    kind: str
    sentence: int
    detail: str
    document: int | None = None
    other: int | None = None


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


# -- per-sentence checks (no context needed) -----------------------------------------------

_I = re.IGNORECASE
# (name, lower-case substrings one of which the text must hold, regex, flags).  The substrings
# screen a sentence with plain ``in`` tests before any regex runs: thirty regexes that start
# with \b cost ~200 us a sentence, the screen a tenth of that.
_FURNITURE_RULES: list[tuple[str, tuple[str, ...], str, int]] = [
    # sharing, following, prompts to act on the page
    (
        "share prompt",
        ("share ",),
        r"\bshare (?:this|on|via|to) (?:\w+ )?(?:story|article|post|page|facebook|twitter|"
        r"e-?mail|whatsapp|linkedin|pinterest)\b",
        _I,
    ),
    (
        "follow prompt",
        ("follow", "like us"),
        r"\bfollow (?:us|me|him|her|them)\b.{0,40}\b(?:twitter|facebook|instagram|tiktok|"
        r"youtube)\b|\bfollow @\w|\blike us on facebook\b",
        _I,
    ),
    (
        "click prompt",
        ("click", "tap "),
        r"\b(?:click|tap) (?:here|below|above|to (?:see|view|watch|read|enlarge|play|expand|"
        r"open))\b",
        _I,
    ),
    (
        "reading prompt",
        (
            "read more",
            "continue reading",
            "related",
            "see also",
            "more from",
            "recommended",
            "you may also like",
            "most read",
            "trending",
        ),
        r"^\W*(?:read more|continue reading|related(?: \w+){0,2}|see also|more from \w+|"
        r"recommended|you may also like|most read|trending)\s*[:»|>]",
        _I,
    ),
    (
        "reading prompt",
        ("full ", "original ", "continue reading"),
        r"\b(?:read|see) (?:the )?(?:full|original) (?:story|article|report|post) "
        r"(?:here|at|on)\b|\bcontinue reading\b",
        _I,
    ),
    (
        "page prompt",
        (" here", "send us", "app store", " app", "share your", "gallery", "comment"),
        r"\b(?:sign up|register|download (?:a copy|it|the \w+)|learn more|read more|find out "
        r"more|more information) here\b|\bsend us your (?:photos|images|videos?|pictures|"
        r"stories|tips)\b|\bin (?:your|the) app store\b|\bdownload (?:our|the) (?:free )?app\b|"
        r"\bshare your (?:own )?(?:thoughts|views|comments|stories)\b|\bin our gallery\b|"
        r"\bleave (?:your|a) comments?\b",
        _I,
    ),
    ("contact line", ("contact",), r"^\W*contact (?:him|her|them|us|me)? ?(?:at|on|via)\b", _I),
    (
        "video player",
        ("skip in skip", "embed x share", "[video", "[photo", "[link", "[audio", "buy photo"),
        r"\bskip in skip\b|\bembed x share\b|\[(?:video|photo|link|audio)\b[^\]]{0,20}\]|"
        r"\bbuy photo\b",
        _I,
    ),
    # subscriptions, accounts, paywalls
    (
        "subscribe prompt",
        ("subscribe",),
        r"\bsubscribe (?:now|today|here|for (?:free|\$)|to (?:our|the|this) (?:\w+ )?"
        r"(?:newsletter|channel|podcast|feed|magazine))\b",
        _I,
    ),
    (
        "sign-up prompt",
        ("sign up",),
        r"\bsign up (?:for|to (?:receive|get)) (?:our|the|a free|free)(?: \w+){0,3} "
        r"(?:newsletters?|e-?mails?|alerts?|updates)\b",
        _I,
    ),
    (
        "newsletter prompt",
        ("newsletter", "inbox"),
        r"\b(?:our|free|daily|weekly) (?:\w+ )?newsletters?\b.{0,60}\b(?:inbox|sign|subscri|"
        r"deliver)|\b(?:in|to) your inbox\b",
        _I,
    ),
    (
        "account prompt",
        (
            "already",
            "log in",
            "login",
            "sign in",
            "account",
            "subscriber",
            "continue reading",
            "unlimited",
        ),
        r"\balready (?:a subscriber|have an account|registered)\b|\b(?:log|sign) ?in (?:to "
        r"(?:continue|comment|read)|or (?:register|subscribe))\b|\bcreate (?:a free|an) "
        r"account\b|\bsubscribers? only\b|\bto continue reading\b|\bunlimited (?:digital )?"
        r"access\b",
        _I,
    ),
    # notices
    (
        "cookie notice",
        ("cookie",),
        r"\b(?:we|this (?:site|website)) uses? cookies\b|\baccept (?:all )?cookies\b|"
        r"\bcookie (?:policy|settings|preferences|consent)\b|\buse of cookies\b",
        _I,
    ),
    (
        "browser notice",
        ("javascript", "browser", "playback"),
        r"\b(?:enable|turn on) javascript\b|\bjavascript (?:is )?(?:disabled|required|must be "
        r"enabled|is turned off)\b|\b(?:your|this) browser (?:does not|doesn't|is not able to|"
        r"cannot) (?:support|play)|\bupdate your browser\b|\bmedia playback is (?:not "
        r"supported|unsupported)\b",
        _I,
    ),
    (
        "legal notice",
        ("rights reserved", "©", "copyright", "material may not", "privacy policy", "terms of "),
        r"\ball rights reserved\b|©|\bcopyright (?:\(c\) )?(?:19|20)\d\d\b|\bthis material may "
        r"not be (?:published|broadcast|rewritten|redistributed)|\b(?:read|see|review|agree "
        r"to) (?:our|the) (?:privacy policy|terms of (?:use|service))|\bterms of (?:use|"
        r"service)\b.{0,20}\bprivacy policy\b|\bprivacy policy\b.{0,20}\bterms of (?:use|"
        r"service)\b",
        _I,
    ),
    (
        "comment prompt",
        (
            "comment",
            "reply",
            "conversation",
            "discussion",
            "will not be published",
            "required fields",
        ),
        r"\bleave a (?:comment|reply)\b|\bjoin the (?:conversation|discussion)\b|\bcomments? "
        r"(?:are|is) (?:closed|moderated|disabled)\b|\byour e-?mail address will not be "
        r"published\b|\brequired fields are marked\b|\bpost a comment\b",
        _I,
    ),
    (
        "web archive notice",
        ("wayback", "internet archive", "alexa internet", "crawl", "archived"),
        r"\bwayback machine\b|\binternet archive\b|\balexa internet\b|\bcrawl(?:s|ed|er|ing)?\b"
        r".{0,80}\barchiv|\barchiv\w*\b.{0,80}\bcrawl|\bthis (?:page|article|story|content) "
        r"(?:is|was|has been) archived\b",
        _I,
    ),
    (
        "correction notice",
        (
            "this story",
            "this article",
            "this report",
            "this post",
            "correction",
            "editor's note",
            "editor’s note",
        ),
        r"\bthis (?:story|article|report|post) (?:has been|was) (?:corrected|updated|changed|"
        r"amended)\b|^\W*(?:correction|clarification|editor['’]?s note)\s*:",
        _I,
    ),
    # captions and credits
    (
        "photo caption",
        ("photo", "image", "picture", "pic"),
        r"\((?:(?:AP|AFP|Reuters|Getty|EPA|PA|Bloomberg|File)\s+)?(?:Photo|Image|Picture|Pic)s?"
        r"\b[^)]{0,80}\)",
        0,
    ),
    (
        "photo caption",
        ("photo", "image", "picture", "screenshot", "frame grab", "still"),
        r"\bin this (?:[\w.]+,? ){0,6}(?:file |handout |evidence |undated )?(?:photo|image|"
        r"picture|frame grab|video still)\b|^(?:A|An|This|The) (?:file |undated )?(?:photo|"
        r"photograph|image|picture|screenshot|screen grab|still) (?:of|from|shows|showing|taken|"
        r"provided|released)\b|\b(?:photo|image|picture|screenshot|frame grab)s? (?:provided|"
        r"released|obtained|posted) by\b",
        _I,
    ),
    (
        "photo credit",
        ("photo", "image", "picture", "credit", "caption", "illustration", "getty", "/"),
        r"\b(?:Photo|Photograph|Photos|Image|Picture|Credit|Caption|Illustration)(?: credit)?"
        r"\s*:\s*\S|\bImage (?:caption|copyright)\b|\bGetty Images\b|\b(?:AP|AFP|EPA|Reuters) "
        r"(?:Photos?|Images)\b|/\s*(?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock|Bloomberg)\b",
        0,
    ),
    (
        "photo credit",
        ("photo", "caption", "image", "pictured"),
        r"\bphoto(?:graph)?s? (?:by|courtesy(?: of)?) [A-Z]|\bfile photo\b|\b(?:hide|toggle|"
        r"enlarge)(?: this)? (?:caption|image)\b|\bimage \d+ of \d+\b|\bpictured (?:left|right|"
        r"above|below|center|here)\b",
        _I,
    ),
    (
        "photo credit",
        (
            "(left)",
            "(right)",
            "(center)",
            "(centre)",
            "(above)",
            "(below)",
            "(top)",
            "(bottom)",
            "(inset)",
        ),
        r"\((?:left|right|center|centre|above|below|top|bottom|inset)\)",
        _I,
    ),
    ("photo credit", ("/", " of "), r"^\s*\d+\s*(?:/|of)\s*\d+\s*$", 0),
    (
        "page pointer",
        ("below", "above", "scroll down"),
        r"\b(?:the|this) (?:video|clip|photo|photos|image|images|gallery|slideshow|chart|"
        r"graphic|map|tweet|player|infographic) (?:below|above)\b|\bscroll down\b|\bstory "
        r"continues below\b|\b(?:watch|see|view) (?:the )?(?:full )?(?:video|clip|photos|"
        r"gallery) (?:below|above|here)\b",
        _I,
    ),
    (
        "page label",
        (
            "advertisement",
            "sponsored",
            "promoted",
            "tags",
            "filed under",
            "topics",
            "categories",
            "keywords",
            "watch",
            "video",
            "photo",
            "gallery",
            "listen",
            "update",
        ),
        r"^\W*(?:advertisement|sponsored(?: content)?|promoted|tags|filed under|topics|"
        r"categories|keywords|watch|video|photos?|gallery|listen|updated?)\s*[:|]",
        _I,
    ),
    # credits, bylines, stamps, addresses
    (
        "reporting credit",
        (
            "reporting by",
            "writing by",
            "editing by",
            "compiled by",
            "contributed",
            "our standards",
            "trust principles",
        ),
        r"\b(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Aa]dditional reporting|[Cc]ompiled) by "
        r"[A-Z]|\bcontributed to this (?:report|story|article)\b|\b(?:[Ww]riters?|[Rr]eporters?"
        r"|[Cc]orrespondents?|[Pp]roducers?) [A-Z][a-z]+ [A-Z][a-z'’-]+(?:,? and [A-Z][a-z]+ "
        r"[A-Z][a-z'’-]+)? contributed\b|\b[Oo]ur [Ss]tandards\s*:|\bThomson Reuters Trust "
        r"Principles\b",
        0,
    ),
    (
        "byline",
        ("by ",),
        r"^By [A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}\s*(?:$|[,|•]|and |\d)",
        0,
    ),
    (
        "time stamp",
        ("update", "published", "posted", "last "),
        r"^\W*(?:updated?|published|posted|last (?:updated|modified))\s*:?\s*(?:on |at )?"
        r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
        _I,
    ),
    (
        "link",
        ("http", "www.", "pic.twitter", "bit.ly/"),
        r"\bhttps?://|\bwww\.\w|\bpic\.twitter\.com\b|\bbit\.ly/",
        _I,
    ),
    ("e-mail address", ("@",), r"\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b", _I),
    (
        "embedded tweet",
        ("(@",),
        r"\(@\w+\)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2},? \d{4}",
        _I,
    ),
]
_FURNITURE = [(name, keys, re.compile(rx, flags)) for name, keys, rx, flags in _FURNITURE_RULES]

_ERROR_MESSAGE = re.compile(
    r"^\W*(?:an? (?:unexpected )?error (?:has )?occurr?ed|something went wrong|please try "
    r"again(?: later)?|page not found|loading|this (?:video|content|page) (?:is|has been) "
    r"(?:no longer )?(?:available|unavailable|removed)|sorry, (?:this|the) (?:video|content|"
    r"page))\b",
    _I,
)
_LETTER = re.compile(r"[^\W\d_]")
# a sentence never ends with a title: "(The Rev." and "For more on Sen." were cut by a splitter
_TITLE_END = re.compile(
    r"\b(?:Rev|Sen|Sens|Gov|Dr|Mr|Mrs|Ms|St|Gen|Rep|Reps|Lt|Col|Sgt|Capt|Prof|Maj|Adm|Cmdr|"
    r"Supt|Insp|Det|Hon|Pres)\.[\"'”’)\]]*$"
)
_CLOSERS = "\"'”’»)]} \t"
_OPENERS_Q = "\"'“‘«"
_ELLIPSIS_END = re.compile(r"(?:\.\s?\.\s?\.|…|\[\.\.\.\]|\(\.\.\.\))[\"'”’»)\]\s]*$")
_QUOTED_ALL = re.compile(r"^\s*[\"“‘'«]([^\"“”‘’«»]*)[\"”’'»]\s*$")
_GLUED = re.compile(
    r"(?<![\w.@/])(?P<word>[A-Za-z]*[a-z]{2}|\d{2,})[.!?][\"'”’)]?[\"“‘(]?[A-Z][a-z]"
)
_GLUE_EXEMPT = frozenset(
    "mrs mrs ms mr dr sr jr st vs no nos gen sen rep gov col capt sgt lt jan feb mar apr jun "
    "jul aug sep sept oct nov dec inc corp ltd co etc approx dept univ".split()
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DASH = r"(?:-{1,2}|—|–)"
_AGENCY = r"\((?:[A-Z][A-Za-z.&'’]*(?: [A-Z][A-Za-z.&'’]*){0,2})\)"
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
_REGION = r"(?:, ?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})"
_DATE = rf"(?:,? ?{_MONTH} ?\d{{1,2}}(?:, ?\d{{4}})?)"
_DATELINE = re.compile(
    rf"^\s*(?:{_CAPS_PLACE}{_REGION}{{0,2}}{_DATE}? ?(?:{_AGENCY})? ?{_DASH}"
    rf"|{_AGENCY} ?{_DASH}"
    rf"|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}{_REGION}{{0,2}}{_DATE}? ?{_AGENCY} ?{_DASH}"
    rf"|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}{_REGION}{{1,2}}{_DATE}? ?(?:—|–|--)"
    # the agency without a dash, as CNN now writes it: "(CNN) Microsoft ...", "Tokyo (CNN) Seven"
    rf"|(?:[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}}{_REGION}? )?{_AGENCY})"
    r"\s+[\"“‘'(]?[A-Z0-9]"
)


# press-release wires write no spaces: "SAN FRANCISCO--(BUSINESS WIRE)--The ..."
_WIRE_DATELINE = re.compile(
    rf"^\s*{_CAPS_PLACE}{_REGION}{{0,2}}{_DATE}?\s*--\s*{_AGENCY}\s*--\s*\S"
)
# a dateline standing alone as a sentence: "NEWTOWN, Conn."
_BARE_DATELINE = re.compile(rf"^\s*{_CAPS_PLACE}{_REGION}{{0,2}}\.?\s*$")


def _last_char(text: str) -> str:
    t = text.rstrip(_CLOSERS)
    return t[-1:] if t else ""


def _is_title_case(text: str) -> bool:
    """At least three words, 80% of them capitalised: a headline or label."""
    toks = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(toks) < 3:
        return False
    return sum(1 for w in toks if w[0].isupper()) >= 0.8 * len(toks)


_UPPER = re.compile(r"[A-Z]")
_TWO_CAPS_WORDS = re.compile(r"[A-Z]{2,}\W+[A-Z]{2,}")
_LOWER = re.compile(r"[a-z]")


def _is_all_caps(text: str) -> bool:
    """At least four words and 80% of the letters upper-case: a headline, a label or a
    shouted transcript, not prose."""
    if not _TWO_CAPS_WORDS.search(text) or len(text.split()) < 4:
        return False
    upper = len(_UPPER.findall(text))
    return upper >= 4 * len(_LOWER.findall(text))


def fragment_reason(text: str) -> str | None:
    """Why ``text`` is a fragment, or None (see the module docstring)."""
    t = text.strip()
    if not _LETTER.search(t):
        return "no words"
    n = len(t.split())
    if n == 1:
        return "one word"
    if _ERROR_MESSAGE.search(t):
        return "page error message"
    last = _last_char(t)
    if last == ":":
        return "lead-in ending with a colon"
    if _ELLIPSIS_END.search(t):
        return "cut off with an ellipsis"
    if last not in (".", "!", "?", "…"):
        return "no final punctuation"
    if t[-1] in "!?" and _is_title_case(t):
        return f"headline ending in '{t[-1]}'"
    if _is_all_caps(t):
        return "written in capitals"
    if _TITLE_END.search(t):
        return "cut after a title abbreviation"
    m = _QUOTED_ALL.match(t)
    if m and len(m.group(1).split()) <= SHORT_QUOTE_WORDS:
        return "short quotation with no speaker"
    return None


def furniture_reason(text: str) -> str | None:
    """Which kind of web furniture ``text`` is, or None."""
    low = text.lower()
    for name, keys, rx in _FURNITURE:
        for key in keys:  # a plain loop: 2.5x faster than any() over a generator here
            if key in low:
                if rx.search(text):
                    return name
                break
    return None


def glued_at(text: str) -> str | None:
    """The glued spot ("death.It"), or None."""
    for m in _GLUED.finditer(text):
        word = m.group("word").lower()
        if word in _GLUE_EXEMPT:
            continue
        start = text.rfind(" ", 0, m.start()) + 1
        end = text.find(" ", m.end())
        token = text[start : end if end >= 0 else len(text)]
        if "://" in token or "www." in token or "@" in token:
            continue
        return text[m.start() : m.end() + 8].split(" ")[0]
    return None


def dateline_at(text: str) -> str | None:
    """The leftover dateline at the start of ``text`` (or all of it), or None."""
    m = _DATELINE.match(text) or _WIRE_DATELINE.match(text)
    if m:
        return text[: m.end() - 1].strip()
    if _BARE_DATELINE.match(text) and " " in text.strip():
        return text.strip()
    return None


def check_sentence(text: str, index: int = 0) -> list[Finding]:
    """The checks that need no context: furniture, fragment, over-long, glued, dateline."""
    out = []
    reason = furniture_reason(text)
    if reason:
        out.append(Finding("furniture", index, reason))
    reason = fragment_reason(text)
    if reason:
        out.append(Finding("fragment", index, reason))
    n = len(text.split())
    if n > MAX_WORDS:
        out.append(Finding("over_long", index, f"{n} words"))
    spot = glued_at(text)
    if spot:
        out.append(Finding("glued", index, spot))
    spot = dateline_at(text)
    if spot:
        out.append(Finding("dateline", index, spot))
    return out


def is_prose(text: str) -> bool:
    """Neither furniture nor a fragment nor a bare dateline: a sentence an article's lead can
    hold."""
    return fragment_reason(text) is None and furniture_reason(text) is None


# -- documents ----------------------------------------------------------------------------


_CONTEXT_CHARS = 5_000
"""Characters read around a sentence for its predecessor, and at the start of a paragraph for
lead sentences: a page without line breaks is not split whole for every lookup."""


class CheckedDocuments:
    """The input documents of one cluster, normalised once for every summary checked.

    ``texts`` are the documents as given (strings, or dicts/objects with a ``text``)."""

    def __init__(self, texts: Sequence[Any]) -> None:
        self.texts = [_text_of(t) for t in texts]
        self._plain: dict[int, str] = {}
        self._compact: dict[int, str] = {}
        self._runs: dict[int, tuple[list[int], list[int]]] = {}
        self._leads: list[str] | None = None
        self._para_stems: dict[int, list[set[str]]] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def plain(self, d: int) -> str:
        p = self._plain.get(d)
        if p is None:
            p = self._plain[d] = plain(self.texts[d])
        return p

    def compact(self, d: int) -> str:
        c = self._compact.get(d)
        if c is None:
            c = self._compact[d] = "".join(self.plain(d).split())
        return c

    def find(self, d: int, text_compact: str) -> int:
        """Offset of a compact sentence in document ``d``'s compact text, or -1."""
        if not text_compact or not 0 <= d < len(self.texts):
            return -1
        return self.compact(d).find(text_compact)

    def plain_offset(self, d: int, compact_offset: int) -> int:
        """Map an offset of the compact text back to the plain text."""
        runs = self._runs.get(d)
        if runs is None:
            starts, cum = [], []
            total = 0
            for m in re.finditer(r"\S+", self.plain(d)):
                starts.append(m.start())
                cum.append(total)
                total += m.end() - m.start()
            runs = self._runs[d] = (starts, cum)
        starts, cum = runs
        k = bisect_right(cum, compact_offset) - 1
        if k < 0:
            return 0
        return starts[k] + (compact_offset - cum[k])

    def sentence_before(self, d: int, compact_offset: int) -> str | None:
        """The sentence just before the one starting at ``compact_offset`` of document ``d``
        (within its paragraph, else the last sentence of the previous paragraph)."""
        text = self.plain(d)
        pos = self.plain_offset(d, compact_offset)
        para_start = max(text.rfind("\n", 0, pos) + 1, pos - _CONTEXT_CHARS)
        before = split_sentences(text[para_start:pos].strip())
        if before:
            return before[-1]
        prev = text[:para_start].rstrip()
        if not prev:
            return None
        prev_para = prev[max(prev.rfind("\n") + 1, len(prev) - _CONTEXT_CHARS) :]
        sents = split_sentences(prev_para.strip())
        return sents[-1] if sents else None

    def paragraph_stems(self, d: int) -> list[set[str]]:
        """Content-word stems of each paragraph of document ``d`` (for near-duplicates)."""
        stems = self._para_stems.get(d)
        if stems is None:
            stems = self._para_stems[d] = [
                _stem_set(p) for p in self.plain(d).split("\n") if p.strip()
            ]
        return stems

    def lead_sentences(self) -> list[str]:
        """Compact forms of the first ``LEAD_SENTENCES`` prose sentences of every document."""
        if self._leads is None:
            leads = []
            for d in range(len(self.texts)):
                found = 0
                # only the article's beginning is read: paragraphs are normalised one by one
                text = self._plain.get(d) or self.texts[d]
                for para in text.split("\n"):
                    para = plain(para[:_CONTEXT_CHARS]).strip()
                    if not para:
                        continue
                    for s in split_sentences(para):
                        if is_prose(s):
                            leads.append("".join(s.split()))
                            found += 1
                            if found == LEAD_SENTENCES:
                                break
                    if found == LEAD_SENTENCES:
                        break
            self._leads = leads
        return self._leads


def _text_of(doc: Any) -> str:
    if isinstance(doc, str):
        return doc
    if isinstance(doc, dict):
        return str(doc.get("text") or "")
    return str(getattr(doc, "text", "") or "")


# -- context checks -----------------------------------------------------------------------

_PRONOUNS = frozenset(
    "he she they it we i his her hers their theirs its him them our my this that these those "
    "such".split()
)
_PERSONAL = frozenset("he she his her him hers".split())
_CHAINS = (
    frozenset("he him his himself".split()),
    frozenset("she her hers herself".split()),
    frozenset("they them their theirs themselves".split()),
    # one voice: an article's "I" and "we" are its writer or speaker
    frozenset("i me my mine myself we us our ours ourselves".split()),
)
_CONNECTIVES = (
    "but and yet so also still however meanwhile moreover furthermore nevertheless nonetheless "
    "additionally instead besides thus therefore hence consequently likewise similarly "
    "otherwise indeed regardless plus then"
).split()
_CONNECTIVE_PHRASES = (
    "in addition",
    "as a result",
    "in fact",
    "after all",
    "even so",
    "on the other hand",
    "by contrast",
    "in contrast",
    "in turn",
    "that said",
    "even then",
    "then again",
    "at the same time",
    "for that reason",
    "to that end",
    "in response",
    "in that case",
    "not only that",
    "either way",
)
_NEEDS_COMMA = frozenset("still then indeed regardless plus".split())
_TIME_WORDS = (
    "week weekend weeks year years month months morning afternoon evening night summer winter "
    "spring fall autumn season time days century decade past monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august "
    "september october november december"
).split()
_TIME_AFTER_DEMONSTRATIVE = re.compile(
    r"^(?:this|these) (?:(?:past|coming|last|next) )?(?:" + "|".join(_TIME_WORDS) + r")\b", _I
)
_EXPLETIVE_IT = re.compile(
    r"^it(?:'s|’s| is| was| has been| had been| will be| would be| may be| might be| could "
    r"be| seems| seemed| appears| appeared| remains| remained| took| takes| turns out| "
    r"turned out)\b(?:[ ,]+\S+){0,6}?[ ,]+(?:that|to|whether|why|how|when|if|who|what|where|"
    r"since|before|until|for)\b",
    _I,
)
_FIRST_WORDS = re.compile(
    r"^[\s(\[]*([A-Za-z]+(?:['’][a-z]+)?)(?:(,)|\s+([A-Za-z]+)(,?)(?:\s+([A-Za-z]+))?)?"
)


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


_NAME_TOKEN = re.compile(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|(?:Mc|Mac|O'|O’|D'|D’)[A-Z][a-z]+")
_WORD_SPAN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NOT_NAMES = frozenset(
    w.capitalize()
    for w in (
        list(STOP_WORDS)
        + _TIME_WORDS
        + "mr mrs ms miss dr i jan feb mar apr jun jul aug sep sept oct nov dec".split()
    )
)
_COURTESY = frozenset("Mr Mrs Ms Miss".split())
_TITLES = frozenset(
    """Mr Mrs Ms Miss Dr Prof Professor President Vice Sen Senator Rep Representative Gov
    Governor Mayor Judge Justice Gen General Lt Col Capt Sgt Maj Adm Cmdr Officer Detective
    Chief Deputy Sheriff Secretary Minister Prime Pope King Queen Prince Princess Lord Lady Sir
    Dame Coach Rev Father Brother Sister Saint St Attorney Director Chairman Chairwoman Speaker
    Leader Agent Trooper Commissioner Inspector Superintendent Ambassador Chancellor Premier
    Sheikh Emir Sultan Cardinal Bishop Rabbi Imam Dean Captain Sergeant Lieutenant Colonel
    Admiral Corporal Private Councilman Councilwoman Congressman Congresswoman Assemblyman
    Spokesman Spokeswoman Mister Madam Uncle Aunt Grandma Grandpa Mother Mom Dad Doctor Nurse
    Pastor Editor Founder""".split()
)
_SPEECH = frozenset(
    """said says told added agreed wrote explained noted argued continued described recalled
    asked replied insisted admitted claimed stated tweeted testified warned urged acknowledged
    confirmed declined denied""".split()
)


_FUNCTION_OR_SPEECH = STOP_WORDS | _SPEECH


def _names(text: str) -> set[str]:
    """Capitalised words other than stop words, months and titles: a cheap proper-name set
    (it also holds a capitalised first word, which only makes resolution more lenient)."""
    out = set()
    for m in _WORD_SPAN.finditer(text):
        tok = m.group()
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
        if tok[:1].isupper() and tok not in _NOT_NAMES and len(tok) > 1:
            out.add(tok)
    return out


def _containment(inner: list[str], outer: list[str]) -> float:
    a = set(inner)
    if not a:
        return 0.0
    return len(a & set(outer)) / len(a)


def _locate(
    docs: CheckedDocuments, text_compact: str, cited: Sequence[int] | None
) -> tuple[int, int] | None:
    """(document, compact offset) of the sentence in one of the cited documents (all of them
    when the sources are unknown), or None."""
    pool = cited if cited is not None else range(len(docs))
    for d in pool:
        off = docs.find(d, text_compact)
        if off >= 0:
            return d, off
    return None


def _dangling(
    i: int,
    sentences: Sequence[str],
    compacts: Sequence[str],
    sources: Sequence[Sequence[int]] | None,
    docs: CheckedDocuments,
) -> Finding | None:
    found = opener(sentences[i])
    if not found:
        return None
    kind, word = found
    if i == 0:
        return Finding("dangling", i, f"opens the summary with '{word}'")
    prev = sentences[i - 1]
    base = word.lower().split("'")[0].split("’")[0]
    prev_words = {w.lower() for w in _WORD_SPAN.findall(prev)}
    for family in _CHAINS:
        if base in family and family & prev_words:
            # the sentence before refers to the same one ("... to him. He was ..."; "I ...
            # My ..."): the chain is as resolved as that sentence, which is judged itself
            return None
    where = _locate(docs, compacts[i], sources[i] if sources is not None else None)
    if where is None:
        if kind == "pronoun" and word.lower() in _PERSONAL:
            if _names(prev):
                return None
            return Finding("dangling", i, f"'{word}': the sentence before names no one")
        return None  # cannot judge without the source context
    d, off = where
    antecedent = docs.sentence_before(d, off)
    if antecedent is None:
        return Finding("dangling", i, f"'{word}' opens article {d + 1}: nothing to refer to")
    ante_c = compact(antecedent)
    prev_c = compacts[i - 1]
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
            in_name = (
                not courtesy and prev_tok[:1].isupper() and (gap_before == "" or initial)
            ) or (tok == bare and next_tok[:1].isupper() and gap_after == "")
            # "University of Texas", "Libyan state TV": a modifier, not a person
            modifier = gap_after == "" and (
                next_tok == "of" or (next_tok[:1].islower() and next_tok not in _FUNCTION_OR_SPEECH)
            )
            speaker = (next_tok.lower() in _SPEECH and gap_after in ("", ",")) or (
                prev_tok.lower() in _SPEECH and gap_before in ("", ",")
            )
            person = courtesy or (speaker and not modifier)
            out.setdefault(bare, []).append(_Mention(i, not in_name, person))
    return out


def _unintroduced(sentences: Sequence[str], docs: CheckedDocuments) -> list[Finding]:
    out: list[Finding] = []
    for name, mentions in _mentions(sentences).items():
        if not mentions[0].bare or not any(m.bare for m in mentions):
            continue
        if any(not m.bare for m in mentions) or not any(m.person for m in mentions):
            continue  # introduced somewhere ("Ana Molina"), or not used as a person
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


def _full_name_in(docs: CheckedDocuments, surname: str) -> str | None:
    """A "First Surname" in the documents, the first name not a title or common word; None
    also when the documents use the word in lower case or after "the" or an ordinal."""
    rx = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?:[A-Z]\. )?" + re.escape(surname) + r"\b")
    # a common noun ("police"), or a name used as an institution or family ("the 7th Fleet",
    # "the Obama administration", "the Smith family")
    lower = re.compile(
        r"\b(?:"
        + re.escape(surname.lower())
        + r"|(?:[Tt]he|\d+(?:st|nd|rd|th)) "
        + re.escape(surname)
        + r")\b"
    )
    found = None
    for d in range(len(docs)):
        text = docs.plain(d)
        if lower.search(text):
            return None
        if found is None:
            for m in rx.finditer(text):
                first = m.group(1)
                if first not in _TITLES and first not in _NOT_NAMES:
                    found = m.group(0)
                    break
    return found


_QUOTE_SPAN = re.compile(r'"([^"]+)"')


def _stem_set(text: str) -> set[str]:
    return {w for w in content_stems(text) if len(w) > 1}


def _contained(inner: set[str], outer: set[str]) -> bool:
    """``inner``'s content words are mostly in ``outer`` (the two ``repeat`` thresholds)."""
    if len(inner) < REPEAT_MIN_WORDS:
        return False
    shared = len(inner & outer)
    return shared >= REPEAT_CONTAINMENT * len(inner) or (
        shared >= REPEAT_SHARED_WORDS and shared >= REPEAT_LOOSE_CONTAINMENT * len(inner)
    )


def _repeats(sentences: Sequence[str], compacts: Sequence[str]) -> list[Finding]:
    out: list[Finding] = []
    stems = [_stem_set(s) for s in sentences]
    # quotations compared without case and their own final punctuation: a quote repeated
    # inside a longer sentence may start in lower case and lose its comma
    quotes = [
        [
            "".join(q.split()).lower().rstrip(".,;:!?")
            for q in _QUOTE_SPAN.findall(plain(s))
            if len(q.split()) >= REPEAT_QUOTE_WORDS
        ]
        for s in sentences
    ]
    lowered = [c.lower() for c in compacts]
    for j in range(len(sentences)):
        for i in range(len(sentences)):
            if i == j:
                continue
            if _contained(stems[j], stems[i]) and (i < j or not _contained(stems[i], stems[j])):
                # the later sentence of a mutual pair; the contained one otherwise
                shared = len(stems[j] & stems[i])
                pct = round(100 * shared / len(stems[j]))
                detail = f"{pct}% of its content words ({shared}) are in sentence {i + 1}"
                out.append(Finding("repeat", j, detail, other=i))
                break
            if i < j and any(q in lowered[i] for q in quotes[j]):
                out.append(
                    Finding("repeat", j, f"repeats a quotation of sentence {i + 1}", other=i)
                )
                break
    return out


def _citations(
    sentences: Sequence[str],
    compacts: Sequence[str],
    sources: Sequence[Sequence[int]],
    docs: CheckedDocuments,
) -> tuple[int, int, list[Finding]]:
    total = verified = 0
    out = []
    for i, cited in enumerate(sources):
        for d in cited:
            total += 1
            if docs.find(d, compacts[i]) >= 0:
                verified += 1
            elif not 0 <= d < len(docs):
                out.append(
                    Finding("unverified", i, f"cites document {d + 1}, which does not exist", d)
                )
            else:
                out.append(Finding("unverified", i, _near_duplicate(sentences[i], docs, d), d))
    return total, verified, out


def _near_duplicate(sentence: str, docs: CheckedDocuments, d: int) -> str:
    """How close document ``d`` comes: the best share of the sentence's content words found
    in one paragraph of it."""
    mine = _stem_set(sentence)
    best = 0.0
    if mine:
        for theirs in docs.paragraph_stems(d):
            best = max(best, len(mine & theirs) / len(mine))
    pct = round(100 * best)
    if best >= NEAR_DUPLICATE:
        return f"document {d + 1} has a near-duplicate ({pct}% of its content words), not this text"
    return f"not in document {d + 1} (at most {pct}% of its content words in one paragraph)"


# -- the API ------------------------------------------------------------------------------


def check_summary(
    sentences: Sequence[str],
    sources: Sequence[Sequence[int]] | None,
    documents: Sequence[Any] | CheckedDocuments,
) -> SummaryChecks:
    """Every check of one summary.

    ``sentences`` in reading order; ``sources[i]`` the 0-based indices of the documents
    sentence ``i`` cites (None when the summarizer gives none: citations are then not checked
    and sentences are looked up in every document); ``documents`` the cluster's input
    documents (strings, ``{"text": ...}`` dicts, or a :class:`CheckedDocuments` to reuse)."""
    docs = documents if isinstance(documents, CheckedDocuments) else CheckedDocuments(documents)
    sentences = list(sentences)
    if sources is not None and len(sources) != len(sentences):
        raise ValueError(f"{len(sentences)} sentences but {len(sources)} source lists")
    result = SummaryChecks(sentences)
    compacts = [compact(s) for s in sentences]
    for i, s in enumerate(sentences):
        result.findings += check_sentence(s, i)
        finding = _dangling(i, sentences, compacts, sources, docs)
        if finding:
            result.findings.append(finding)
    result.findings += _unintroduced(sentences, docs)
    result.findings += _repeats(sentences, compacts)
    if sources is not None:
        total, verified, unverified = _citations(sentences, compacts, sources, docs)
        result.citations, result.citations_verified = total, verified
        result.findings += unverified
    if sentences:
        first = compacts[0]
        result.lead_opening = bool(first) and any(
            first in lead or (len(lead) > 20 and lead in first) for lead in docs.lead_sentences()
        )
    result.findings.sort(key=lambda f: (f.sentence, KINDS.index(f.kind)))
    return result


@dataclass
class ChecksReport:
    """The checks summed over many summaries (one method, many clusters)."""

    summaries: int = 0
    nonempty: int = 0
    sentences: int = 0
    junk_summaries: int = 0
    dangling_sentences: int = 0
    dangling_summaries: int = 0
    repeat_summaries: int = 0
    unintroduced_summaries: int = 0
    lead_openings: int = 0
    citations: int = 0
    citations_verified: int = 0
    counts: Counter = field(default_factory=Counter)  # findings per kind
    junk_summaries_no_glued: int = 0  # the baseline definition (before "glued")

    def add(self, checks: SummaryChecks) -> None:
        self.summaries += 1
        self.sentences += len(checks.sentences)
        if checks.sentences:
            self.nonempty += 1
        kinds = {f.kind for f in checks.findings}
        self.junk_summaries += checks.junk
        self.junk_summaries_no_glued += bool(kinds & (set(JUNK_KINDS) - {"glued"}))
        self.dangling_sentences += checks.dangling
        self.dangling_summaries += checks.dangling > 0
        self.repeat_summaries += checks.has_repeat
        self.unintroduced_summaries += "unintroduced" in kinds
        self.lead_openings += bool(checks.lead_opening)
        self.citations += checks.citations
        self.citations_verified += checks.citations_verified
        # a sentence flagged twice for one kind counts once
        for kind in KINDS:
            self.counts[kind] += (
                len(checks.flagged(kind)) if kind != "unverified" else len(checks.of_kind(kind))
            )

    @staticmethod
    def _share(n: int, d: int) -> float:
        return 100.0 * n / d if d else float("nan")

    @property
    def junk_share(self) -> float:
        """% of summaries with any furniture, fragment, glued, over-long or dateline sentence."""
        return self._share(self.junk_summaries, self.summaries)

    @property
    def dangling_share(self) -> float:
        """% of sentences with a dangling opener."""
        return self._share(self.dangling_sentences, self.sentences)

    @property
    def dangling_summary_share(self) -> float:
        return self._share(self.dangling_summaries, self.summaries)

    @property
    def repeat_share(self) -> float:
        """% of summaries where one sentence repeats another."""
        return self._share(self.repeat_summaries, self.summaries)

    @property
    def lead_share(self) -> float:
        """% of non-empty summaries opening with one of an article's first sentences."""
        return self._share(self.lead_openings, self.nonempty)

    @property
    def citation_share(self) -> float:
        """% of citations whose sentence occurs in the cited document."""
        return self._share(self.citations_verified, self.citations)

    def to_dict(self) -> dict[str, Any]:
        def r(x: float) -> float | None:
            return None if x != x else round(x, 1)

        return {
            "summaries": self.summaries,
            "sentences": self.sentences,
            "junk_summaries_pct": r(self.junk_share),
            "junk_summaries_no_glued_pct": r(
                self._share(self.junk_summaries_no_glued, self.summaries)
            ),
            "dangling_sentences_pct": r(self.dangling_share),
            "dangling_summaries_pct": r(self.dangling_summary_share),
            "repeat_summaries_pct": r(self.repeat_share),
            "unintroduced_summaries_pct": r(
                self._share(self.unintroduced_summaries, self.summaries)
            ),
            "lead_opening_pct": r(self.lead_share),
            "citations": self.citations,
            "citations_verified_pct": r(self.citation_share),
            "counts": {k: self.counts.get(k, 0) for k in KINDS},
        }


def aggregate(checks: Iterable[SummaryChecks]) -> ChecksReport:
    """Sum the checks of many summaries."""
    report = ChecksReport()
    for c in checks:
        report.add(c)
    return report
