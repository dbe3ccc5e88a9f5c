"""The shared word lists and name rules of the analyses: person names, titles and roles,
places and organisations, months and weekdays, speech verbs.

One place for the lists that the name rules (:mod:`storybrief.analysis.names`), the quote
pass (:mod:`storybrief.analysis.quotes`), the name-spelling check
(:mod:`storybrief.analysis.disagree`) and the readability screen
(:mod:`storybrief.pipeline.readability`) read.  Where two of them read a different list for
the same idea, both are here under their own names, each with what it is for: they were tuned
separately and output must not change when they are moved (issue 18); merging two of them is
a change of behaviour, to be measured with the benchmarks.  The editor's checks
(:mod:`storybrief.evaluate.checks`) keep their own copies on purpose (their test enforces it).
Months as numbers and date grammar are in :mod:`storybrief.analysis.dates.parse`; the plain
month and weekday names in :mod:`storybrief.text.words`.

Over 500 lines on purpose: it is data, one word a line, so that a diff shows each word added.
"""

from __future__ import annotations

import re

from storybrief.text.words import MONTH_NAMES, STOP_WORDS, WEEKDAY_NAMES

# -- person names (analysis.names, quotes) ----------------------------------------------------

# a capitalised word: an upper-case letter (Latin, with accents) then letters, apostrophes,
# hyphens ("O'Grady", "Tyler-Smith", "López", "McTiernan")
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"

NAME_WORD = rf"(?:(?:al|el|bin|ibn|abu|ben|de|da|van)-)?[{UPPER}][\w'’\-]*"

PARTICLE = r"(?:de|da|del|della|di|du|dos|das|van|von|der|den|la|le|al|el|bin|ibn|y)"

INITIAL = rf"[{UPPER}]\."

SUFFIX = r"(?:Jr\.?|Sr\.?|II|III|IV)"

# a name: capitalised words, initials and particles, ending in a capitalised word or suffix
NAME = (
    rf"(?<![\w\-’'])(?:{NAME_WORD}|{INITIAL})(?:\s+(?:{NAME_WORD}|{INITIAL}|{PARTICLE}(?=\s+[{UPPER}])))*"
    rf"(?:,?\s+{SUFFIX})?"
)

# -- titles, roles, sentence openers, places, organisations (analysis.names, quotes) -----------

TITLES = {
    "constable",
    "const",
    "const.",
    "st",
    "saint",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "adm",
    "maj",
    "cmdr",
    "supt",
    "insp",
    "det",
    "atty",
    "rev",
    "sir",
    "dame",
    "lord",
    "lady",
    "judge",
    "justice",
    "president",
    "senator",
    "governor",
    "mayor",
    "sheriff",
    "chancellor",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "officer",
    "coach",
    "chief",
    "father",
    "sister",
    "brother",
}
"""Words that stand before a name as a title ("Mr. Balin", "Judge Lou Olivera")."""

ROLE_WORDS = TITLES | {
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
    "director",
    "attorney",
    "ambassador",
    "envoy",
    "whip",
    "majority",
    "minority",
    "engineer",
    "detective",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "co-founder",
    "chairman",
    "chairwoman",
    "chair",
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
    "democrat",
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
    "ministry",
    "kremlin",
    "pentagon",
    "police",
    "army",
    "federal",
    "district",
    "court",
    "superior",
    "county",
    "city",
    "council",
    "member",
    "lawyer",
    "professor",
    "author",
    "editor",
    "analyst",
    "economist",
    "researcher",
    "scientist",
    "doctor",
    "host",
    "anchor",
    "reporter",
    "correspondent",
    "writer",
    "producer",
    "star",
    "singer",
    "rapper",
    "actor",
    "actress",
    "player",
    "manager",
    "owner",
    "official",
    "officials",
    "agent",
    "special",
    "prosecutor",
    "lead",
    "co-chairman",
    "co-author",
    "physician",
    "surgeon",
    "nurse",
    "trooper",
    "mp",
    "mep",
    "liberal",
    "conservative",
    "labour",
    "tory",
    "mountaineer",
    "climber",
    "sheikh",
    "rabbi",
    "imam",
    "cardinal",
    "archbishop",
    "bishop",
    "dean",
    "rip",
    "comedian",
    "musician",
    "designer",
    "artist",
    "activist",
    "congresswoman",
    "congressman",
    "assemblywoman",
    "assemblyman",
    "councilwoman",
    "councilman",
    "oscar-winner",
    "winner",
    "nominee",
    "the",
}
"""Lower-cased words of a role before a name ("Russian Deputy Foreign Minister")."""

