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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storybrief.analysis.names import (
    INITIAL,
    NAME,
    NAME_RE,
    NAME_WORD,
    ORG_WORDS,
    PARTICLE,
    ROLE_WORDS,
    TITLES,
    is_group,
    is_org,
    is_place,
    looks_like_person,
    strip_openers,
)
from storybrief.text.words import STOP_WORDS
from storybrief.types import Cluster

MIN_QUOTE_WORDS = 4
MAX_POSTING = 200
MAX_QUOTE_CHARS = 1200

_QUOTE = re.compile(
    r"“(?P<q>[^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)”"
    r"|\"(?P<q2>[^\"\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)\""
    r"|[\"“”](?P<q3>[^\"“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)[\"“”]"
    # an opening mark whose quotation runs to the end of its paragraph (no closing mark: the
    # quotation continues in the next paragraph, or the page lost it)
    r"|“(?P<q4>[^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"})(?=\n|$)"
)
_QUOTE_MARK = re.compile(r"[\"“”]")

SPEECH_VERBS = (
    "said says say added adds told tells wrote writes explained explains noted notes stated "
    "states declared declares insisted insists argued argues warned warns asked asks replied "
    "replies responded responds continued continues tweeted tweets posted posts recalled "
    "recalls announced announces claimed claims admitted admits acknowledged acknowledges "
    "conceded concedes complained complains concluded concludes joked jokes remarked remarks "
    "reiterated reiterates stressed stresses emphasized emphasised observed observes "
    "suggested suggests predicted predicts countered counters exclaimed cautioned cautions "
    "urged urges quipped quips threatened vowed vows pledged promised testified reads read "
    "shared texted emailed e-mailed agreed agrees lamented laments boasted boasts described "
    "describes shouted yelled screamed cried whispered answered answers confirmed confirms "
    "alleged alleges charged charges pointed mused muses recounted recounts chimed offered "
    "admits blasted slammed ripped fumed gushed raved sang wondered wonders assured points "
    "offers remembers remembered elaborated elaborates summed sums "
    "assures conceded maintained maintains contended contends repeated repeats"
).split()
_SPEECH_VERB_SET = set(SPEECH_VERBS)
_VERB = r"(?:" + "|".join(sorted(set(SPEECH_VERBS), key=len, reverse=True)) + r")"
_AUX = (
    r"(?:(?:also|then|later|again|once|has|had|have|was|is|would|will|just|even|once|"
    r"\w+ly)\s+)*"
)
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
_DET = (
    r"(?:the|a|an|one|another|his|her|their|its|that|this|The|A|An|One|Another|His|Her|"
    r"Their|Its|That|This|some|Some|someone|Someone|somebody)"
)
# a description: a determiner and up to five words ("the Kentucky Republican", "a TSA
# spokesman", "the department's Web site", "one participant in the stunt")
_STOP_NP = (
    r"(?:that|which|who|whom|whose|in|on|at|to|for|with|after|before|when|while|but|as|"
    r"during|because|if|than|via|into|about|over|against|from|by|behind|near|said|says|told|"
    r"tells|added|wrote|writes|\w+ing)"
)
_NP_WORD = r"[\w’'\-&]+(?:\.\w+)*\.?(?<![a-z]{3}\.)"
_DESC = rf"(?:{_DET}(?:\s+(?!{_STOP_NP}\b){_NP_WORD}){{0,7}})"
_ORIGIN = (
    r"(?:\s+(?:of|from|with|at)\s+(?:the\s+)?[A-Z][\w.\-’']*"
    r"(?:(?:\s+(?:of|for|and|the|on|in))*,?\s+[A-Z][\w.\-’']*){0,6}"
    r"|\s*\([^()]{1,40}\))?"
)
# an appositive closed by a comma ("Kaylie Hanson, a DNC spokeswoman, said")
_APPOS = _ORIGIN + r"(?:,\s*(?P<appos>[^,;:\"“”]{2,140}?),(?:\s*[^,;:\"“”]{2,140}?,)?)?"
# after "said NAME" it may run to the end of the sentence
_APPOS_OPEN = _ORIGIN + r"(?:,\s*(?P<appos>[^,;:\"“”]{2,140}?)(?=[,.;]|$))?"
_PERSON_NOUNS = {
    "minister",
    "president",
    "senator",
    "governor",
    "mayor",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "lawyer",
    "attorney",
    "judge",
    "actor",
    "actress",
    "singer",
    "star",
    "player",
    "coach",
    "officer",
    "chief",
    "man",
    "woman",
    "doctor",
    "designer",
    "author",
    "writer",
    "artist",
    "director",
    "professor",
    "researcher",
    "scientist",
    "nurse",
    "teacher",
    "pastor",
    "priest",
    "manager",
    "analyst",
    "economist",
    "executive",
    "founder",
    "rapper",
    "comedian",
    "host",
    "reporter",
    "student",
    "father",
    "mother",
    "husband",
    "wife",
    "son",
    "daughter",
    "engineer",
    "detective",
    "sheriff",
    "lieutenant",
    "sergeant",
    "captain",
    "republican",
    "democrat",
    "congressman",
    "congresswoman",
    "lawmaker",
    "leader",
    "chairman",
    "chairwoman",
    "commissioner",
    "inventor",
    "prosecutor",
    "secretary",
    "ambassador",
    "envoy",
    "general",
    "boss",
    "ceo",
    "owner",
    "veteran",
    "victim",
    "suspect",
    "defendant",
    "witness",
    "resident",
    "neighbor",
    "neighbour",
    "friend",
    "mom",
    "dad",
    "girl",
    "boy",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "musician",
    "billionaire",
    "mogul",
    "activist",
    "candidate",
    "nominee",
    "expert",
    "historian",
    "archaeologist",
    "physician",
    "surgeon",
    "pilot",
    "trooper",
    "chancellor",
    "premier",
    "legislator",
    "delegate",
    "aide",
    "adviser",
    "advisor",
    "publicist",
    "agent",
    "representative",
    "insider",
    "source",
    "user",
    "participant",
    "member",
    "person",
    "employee",
    "worker",
    "fellow",
    "guy",
    "lady",
    "couple",
}
"""Head nouns of descriptions of a person ("the judge", "the Kentucky Republican")."""

