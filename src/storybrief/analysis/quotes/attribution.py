"""Who said each quotation: the attribution next to it, resolved to a person (pronouns to
the last subject, descriptions to the last person with that role, surnames to full names in
the same document); :func:`extract_quotes` is the pass over one document.

Over 500 lines on purpose: the attribution rules before and after a quotation and the
resolver (:class:`_Resolver`) share one document's state (the sentence subjects, the last
speaker, the people introduced with each role), and each rule is read with the resolution it
feeds; the word lists and regexes they use are already apart (:mod:`.lexicon`,
:mod:`.patterns`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from storybrief.analysis.names import (
    NAME_RE,
    is_group,
    is_org,
    is_place,
    looks_like_person,
    strip_openers,
)
from storybrief.analysis.quotes.lexicon import (
    _DOC_NOUNS,
    _GENERIC_PEOPLE,
    _GROUP_NOUNS,
    _PARTICIPLES,
    _PERSON_NOUNS,
    _PRONOUN_WORDS,
    _SMALL_WORDS,
    _SPEECH_VERB_SET,
)
from storybrief.analysis.quotes.patterns import (
    _ABBREV,
    _ATTRIBUTION_END,
    _ATTRIBUTION_IN,
    _DESC,
    _INDEFINITE,
    _NAME_PIECE,
    _OUTLET_REPORT,
    _POST_ACCORDING,
    _POST_NAME_FIRST,
    _POST_QUOTED,
    _POST_TAIL,
    _POST_VERB_FIRST,
    _PREP_BEFORE,
    _QUOTE,
    _QUOTE_MARK,
    _ROLE_WORD_BEFORE,
    _SPEAKER,
    _STATEMENT_BY,
    _STATEMENT_FROM,
    _SUBJECT_BEFORE,
    _SUBJECT_LEAD,
    _TALK_AFTER,
    _TITLE_CONTEXT,
    _TITLED,
    _VERB,
    _VERB_RE,
    MIN_QUOTE_WORDS,
    sentence_starts,
)
from storybrief.text.lexicon import (
    INITIAL,
    NAME,
    NAME_WORD,
    ORG_WORDS,
    PARTICLE,
    ROLE_WORDS,
    TITLES,
)
from storybrief.text.words import STOP_WORDS


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
