"""The same quotation across documents: surnames completed from other documents, wordings
shortened to what the copies share, and copies merged (exact wordings first, then
containment or overlap through an inverted index, joined by union-find) into
:class:`MergedQuote` entries with all their sources."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from storybrief.analysis.names import (
    looks_like_person,
)
from storybrief.analysis.quotes.attribution import (
    Quote,
    _name_matches,
    extract_quotes,
    speaker_key,
    split_role,
)
from storybrief.text.words import STOP_WORDS
from storybrief.types import Cluster

MAX_POSTING = 200


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