# words that may stand before a name: capitalised words, abbreviations ("Dr."), and
# lower-case role words ("spokeswoman Maria Zakharova", "senior author David Kingsley")
_PREFIX_WORD = (
    r"(?:[A-Z][\w’'\-]*(?:\.(?=\s))?|(?:"
    + "|".join(
        sorted({w for w in ROLE_WORDS if re.fullmatch(r"[a-z\-]+", w)}, key=len, reverse=True)
    )
    + r")(?![\w\-]))"
)
# "Michael Jackson's eldest daughter", "Lane's Facebook page"
_POSS_DESC = rf"(?:{NAME}['’]s\s+(?:[a-z][\w\-]*\s+){{0,3}}[a-z][\w\-]*)"
_SPEAKER = rf"(?P<np>{_PRONOUN}|{_DESC}|{_POSS_DESC}|(?:{_PREFIX_WORD}\s+){{0,6}}?{NAME})"

# "...," said Maria Zakharova, a spokeswoman / "...," said the Kremlin
_SPEAKER_GREEDY = rf"(?P<np>{_PRONOUN}|{_DESC}|{_POSS_DESC}|(?:{_PREFIX_WORD}\s+){{0,6}}{NAME})"
_POST_VERB_FIRST = re.compile(
    rf"^\s*[,.!?]?\s*(?:\w+ly\s+)?(?P<verb>{_VERB})\s+(?!that\b|to\b|on\b|in\b|at\b)"
    rf"{_SPEAKER_GREEDY}(?=[\s,.;:!?)]|$){_APPOS_OPEN}"
)
# "...," Maria Zakharova(, a spokeswoman,) (reportedly) said
_POST_NAME_FIRST = re.compile(rf"^\s*[,.!?]?\s*{_SPEAKER}{_APPOS}\s+{_AUX}(?P<verb>{_VERB})\b")
# after "Name said": the end of an attribution (punctuation, or a time, place or manner)
_ATTRIBUTION_END = re.compile(
    r"\s*(?:[.,;!?]|$|(?:on|in|at|after|before|during|while|when|of|to|from|last|this|"
    r"yesterday|today|earlier|later|recently|afterward|afterwards|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|in\s+an?|through|via|outside|inside|by)\b)"
)
# '"..." were found in his car, the minister added.' (a partial quote, attribution at the end)
_POST_TAIL = re.compile(
    rf"^[^\"“”.!?]{{0,100}}?,\s*{_SPEAKER}{_APPOS}\s+{_AUX}(?P<verb>{_VERB})\s*[.!]"
)
_POST_ACCORDING = re.compile(rf"^\s*[,.]?\s*according\s+to\s+{_SPEAKER}")
_POST_QUOTED = re.compile(
    rf"^\s*[,.]?\s*(?:[\w.\-]+\s+){{1,4}}quot(?:ed|es)\s+{_SPEAKER}(?:\s+\w+){{0,3}}?"
    r"\s+as\s+(?:saying|telling)"
)

_STATEMENT_FROM = re.compile(rf"\bstatement\s+(?:from|by|issued\s+by)\s+(?:the\s+)?({NAME})")
_STATEMENT_BY = re.compile(
    rf"({NAME}|{_DESC})\s+(?:said|says|issued|released)\s+(?:in\s+)?a\s+"
    r"(?:written\s+)?statement"
)

_WORK_NOUNS = (
    r"film|movie|documentary|book|novel|memoir|album|song|single|track|hit|show|series|sitcom|"
    r"program|programme|episode|play|musical|poem|painting|exhibit|exhibition|column|essay|"
    r"titled|entitled|called|named|dubbed|headlined|headline|anthem|video|podcast|magazine|"
    r"newspaper|opera|ballet|game|app|campaign|slogan|hashtag|motto|brand|line|channel|"
    r"blog|website|site|tour|festival|debut|sequel|remake|special|segment|skit|sketch|"
    r"report titled|paper titled|study titled"
)
_TITLE_CONTEXT = re.compile(
    rf"\b(?P<noun>{_WORK_NOUNS})\b(?:\s+(?!{_VERB}\b)[\w’'\-]+){{0,2}}[\s,:]*$", re.IGNORECASE
)
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "&",
    "vs",
    "vs.",
    "is",
}


_DOC_NOUNS = {
    "statement",
    "letter",
    "filing",
    "lawsuit",
    "suit",
    "complaint",
    "indictment",
    "report",
    "memo",
    "study",
    "paper",
    "post",
    "blog",
    "tweet",
    "e-mail",
    "email",
    "message",
    "release",
    "warrant",
    "affidavit",
    "document",
    "documents",
    "ad",
    "website",
    "site",
    "petition",
    "motion",
    "ruling",
    "order",
    "note",
    "notice",
    "transcript",
    "recording",
    "video",
    "declaration",
    "resolution",
    "announcement",
    "page",
    "article",
    "story",
    "piece",
    "op-ed",
    "editorial",
    "column",
    "review",
    "book",
    "headline",
    "caption",
    "sign",
    "banner",
    "label",
    "forecast",
    "survey",
    "poll",
    "analysis",
    "guidelines",
    "text",
    "bill",
    "law",
    "policy",
    "description",
    "listing",
    "entry",
    "card",
    "tribute",
    "obituary",
    "eulogy",
}
"""Head nouns of a document that "says" something ("the lawsuit alleges")."""

_GROUP_NOUNS = {
    "agency",
    "tribe",
    "newspaper",
    "paper",
    "magazine",
    "company",
    "firm",
    "team",
    "club",
    "group",
    "government",
    "ministry",
    "department",
    "office",
    "administration",
    "campaign",
    "committee",
    "council",
    "court",
    "police",
    "band",
    "network",
    "station",
    "channel",
    "site",
    "outlet",
    "union",
    "organization",
    "organisation",
    "board",
    "panel",
    "commission",
    "study",
    "researchers",
    "scientists",
    "authors",
    "authorities",
    "officials",
    "prosecutors",
    "investigators",
    "troopers",
    "experts",
    "analysts",
    "critics",
    "protesters",
    "statement",
    "presidency",
    "kremlin",
    "family",
}
"""Heads of descriptions of a body, shown as written ("the tribe", "the agency")."""

_GENERIC_PEOPLE = {
    "man",
    "woman",
    "person",
    "people",
    "couple",
    "resident",
    "residents",
    "neighbor",
    "neighbour",
    "friend",
    "user",
    "participant",
    "member",
    "source",
    "sources",
    "insider",
    "witness",
    "guy",
    "lady",
    "fellow",
    "girl",
    "boy",
    "employee",
    "worker",
}
"""Description heads that do not point back to a named person ("said the man who ...")."""

_INDEFINITE = re.compile(r"^(?:a|an|one|another|some|someone|somebody|one\s+of)\b", re.IGNORECASE)
_PRONOUN_WORDS = {"he", "she", "they", "it"}


