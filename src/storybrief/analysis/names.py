"""Person names in news text: what is a name, what is a place or a sentence opener.

Small, hand-kept word lists (no gazetteer package: the ones that ship place data weigh
hundreds of megabytes for the few hundred names needed here).  Used by the quote attribution
(:mod:`storybrief.analysis.quotes`) and the name-spelling check
(:mod:`storybrief.analysis.disagree`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from storybrief.text.words import MONTH_NAMES, WEEKDAY_NAMES

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
NAME_RE = re.compile(NAME)

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

_MONTHS_DAYS = WEEKDAY_NAMES | {
    "today",
    "yesterday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
}


def strip_openers(tokens: list[str]) -> list[str]:
    """Drop sentence-opening words and titles before a name: ["Yet", "Trump"] -> ["Trump"]."""
    i = 0
    while i < len(tokens) - 1 and tokens[i].lower().strip(".,") in SENTENCE_OPENERS:
        i += 1
    if i == len(tokens) - 1 and tokens[i].lower().strip(".,") in SENTENCE_OPENERS:
        return []
    return tokens[i:]


def is_place(name: str) -> bool:
    return name.lower().strip(" .,") in PLACES


def is_org(name: str) -> bool:
    toks = [t.lower().strip(".,") for t in name.split()]
    return any(t in ORG_WORDS for t in toks) or (name.isupper() and len(name) >= 2)


_GROUP = re.compile(
    r"^(?:Republicans|Democrats|Conservatives|Liberals|Authorities|Officials|Police|"
    r"Investigators|Prosecutors|Researchers|Scientists|Experts|Critics|Residents|Witnesses|"
    r"Protesters|Activists|Lawmakers|Senators|Voters|Fans|Users|Students|Doctors|Troops|"
    r"[A-Z][a-z]+(?:ans|ians|ese|ites|ists))$"
)


def is_group(name: str) -> bool:
    """A plural body ("Moderate Republicans", "Authorities", "Russians"), not a person."""
    toks = name.split()
    return bool(toks) and bool(_GROUP.match(toks[-1]))


@lru_cache(maxsize=65536)
def looks_like_person(name: str) -> bool:
    """Two or more capitalised words (or a titled surname) that are not a place, an
    organisation, a group, a month or a weekday."""
    if not name or is_place(name) or is_org(name) or is_group(name):
        return False
    toks = name.split()
    if any(t.lower().strip(".,") in _MONTHS_DAYS for t in toks):
        return False
    if not all(t[:1].isupper() or re.fullmatch(PARTICLE + r"|\w+-\w+", t) for t in toks):
        return False  # "the researchers": a description, not a name
    return len(toks) >= 2
