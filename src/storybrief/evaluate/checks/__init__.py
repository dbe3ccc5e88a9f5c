"""The automatic editor's checks: what a careful reader would object to in a summary.

:func:`check_summary` reads one summary (its sentences, the documents each sentence cites, and
the input documents) and returns a :class:`SummaryChecks` with one :class:`Finding` per
problem; :class:`ChecksReport` (built with :func:`aggregate`) sums many summaries into the
shares ``storybrief evaluate --checks`` prints.  The rules are written from the definitions of
issue 9, on purpose *independently* of the pipeline's cleaner, segmenter and selector: this
module imports nothing from ``storybrief.pipeline`` or ``storybrief.analysis``, and its phrase
lists are its own, so a pipeline rule cannot pass its own test.  Only the text layer's word
tokenizer, sentence splitter and WordLlama embeddings are shared.  Each rule is written to be *precise*: it stays
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
``restated``
    The same fact again in other words, often from a second source (issue 17): a later
    sentence shares a figure (a number other than a year or a single digit: "$40 million",
    "316-301") or two names with an earlier one, and besides them at least
    ``RESTATED_SHARED_WORDS`` (4) content words, ``RESTATED_SHARE`` (30%) of the shorter
    sentence's.  Not reported where ``repeat`` already is.
``referent``
    A definite description the digest never introduced: "the group", "the storm", "the
    witness said", "The Oscar winner" (``_REFERENT_NOUNS``; epithets such as "the actress"
    only when the digest has named no one before), when neither the noun nor a word for the
    same thing (``_HYPERNYMS``: a hurricane is the storm) appears earlier in the digest, and
    no restrictive phrase ("the group of residents") or name ("the group Anonymous") follows.
``speakerless``
    A quotation of four words or more standing as the sentence, nothing outside its marks
    saying who speaks, no colon introducing it and no one named earlier in the digest.
``opinion``
    A columnist's or reviewer's own voice, unattributed: first person ("let's", "we", "I")
    or a verdict ("of course", "charm", "plays like", "the best film") outside any
    quotation, with no speech verb or "according to" in the sentence.  A sentence inside a
    longer quotation (its quotation marks unbalanced) is not judged.
``off_story``
    A sentence from another story (an unrelated item of a round-up page): it names someone
    or something, no other digest sentence and no other article of the cluster shares any of
    its names, and it shares no content word with the rest of the digest (two articles and
    three sentences at least).
``unverified``
    A citation that cannot be checked: the sentence's text does not occur in a document it
    cites, comparing after Unicode NFKC, with curly quotes and dashes made plain and all
    whitespace removed (so re-spacing is allowed), and its words (letters and digits, case
    ignored) are not a subsequence of one sentence of the document either: a sentence
    compressed by deleting words verifies, anything looser does not ("It was" written "The
    storm was" fails, and so do moved words and words from two sentences); a name of two to
    four capitalised words that the document writes just so may stand for its last word
    (storybrief writes a person's full name at a first mention: "said Mr. Doherty" shown as
    "said Richard Doherty" verifies when the document writes "Richard Doherty").  Each such
    citation is then told apart by support (``CheckedDocuments.support``): a *paraphrase*
    (``Finding.supported``: the document holds the content in other words, at least
    ``SUPPORT_WORDS`` of the sentence's content stems in ``SUPPORT_WINDOW`` consecutive
    sentences or a WordLlama cosine of ``SUPPORT_COSINE`` with one of them; counted by
    ``SummaryChecks.paraphrased()``, no defect) or a *wrong citation* (the document does not
    hold the content: a bad citation).  Documents given as ``similar`` (storybrief's "also
    [n]": articles stating the fact in other words) are held to support only; a sentence's
    ``sources`` stay under the strict rule, so a compressed sentence of storybrief's must be
    a subsequence of its source, nothing looser, to count in ``citations_verified``.

Issue 17 also widened three kinds: ``furniture`` takes "EMBED More News Videos", a "CLOSE"
video caption, "Follow X on Twitter @handle", "Get push notifications", "Reporter Y has an
exclusive report.", "The video shown here explains", web-crawl and domain notices, and
tweet-embed text ("... — Name (@handle)"); ``fragment`` takes a sentence cut after "Ald.",
"Atty.", "Gov." or "ranked No.", an unclosed quotation or "[" bracket, a split drop cap ("T
he") and info-box lines ("Starring ...", "In English and French with English subtitles.");
``glued`` takes a quotation opening with "I" ('him."I had'); ``unintroduced`` also reports
a surname used before its full name, or used as a person by a possessive or a verb ("Kroll's
girlfriend", "Martinez had") or by the sources ("Mr. Kroll", "Kroll said"), but not when the
sources write the would-be first name in lower case ("Upper Darby").

A third pass (issue 17, the checks' agreement with graders) reads more from the sources:
``restated`` also takes the same fact in other words by the checks' own same-fact score
(``SAME_FACT_WEIGHTS``: WordLlama cosine from the text layer, stem Jaccard and containments,
shared figures; fitted to the development graders' repeat notes, flagged from
``SAME_FACT_FLAG``); ``referent`` takes a demonstrative in mid-sentence whose noun the digest
never showed ("these reports", "this realm", module ``anaphora``) and a definite description
of ``_ANAPHORIC_DEFINITE`` ("the course", "the measure") that its own article introduced
before the sentence while the digest did not; ``dangling`` takes a quotation tagged "he
said"/"he began" whose speaker the digest names nowhere before, or whose source names a
speaker the digest's previous sentence does not; ``unintroduced`` takes a first name alone
("Josh") whose surname the sources give and use as a person ("Duggar said"); ``opinion``
takes a general claim (no name, no figure, no attribution) from a sentence cited only to
opinion pages (``documents.opinion_page``: the writer's "I"/"my" outside quotations at least
``OPINION_PAGE_FIRST_PERSON`` times per 1,000 words, or a review's info box); ``furniture``
takes a wire photo caption that ends with its weekday and full date; ``fragment`` takes a
subordinate clause standing alone ("Though ...", "Stylish because of ...") and an attribution
whose quotation was left out ("Weiner said loudly, though not enthusiastically.").

A fourth pass (issue 17) reads citations by support (``unverified`` above: a paraphrase is
no defect, a citation whose article does not hold the content is) and makes ``unintroduced``'s
full names principled (module ``names``): a "First Surname" of the sources is a full name only
when the first word is no place word ("Upper Darby"), organisation word ("Team Nola"), adverb
of time ("Yesterday Josh") or headline imperative ("Read Newsweek", "Seek Jack"); the pair is
not after "in"/"at", before ", Region" or before an organisation or place word ("Darby
Police"), nor part of a longer capitalised run (a headline); and, opening a sentence, its
first word is never written in lower case by the sources.  A digest mention read as a place
("in Darby", "Darby, Pennsylvania") is no person, and a quoted nickname joins two names
(Liberty "Libby" German).

Defects in the graders' kinds: ``SummaryChecks.editor_counts()`` counts, per summary, the
sentences with a finding of each kind of :data:`EDITOR_KINDS` (repeats: repeat, restated;
dangling: dangling, unintroduced, referent, speakerless; junk: furniture, fragment, glued,
dateline; unsupported: opinion, off_story; bad_citations: unverified, except a paraphrase,
whose document holds the content reworded, which graders judge supported), the same five
kinds ``benchmarks/editorial.py``'s graders count; ``ChecksReport.per_digest()`` is their
mean, and ``paraphrased_per_digest`` in ``ChecksReport.to_dict()`` the paraphrases'.
``benchmarks/checks_agreement.py`` measures how far the two agree.

Summary-level facts: ``SummaryChecks.lead_opening`` is true when the summary's first sentence
is one of the first ``LEAD_SENTENCES`` (3) sentences of any input article, counting only
sentences that pass this module's furniture and fragment checks (so a headline, byline or
caption at the top of a page does not take a lead slot); the match is by containment after
the same normalisation as citations, either way round (a dateline stripped by the pipeline
still matches).  ``SummaryChecks.junk`` is true when any sentence is furniture, a fragment,
glued, over-long or a dateline (``JUNK_KINDS``, the targets of issue 9).

Speed: before issue 17, about 1.5 ms of CPU a summary of full web articles (Multi-News raw
clusters, three to four articles of 1,700 words); the issue-17 kinds cost more (per-name
searches of the articles, their sentences split for compressed citations: see BENCHMARKS.md,
"Editor's checks against graders"); documents are normalised lazily, once per cluster
(:class:`CheckedDocuments`, reusable across methods, with a memo for per-cluster answers).

The checks are made for real text as users give it.  On Multi-News's truncated, lower-cased
training form the rules that read capitals (datelines, names, headlines, text in capitals)
are blind, and glued sentences cannot be told from the form's own spacing.
"""