SENTENCE_OPENERS = {
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "so",
    "yet",
    "for",
    "nor",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "from",
    "with",
    "without",
    "under",
    "over",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "where",
    "whereas",
    "if",
    "as",
    "though",
    "although",
    "because",
    "meanwhile",
    "however",
    "moreover",
    "furthermore",
    "instead",
    "indeed",
    "still",
    "also",
    "then",
    "now",
    "later",
    "earlier",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "last",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "we",
    "i",
    "you",
    "he",
    "she",
    "they",
    "asked",
    "speaking",
    "writing",
    "reached",
    "told",
    "according",
    "following",
    "like",
    "unlike",
    "despite",
    "amid",
    "among",
    "about",
    "against",
    "between",
    "through",
    "into",
    "onto",
    "upon",
    "via",
    "per",
    "all",
    "some",
    "many",
    "most",
    "both",
    "each",
    "every",
    "no",
    "not",
    "one",
    "another",
    "other",
    "others",
    "such",
    "even",
    "only",
    "just",
    "again",
    "once",
    "what",
    "who",
    "whom",
    "which",
    "why",
    "how",
    "whether",
    "please",
    "thanks",
    "yes",
    "oh",
    "well",
    "photo",
    "video",
    "image",
    "read",
    "watch",
    "related",
    "more",
    "update",
    "updated",
    "editor's",
    "note",
}
"""Capitalised words that open a sentence and are no part of a name ("Yet Trump", "For
Trump", "Meanwhile")."""

SENTENCE_OPENERS |= MONTH_NAMES | WEEKDAY_NAMES  # "On Monday", "In March"

PLACES = {
    p.lower()
    for p in (
        "Africa Asia Europe Oceania Antarctica America Americas Eurasia Arctic Atlantic "
        "Pacific Caribbean Scandinavia Balkans Siberia Sahara Gulf Mediterranean"
    ).split()
} | {
    p.lower()
    for p in (
        "North America|South America|Central America|Latin America|North Africa|East Africa|"
        "West Africa|South Africa|Southeast Asia|South Asia|East Asia|Central Asia|Middle East|"
        "Near East|Far East|Western Europe|Eastern Europe|the West|Persian Gulf|"
        "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|"
        "Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|"
        "Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|"
        "Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|"
        "Czech Republic|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|"
        "El Salvador|Eritrea|Estonia|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|"
        "Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|"
        "India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|"
        "Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|"
        "Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|"
        "Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|"
        "Myanmar|Burma|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|"
        "North Korea|South Korea|Korea|Norway|Oman|Pakistan|Palestine|Panama|Paraguay|Peru|"
        "Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|"
        "Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|Spain|Sri Lanka|Sudan|South Sudan|"
        "Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Tibet|Togo|"
        "Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|"
        "Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|"
        "Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Crimea|Gaza|West Bank|"
        "Hong Kong|Puerto Rico|Greenland|Alabama|Alaska|Arizona|Arkansas|California|Colorado|"
        "Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|"
        "Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
        "Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
        "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
        "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
        "Wisconsin|Wyoming|Washington D.C.|Moscow|London|Paris|Berlin|Beijing|Tokyo|Tehran|"
        "Damascus|Baghdad|Kabul|Kiev|Kyiv|Cairo|Jerusalem|Tel Aviv|Istanbul|Ankara|Rome|"
        "Madrid|Brussels|Geneva|Vienna|Warsaw|Delhi|New Delhi|Mumbai|Seoul|Pyongyang|"
        "Los Angeles|San Francisco|Chicago|Boston|Philadelphia|Detroit|Miami|Atlanta|Dallas|"
        "Seattle|Denver|Baltimore|Las Vegas|New Orleans|Silicon Valley|Hollywood|Manhattan|"
        "Brooklyn|Capitol Hill|Wall Street|White House|Downing Street|Kremlin"
    ).split("|")
}
"""Continents, regions, countries, US states and capitals: never a speaker ("North America",
"Moscow" as a name)."""

