"""The same person spelled differently across documents, nicknames and short forms aside."""

from __future__ import annotations

import re
from collections import defaultdict

from storybrief.analysis.disagree.report import Disagreement
from storybrief.text.lexicon import NICKNAMES as _NICKNAMES
from storybrief.text.lexicon import NOT_FIRST_IN_PAIR as _NOT_FIRST
from storybrief.types import Cluster

_LOWER_WORD = re.compile(r"\b[a-z][a-z\-]+\b")


def _lower_words(cluster: Cluster) -> set[str]:
    """Words the cluster writes in lower case (common nouns, not names)."""
    return set(_LOWER_WORD.findall("\n".join(s.text for s in cluster.sentences)))


def name_disagreements(cluster: Cluster, lower: set[str] | None = None) -> list[Disagreement]:
    """The same person spelled differently in different documents."""
    from storybrief.analysis.names import looks_like_person
    from storybrief.analysis.quotes import cluster_texts, split_role
    from storybrief.analysis.quotes.attribution import _name_matches

    forms: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    # words the cluster also writes in lower case are common nouns ("marshal", "advisers",
    # "legend"), not surnames
    lower = lower if lower is not None else _lower_words(cluster)
    # the documents' texts as the quote pass read them: their name scans are cached
    for doc, text in enumerate(cluster_texts(cluster)):
        for hit in _name_matches(text):
            found = hit.group(0)
            if found.endswith(("’s", "'s")):
                found = found[:-2]
            name = split_role(found)[0] or ""
            if not looks_like_person(name):
                continue
            toks = name.split()
            if any(t.lower() in lower for t in toks):
                continue  # "Fire Marshal", "Pin-up Legend", "Choosing DeGeneres"
            if len(toks) < 2 or "’" in name or "'" in name:
                continue
            first, last = toks[-2], toks[-1]
            if (
                first.lower() in _NOT_FIRST
                or len(first) < 3
                or len(last) < 4
                or first.isupper()
                or last.isupper()
            ):
                continue
            key = (first[:3].lower(), last[:5].lower())
            forms[key][f"{first} {last}"].add(doc)
    out: list[Disagreement] = []
    for key in sorted(forms):
        variants = forms[key]
        if len(variants) < 2:
            continue
        docs = [d for v in variants.values() for d in v]
        if len(set(docs)) < 2:
            continue
        # plural/possessive or other-word variants are not spellings of one name
        lasts = {v.split()[1].lower() for v in variants}
        firsts = {v.split()[0].lower() for v in variants}
        if any(a != b and (a.startswith(b) and len(a) - len(b) > 2) for a in lasts for b in lasts):
            continue
        if len(lasts) == 1 and len(firsts) == 1:
            continue
        if _variant_forms(firsts, nicknames=True) or _variant_forms(lasts, nicknames=False):
            continue
        values = sorted(((v, sorted(d)) for v, d in variants.items()), key=lambda x: (x[1], x[0]))
        if all(set(values[0][1]) == set(v[1]) for v in values):
            continue
        out.append(Disagreement(f"spelling of a name ({values[0][0]})", values, "name"))
    return out


def _variant_forms(names: set[str], nicknames: bool) -> bool:
    """Two forms that are a nickname/short form ("rich"/"richard", "jon"/"jonathan"), a plural
    or adjective ("award"/"awards", "australia"/"australian") or a British/American spelling
    ("theatre"/"theater") of each other: not a disagreement about who someone is."""
    forms = sorted(names)
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            short, long = sorted((a, b), key=len)
            if nicknames and frozenset((a, b)) in _NICKNAMES:
                return True
            if nicknames and (long.startswith(short) or long.startswith(short.rstrip("y"))):
                return True
            # Libby/Liberty, Randy/Randall, Sandy/Sander: a short pet form
            if (
                nicknames
                and len(short) <= 5
                and short.endswith(("y", "ie"))
                and short[:3] == long[:3]
            ):
                return True
            # Mario/Maria, Antonio/Antonia: two people, not two spellings
            if (
                nicknames
                and len(a) == len(b)
                and a[:-1] == b[:-1]
                and a[-1] in "aoe"
                and b[-1] in "aoe"
            ):
                return True
            if not nicknames and (not a[-1].isalpha() or not b[-1].isalpha()):
                return True
            if not nicknames and long.endswith("ers") and short.endswith("s"):
                return True
            if long in (short + "s", short + "n", short + "es"):
                return True
            if a.replace("re", "er") == b.replace("re", "er"):
                return True
    return False
