"""Quotes and speakers: direct quotations with who said them, merged across sources.

Regex-based and linear in the text.  A quotation is text between double quotes (straight or
curly) of at least four words.  Its speaker is read from the attribution next to it:

* after the quote: ``"...," Lavrov said`` / ``"...," said Maria Zakharova, a spokeswoman`` /
  ``"...," he added`` (a pronoun is resolved to the document's previous speaker, else to the
  last full name mentioned before the quote);
* before it: ``Bogdanov said: "..."`` / ``Zakharova told a radio station, "..."`` /
  ``Interfax quoted Deputy Foreign Minister Mikhail Bogdanov saying "..."``.

A role is taken from an appositive (``Maria Zakharova, a Russian foreign ministry
spokeswoman,``) or from title words before the name (``Russian Foreign Minister Sergei
Lavrov``, ``spokeswoman Maria Zakharova``).  A bare surname is expanded to the longest full
name ending in it elsewhere in the cluster ("Putin" -> "Vladimir Putin").

The same quote in several documents -- exact, trimmed ("...we will invite..." vs the whole
sentence) or lightly reworded -- becomes one entry with all its sources: two quotes merge when
one's words are nearly contained in the other's or their word sets mostly overlap, computed
with one sparse product.  Speakers are matched by a spelling-tolerant key (first five letters
of the surname: "Zakharova"/"Zakharov", "Sergey"/"Sergei Lavrov" agree).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from storybrief.text.words import STOP_WORDS
from storybrief.types import Cluster

MIN_QUOTE_WORDS = 4
MAX_POSTING = 200
MAX_QUOTE_CHARS = 1200

_QUOTE = re.compile(
    r"“(?P<q>[^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)”"
    r"|\"(?P<q2>[^\"\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)\""
    r"|[\"“”](?P<q3>[^\"“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)[\"“”]"
)

_VERB = (
    r"(?:said|says|say|added|adds|told|tells|wrote|writes|explained|noted|stated|declared|"
    r"insisted|argued|warned|asked|replied|responded|continued|tweeted|posted|recalled|"
    r"announced|claimed|admitted|acknowledged|conceded|complained|concluded|joked|remarked|"
    r"reiterated|stressed|emphasized|emphasised|observed|suggested|predicted|countered|"
    r"exclaimed|cautioned|urged|quipped|threatened|vowed|pledged|promised|testified|"
    r"responds|replies|recalls|explains|notes|adds|argues|insists|warns|writes|reported|"
    r"reports|shared|texted|emailed|agreed|lamented|boasted)"
)
_NAME_TOKEN = r"(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.|Mc[A-Z][a-z]+|de|al|von|van|bin|el|la|da)"
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Adm|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|Maj|Cmdr|Supt|Insp|Det|Atty)\.?\s+)"
_NAME = rf"(?:{_TITLE}?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,5}})"
_ORG = r"(?:(?:the|a|an)\s+(?:[A-Za-z.\-’']+\s+){0,4}(?i:ministry|department|agency|police|office|company|government|military|army|statement|spokesman|spokeswoman|spokesperson|official|officials|report|court|prosecutors?|campaign|group|council|committee|embassy|kremlin|white house|pentagon|firm|foundation|family|source|sources|minister|president|lawsuit|complaint|indictment|letter|memo|study|report|filing|document|history|post|blog|website|website|coroner|sheriff|judge|lawyer|attorney|mayor|governor|senator|chief|officer|service|board|commission|union|party|network|newspaper|magazine)\b)"
_PLACE_OF = r"(?:\s+of\s+[A-Z][\w.\-]*(?:,?\s+[A-Z][\w.\-]*){0,3}|\s+\([A-Z][\w.\-]*\)|,\s+[RD]-[A-Z][\w.]*)?"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_ROLE_APPOS = r"(?P<role>(?:a|an|the|who|[A-Z][\w.\-]*['’]s|[a-z][\w\-]*)\s[^,;:\"“”]{2,140}?)"

_LOWER_TITLE = r"(?P<pre>(?:[A-Z][\w.\-’']*\s+)?(?:[a-z][\w.\-’']*\s+){1,3})?"
# "...," said Maria Zakharova(, a spokeswoman) / said Russian general Andrei Kartapolov
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*,?\s*{_VERB}\s+(?:(?P<org>{_ORG})|{_LOWER_TITLE}(?P<sp>{_NAME}))(?:,\s*{_ROLE_APPOS}(?:[,.;]|$))?"
)
# "...," Maria Zakharova(, a spokeswoman,) (reportedly) said
_AFTER_NAME_FIRST = re.compile(
    rf"^\s*,?\s*(?:(?P<org>{_ORG})|{_LOWER_TITLE}(?P<sp>{_NAME}|{_PRONOUN})){_PLACE_OF}(?:,\s*{_ROLE_APPOS},?)?,?\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|has\s+|had\s+|later\s+)?{_VERB}\b"
)
# Maria Zakharova(, a spokeswoman,) told a radio station: "..."   (pre-text ends at the quote)
_BEFORE = re.compile(
    rf"(?P<sp>{_NAME}|{_ORG}|{_PRONOUN}){_PLACE_OF}(?:,\s*{_ROLE_APPOS},)?,?\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|has\s+|had\s+)?{_VERB}\b[^\"“”.!?]{{0,90}}?[:,]?\s*$"
)
# "...," AFP quoted Lavrov in Moscow as saying
_AFTER_QUOTED = re.compile(
    rf"^\s*,?\s*(?:[A-Z][\w.\-]*\s+){{1,3}}quoted\s+(?P<pre>(?:[a-z][\w.\-’']*\s+){{1,3}})?(?P<sp>{_NAME})(?:\s+in\s+[A-Z][\w\-]+)?\s+as\s+(?:saying|telling)"
)
# "...," according to the lawsuit / "..." (sentence-final) ..., the minister added.
_AFTER_ACCORDING = re.compile(rf"^\s*,?\s*according\s+to\s+(?:(?P<org>{_ORG})|(?P<sp>{_NAME}))")
_AFTER_TAIL = re.compile(
    rf"^[^\"“”.!?]{{0,100}}?,\s*(?:(?P<org>{_ORG})|(?P<sp>{_NAME}))\s+{_VERB}\s*[.!]"
)
_BEFORE_ACCORDING = re.compile(
    rf"according\s+to\s+(?:(?P<org>{_ORG})|(?P<sp>{_NAME}))(?:,\s*{_ROLE_APPOS})?\s*,\s*(?:[^\"“”.!?]{{0,60}}?)?$"
)
_STATEMENT_BY = re.compile(rf"({_NAME}|{_ORG})\s+(?:said|says)\s+in\s+a\s+(?:written\s+)?statement")
_BEFORE_QUOTED = re.compile(
    rf"quot(?:ed|ing)\s+(?P<sp>{_NAME}|{_ORG})(?:,\s*{_ROLE_APPOS},)?(?:\s+in\s+[A-Z][\w\-]+)?\s+(?:as\s+)?(?:saying|said)\s*[:,]?\s*$"
)

_ROLE_WORDS = {
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "deputy",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "gen",
    "gen.",
    "maj",
    "maj.",
    "lt",
    "lt.",
    "col",
    "col.",
    "sgt",
    "sgt.",
    "capt",
    "capt.",
    "adm",
    "adm.",
    "chief",
    "director",
    "senator",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "gov",
    "gov.",
    "governor",
    "mayor",
    "judge",
    "justice",
    "attorney",
    "ambassador",
    "envoy",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "officer",
    "whip",
    "majority",
    "minority",
    "engineer",
    "detective",
    "sheriff",
    "coach",
    "ceo",
    "chairman",
    "chairwoman",
    "commissioner",
    "commander",
    "defense",
    "defence",
    "interior",
    "state",
    "house",
    "speaker",
    "leader",
    "senior",
    "former",
    "acting",
    "assistant",
    "executive",
    "democratic",
    "republican",
    "u.s.",
    "us",
    "u.n.",
    "un",
    "white",
    "national",
    "security",
    "adviser",
    "advisor",
    "head",
    "rev",
    "rev.",
    "sir",
    "lord",
    "dame",
    "ministry",
    "kremlin",
    "pentagon",
    "police",
    "army",
    "federal",
    "the",
}
_NOT_NAME = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "it",
    "this",
    "that",
    "there",
    "when",
    "as",
    "if",
    "i",
    "we",
    "you",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "officials",
    "police",
    "reports",
    "sources",
    "witnesses",
    "residents",
    "experts",
    "analysts",
    "critics",
    "people",
    "others",
    "some",
    "many",
    "one",
    "another",
    "who",
    "which",
    "what",
    "after",
    "before",
    "while",
    "also",
    "later",
    "then",
    "still",
    "we're",
    "i'm",
    "you're",
    "they're",
    "it's",
    "we’re",
    "i’m",
    "you’re",
    "they’re",
    "it’s",
}
_TITLE_WORDS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "adm",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "prof",
    "rev",
    "maj",
    "cmdr",
    "supt",
    "insp",
    "det",
    "atty",
}
_PERSON_NAME = re.compile(r"\b([A-Z][a-z'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’\-]+)){1,5})\b")
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ese|ish|an|i|ic)$")


@dataclass
class Quote:
    """One direct quotation in one document."""

    doc: int
    text: str
    start: int  # character offsets of the quoted text in the document's analysed text
    end: int
    speaker: str | None
    role: str | None
    pronoun: bool = False  # the speaker was resolved from a pronoun


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


def speaker_key(name: str | None) -> str | None:
    """Spelling-tolerant key of a speaker: lower-case first five letters of the surname."""
    if not name:
        return None
    if name.lower().startswith(("the ", "a ", "an ")):  # an organisation: its head noun
        return name.split()[-1].lower()[:5]
    toks = [t for t in re.findall(r"[A-Za-z][A-Za-z'’\-]*", name) if t.lower() not in _ROLE_WORDS]
    if not toks:
        return name.lower()
    last = re.sub(r"^(?:al|el|ad|as|ash|bin|ibn)[-‐]", "", toks[-1].lower())
    return last[:5]


def _split_role(span: str) -> tuple[str | None, str | None]:
    """'Russian Foreign Minister Sergei Lavrov' -> ('Sergei Lavrov', 'Russian Foreign Minister')."""
    span = span.strip()
    if span.lower().startswith(("the ", "a ", "an ")):
        return span, None  # an organisation ("the defence ministry")
    toks = span.split()
    # name = the trailing tokens that are not role/title words
    i = len(toks)
    while (
        i > 0
        and toks[i - 1].lower().strip(",") not in _ROLE_WORDS
        and not (i < len(toks) and _NATIONALITY.match(toks[i - 1]) and i - 1 == 0)
    ):
        i -= 1
    name_toks = [t for t in toks[i:] if t.rstrip(".").lower() not in _TITLE_WORDS]
    role_toks = toks[:i]
    if not name_toks:
        return None, span
    if role_toks and not any(t.lower() in _ROLE_WORDS for t in role_toks):
        # no title word: the leading tokens are part of the name (or a sentence opener)
        name_toks = toks
        role_toks = []
    while name_toks and name_toks[0].lower() in _NOT_NAME:
        name_toks = name_toks[1:]
    if not name_toks:
        return None, " ".join(role_toks) or None
    return " ".join(name_toks), (" ".join(role_toks) or None)


_NOT_ROLE_START = {
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
}
_REPORTED = re.compile(r"\b(?:reports?|reported)\b")


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,;")
    if role.lower().split()[0] in _NOT_ROLE_START:
        return None
    if len(role.split()) > 14:
        return None
    return role or None


def _lower_role_before(pre: str) -> str | None:
    """Lower-case title just before the speaker: 'spokeswoman Maria Zakharova'."""
    m = re.search(
        r"((?:[A-Z][\w.\-]*['’]s\s+)?(?:[\w.\-]+\s+){0,3}(?:spokes(?:man|woman|person)|minister|president|secretary|director|chief|official|adviser|advisor|ambassador|envoy|general|commander|coach|ceo|chairman|spokeswomen|head|leader|lawyer|attorney))\s*$",
        pre,
    )
    if not m:
        return None
    role = m.group(1).strip()
    role = re.sub(r"^(?:and|but|said|the|as|when|while)\s+", "", role, flags=re.IGNORECASE)
    return role or None


def _valid_speaker(name: str | None) -> bool:
    if not name:
        return False
    low = name.lower()
    if low in _NOT_NAME or low in ("he", "she", "they"):
        return False
    first = name.split()[0].lower()
    return not (len(name.split()) == 1 and first in _NOT_NAME)


def _attribute(text: str, qs: int, qe: int) -> tuple[str | None, str | None, bool]:
    """Speaker, role and 'via pronoun' for the quotation at text[qs:qe] (quote marks incl.)."""
    post = text[qe : qe + 160]
    sent_start = max(text.rfind(". ", 0, qs), text.rfind("\n", 0, qs), text.rfind("? ", 0, qs))
    pre = text[sent_start + 1 : qs]
    for rx in (_AFTER_VERB_FIRST, _AFTER_NAME_FIRST, _AFTER_QUOTED, _AFTER_ACCORDING):
        m = rx.match(post)
        # 'X said:' after a quote that closed its sentence introduces the next quote
        if m and not (rx is _AFTER_NAME_FIRST and post[m.end() :].lstrip().startswith(":")):
            if _REPORTED.search(m.group(0)):
                # '"...," the Associated Press reports': the outlet, not the speaker, unless
                # nobody else is named before the quote
                b = _BEFORE.search(pre)
                if b:
                    return _finish(b, pre[: b.start()], post)
            return _finish(m, pre + " ", post)
    for rx in (_BEFORE_QUOTED, _BEFORE, _BEFORE_ACCORDING):
        m = rx.search(pre)
        if m:
            return _finish(m, pre[: m.start()], post)
    if not text[qs:qe].rstrip().endswith((".", "!", "?")):
        m = _AFTER_TAIL.match(post)
        if m:
            return _finish(m, pre + " ", post)
    return None, None, False


def _finish(m: re.Match[str], before: str, post: str) -> tuple[str | None, str | None, bool]:
    g = m.groupdict()
    sp = (g.get("sp") or g.get("org") or "").strip()
    pre = (g.get("pre") or "").strip()
    if sp.lower() in ("he", "she", "they"):
        return None, None, True
    # "the German wrote", "the minister added": a person already named -- like a pronoun
    if _DEFINITE_PERSON.fullmatch(f"{pre} {sp}".strip()):
        return None, None, True
    # "said Sibley Memorial Hospital nurse Yulette Newman": organisation + role + name
    m2 = (
        re.match(rf"\s+([a-z][\w\-]{{2,20}})\s+({_NAME})", post[m.end() :]) if g.get("sp") else None
    )
    if m2 and m2.group(1) in _PERSON_NOUNS:
        return _split_role(m2.group(2))[0], f"{sp} {m2.group(1)}", False
    name, role = _split_role(sp)
    if pre and not role and any(t.lower().strip(".,") in _ROLE_WORDS for t in pre.split()):
        role = pre
    appos = m.groupdict().get("role")
    if appos:
        role = _clean_role(appos) or role
    if not role and name and not name.lower().startswith("the "):
        role = _lower_role_before(before)
    if not _valid_speaker(name):
        return None, None, False
    return name, _clean_role(role), False


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
    "engineer",
    "detective",
    "sheriff",
    "lieutenant",
    "sergeant",
    "captain",
}
_DEFINITE_PERSON = re.compile(
    r"(?i:the)\s+(?:(?:[a-z][\w\-]*\s+){0,2}(?:"
    + "|".join(sorted(_PERSON_NOUNS))
    + r")|[A-Z][a-z]+)"
)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?\s+([A-Z][\w'’\-]+)")

_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[\"“A-Z])")


def _previous_subject(text: str, qs: int) -> str | None:
    """First person name of the sentence just before position ``qs`` (two or more capitalised
    words, title words split off), when that sentence starts with it."""
    window = text[max(0, qs - 400) : qs]
    cut = [m.end() for m in _SENTENCE_END.finditer(window)]
    if not cut:
        return None
    start = cut[-2] if len(cut) >= 2 else 0
    sentence = window[start : cut[-1]]
    if any(c in sentence for c in '"“”'):
        return None  # a quote of its own: its speaker is handled as last_speaker
    t = _TITLED.search(sentence)
    m = _PERSON_NAME.search(sentence)
    if t and t.start() <= 60 and (not m or t.start() <= m.start()):
        return t.group(1)  # "For Mr. Balin, ..." (expanded to the full name later)
    if not m or m.start() > 60:
        return None
    name = _split_role(m.group(1))[0]
    if not name or len(name.split()) < 2 or not _valid_speaker(name):
        return None
    return name


def extract_quotes(text: str, doc: int = 0) -> list[Quote]:
    """Direct quotations of one document's text, attributed where the attribution is near."""
    out: list[Quote] = []
    last_speaker: tuple[str, str | None] | None = None
    last_end = -1000
    for m in _QUOTE.finditer(text):
        g = "q" if m.group("q") is not None else ("q2" if m.group("q2") is not None else "q3")
        q = m.group(g).strip(" ,.")
        speaker, role, pronoun = _attribute(text, m.start(), m.end())
        if len(q.split()) < MIN_QUOTE_WORDS:
            # too short to report ("It's scary," she said), but it still tells who speaks next
            if speaker:
                last_speaker, last_end = (speaker, role), m.end()
            continue
        if speaker and speaker.lower() in ("the statement", "a statement"):
            # "the statement said": whoever issued the statement just before
            issuers = _STATEMENT_BY.findall(text[max(0, m.start() - 500) : m.start()])
            if issuers:
                speaker = _split_role(issuers[-1])[0] or speaker
        if pronoun:
            # the subject of the sentence before ("UK Foreign Secretary William Hague welcomed
            # the sanctions. '...,' he said"), else the previous speaker, else the last name
            subject = _previous_subject(text, m.start())
            if subject and (
                not last_speaker or speaker_key(subject) != speaker_key(last_speaker[0])
            ):
                speaker, role = subject, None
            elif last_speaker:
                speaker, role = last_speaker
            else:
                names = [
                    n
                    for n in _PERSON_NAME.findall(text[max(0, m.start() - 600) : m.start()])
                    if n.split()[0].lower() not in _NOT_NAME
                ]
                speaker = _split_role(names[-1])[0] if names else None
                speaker = speaker if _valid_speaker(speaker) else None
        gap = text[last_end : m.start()]
        if speaker is None and not pronoun and last_speaker and len(gap) <= 120 and "\n" not in gap:
            # a quote continuing the previous one: '"...," X said. "And more."'
            speaker, role = last_speaker
            pronoun = True
        if speaker:
            last_speaker = (speaker, role)
        last_end = m.end()
        out.append(Quote(doc, q, m.start(g), m.end(g), speaker, role, pronoun))
    return out