from __future__ import annotations

from storybrief.evaluate.checks.documents import CheckedDocuments
from storybrief.evaluate.checks.report import ChecksReport, aggregate
from storybrief.evaluate.checks.rules import (
    EDITOR_KINDS,
    JUNK_KINDS,
    KINDS,
    LEAD_SENTENCES,
    MAX_WORDS,
    REPEAT_CONTAINMENT,
    REPEAT_LOOSE_CONTAINMENT,
    REPEAT_MIN_WORDS,
    REPEAT_QUOTE_WORDS,
    REPEAT_SHARED_WORDS,
    RESOLVED_CONTAINMENT,
    SHORT_QUOTE_WORDS,
    SUPPORT_COSINE,
    SUPPORT_WINDOW,
    SUPPORT_WORDS,
    Finding,
    compact,
    plain,
)
from storybrief.evaluate.checks.sentence import (
    check_sentence,
    dateline_at,
    fragment_reason,
    furniture_reason,
    glued_at,
    is_prose,
)
from storybrief.evaluate.checks.summary import SummaryChecks, check_summary, opener

__all__ = [
    "EDITOR_KINDS",
    "JUNK_KINDS",
    "KINDS",
    "LEAD_SENTENCES",
    "MAX_WORDS",
    "REPEAT_CONTAINMENT",
    "REPEAT_LOOSE_CONTAINMENT",
    "REPEAT_MIN_WORDS",
    "REPEAT_QUOTE_WORDS",
    "REPEAT_SHARED_WORDS",
    "RESOLVED_CONTAINMENT",
    "SHORT_QUOTE_WORDS",
    "SUPPORT_COSINE",
    "SUPPORT_WINDOW",
    "SUPPORT_WORDS",
    "CheckedDocuments",
    "ChecksReport",
    "Finding",
    "SummaryChecks",
    "aggregate",
    "check_sentence",
    "check_summary",
    "compact",
    "dateline_at",
    "fragment_reason",
    "furniture_reason",
    "glued_at",
    "is_prose",
    "opener",
    "plain",
]