@dataclass
class Quote:
    """One direct quotation in one document."""

    doc: int
    text: str
    start: int  # character offsets of the quoted text in the document's analysed text
    end: int
    speaker: str | None
    role: str | None
    pronoun: bool = False  # the speaker was resolved, not named next to the quote
    context: str = field(default="", repr=False)  # the text around it (for co-speakers)


@dataclass
class MergedQuote:
    """The same quotation across documents."""

    text: str
    speaker: str | None
    role: str | None
    sources: list[int]
    members: list[Quote] = field(default_factory=list)
    speaker_variants: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "sources": self.sources,
        }


def _head(description: str) -> str:
    """Head noun of a description: its last word before "of"/"at"/"in"/"for" ("the AAAS
    board of directors" -> "board"), without a possessive ending."""
    low = re.split(r"\s+(?:of|at|in|for|from|with|on)\s+", description.lower())[0]
    return re.sub(r"['’]s$", "", low.split()[-1])


def speaker_key(name: str | None) -> str | None:
    """Spelling-tolerant key of a speaker: lower-case first five letters of the surname (of
    the head noun for a description: "the defence ministry" -> "minis")."""
    if not name:
        return None
    low = name.lower()
    if low.startswith(("the ", "a ", "an ")):
        return _head(name)[:5]
    toks = [
        t
        for t in re.findall(r"[^\W\d_][\w'’\-]*", name)
        if t.lower() not in ROLE_WORDS and t.lower() not in ("jr", "sr", "ii", "iii")
    ]
    if not toks:
        return low
    last = re.sub(r"^(?:al|el|ad|as|ash|bin|ibn)[-‐]", "", toks[-1].lower())
    return last[:5]


def _first_initial(name: str) -> str | None:
    toks = [
        t
        for t in re.findall(r"[^\W\d_][\w'’\-]*", name)
        if t.lower() not in ROLE_WORDS and t.lower() not in ("jr", "sr", "ii", "iii")
    ]
    return toks[0][0].lower() if len(toks) >= 2 else None


def same_speaker(a: str | None, b: str | None) -> bool:
    """The same person (or body) under two spellings: same surname key and, when both give
    a first name, the same first initial."""
    if not a or not b or speaker_key(a) != speaker_key(b):
        return False
    fa, fb = _first_initial(a), _first_initial(b)
    return fa is None or fb is None or fa == fb


def is_title(text: str, qs: int, qe: int, inner: str) -> bool:
    """Is the quoted ``inner`` (marks at text[qs] and text[qe - 1]) the title of a work rather
    than something said?  A work noun just before it ("the film", "titled"), or a short
    title-cased phrase that no speech verb attributes."""
    words = inner.strip(" ,.!?").split()
    if not words or len(words) > 12:
        return False
    before = text[max(0, qs - 60) : qs]
    caps = [w for w in words if w.lower().strip(",.:;!?()") not in _SMALL_WORDS]
    if not caps:
        return False
    title_case = sum(1 for w in caps if w[:1].isupper() or w[:1].isdigit()) / len(caps)
    context = _TITLE_CONTEXT.search(before)
    if context:
        naming = context.group("noun").lower() in ("called", "named", "dubbed")
        # "a system called Google Wind" names a thing; "called it 'a disgrace to us all'" quotes
        if not naming or title_case >= 0.6 or len(words) <= 3:
            return True
    if title_case < 0.8 or len(words) < 2:
        return False
    after = text[qe : qe + 40]
    attributed = re.match(rf"\s*[,.!?]?\s*(?:{_VERB}\b|(?:\S+\s+){{0,3}}{_VERB}\b)", after)
    return not attributed and not re.search(rf"\b{_VERB}\s*[:,]?\s*$", before)