def _full_names(text: str, singles: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Full mentions (position, name) of every surname in ``singles``."""
    full: dict[str, list[tuple[int, str]]] = {}
    for found in _PERSON_NAME.finditer(text):
        n = _split_role(found.group(1))[0] or ""
        toks = n.split()
        if 2 <= len(toks) <= 3 and toks[-1] in singles and toks[0].lower() not in _NOT_NAME:
            full.setdefault(toks[-1], []).append((found.start(), n))
    return full


def _expand_surnames(quotes: list[Quote], texts: list[str]) -> None:
    """A one-word speaker becomes the full name ending in it: the nearest full mention before
    the quote in its own document ("Salah Ali, 70, the infant's grandfather"), else the first
    in its document, else the first in the cluster."""
    singles = {q.speaker for q in quotes if q.speaker and " " not in q.speaker}
    if not singles:
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
        before = [n for pos, n in mentions if pos < q.start]
        if before:
            q.speaker = before[-1]
        elif mentions:
            q.speaker = mentions[0][1]
        else:
            q.speaker = anywhere.get(q.speaker, q.speaker)


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
        # explicitly attributed members outvote pronoun-resolved ones
        keys = Counter()
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
    n = len(cluster.documents)
    lines: list[list[str]] = [[] for _ in range(n)]
    last_par = [-1] * n
    for s in cluster.sentences:
        if lines[s.doc] and s.paragraph == last_par[s.doc]:
            lines[s.doc][-1] += " " + s.text
        else:
            lines[s.doc].append(s.text)
        last_par[s.doc] = s.paragraph
    return ["\n".join(x) for x in lines]


def cluster_quotes(cluster: Cluster, texts: list[str] | None = None) -> list[MergedQuote]:
    texts = texts if texts is not None else cluster_texts(cluster)
    quotes = [q for i, t in enumerate(texts) for q in extract_quotes(t, i)]
    _expand_surnames(quotes, texts)
    return merge_quotes(quotes)