ORG_WORDS = {
    w.lower()
    for w in (
        "Department Ministry Agency Police Inc Inc. Corp Corp. Corporation Company Co. Ltd "
        "University College School Council Committee Commission Party Association Institute "
        "Center Centre News Times Post Journal Herald Tribune Gazette Telegraph Airlines "
        "Airways Court Office Administration Service Board Foundation Fund Bank Group Club "
        "Team League Church Union Network Society Hospital Museum Zoo Organization "
        "Organisation Authority Bureau Force Army Navy Guard Coalition Campaign Institute "
        "Observatory Press Media Magazine Reuters AFP AP Congress Senate Parliament "
        "Government Embassy Consulate Cabinet Assembly Agency Federation Alliance Project "
        "Studios Records Entertainment Pictures Industries Holdings Partners Capital "
        "Advisors Advisers Associates Consulting Consultants Ventures Systems Technologies "
        "Labs Laboratories Solutions Services Brands Motors Airways Energy Resources"
    ).split()
}
"""Words that make a capitalised phrase an organisation rather than a person."""

MONTHS_AND_DAYS = WEEKDAY_NAMES | {
    "today",
    "yesterday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
}

# -- a word list as a pattern (genre, disagree.numbers) -----------------------------------------


def any_word(alternation: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern for any of the words or phrases of ``alternation`` ("said|told|according
    to"), each whole: ``\\b(?:said|told|according to)\\b``."""
    return re.compile(rf"\b(?:{alternation})\b", flags)


# -- speech verbs (quotes: every verb that attributes a quotation) ------------------------------

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

# -- the readability screen's name rules (pipeline.readability: introductions of people) ------

SIMPLE_NAME = (
    r"[A-Z][a-z]*(?:['’]?[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"  # Lou, O'Mara, McHugh, Al-Khawaja
)

# A pattern that opens with a character class or literal lets the regex engine skip ahead
# to the characters that can start a match; one that opens with \b tries every position.
# So the word boundary before a capital is tested after it: "[A-Z](?<=\b[A-Z])" is
# "\b[A-Z]" (same matches), 2x faster over a sentence.
B_CAPITAL = r"[A-Z](?<=\b[A-Z])"

SIMPLE_NAME_REST = SIMPLE_NAME.removeprefix("[A-Z]")

SAID_VERBS = (
    r"(?:said|says|told|added|wrote|writes|explained|noted|asked|argued|insisted|recalled|"
    r"testified|tweeted|posted|declined|denied|admitted|confirmed|announced|warned)"
)

# a role in full words identifies a person to the reader ("Judge Olivera"); a courtesy title
# or an abbreviation ("Mr. Doherty", "Sen. Graham") shows only that the name is a person's
ROLE_TITLES = (
    r"(?:Judge|President|Senator|Governor|Mayor|Minister|Chancellor|Justice|Pope|King|Queen|"
    r"Prince|Princess|Officer|Coach|Chief|Secretary|Speaker|Father|Sister|Brother|Rabbi|Imam|"
    r"Sheriff|Detective|Sergeant|Captain|General|Colonel|Ambassador|Director|Professor|"
    r"Commissioner|Congressman|Congresswoman|Councilman|Councilwoman|Attorney|Cardinal|Bishop)"
)

HONORIFICS = rf"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Sgt|Lt|Col|Capt|Det|Rev|{ROLE_TITLES})"

# words that begin place and title names, never a person's first name
NOT_FIRST_NAMES = (
    STOP_WORDS
    | MONTH_NAMES
    | WEEKDAY_NAMES
    | frozenset(
        "north south east west new san los las saint fort lake mount united great former late".split()
    )
)

# -- quotations credited to a pronoun only (pipeline.features, pipeline.readability) ----------

# A quotation attributed only to a pronoun ('"...," he said.') also leans on an antecedent.
PRONOUN_ATTRIBUTION = re.compile(
    r"[\"”’]\s*,?\s*(?:he|she|they|it)\s+(?:said|says|added|told|noted|wrote|explained)\b",
    re.IGNORECASE,
)

# -- the name-spelling check (analysis.disagree.names): "First Last" pairs and nicknames -------

NAME_PAIR = re.compile(r"\b([A-Z][a-z'’\-]{2,})\s+(?:[A-Z]\.\s+)?([A-Z][a-z'’\-]{3,})\b")

NOT_FIRST_IN_PAIR = {
    "the",
    "but",
    "and",
    "in",
    "on",
    "at",
    "for",
    "with",
    "when",
    "while",
    "after",
    "before",
    "president",
    "minister",
    "prime",
    "foreign",
    "deputy",
    "secretary",
    "general",
    "senator",
    "governor",
    "mayor",
    "judge",
    "chief",
    "director",
    "spokesman",
    "spokeswoman",
    "mr",
    "mrs",
    "ms",
    "dr",
    "new",
    "north",
    "south",
    "east",
    "west",
    "united",
    "saudi",
    "san",
    "los",
    "las",
}

NOT_FIRST_IN_PAIR |= WEEKDAY_NAMES

NICKNAMES = {
    frozenset(p)
    for p in (
        ("steve", "stephen"),
        ("steve", "steven"),
        ("bill", "william"),
        ("will", "william"),
        ("bob", "robert"),
        ("rob", "robert"),
        ("bobby", "robert"),
        ("mike", "michael"),
        ("jim", "james"),
        ("jimmy", "james"),
        ("joe", "joseph"),
        ("tom", "thomas"),
        ("dick", "richard"),
        ("rick", "richard"),
        ("dave", "david"),
        ("dan", "daniel"),
        ("chris", "christopher"),
        ("chris", "christine"),
        ("nick", "nicholas"),
        ("pat", "patrick"),
        ("pat", "patricia"),
        ("ted", "edward"),
        ("ed", "edward"),
        ("tony", "anthony"),
        ("andy", "andrew"),
        ("alex", "alexander"),
        ("ben", "benjamin"),
        ("sam", "samuel"),
        ("matt", "matthew"),
        ("jon", "jonathan"),
        ("kate", "katherine"),
        ("kate", "catherine"),
        ("liz", "elizabeth"),
        ("beth", "elizabeth"),
        ("peggy", "margaret"),
        ("meg", "margaret"),
        ("sue", "susan"),
        ("jerry", "gerald"),
        ("larry", "lawrence"),
        ("chuck", "charles"),
        ("charlie", "charles"),
        ("hank", "henry"),
        ("jack", "john"),
        ("johnny", "john"),
        ("greg", "gregory"),
        ("fred", "frederick"),
        ("jeff", "jeffrey"),
        ("ken", "kenneth"),
        ("ron", "ronald"),
        ("don", "donald"),
        ("doug", "douglas"),
        ("vlad", "vladimir"),
        ("alexis", "alexandros"),
        ("alex", "alexandros"),
        ("sasha", "alexander"),
    )
}
"""Short forms of first names ("Steve Bannon" / "Stephen Bannon" name one person)."""

# -- weekday and month names in date patterns (pipeline.readability, pipeline.opener) ---------

# Alternations for a "(?:...)" group, in the order the patterns try them.  What comes before
# "day" in a weekday's name ("(?:Mon|...)day"):
WEEKDAY_STEMS = "Mon|Tues|Wednes|Thurs|Fri|Satur|Sun"
# a month's name or the start of its abbreviation, for a pattern that takes the rest of the
# word after it ("Feb." and "February"; "Sept?" is "Sep" or "Sept")
MONTH_STARTS = "Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec"
