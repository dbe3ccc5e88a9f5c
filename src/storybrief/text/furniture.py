"""Phrases of web furniture and photo captions, found inside any text.

Share/subscribe/comment prompts, cookie/paywall/archive notices, photo credits and captions:
generic to news sites, not to one site.  Used by the cleaner (lines and sentences to drop)
and by the source analysis (pages dominated by notices).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from storybrief.text.words import has_case_specials

# Phrases of web furniture that appear inside longer lines, and photo captions/credits.  Each
# alternative comes with the lower-case substrings it cannot match without: the joined regex
# with thirty alternatives costs tens of microseconds a line, so a line is screened with plain
# substring tests and only the alternatives whose substring occurs are run (same answers as the
# joined regex; see is_furniture_or_caption).  A plain phrase (lower case, no character special
# to a regex) is written alone: it is its own substring, and the substring test decides it.
_Part = str | tuple[tuple[str, ...], str]
_Screen = list[tuple[tuple[str, ...], re.Pattern[str] | None]]

_FURNITURE_PARTS: list[_Part] = [
    (("will not be published",), r"your email address will not be published"),
    "required fields are marked",
    (("leave a ",), r"leave a (?:reply|comment)"),
    "alexa internet",
    "wayback machine",
    "internet archive",
    "crawl data",
    (("cookie",), r"\bcookies?\b.{0,40}\b(?:policy|consent|accept|use)"),
    (("cookies",), r"(?:accept|use of) cookies"),
    "enable javascript",
    (("javascript ",), r"javascript (?:is )?(?:disabled|required)"),
    (("browser ",), r"browser (?:does not|doesn't) support"),
    (("subscribe ",), r"subscribe (?:now|today|to (?:our|the))"),
    (("sign up for ",), r"sign up for (?:our|the)"),
    "newsletter",
    "already a subscriber",
    (("subscriber",), r"subscribers? only"),
    "paywall",
    "log in to continue",
    "all rights reserved",
    (("copyright ",), r"copyright \d{4}"),
    "©",
    (("terms of ",), r"terms of (?:use|service)"),
    "privacy policy",
    (
        ("this story ", "this article "),
        r"this (?:story|article) (?:was )?(?:first|originally) (?:published|appeared)",
    ),
    (("contributed to this ",), r"contributed to this (?:report|article|story)"),
    "click here",
    (("follow ",), r"follow (?:us|him|her|them) on"),
    "add location information to your tweets",
    "tweet with a location",
    (("not a robot",), r"please verify you'?re not a robot"),
    "invalid email address",
    (("pic.twitter.com",), r"pic\.twitter\.com"),
    (("://",), r"\bhttps?://"),
    (("www.",), r"\bwww\.\w"),
    # video players and galleries ("Skip in Skip x Embed x Share", "Hide Caption 17 of 43")
    "embed x share",
    "hide caption",
    (("video link",), r"\[video link\]"),
    (("autoplay",), r"\bautoplay\b"),
    # notices about the article itself ("This story has been corrected to show ...")
    (
        ("this story ", "this article ", "this post "),
        r"this (?:story|article|post) (?:has been|was) (?:corrected|updated|changed)",
    ),
    (("comments ",), r"\bcomments? (?:not made|will be (?:hidden|removed|moderated))"),
    (("(related",), r"\(related:"),
    # issue 17: forms that reached digests of held-out clusters
    # "EMBED More News Videos" (a video player's label: at the start or in capitals)
    (("embed",), r"(?:^\W*embed|(?-i:\bEMBED))\b(?:\s+\S+){0,3}\s+videos?\b"),
    "more news videos",
    (
        ("notification",),
        r"\b(?:get|enable|turn on|allow|sign up for) (?:\w+ ){0,3}(?:push |news )?notifications?\b",
    ),
    (("follow ",), r"^\W*follow (?:\S+\s+){1,5}on (?:twitter|facebook|instagram|google\+)"),
    (("follow @",), r"\bfollow @\w"),
    (("twitter",), r"\bon twitter\b[:,]?\s*(?:at\s+)?@\w"),
    # "Reporter Jane Roe has an exclusive report.", "John Doe has the story."
    (("exclusive report",), r"\bhas (?:an?|the|this) exclusive report\b"),
    (
        ("has the story", "has more"),
        r"^[\w .,'’-]{3,60} has (?:the story|more(?: on (?:this|the story))?)\W*$",
    ),
    # issue 17, second pass: notices of web-archive crawls and of site hosting, which open
    # pages of development clusters ("Crawl of outlinks from wikipedia.org started March,
    # 2016.", "Your custom domain mapping may take as little as 15-30 minutes to resolve")
    (("crawl of ",), r"\bcrawl of (?:outlinks|\S+ (?:sites?|pages?|urls?|seeds?))\b"),
    (("crawl ",), r"\b(?:web|site|domain|wide|focused|seed) crawl\b"),
    (("domain mapping",), r"\bdomain mapping\b"),
    # the rest of a crawl collection's description page
    (
        ("publicly accessible",),
        r"\b(?:files|data|collection) (?:are|is) (?:currently )?not publicly accessible",
    ),
    (("of this collection",), r"\bproperties of this collection\b"),
    (("seed list",), r"\bseed list\b"),
    (("duplicate detection",), r"\bduplicate detection\b"),
    (("custom domain",), r"\bcustom domain\b.{0,60}\b(?:resolve|propagate|mapping|hours)\b"),
    # an embedded tweet's signature: "— Jane Roe (@janeroe) June 20, 2017"
    (
        ("(@",),
        r"\(@\w{1,15}\)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s*\d{4}",
    ),
]
_CAPTION_PARTS: list[_Part] = [
    (("photo",), r"\((?:AP|AFP|Reuters|Getty|EPA|PA)?\s*Photo\b"),
    (("photo",), r"\bPhoto(?:graph)?:"),
    (("image:",), r"\bImage:"),
    (("top image:",), r"\bTop image:"),
    (("picture:",), r"\bPicture:"),
    (("credit:",), r"\bCredit:"),
    (("(photo",), r"\(Photo\b"),
    (("getty images",), r"\bGetty Images\b"),
    (("/",), r"/\s*(?:AP|AFP|Reuters|Getty)\b"),
    (("file photo",), r"\bFile photo\b"),
    (("photo by",), r"\bphoto by\b"),
    (("buy photo",), r"\bbuy photo\b"),
    (("photo",), r"^in this (?:[\w.,]+ ){0,5}(?:file |handout |undated )?photo\b"),
    (("photographed by",), r"\bphotographed by\b"),
    (("pictured",), r"\bpictured\b.*\bon (?:mon|tues|wednes|thurs|fri|satur|sun)day\b"),
]


def _regex(part: _Part) -> str:
    return part if isinstance(part, str) else part[1]


_FURNITURE = re.compile("|".join(map(_regex, _FURNITURE_PARTS)), re.IGNORECASE)
_CAPTION = re.compile("|".join(map(_regex, _CAPTION_PARTS)), re.IGNORECASE)
# text holding a letter that case-insensitive matching equates with an ASCII one (İ ı ſ K,
# see has_case_specials) is matched with the joined regex instead of the substring screen


def _compile_parts(parts: list[_Part]) -> _Screen:
    """Alternatives as (substrings, regex); the regex is None for a plain phrase, where the
    substring test alone decides."""
    out: _Screen = []
    for part in parts:
        if isinstance(part, str):
            # the phrase stands as it is in the joined regex, and is looked for in lower case
            if part != part.lower() or re.escape(part) != part.replace(" ", "\\ "):
                raise ValueError(f"not a plain phrase: {part!r}")
            out.append(((part,), None))
        else:
            keys, rx = part
            out.append((keys, re.compile(rx, re.IGNORECASE)))
    return out


_FURNITURE_SCREEN = _compile_parts(_FURNITURE_PARTS)
_CAPTION_SCREEN = _compile_parts(_CAPTION_PARTS)


def _screened_search(text: str, lower: str, screen: _Screen) -> bool:
    for keys, rx in screen:
        for key in keys:
            if key in lower:
                if rx is None or rx.search(text):
                    return True
                break
    return False


def is_furniture_or_caption(text: str) -> tuple[bool, bool]:
    """(holds a web-furniture phrase, is a photo caption/credit and no furniture): the same
    answers as ``_FURNITURE.search`` and ``_CAPTION.search``, screened by substrings first."""
    if has_case_specials(text):
        furniture = _FURNITURE.search(text) is not None
        return furniture, not furniture and _CAPTION.search(text) is not None
    lower = text.lower()
    if _screened_search(text, lower, _FURNITURE_SCREEN):
        return True, False
    return False, _screened_search(text, lower, _CAPTION_SCREEN)


def furniture_or_caption_many(texts: list[str]) -> list[bool]:
    """``any(is_furniture_or_caption(t))`` for each text, screening all texts at once: the
    lower-cased texts are joined (with NUL, which no substring holds, so no occurrence spans
    two texts), each substring is searched for once in the whole, and only the texts holding
    an occurrence run the regex of that alternative."""
    flags = [False] * len(texts)
    if not texts:
        return flags
    lows = [t.lower() for t in texts]
    starts: list[int] = []
    pos = 0
    for low in lows:
        starts.append(pos)
        pos += len(low) + 1
    joined = "\0".join(lows)
    special = set()
    for i, t in enumerate(texts):
        if has_case_specials(t):
            special.add(i)
            flags[i] = bool(_FURNITURE.search(t) or _CAPTION.search(t))
    for keys, rx in (*_FURNITURE_SCREEN, *_CAPTION_SCREEN):
        holders: set[int] = set()
        for key in keys:
            j = joined.find(key)
            while j >= 0:
                holders.add(bisect_right(starts, j) - 1)
                j = joined.find(key, j + 1)
        for i in holders:
            if not flags[i] and i not in special and (rx is None or rx.search(texts[i])):
                flags[i] = True
    return flags
