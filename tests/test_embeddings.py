"""Dense sentence embeddings: WordLlama's vectors, loaded offline from its wheel."""

from __future__ import annotations

import os

import numpy as np

from storybrief.text.embeddings import DIM, embed, mean_embedding

TEXTS = [
    "A runaway grain barge struck the Harbor Bridge in Port Ellery early on Tuesday.",
    "The Harbor Bridge will stay closed for weeks, Mayor Dana Okafor said.",
    "“Absolutely not, we’ve never said that,” the spokeswoman told a radio station.",
    "Émigrés in Zürich paid €5 for a café crème — 50% off!",
    "Shares of the chipmaker fell 8.2% in early trading in New York.",
]


def test_vectors_are_wordllamas_own() -> None:
    import wordllama
    from wordllama import WordLlama

    reference = WordLlama.load(
        cache_dir=os.path.dirname(wordllama.__file__), disable_download=True, dim=DIM
    ).embed(TEXTS, norm=True)
    np.testing.assert_allclose(embed(TEXTS), reference, atol=1e-5)


def test_shape_norm_and_empty_texts() -> None:
    vectors = embed(["", "   ", *TEXTS])
    assert vectors.shape == (len(TEXTS) + 2, DIM) and vectors.dtype == np.float32
    assert not vectors[:2].any()  # nothing to embed: the zero vector
    np.testing.assert_allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-5)
    assert embed([]).shape == (0, DIM)


def test_similar_sentences_are_closer_than_unrelated_ones() -> None:
    a, b, _, _, shares = embed(TEXTS)
    assert a @ b > a @ shares


def test_the_same_text_gives_the_same_vector_in_any_batch() -> None:
    alone = embed([TEXTS[1]])[0]
    batched = embed(TEXTS * 3)[1]
    np.testing.assert_allclose(alone, batched, atol=1e-6)


def test_mean_embedding() -> None:
    vectors = embed(TEXTS[:2])
    mean = mean_embedding(vectors)
    assert abs(float(np.linalg.norm(mean)) - 1.0) < 1e-5
    assert not mean_embedding(vectors[:0]).any()


def test_piece_cache_overflow_keeps_pieces_cached_before(monkeypatch):
    # a full cache is cleared; the pieces that were cached before must be tokenized again,
    # not looked up (a KeyError on a long run)
    from storybrief.text import embeddings as e

    monkeypatch.setattr(e, "PIECE_CACHE_SIZE", 4)
    e._PIECE_CACHE.clear()
    first = e._piece_ids(["Seven", "boats"])
    ids = e._piece_ids(["Seven", "sank", "near", "the", "harbour"])
    assert [x.tolist() for x in ids[:1]] == [first[0].tolist()]
    assert len(ids) == 5


def test_piece_ids_are_the_tokenizers_own() -> None:
    """The byte-pair shortcut (``_encode``) gives ``encode``'s ids, special-token text too."""
    from storybrief.text.embeddings import _encode, _model

    tokenizer = _model().tokenizer
    pieces = [w for t in TEXTS for w in t.split()] + ["<s>", "a</s>b", "<unk>", "\u200b", "𝕏" * 50]
    expected = [e.ids for e in tokenizer.encode_batch(pieces, add_special_tokens=False)]
    assert _encode(tokenizer, pieces) == expected


def test_cached_piece_sums_do_not_change_vectors() -> None:
    """Summed token vectors of long pieces are cached: a second call, after the cache was
    filled by other texts, gives the same bits."""
    from storybrief.text import embeddings

    first = embed(TEXTS)
    embeddings._SUM_ROWS.clear()
    embed(TEXTS[::-1])
    assert embed(TEXTS).tobytes() == first.tobytes()


def test_incidence_is_scipys_canonical_matrix() -> None:
    import scipy.sparse as sp

    from storybrief.text.embeddings import _incidence

    rows = np.array([0, 0, 0, 1, 1, 3, 3, 3])
    cols = np.array([4, 1, 4, 0, 2, 2, 2, 1])
    ours = _incidence(rows, cols, (4, 5))
    theirs = sp.csr_matrix((np.ones(8, dtype=np.float32), (rows, cols)), shape=(4, 5))
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert ours.data.tobytes() == theirs.data.tobytes()


def test_full_caches_are_cleared_without_losing_a_piece(monkeypatch) -> None:
    """A cache that fills up in the middle of a batch is emptied; the batch still gets every
    piece (the ids and sums already looked up stay valid)."""
    from storybrief.text import embeddings

    first = embed(TEXTS)
    monkeypatch.setattr(embeddings, "PIECE_CACHE_SIZE", 8)
    monkeypatch.setattr(embeddings, "SUM_CACHE_SIZE", 4)
    for texts in (TEXTS, TEXTS[::-1], TEXTS):
        vectors = embed(texts)  # (a text's last bits depend on the batch's piece order)
    assert vectors.tobytes() == first.tobytes()
