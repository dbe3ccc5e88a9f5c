"""Stage 1, clean: drop web boilerplate from each article and repair tokenizer spacing.

Every dropped line is recorded as a :class:`Removal` with a reason.  The rules use general
signals rather than a list tuned to one site:

* **shape** -- lines without final punctuation after the first line are subheads, captions,
  link texts or UI labels; lines of mostly symbols; lines too short to be a sentence;
* **repetition across documents** -- a short line that occurs in two or more articles of the
  cluster is template text (a caption, "Share", a newsletter prompt), whereas a long repeated
  line is syndicated content and is kept for the duplicate-grouping stage;
* **link lists** -- a short header ("Recommended Reads", "Related") followed by bullet lines;
* **phrases of web furniture** -- share/subscribe/comment prompts, cookie/paywall/archive
  notices, photo credits and bylines.  These are generic to news sites, not to one example.

The first line of an article is kept aside as its headline when it looks like one; headlines
are shown as titles, never as summary sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from storybrief.text.furniture import furniture_or_caption_many, is_furniture_or_caption
from storybrief.text.sentences import is_lowercased, split_sentences
from storybrief.text.words import STOP_WORDS, count_letters, words
from storybrief.types import CleanDocument, Document, Removal, Sentence

MAX_DOC_CHARS = 200_000
"""Characters of one document that are read; the rest is dropped with a warning (bounded memory)."""

# NUL and other C0 control characters (form feeds, escape codes) from broken pages: spaces.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MIN_LINE_WORDS = 4
REPEATED_LINE_MAX_WORDS = 15
REPEATED_SENTENCE_MAX_WORDS = 6
# A line found in several articles is template text when it is short and is not a finished
# sentence (a caption, a prompt), or is a very short sentence ("Follow us."); a longer
# repeated sentence is syndicated content and goes on to duplicate grouping.
HEADLINE_MAX_WORDS = 25
UNFINISHED_PARAGRAPH_MIN_WORDS = 30
"""A line this long without final punctuation is body text cut off mid-sentence, not a subhead."""
LINE_CHECK_MAX_WORDS = 60
"""Longer lines are checked for furniture and captions sentence by sentence, not as a whole."""

_FINAL_PUNCT = re.compile(r"""[.!?…:;]["'”’»)\]]*\s*$|[.!?]\s*["'”’»)\]]+\s*$""")
_INNER_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*(?=\s+\S)""")
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,2}[.)])\s+")

# Whole-line UI labels: a line that is nothing but one of these is web furniture.
_UI_LINE = re.compile(
    r"^(?:share(?: this(?: story| article)?)?|tweet|e-?mail|print|comments?|advertisement|"
    r"sponsored|related(?: stories| articles| coverage)?|recommended(?: reads| for you)?|"
    r"read more|more from [\w ]+|see also|also:?|watch|video|photos?|gallery|reset|"
    r"story continued below|continue reading(?: the main story)?|text size -?|"
    r"leave a (?:reply|comment)|play (?:facebook|twitter|video)|facebook|twitter|linkedin|"
    r"whatsapp|pinterest|reddit|subscribe|sign up|log ?in|close|menu|skip to content|"
    r"follow us|share on \w+|click to \w+|top stories|trending|most popular)[\s:.!|»>-]*$",
    re.IGNORECASE,
)

_BYLINE = re.compile(
    r"^(?:by|from|parts from|reporting by|written by|posted by|edited by|compiled by|"
    r"additional reporting by|source:)\s+\S",
    re.IGNORECASE,
)

# "MOSCOW (Reuters) - ", "CAIRO, South Sudan, Nov. 3 (AFP) -- ", "(HealthDay News) -- " or
# "WASHINGTON — " dateline prefixes: stripped, the sentence kept.  The place is upper case
# (or followed by a parenthesised source), so an ordinary sentence opening never matches.
_PLACE = r"[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2}){0,2}"
_DATE = (
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?)?"
)
_SOURCE = r"\((?:[A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,3})\)"
_DATELINE = re.compile(
    # a parenthesised source ("(Reuters)", "(HealthDay News)") with or without a place
    rf"^(?:{_PLACE}{_DATE}\s*)?{_SOURCE}\s*(?:--|[-–—:])\s*"
    # "(CNN) A Detroit man ...", "Tokyo (CNN) Seven US sailors ...": a source in capitals,
    # no dash, after a place of up to three capitalised words
    r"|^(?:[A-Z][\w.'’\-]*(?:,?\s+[A-Z][\w.'’\-]*){0,2}\s+)?\([A-Z]{2,6}\)\s+(?=[\"“]?[A-Z])"
    # "PORT ELLERY - ", "WASHINGTON, D.C. — ": an upper-case place of three letters or more,
    # and a capital after the dash ("NASA - the agency - said" is a sentence)
    rf"|^(?=[A-Z][A-Z.'’\-]{{2}}){_PLACE}{_DATE}\s*(?:{_SOURCE}\s*)?(?:--|[-–—])\s+"
    r"(?=[\"“‘']?[A-Z0-9])"
    # "Washington (CNN) -- ", "New York (AP) — ": a place in mixed case (up to four
    # capitalised words) before a parenthesised source and a dash (issue 17)
    rf"|^[A-Z][\w.'’\-]*(?:,?\s+[A-Z][\w.'’\-]*){{0,3}}{_DATE}\s*{_SOURCE}\s*(?:--|[-–—:])\s*"
    r"(?=[\"“‘']?[A-Z0-9])"
)
_DATELINE_GATES = ("(", "--", "—", "–", " - ")


def strip_dateline(text: str) -> str:
    """``text`` without a wire dateline at its start ("WASHINGTON (Reuters) - ",
    "Washington (CNN) -- "); most sentences hold none of the marks a dateline needs and are
    returned as they are without a regex pass."""
    head = text[:120]
    for gate in _DATELINE_GATES:
        if gate in head:
            return _DATELINE.sub("", text, count=1)
    return text


# Tokenizer spacing artefacts of pre-tokenized corpora ("8.2 %", "we ' ll", "( a )", "don 't").
_SPACING_FIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\w) ' (s|ll|re|ve|d|m|t)\b"), r"\1'\2"),
    (re.compile(r"(\w) (n't|'s|'ll|'re|'ve|'d|'m)\b"), r"\1\2"),
    (re.compile(r"(\d) %"), r"\1%"),
    (re.compile(r"\$ (\d)"), r"$\1"),
    (re.compile(r"([(\[]) "), r"\1"),
    (re.compile(r" ([)\]])"), r"\1"),
    (re.compile(r" ([,.;:!?])(?=\s|$)"), r"\1"),
    # (" - " between words is a dash in both Multi-News forms, which keep hyphenated words
    # joined: it is left alone, never collapsed into "word-word")
]
_SPACED_QUOTE = re.compile(r'(^|\s)" ([^"]*?) "(?=[\s,.;:!?]|$)')
_SPACED_SQUOTE = re.compile(r"(^|\s)' ([^']*?) '(?=[\s,.;:!?]|$)")


# Substrings without which each fix above cannot match (checked on the text as it is when the
# fix runs): most lines need none of the ten substitutions, and a substring test is ~50x
# cheaper than a regex pass.
_SPACING_GATES: list[tuple[str, ...]] = [
    (" ' ",),
    (" n't", " '"),
    (" %",),
    ("$ ",),
    ("( ", "[ "),
    (" )", " ]"),
    (" ,", " .", " ;", " :", " !", " ?"),
]


_SPACES = re.compile(r"[ \t\u200b]+")


def _squeeze(line: str) -> str:
    """Runs of spaces, tabs and zero-width spaces as one space; most lines have none, and
    three substring tests cost less than the substitution pass."""
    if "  " in line or "\t" in line or "\u200b" in line:
        return _SPACES.sub(" ", line)
    return line


def fix_spacing(text: str) -> str:
    """Undo tokenizer spacing ("8.2 %" -> "8.2%", "we ' ll" -> "we'll", '" a "' -> '"a"')."""
    if " " not in text:
        return text
    for (pattern, repl), gates in zip(_SPACING_FIXES, _SPACING_GATES, strict=True):
        for gate in gates:
            if gate in text:
                text = pattern.sub(repl, text)
                break
    if '" ' in text:
        text = _SPACED_QUOTE.sub(r'\1"\2"', text)
    if "' " in text:
        text = _SPACED_SQUOTE.sub(r"\1'\2'", text)
    return text


_CLOSERS = "\"'”’»)]"

# Issue 12 (kept minimal, self-contained): a line ending in an emoji, a bidi/format mark
# (U+202C) or CJK end punctuation ("。") counts as finished like one ending in ".", so such an
# article is not taken whole as its headline.  Characters of these Unicode categories at the
# end of a line are looked through: format (Cf), symbols (So, Sk: emoji), combining (Mn, Me).
_LOOK_THROUGH = frozenset(("Cf", "So", "Sk", "Mn", "Me"))
_CJK_ENDS = "。！？｡．"
_CJK_CLOSERS = "」』）】〉》"


def _strip_trailing_marks(line: str) -> str:
    stripped = line.rstrip()
    while stripped and not stripped[-1].isascii():
        if unicodedata.category(stripped[-1]) not in _LOOK_THROUGH:
            break
        stripped = stripped[:-1].rstrip()
    return stripped


def _ends_sentence(line: str) -> bool:
    """``_FINAL_PUNCT.search(line)`` without a regex scan of the whole line: strip trailing
    space and closing quotes/brackets and look at the last character (``\\s`` and
    ``str.rstrip()`` strip the same whitespace).  Trailing emoji and format marks are looked
    through, and CJK sentence ends count (issue 12)."""
    stripped = line.rstrip()
    if stripped and not stripped[-1].isascii():
        stripped = _strip_trailing_marks(stripped)
        if stripped.rstrip(_CJK_CLOSERS)[-1:] in tuple(_CJK_ENDS):
            return True
    core = stripped.rstrip(_CLOSERS)
    if core and core[-1] in ".!?…:;":  # punctuation, closers, space
        return True
    if len(core) < len(stripped):  # punctuation, space, closers (at least one), space
        core = core.rstrip()
        return bool(core) and core[-1] in ".!?"
    return False


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped paragraphs: a line that ends mid-sentence followed by a line that
    starts in lower case is one paragraph."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and out[-1]
            and line
            and line[0].islower()
            and not _ends_sentence(out[-1])
            and not _BULLET.match(line)
        ):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


@lru_cache(maxsize=16)
def _tokens(line: str) -> tuple[str, ...]:
    """Word tokens of a line, cached: clean_document and _classify ask for the same line one
    after the other (a small cache: a line may be a 200,000-character article)."""
    return tuple(words(line))


def _word_count(line: str) -> int:
    return len(_tokens(line))


def _stopword_ratio(line: str) -> float:
    """:func:`storybrief.text.words.stopword_ratio` on the cached tokens."""
    toks = _tokens(line)
    if not toks:
        return 0.0
    return sum(map(STOP_WORDS.__contains__, map(str.lower, toks))) / len(toks)


def _line_key(line: str) -> str:
    return " ".join(words(line.lower()))


def _classify(line: str, index: int, repeats: int) -> str | None:
    """Why ``line`` is boilerplate, or None to keep it."""
    n_words = _word_count(line)
    if n_words == 0:
        return "no words (symbols only)"
    letters = count_letters(line)
    if letters < 0.5 * len(line.replace(" ", "")):
        return "mostly symbols or numbers"
    if _UI_LINE.match(line):
        return "web page label (share/advertisement/related/...)"
    # A long paragraph (a whole pre-tokenised article is one line) is checked sentence by
    # sentence after segmentation instead (drop_boilerplate_sentences): one caption phrase
    # must not drop the article.
    furniture, caption = (
        is_furniture_or_caption(line) if n_words <= LINE_CHECK_MAX_WORDS else (False, False)
    )
    if furniture:
        return "web furniture (subscription, comment, cookie, archive or credit notice)"
    if caption:
        return "photo caption or credit"
    if _BYLINE.match(line) and n_words <= 10:
        return "byline or source credit"
    if repeats >= 2 and (
        n_words <= REPEATED_SENTENCE_MAX_WORDS
        or (n_words <= REPEATED_LINE_MAX_WORDS and not _ends_sentence(line))
    ):
        return f"short line repeated in {repeats} documents (template text)"
    if _BULLET.match(line) and (n_words <= 20 or not _ends_sentence(line)):
        return "list item (link list)"
    if not _ends_sentence(line):
        return "no final punctuation (subhead, caption or link)"
    if n_words < MIN_LINE_WORDS:
        return "too short to be a sentence"
    if n_words >= 10 and _stopword_ratio(line) < 0.08:
        return "few function words (headline, tag list or link text)"
    return None


def _cut_unfinished(line: str, doc: int, index: int, removed: list[Removal]) -> str:
    """A long paragraph cut off mid-sentence (Multi-News's truncated documents, clipped feeds)
    keeps its finished sentences; the unfinished tail is recorded as removed.  The cut is at
    the last sentence-final mark followed by a space, whatever the case of the next letter
    (the truncated Multi-News text lower-cases a sentence opening after a quote)."""
    if len(line.split()) < UNFINISHED_PARAGRAPH_MIN_WORDS:
        return line
    end = None
    for m in _INNER_SENTENCE_END.finditer(line):
        end = m.end()
    if end is None or len(line[:end].split()) < MIN_LINE_WORDS:
        return line
    removed.append(
        Removal(doc, index, line[end:].strip(), "unfinished last sentence (cut-off text)")
    )
    return line[:end].rstrip()


def clean_document(doc: Document, repeats: Counter[str] | None = None) -> CleanDocument:
    """Clean one article.  ``repeats`` maps a normalised line to the number of documents of
    the cluster holding it (see :func:`clean_cluster`)."""
    text = doc.text
    truncated = len(text) > MAX_DOC_CHARS
    if truncated:
        text = text[:MAX_DOC_CHARS]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _CONTROL_CHARS.sub(" ", text)
    raw_lines = [_squeeze(ln).strip() for ln in text.split("\n")]
    lines = _join_wrapped([ln for ln in raw_lines if ln])

    removed: list[Removal] = []
    kept: list[str] = []
    headline: str | None = None
    headline_index = -1
    for i, line in enumerate(lines):
        line = fix_spacing(line)
        if not _ends_sentence(line):
            line = _cut_unfinished(line, doc.index, i, removed)
        n_words = _word_count(line)
        if (
            headline is None
            and not kept
            and not _ends_sentence(line)
            and 0 < n_words <= HEADLINE_MAX_WORDS
            and not _UI_LINE.match(line)
            # issue 12: several sentences are a paragraph, not a headline
            and len(split_sentences(line)) < 2
        ):
            headline = line
            headline_index = i
            continue
        count = repeats.get(_line_key(line), 1) if repeats else 1
        reason = _classify(line, i, count)
        if reason is None:
            line = _DATELINE.sub("", line, count=1)
            kept.append(line)
        else:
            removed.append(Removal(doc.index, i, line, reason))
    if headline is not None and not kept:
        # issue 12: an article that is nothing but its headline line says so in ``removed``
        # rather than silently having no sentences
        removed.append(
            Removal(
                doc.index,
                headline_index,
                headline,
                "only a headline: no line of the article ends a sentence",
            )
        )
    lowercased = is_lowercased(" ".join(kept[:50]))
    return CleanDocument(
        doc, kept, removed, headline=headline, truncated=truncated, lowercased=lowercased
    )


_NOT_ASCII_ALNUM = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalnum())


def _line_signature(line: str) -> tuple[bytes, str | None]:
    """(signature, key or None): the letters and digits of ``_line_key(line)`` (its words
    without spaces and apostrophes), so that lines with one key have one signature.  An
    ASCII line's signature comes from deleting bytes, without tokenizing it (its letters and
    digits are exactly its words' letters and digits); other lines go through the key."""
    if line.isascii():
        return line.lower().encode("ascii").translate(None, _NOT_ASCII_ALNUM), None
    key = _line_key(line)
    return key.replace(" ", "").replace("'", "").replace("’", "").encode("utf-8"), key


def repeated_keys(documents: Sequence[Document]) -> Counter[str]:
    """The number of documents holding each line key held by two or more documents.

    Lines are first compared by signature (equal keys have equal signatures, and most lines'
    signatures cost a byte deletion, not a tokenization): only lines whose signature two
    documents share get their key."""
    lines = [[ln for ln in doc.text[:MAX_DOC_CHARS].split("\n") if ln.strip()] for doc in documents]
    signed = [[(ln, *_line_signature(ln)) for ln in doc_lines] for doc_lines in lines]
    sig_docs = Counter(sig for doc in signed for sig in {sig for _, sig, _ in doc})
    shared = {sig for sig, n in sig_docs.items() if n >= 2}
    repeats: Counter[str] = Counter()
    for doc in signed:
        keys = {key or _line_key(ln) for ln, sig, key in doc if sig in shared}
        repeats.update(k for k in keys if k)
    return Counter({k: n for k, n in repeats.items() if n >= 2})


def clean_cluster(documents: Sequence[Document]) -> list[CleanDocument]:
    """Clean every article, using repetition across the cluster as a boilerplate signal."""
    # only lines held by two or more documents matter (a missing key counts as 1); most
    # clusters have none, and clean_document then skips normalising every line again
    repeated = repeated_keys(documents)
    return [clean_document(doc, repeated) for doc in documents]


def drop_boilerplate_sentences(sentences: list[Sentence], removed: list[Removal]) -> list[Sentence]:
    """Second pass after segmentation: single-paragraph documents (like the pre-tokenised
    Multi-News form) hide boilerplate inside one long line, so phrases of web furniture are
    also checked per sentence.  Dropped sentences are appended to ``removed``."""
    kept: list[Sentence] = []
    flagged = furniture_or_caption_many([s.text for s in sentences])
    for s, bad in zip(sentences, flagged, strict=True):
        if bad:
            removed.append(
                Removal(s.doc, -1, s.text, "web furniture or caption inside a paragraph")
            )
            continue
        # a dateline left inside a paragraph (after a headline or a "Story highlights"
        # line joined to it) opens a sentence, not a line (issue 17)
        text = strip_dateline(s.text)
        if text != s.text and text:
            s = Sentence(s.doc, s.position, s.paragraph, text)
        kept.append(s)
    return kept