# -- sentences ------------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Rev|St|Jr|Sr|Inc|"
    r"Corp|Co|Ltd|No|Vol|vs|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|D\.C)|"
    r"\b[A-Z])\.$"
)


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of ``text`` (paragraph starts included)."""
    starts = [0]
    for m in re.finditer(r"\n", text):
        starts.append(m.end())
    for m in _SENT_END.finditer(text):
        if not _ABBREV.search(text, max(0, m.start() - 6), m.start()):
            starts.append(m.end())
    return sorted(set(starts))


# -- attribution ----------------------------------------------------------------------------


@dataclass
class _Mention:
    """A speaker as written next to a quote, before it is resolved."""

    np: str
    appos: str | None = None
    kind: str = "name"  # "name", "pronoun", "description", "indefinite", "subject"


def _clean_np(np: str) -> str:
    np = np.strip(" ,.;:")
    return re.sub(r"\s+", " ", np)


def _post_attribution(text: str, qe: int, inner: str) -> _Mention | None:
    post = text[qe : qe + 200]
    cut = _QUOTE_MARK.search(post)
    if cut:
        post = post[: cut.start()]
    nl = post.find("\n")
    if nl >= 0:
        post = post[:nl]
    # after a quote that ended its sentence, only "Name (, role,) said" can still attribute it
    ended = inner.rstrip().endswith(".") and bool(re.match(r"\s*[A-Z]", post))
    patterns = (
        (_POST_NAME_FIRST,)
        if ended
        else (_POST_QUOTED, _POST_ACCORDING, _POST_VERB_FIRST, _POST_NAME_FIRST, _POST_TAIL)
    )
    for rx in patterns:
        m = rx.match(post)
        if m:
            if rx is _POST_NAME_FIRST and post[m.end() :].lstrip().startswith(":"):
                continue  # 'X said:' introduces the next quotation
            if ended and not _ATTRIBUTION_END.match(post[m.end() :]):
                continue  # '"..." Pigeon said police spent ...': a new sentence of its own
            g = m.groupdict()
            found = _mention(g["np"], g.get("appos"))
            if found is not None:
                return found
    return None


_PARTICIPLES = (
    "saying adding writing telling noting asking suggesting arguing claiming insisting "
    "calling describing warning explaining stating declaring tweeting posting"
).split()
_VERB_RE = re.compile(
    rf"\b(?P<verb>{_VERB}|{'|'.join(_PARTICIPLES)}|according to|quoted|quoting)\b"
)
_SUBJECT_BEFORE = re.compile(rf"{_SPEAKER}(?:{_APPOS}\s+{_AUX}|,\s+)")


def _pre_attribution(text: str, sent_start: int, qs: int) -> _Mention | None:
    """Attribution before the quote in its sentence: the speech verb closest to the quote and
    its subject."""
    pre = text[sent_start:qs]
    # what follows the last quotation or sentence end before this quote is its own lead-in
    cut = max(pre.rfind("”"), pre.rfind('"'))
    for m in re.finditer(r"[.!?][”\"’)]*\s+", pre):
        if not _ABBREV.search(pre, max(0, m.start() - 6), m.start() + 1):
            cut = max(cut, m.end() - 1)
    if cut >= 0 and not pre[cut + 1 :].strip(" \t—–-:"):
        return _Mention("", kind="continue")  # '"...," X said. "..."': a continuation
    pre_local = pre[cut + 1 :] if cut >= 0 else pre
    quoted = re.search(
        rf"\bquot(?:ed|es|ing)\s+{_SPEAKER}(?:\s+(?:in|at|on)\s+[A-Z][\w\-]*)?\s+(?:as\s+)?"
        r"(?:saying|said|telling)\b[^\"“”]{0,60}$",
        pre_local,
    )
    if quoted:
        found = _mention(quoted.group("np"), None)
        if found is not None:
            return found
    verbs = list(_VERB_RE.finditer(pre_local)) or (list(_VERB_RE.finditer(pre)) if cut >= 0 else [])
    if not verbs:
        if pre_local.rstrip().endswith(":"):
            return _Mention("", kind="subject")  # 'Keating, responding to ...: "..."'
        return None
    src = pre_local if _VERB_RE.search(pre_local) else pre
    v = verbs[-1]
    tail = src[v.end() :]
    if len(tail) > 160 or re.search(r"[.!?]\s", tail):
        return None  # the verb belongs to another clause
    word = v.group("verb")
    before = src[: v.start()]
    if word in ("according to", "quoted", "quoting"):
        m = re.match(rf"\s*{_SPEAKER}", tail)
        return _mention(m.group("np"), None) if m else None
    if word in _PARTICIPLES:
        return _Mention("", kind="subject")  # a participle: the sentence's subject speaks
    inverted = re.match(rf"\s+({NAME})(?:,|\s*$)", tail)
    if inverted and (not before.strip() or before.rstrip().endswith((",", '"', "”"))):
        found = _mention(inverted.group(1), None)  # '..., offers Weir, "..."'
        if found is not None:
            return found
    m = _rightmost_subject(before)
    if m and m.group("np").strip():
        return _mention(m.group("np"), m.groupdict().get("appos"))
    if re.search(r"(?:,|\band|\bbut|\bthen)\s*$", before) or not before.strip():
        return _Mention("", kind="subject")  # "..., and said, '...'": the sentence's subject
    return None


_ROLE_WORD_BEFORE = re.compile(rf"{_PREFIX_WORD}|[a-z]+(?:man|woman|men|women|person)")
_SUBJECT_LEAD = re.compile(
    r"(?:^|[,;:(—–]|\b(?:and|but|as|when|while|that|which|who|then|so|because|after|before|"
    r"if|where|though|although|once|since|until|later|also|now))\s*$",
    re.IGNORECASE,
)


def _rightmost_subject(before: str) -> re.Match[str] | None:
    """The noun phrase that ends ``before`` (just before a speech verb) and stands where a
    subject stands (at the start, after a comma or a conjunction): the shortest such
    ("..., the frantic fellow", not "the troublesome spirit, the frantic fellow"; not
    "Empire" in "Ian Freer, the reviews editor at the film magazine Empire,"), widened over
    the capitalised words of a name ("District Court Judge Lou Olivera")."""
    starts = sorted({0, *(m.end() for m in re.finditer(r"[\s(]", before))}, reverse=True)
    fallback = None
    for i, st in enumerate(starts):
        if st >= len(before) or before[st].isspace():
            continue
        m = _SUBJECT_BEFORE.fullmatch(before, st)
        if not m:
            continue
        if before[st].isupper():
            for st2 in starts[i + 1 :]:
                word = before[st2:st].strip()
                if not _NAME_PIECE.fullmatch(word):
                    if _ROLE_WORD_BEFORE.fullmatch(word):
                        # "spokeswomen Maria Zakharov": a role word before the name
                        m = _SUBJECT_BEFORE.fullmatch(before, st2) or m
                        st = st2
                        continue
                    break
                m2 = _SUBJECT_BEFORE.fullmatch(before, st2)
                if not m2:
                    break
                m, st = m2, st2
        if _SUBJECT_LEAD.search(before[:st]):
            # an appositive of a name before it ("Maria Zakharova, a Russian foreign ministry
            # spokeswoman, told"): the name is the subject
            named = re.search(rf"({NAME}),\s*$", before[:st])
            if named and not before[st].isupper():
                m2 = _SUBJECT_BEFORE.fullmatch(before, named.start(1))
                if m2:
                    return m2
            return m
        if fallback is None and before[st].isupper() and " " not in before[st:].strip():
            fallback = m  # "... to smother her children Pasztor replied": a lone name
    return fallback


_OUTLET_REPORT = re.compile(
    rf"^\s*,?\s*(?:{_DESC}|{NAME})\s+(?:reports|reported|reporting|wrote|writes)\b"
    r"|^\s*,?\s*according\s+to\s+(?:the\s+)?[A-Z]"
)


def _is_outlet_report(text: str, qe: int) -> bool:
    return bool(_OUTLET_REPORT.match(text[qe : qe + 120]))


def _mention(np: str, appos: str | None) -> _Mention | None:
    np = _clean_np(np)
    # "Rita Schrimsher of Athens" -> "Rita Schrimsher"; "the Tax Foundation's Lindsey
    # Lassiter" -> "Lindsey Lassiter"
    np = re.sub(rf"^((?:\S+\s+)*?{NAME})\s+of\s+[A-Z].*$", r"\1", np)
    poss = re.match(rf"^(?:the\s+)?[\w.&\- ]+['’]s\s+((?:[a-z][\w\-]*\s+){{0,3}}{NAME})$", np)
    if poss and looks_like_person(split_role(poss.group(1))[0] or ""):
        np = poss.group(1)
    if not np:
        return None
    low = np.lower()
    if low in _PRONOUN_WORDS:
        return _Mention(low, kind="pronoun")
    first = low.split()[0]
    if (
        appos
        and first in ("the", "a", "an", "one", "another", "his", "her", "their", "its")
        or (appos and _INDEFINITE.match(low))
    ):
        # "one of the searchers, Karen Boucher," / "said the director, Efraim Zuroff"
        name = split_role(_clean_np(appos))[0]
        if name and looks_like_person(name) and NAME_RE.fullmatch(_clean_np(appos) or ""):
            return _Mention(name, None, kind="name")
    # "the blogger Melissa Silverstein", "her father Richard Kuiper": a role and a name
    tail_name = re.search(
        rf"((?:{NAME_WORD}|{INITIAL})(?:\s+(?:{NAME_WORD}|{INITIAL}|{PARTICLE}))+)$", np
    )
    if first in ("the", "his", "her", "their", "a", "an") and tail_name:
        name = split_role(tail_name.group(1))[0]
        if name and looks_like_person(name):
            return _Mention(name, None, kind="name")
    if first in ("the", "his", "her", "their", "its", "that", "this"):
        return _Mention(np, appos, kind="description")
    if _INDEFINITE.match(low):
        if _head(np) in _DOC_NOUNS:
            return _Mention(np, appos, kind="description")  # "a tribute posted by ..."
        return _Mention(np, appos, kind="indefinite")
    if not _valid_name(split_role(np)[0]):
        return None  # "Furthermore", "Yet", a place: no speaker here
    return _Mention(np, appos, kind="name")


@lru_cache(maxsize=65536)
def split_role(span: str) -> tuple[str | None, str | None]:
    """'Russian Foreign Minister Sergei Lavrov' -> ('Sergei Lavrov', 'Russian Foreign
    Minister'); sentence openers are dropped ('Yet Trump' -> 'Trump')."""
    toks = strip_openers(span.split())
    while len(toks) > 1 and (
        toks[0].lower() in _SPEECH_VERB_SET
        or re.search(r"-(?:born|based|backed|led|owned|run|year-old)$|\d", toks[0])
        or re.fullmatch(r"[A-Z][a-z]{3,}ing", toks[0])  # "Choosing DeGeneres"
    ):
        toks = toks[1:]  # "Adds Weir" at a sentence start, "German-born Benedict"
    if not toks:
        return None, None
    # the name: the trailing run of capitalised words, initials and particles
    i = len(toks)
    while i > 0:
        t = toks[i - 1]
        low = t.lower().strip(",.")
        if low in ROLE_WORDS and i < len(toks):
            break
        if not (
            t[:1].isupper()
            or re.fullmatch(r"(?:de|da|del|van|von|der|al|el|bin|ibn|la)", t)
            or re.match(r"(?:al|el|bin|ibn|abu|ben|de|da|van)-[A-Z]", t)
        ):
            break
        if i < len(toks) and low in ROLE_WORDS:
            break
        i -= 1
    name_toks = toks[i:]
    role_toks = toks[:i]
    # titles stay out of the name ("Mr. Balin" -> "Balin"), role words, acronyms ("MP",
    # "DNC") and tokens glued to one ("DAY-President") too
    while len(name_toks) > 1 and (
        name_toks[0].lower().strip(".,") in ROLE_WORDS | TITLES
        or re.fullmatch(r"[A-Z]{2,}(?:-\w+)?\.?", name_toks[0])
        or re.match(r"[A-Z]{2,}-", name_toks[0])
    ):
        role_toks.append(name_toks.pop(0))
    if name_toks and name_toks[0].lower().strip(".,") in ROLE_WORDS | TITLES:
        role_toks.append(name_toks.pop(0))
    while name_toks and name_toks[0] in ("de", "da", "van", "von", "al", "el", "la"):
        name_toks.pop(0)
    while len(name_toks) > 1 and re.fullmatch(r"[A-Z]\.?", name_toks[-1]):
        name_toks.pop()  # "William W" (the rest of the name was lost): the first name only
    name = " ".join(name_toks).strip(" ,.")
    role = " ".join(role_toks).strip(" ,") or None
    if not name or name.lower() in ROLE_WORDS:
        return None, role
    return name, role


def _valid_name(name: str | None) -> bool:
    if not name:
        return False
    low = name.lower()
    if low in _PRONOUN_WORDS or is_place(name):
        return False
    if is_group(name) and len(name.split()) > 1:
        return False  # "Moderate Republicans": a group, never a named speaker
    toks = name.split()
    if all(t.lower().strip(".,") in STOP_WORDS for t in toks):
        return False
    return len(name.strip(".")) >= 2 and name[0].isupper()


# -- resolving mentions to people ------------------------------------------------------------


@dataclass
class _Context:
    """What a document has said so far: people introduced, subjects, the last quotation."""

    text: str
    people: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, name, role text)
    last_speaker: tuple[str, str | None] | None = None
    last_quote_end: int = -1


