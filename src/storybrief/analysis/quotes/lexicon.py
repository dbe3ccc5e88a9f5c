"""Word lists of the quote pass: speech verbs, the nouns that make a description a
person ("the minister"), a document ("the report") or a group ("the police"), and the small
words of titles.  Lists shared with the other analyses are in :mod:`storybrief.text.lexicon`; the grammar
that reads these lists is in :mod:`.patterns`."""

from __future__ import annotations

from storybrief.text.lexicon import SPEECH_VERBS

_SPEECH_VERB_SET = set(SPEECH_VERBS)
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

_WORK_NOUNS = (
    r"film|movie|documentary|book|novel|memoir|album|song|single|track|hit|show|series|sitcom|"
    r"program|programme|episode|play|musical|poem|painting|exhibit|exhibition|column|essay|"
    r"titled|entitled|called|named|dubbed|headlined|headline|anthem|video|podcast|magazine|"
    r"newspaper|opera|ballet|game|app|campaign|slogan|hashtag|motto|brand|line|channel|"
    r"blog|website|site|tour|festival|debut|sequel|remake|special|segment|skit|sketch|"
    r"report titled|paper titled|study titled"
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
_PRONOUN_WORDS = {"he", "she", "they", "it"}


_PARTICIPLES = (
    "saying adding writing telling noting asking suggesting arguing claiming insisting "
    "calling describing warning explaining stating declaring tweeting posting"
).split()


# -- the small words of the attribution grammar (:mod:`.patterns`), in the order the patterns
# try them (a pattern's alternation keeps this order) --------------------------------------

_DETERMINERS = (
    "the a an one another his her their its that this The A An One Another His Her Their Its "
    "That This some Some someone Someone somebody"
).split()
"""Words that open a description of a speaker ("the Kentucky Republican", "a TSA spokesman")."""

_DESCRIPTION_ENDS = (
    "that which who whom whose in on at to for with after before when while but as during "
    "because if than via into about over against from by behind near said says told tells "
    "added wrote writes"
).split()
"""Words a description of a speaker does not run on into: a clause, a preposition's phrase or
the speech verb itself ("the man who ...", "a spokesman for ...")."""

_ATTRIBUTION_CLOSERS = (
    r"on in at after before during while when of to from last this yesterday today earlier "
    r"later recently afterward afterwards Monday Tuesday Wednesday Thursday Friday Saturday "
    r"Sunday in\s+an? through via outside inside by"
).split()
"""Words that may follow "Name said" within the attribution: a time, place or manner ("..."
Pigeon said on Monday); any other word starts a sentence of its own.  One entry is a pattern
("in a", "in an")."""

_ABBREVIATIONS = (
    r"Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Sgt Capt Adm Maj Rev St Jr Sr Inc Corp Co Ltd "
    r"No Vol vs Jan Feb Mar Apr Aug Sept? Oct Nov Dec U\.S U\.N U\.K D\.C"
).split()
"""Abbreviations whose full stop ends no sentence ("Dr.", "Sept.", "U.S."), as patterns."""

_CLAUSE_OPENERS = (
    "and but as when while that which who then so because after before if where though "
    "although once since until later also now"
).split()
"""Words after which a clause opens, so that a name just after one is its subject ("..., and
Maria Zakharova, a spokeswoman, told")."""

_OBJECT_LEADS = (
    "of for to with by from in on at about against between than like as into over under "
    "after before during since toward towards behind near without despite among via told "
    "asked interviewed met called thanked urged named"
).split()
"""Prepositions and verbs whose object a name just after them is ("a letter to Smith", "told
Smith"): not the speaker."""

_TITLE_ABBREVIATIONS = "Mr Mrs Ms Dr Sen Rep Gov Gen Prof".split()
"""Abbreviated titles that show a name is a person's ("Mr. Balin", "Sen. Graham")."""