@lru_cache(maxsize=64)
def _name_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every capitalised name-like run of ``text`` (one scan, shared by the passes)."""
    return tuple(NAME_RE.finditer(text))


def _people(text: str) -> list[tuple[int, str, str]]:
    """Full person names in ``text`` with position and the words around them (role)."""
    out = []
    for m in _name_matches(text):
        name, role = split_role(m.group(0))
        if not name or not looks_like_person(name):
            continue
        before = re.search(
            r"((?:[a-z][\w\-’']*,?\s+){1,3})$", text[max(0, m.start() - 40) : m.start()]
        )
        after = text[m.end() : m.end() + 80]
        appos = re.match(r",\s*([^,;.]{2,80}),", after)
        parts = (role, before.group(1) if before else "", appos.group(1) if appos else "")
        role_text = " ".join(x for x in parts if x)
        out.append((m.start(), name, role_text.lower()))
    return out


_PREP_BEFORE = re.compile(
    r"\b(?:of|for|to|with|by|from|in|on|at|about|against|between|than|like|as|into|over|"
    r"under|after|before|during|since|toward|towards|behind|near|without|despite|among|via|"
    r"told|asked|interviewed|met|called|thanked|urged|named)\s+(?:(?:the|a|an|his|her)\s+)?$",
    re.IGNORECASE,
)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?\s+([A-Z][\w'’\-]+)")


_ATTRIBUTION_IN = re.compile(rf"(?:^|,\s+|\.\s+){_SPEAKER}{_APPOS}\s+{_AUX}{_VERB}\b")


def _attributed_in(text: str, start: int, end: int) -> str | None:
    """The person a sentence attributes reported speech to ("Russia will not ..., Russian
    Foreign Minister Sergei Lavrov told the BBC")."""
    found = None
    for m in _ATTRIBUTION_IN.finditer(text, start, end):
        name, _ = split_role(_clean_np(m.group("np")))
        if name and looks_like_person(name) and _valid_name(name):
            found = name
    return found


def _sentence_subject(text: str, start: int, end: int) -> tuple[str | None, str]:
    """The subject of the sentence text[start:end]: the first name or pronoun in its first
    120 characters that is not inside a prepositional phrase or a possessive ("For Mr.
    Balin, Jefferson Airplane was ..." -> "Jefferson Airplane").  Returns (name, "person"),
    (pronoun, "pronoun"), (description, "description") or (None, "other")."""
    s = text[start : min(end, start + 160)]
    lead = s[:120]
    first_quote = _QUOTE_MARK.search(lead)
    if first_quote:
        lead = lead[: first_quote.start()]  # the subject stands before any quotation
    m = re.match(
        r"\s*(?:(?:But|And|Yet|So|Then|Now|Still|Also|Meanwhile|However,?)\s+)?"
        r"(?:[A-Z][^,.!?\"“”]{0,40},\s+)?(He|She|They|he|she|they)\b",
        lead,
    )
    if m:
        return m.group(1).lower(), "pronoun"
    for m in NAME_RE.finditer(lead):
        if (
            _PREP_BEFORE.search(lead[: m.start()])
            or lead[m.end() : m.end() + 2] in ("’s", "'s")
            or m.group(0).endswith(("’s", "'s"))
        ):
            continue
        if m.group(0).isupper() or (
            " " not in m.group(0)
            and (lead[m.end() : m.end() + 1] == "," and m.group(0).lower().endswith("ly"))
        ):
            continue  # "EXCLUSIVE:", "Specifically, ...": a label or an adverb, not the subject
        name, _ = split_role(m.group(0))
        if not name:
            continue  # a sentence opener ("But", "Meanwhile")
        if not _valid_name(name) or is_org(name) or is_place(name) or is_group(name):
            return None, "other"  # the subject is a place or a body ("Russia will ...")
        return name, "person"
    m = re.match(rf"\s*(?:[A-Z][\w’'\-]*\s+){{0,3}}?,?\s*({_DESC})\s", lead)
    if m and m.group(1).split()[-1].lower() in _PERSON_NOUNS:
        return m.group(1), "description"
    return None, "other"


_TALK_AFTER = re.compile(rf"(?:,[^,.;\"“”]{{2,80}},)?\s+(?:\w+ly\s+)?{_VERB}\b")
_NAME_PIECE = re.compile(rf"{NAME_WORD}|{INITIAL}|{PARTICLE}|\w+\.")


class _Resolver:
    def __init__(self, text: str, starts: list[int]):
        self.text = text
        self.starts = starts
        self._people: list[tuple[int, str, str]] | None = None
        self._surnames: dict[str, str] | None = None
        # speakers of earlier quotations: (quote end, speaker, role)
        self.spoken: list[tuple[int, str | None, str | None]] = []
        self.speakers: set[str] = set()
        self.titled = {m.group(1) for m in _TITLED.finditer(text)}
        # names followed by a speech verb ("Gilbert said"): checked after each name found
        # (one anchored match), not by scanning the text with the whole pattern
        self.talkers = {
            m.group(0).split()[-1] for m in _name_matches(text) if _TALK_AFTER.match(text, m.end())
        }

    @property
    def people(self) -> list[tuple[int, str, str]]:
        """Full person names with their role words (computed when first needed)."""
        if self._people is None:
            self._people = _people(self.text)
        return self._people

    @property
    def surnames(self) -> dict[str, str]:
        if self._surnames is None:
            self._surnames = {}
            for _, name, _ in self.people:
                self._surnames.setdefault(name.split()[-1], name)
        return self._surnames

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = _bisect(self.starts, pos)
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return start, end

    def is_known_person(self, name: str) -> bool:
        return looks_like_person(name) or (
            " " not in name
            and (name in self.surnames or name in self.talkers or name in self.titled)
            and not is_org(name)
        )

    def certain_person(self, name: str) -> bool:
        """A name certainly of a person: spoken before, titled, given with a role, or the
        subject of a speech verb somewhere in the document ("Gilbert said ...")."""
        if name in self.speakers or name in self.titled or name.split()[-1] in self.talkers:
            return True
        key = name.split()[-1]
        return key in self.titled or any(
            n.split()[-1] == key and _has_role_word(role) for _, n, role in self.people
        )

    def topic_person(self, pos: int, stop_at_quote: bool = True) -> str | None:
        """The person the text is about at ``pos``: walking back sentence by sentence (at most
        four), the speaker of the last quotation, else the subject of a sentence when it is a
        person, else a titled person named in it ("For Mr. Balin, ...")."""
        i = _bisect(self.starts, pos) + 1
        seen = 0
        fallback: str | None = None
        while i > 0 and seen < 4:
            i -= 1
            seen += 1
            s = self.starts[i]
            e = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            e = min(e, pos)
            if s >= e:
                continue
            quoted = [sp for end, sp, _ in self.spoken if s < end <= e and sp]
            if quoted and stop_at_quote:
                return quoted[-1]
            titled = _TITLED.search(self.text, s, e)
            if titled:
                return titled.group(1)
            attributed = _attributed_in(self.text, s, e)
            if attributed:
                return attributed
            who, kind = _sentence_subject(self.text, s, e)
            if kind == "person" and who and self.is_known_person(who) and self.certain_person(who):
                return who
            if kind == "description" and who:
                found = self.role_person(who, s + 1)
                if found:
                    return found
        return fallback

    def role_person(self, description: str, pos: int) -> str | None:
        """The last person before ``pos`` introduced with the head noun of ``description``
        ("the judge" -> "District Court Judge Lou Olivera")."""
        head = description.lower().split()[-1].strip("’'s")
        for p, name, role in reversed(self.people):
            if p >= pos:
                continue
            if re.search(rf"\b{re.escape(head)}s?\b", role):
                return name
        return None

    def resolve(self, m: _Mention | None, qs: int) -> tuple[str | None, str | None, bool]:
        """(speaker, role, resolved) for a mention next to the quote at ``qs``."""
        if m is None:
            return None, None, False
        if m.kind == "pronoun":
            if m.np == "it" or m.np == "they":
                last = self.spoken[-1][1] if self.spoken else None
                if last and (is_org(last) or last.lower().startswith("the ")):
                    return last, None, True
                return None, None, True
            who = self.topic_person(qs)
            return who, None, True
        if m.kind == "subject":
            s, e = self.sentence_of(qs)
            who, kind = _sentence_subject(self.text, s, e)
            if kind == "person" and who:
                return who, None, True
            if kind == "pronoun":
                return self.topic_person(s), None, True
            return None, None, True
        if m.kind == "indefinite":
            return None, None, False
        if m.kind == "description":
            low = m.np.lower()
            poss = re.match(r"^(.+?)['’]s\s+(\w[\w\-]*)", m.np)
            head = _head(m.np)
            if head in _DOC_NOUNS and head in ("statement", "letter", "e-mail", "email"):
                window = self.text[max(0, qs - 600) : qs]
                issuers = _STATEMENT_BY.findall(window) + _STATEMENT_FROM.findall(window)
                if issuers:
                    name, _ = split_role(issuers[-1])
                    if _valid_name(name):
                        return name, None, True
                last = self.spoken[-1][1] if self.spoken else None
                if last:
                    return last, None, True
                return m.np, None, False  # "the statement said": as written
            if low.startswith(("his ", "her ", "their ")) and head in _PERSON_NOUNS:
                # "her husband said": the person introduced as her husband, else nobody
                return self.role_person(m.np, qs), m.np, True
            if poss and head in _PERSON_NOUNS and head not in _GENERIC_PEOPLE:
                # "Michael Jackson's eldest daughter said": the one introduced so, else the
                # person the text is about, when that is not the possessor
                who = self.role_person(m.np, qs) or self.topic_person(qs)
                owner = split_role(poss.group(1))[0] or ""
                if who and owner and same_speaker(who, owner):
                    who = None
                return who, m.np, True
            if low.startswith(("his ", "her ", "their ")):
                return self.topic_person(qs), None, True
            if poss and head in {"office", "spokesman", "spokeswoman", "lawyer", "attorney"}:
                return _clean_np(poss.group(1)), None, False  # "Lerner's lawyer": her side
            if head in _GENERIC_PEOPLE:
                return None, None, False  # "the man", "the couple": nobody named
            if head not in _PERSON_NOUNS and (
                head in _DOC_NOUNS
                or head in ORG_WORDS
                or head in _GROUP_NOUNS
                or m.np.split()[-1][:1].isupper()
            ):
                return m.np, None, False  # an organisation or a document: as written
            # any other description is of a person: the one introduced with that role ("the
            # producer added" -> "La La Land producer Jordan Horowitz"), else nobody
            who = self.role_person(m.np, qs)
            return who, m.np, True
        # a name (with its role words)
        name, role = split_role(m.np)
        if m.appos and not role:
            role = _clean_role(m.appos)
        if not _valid_name(name):
            return None, None, False
        return name, role, False


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,;")
    first = role.lower().split()[0] if role.split() else ""
    if first in (
        "who",
        "which",
        "although",
        "though",
        "but",
        "and",
        "as",
        "while",
        "because",
        "when",
        "adding",
        "saying",
        "after",
        "before",
        "if",
        "since",
        "so",
        "then",
        "in",
        "on",
        "at",
        "during",
        "according",
    ):
        return None
    if len(role.split()) > 14 or re.fullmatch(r"\d+", role):
        return None
    return role or None


def _has_role_word(role: str) -> bool:
    return any(
        w.strip(",.’'") in ROLE_WORDS - {"the"} or w.strip(",.") in _PERSON_NOUNS
        for w in role.split()
    )


def _bisect(starts: list[int], pos: int) -> int:
    """Index of the last start at or before pos (0 when pos comes before them all)."""
    return max(bisect_right(starts, pos) - 1, 0)


def extract_quotes(text: str, doc: int = 0, starts: list[int] | None = None) -> list[Quote]:
    """Direct quotations of one document's text with their speakers (see the module docs).
    ``starts``: sentence start offsets (else found with a simple rule)."""
    starts = starts if starts is not None else sentence_starts(text)
    if not starts or starts[0] != 0:
        starts = [0, *(starts or [])]
    res = _Resolver(text, starts)
    out: list[Quote] = []
    for m in _QUOTE.finditer(text):
        g = next(k for k in ("q", "q2", "q3", "q4") if m.group(k) is not None)
        inner = m.group(g)
        q = inner.strip(" ,.")
        if is_title(text, m.start(), m.end(), inner):
            continue
        sent_start, _ = res.sentence_of(m.start())
        mention = _post_attribution(text, m.end(), inner)
        if mention is None or _is_outlet_report(text, m.end()):
            # '"...," the Associated Press reports': the outlet relays; a speaker named
            # before the quote said it
            mention = _pre_attribution(text, sent_start, m.start()) or mention
        if mention is not None and mention.kind == "continue":
            speaker, role, resolved = _continuation(res, m.start())
        elif mention is not None:
            speaker, role, resolved = res.resolve(mention, m.start())
        elif not text[sent_start : m.start()].strip(" \t—–-:"):
            # a quotation opening its sentence with no attribution continues the last one
            speaker, role, resolved = _continuation(res, m.start())
        else:
            speaker, role, resolved = None, None, False
        res.spoken.append((m.end(), speaker, role))
        if speaker:
            res.speakers.add(speaker)
        if len(q.split()) < MIN_QUOTE_WORDS:
            continue  # too short to report ("It's scary," she said), but it still speaks
        context = text[max(0, m.start() - 300) : m.end() + 300]
        out.append(Quote(doc, q, m.start(g), m.end(g), speaker, role, resolved, context))
    return out


def _continuation(res: _Resolver, qs: int) -> tuple[str | None, str | None, bool]:
    """An unattributed quotation opening its sentence: the speaker of the previous quotation
    when one ends within the four sentences before it (nobody, if that one had nobody), else
    the person the text was about."""
    if res.spoken:
        end, speaker, role = res.spoken[-1]
        if qs - end <= 600 and "\n\n" not in res.text[end:qs]:
            i_now, i_then = _bisect(res.starts, qs), _bisect(res.starts, end)
            if i_now - i_then <= 4:
                return speaker, role, True
    who = res.topic_person(qs)
    return who, None, who is not None


def _full_names(text: str, singles: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Full mentions (position, name) of every one-word name in ``singles``: as surname, or
    as first name ("Rosannah" -> "Rosannah Harding")."""
    full: dict[str, list[tuple[int, str]]] = {}
    for found in _name_matches(text):
        if found.group(0).endswith(("’s", "'s")):
            continue
        n, _ = split_role(found.group(0))
        toks = (n or "").split()
        if not (2 <= len(toks) <= 4) or not looks_like_person(n or ""):
            continue
        for key in {toks[-1], toks[0]} & singles:
            full.setdefault(key, []).append((found.start(), n))
    return full


def expand_surnames(quotes: list[Quote], texts: list[str]) -> None:
    """A one-word speaker becomes the full name with it in its own document: the nearest full
    mention before the quote (the person just introduced, not a relative named earlier with
    the same surname), else the first after it, by surname or else by first name; else the
    first full mention in another document.  Of the forms a person is named by, the
    shortest is used ("Ueli Steck", not "Mountaineer Ueli Steck")."""
    singles = {q.speaker for q in quotes if q.speaker and " " not in q.speaker}
    if not singles:
        _shorten(quotes, texts)
        return
    per_doc = [_full_names(t, singles) for t in texts]
    anywhere: dict[str, str] = {}
    for f in per_doc:
        for k, v in f.items():
            anywhere.setdefault(k, v[0][1])
    for q in quotes:
        if q.speaker not in singles:
            continue
        mentions = per_doc[q.doc].get(q.speaker, [])
        for group in (
            [(p, n) for p, n in mentions if n.split()[-1] == q.speaker],
            [(p, n) for p, n in mentions if n.split()[0] == q.speaker],
        ):
            if not group:
                continue
            before = [n for p, n in group if p < q.start]
            chosen = before[-1] if before else group[0][1]
            forms = [n for _, n in group if n.endswith(chosen) or chosen.endswith(n)]
            q.speaker = min(forms, key=lambda n: (len(n.split()), n))
            break
        else:
            q.speaker = anywhere.get(q.speaker, q.speaker)
    _shorten(quotes, texts)


def _shorten(quotes: list[Quote], texts: list[str]) -> None:
    """A speaker named with a leading descriptor ("Sharpshooter Mike Miller", "Pilots Troy
    Bradley") is named by the shorter form the documents also use ("Mike Miller")."""
    long_names = {
        q.speaker
        for q in quotes
        if q.speaker
        and len(q.speaker.split()) >= 3
        and q.speaker[:1].isupper()
        and not q.speaker.lower().startswith(("the ", "a ", "an "))
    }
    if not long_names:
        return
    joined = "\n".join(texts)
    lower_words = set(re.findall(r"\b[a-z][a-z\-]+\b", joined))
    for name in long_names:
        toks = name.split()
        for k in range(1, len(toks) - 1):
            short = " ".join(toks[k:])
            if toks[k - 1].lower() not in lower_words:
                break  # "Alison Jing Xu": a first name, not a descriptor
            if len(toks) - k >= 2:
                for q in quotes:
                    if q.speaker == name:
                        q.speaker = short
                break


_expand_surnames = expand_surnames  # the name earlier benchmarks import


def _norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def merge_quotes(quotes: list[Quote]) -> list[MergedQuote]:
    """Group the same quotation across documents (exact, trimmed or lightly reworded)."""
    if not quotes:
        return []
    # identical wordings (syndicated copies) collapse first, so the pairwise step below sees
    # each distinct wording once however many sites carry it
    firsts: dict[tuple[str, ...], int] = {}
    alias = [firsts.setdefault(tuple(_norm_words(q.text)), i) for i, q in enumerate(quotes)]
    n = len(quotes)
    sets = [set(_norm_words(q.text)) if alias[i] == i else set() for i, q in enumerate(quotes)]
    # candidate pairs share a content word (inverted index; linear in the postings)
    postings: dict[str, list[int]] = {}
    for i, ws in enumerate(sets):
        for w in ws:
            if w not in STOP_WORDS:
                postings.setdefault(w, []).append(i)
    # a word in very many distinct quotes is no evidence of sameness: not used as a key
    postings = {w: p for w, p in postings.items() if len(p) <= MAX_POSTING}
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, ws in enumerate(sets):
        seen: set[int] = set()
        for w in ws:
            for j in postings.get(w, ()):
                if j <= i or j in seen:
                    continue
                seen.add(j)
                inter = len(ws & sets[j])
                small = min(len(ws), len(sets[j]))
                union = len(ws) + len(sets[j]) - inter
                if (small >= 5 and inter >= 0.9 * small) or inter >= 0.75 * union:
                    parent[find(i)] = find(j)
    for i, a in enumerate(alias):
        if a != i:
            parent[find(i)] = find(a)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out: list[MergedQuote] = []
    for members in sorted(groups.values(), key=lambda g: (quotes[g[0]].doc, quotes[g[0]].start)):
        qs = [quotes[i] for i in members]
        # shown text: the longest version (the untrimmed one)
        text = max(qs, key=lambda q: (len(q.text), -q.doc)).text
        # explicitly attributed members outvote resolved ones
        keys: Counter[str] = Counter()
        for q in qs:
            if q.speaker:
                keys[speaker_key(q.speaker)] += 1 if q.pronoun else 2
        speaker = role = None
        variants: dict[str, list[int]] = {}
        if keys:
            best_key = min(keys, key=lambda k: (-keys[k], k))
            named = [q for q in qs if q.speaker and speaker_key(q.speaker) == best_key]
            forms = Counter(q.speaker for q in named)
            speaker = min(forms, key=lambda s: (-forms[s], -len(s), s))
            roles = [q.role for q in named if q.role]
            role = max(roles, key=len) if roles else None
            for q in qs:
                if q.speaker and not q.pronoun:
                    variants.setdefault(q.speaker, [])
                    if q.doc not in variants[q.speaker]:
                        variants[q.speaker].append(q.doc)
        sources = sorted({q.doc for q in qs})
        out.append(MergedQuote(text, speaker, role, sources, qs, variants))
    return out


def cluster_texts(cluster: Cluster) -> list[str]:
    """Each document's kept sentences, one paragraph a line (what quotes are read from)."""
    return [t for t, _ in cluster_texts_with_starts(cluster)]


def cluster_texts_with_starts(cluster: Cluster) -> list[tuple[str, list[int]]]:
    """Each document's kept sentences, one paragraph a line, with every sentence's start
    offset (the pipeline's segmenter decided where sentences end)."""
    n = len(cluster.documents)
    parts: list[list[str]] = [[] for _ in range(n)]
    starts: list[list[int]] = [[] for _ in range(n)]
    length = [0] * n
    last_par = [-1] * n
    for s in cluster.sentences:
        d = s.doc
        if parts[d]:
            sep = " " if s.paragraph == last_par[d] else "\n"
            parts[d].append(sep)
            length[d] += 1
        starts[d].append(length[d])
        parts[d].append(s.text)
        length[d] += len(s.text)
        last_par[d] = s.paragraph
    return [("".join(p), st) for p, st in zip(parts, starts, strict=True)]


def cluster_quotes(cluster: Cluster, texts: list[str] | None = None) -> list[MergedQuote]:
    with_starts = cluster_texts_with_starts(cluster)
    if texts is None:
        texts = [t for t, _ in with_starts]
        starts = [s for _, s in with_starts]
    else:
        starts = [None] * len(texts)
    quotes = [q for i, t in enumerate(texts) for q in extract_quotes(t, i, starts[i])]
    expand_surnames(quotes, texts)
    return merge_quotes(quotes)


# kept for callers of the earlier names
_split_role = split_role
_PERSON_NAME = re.compile(rf"\b({NAME})\b")
__all__ = [
    "MergedQuote",
    "ORG_WORDS",
    "Quote",
    "cluster_quotes",
    "cluster_texts",
    "expand_surnames",
    "extract_quotes",
    "merge_quotes",
    "same_speaker",
    "speaker_key",
    "split_role",
]
