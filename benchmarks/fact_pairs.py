"""Same-fact pairs (issue 17): how well each sentence-embedding model tells two sentences that
state one fact from two that do not, alone and with the lexical overlaps, and the two shipped
same-fact models of ``storybrief.pipeline.facts``: the hand-labelled one (fitted on these
pairs) and ``facts-v1`` (learned from Multi-News train by ``python -m storybrief.train_facts``;
for it these pairs are a held-out test).

The 153 pairs of ``benchmarks/annotations/same_fact_pairs.jsonl`` are sentences from different
articles of 60 ``validation_raw`` clusters (none of the blind-graded round-3 ones), drawn among
the 40 best-scored readable units of each cluster with WordLlama cosine >= 0.45 or a shared
number, stratified by cosine; each was labelled by reading (would an editor call one a repeat
of the other?).  The file holds cluster ids and hashes of the two texts only; the texts are
found again among the cluster's units (``Summarizer.prepare``).

Optional ONNX models (``--onnx NAME=MODEL.onnx``, with ``--tokenizer tokenizer.json`` of the
BERT vocabulary they share) are run with onnxruntime on one thread, mean-pooled; they need
``pip install onnxruntime tokenizers`` and are not project dependencies.

    python benchmarks/fact_pairs.py
    python benchmarks/fact_pairs.py --tokenizer .../tokenizer.json \\
        --onnx minilm-l6-int8=.../model.onnx --onnx paraphrase-minilm-l3=.../paraphrase-MiniLM-L3-v2.onnx
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from pathlib import Path

import numpy as np

from storybrief.pipeline import Summarizer
from storybrief.pipeline.facts import (
    FACT_MODEL,
    HAND_LABELLED,
    figures,
    load_fact_model,
    pair_features,
)
from storybrief.text.embeddings import embed

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"
LABELS = REPO / "benchmarks" / "annotations" / "same_fact_pairs.jsonl"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def load_pairs() -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """(texts, labels, counts: the content stems the units share and each one's, the figures
    they share and each one's, as the selector counts them)."""
    labels = [json.loads(line) for line in LABELS.open()]
    wanted = {d["cluster"] for d in labels}
    clusters = {}
    with gzip.open(DATA, "rt") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                clusters[row["id"]] = row["documents"]
    summarizer = Summarizer()
    prepared = {}
    texts, y, lexical = [], [], []
    for d in labels:
        if d["cluster"] not in prepared:
            cluster, features = summarizer.prepare(clusters[d["cluster"]])
            words = features.unit_matrix.copy()
            words.data[:] = 1.0
            by_hash = {_hash(cluster.unit_text(u)): u.id for u in cluster.units}
            prepared[d["cluster"]] = (cluster, words, by_hash)
        cluster, words, by_hash = prepared[d["cluster"]]
        i, j = by_hash[d["a"]], by_hash[d["b"]]
        shared = float((words[i] @ words[j].T).toarray()[0, 0])
        ni, nj = float(words[i].sum()), float(words[j].sum())
        a, b = cluster.unit_text(cluster.units[i]), cluster.unit_text(cluster.units[j])
        fa, fb = figures(a), figures(b)
        lexical.append([shared, ni, nj, len(fa & fb), len(fa), len(fb)])
        texts.append((a, b))
        y.append(d["same_fact"])
    return texts, np.array(y), np.array(lexical)


def onnx_embedder(model: str, tokenizer: str):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(tokenizer)
    tok.enable_truncation(128)
    tok.enable_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}
    hidden = next(
        k for k, o in enumerate(session.get_outputs()) if len(o.shape) == 3 and o.shape[2] == 384
    )

    def run(texts: list[str]) -> np.ndarray:
        out = []
        for start in range(0, len(texts), 32):
            enc = tok.encode_batch(texts[start : start + 32])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            h = session.run(None, feed)[hidden]
            v = (h * mask[:, :, None]).sum(1) / mask.sum(1)[:, None]
            out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        return np.vstack(out)

    return run


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", action="append", default=[], help="NAME=MODEL.onnx")
    ap.add_argument("--tokenizer", default=None)
    args = ap.parse_args()
    texts, y, counts = load_pairs()
    flat = [t for pair in texts for t in pair]
    n = len(texts)
    models = {"wordllama (shipped)": embed}
    for spec in args.onnx:
        name, path = spec.split("=", 1)
        models[name] = onnx_embedder(path, args.tokenizer)
    print(f"{n} pairs, {int(y.sum())} the same fact")
    print("model | AUC cosine | AUC with lexical (10-fold CV) | CPU sentences/s")
    for name, run in models.items():
        run(flat[:8])  # warm up
        t = time.process_time()
        e = np.asarray(run(flat))
        rate = len(flat) / max(time.process_time() - t, 1e-9)
        cosine = (e[0::2] * e[1::2]).sum(1)  # flat is a0, b0, a1, b1, ...
        shared, n_a, n_b, shared_figs, figs_a, figs_b = counts.T
        features = pair_features(cosine, shared, n_b, n_a, shared_figs, figs_b, figs_a)
        x = features[:, :4]
        p = cross_val_predict(
            LogisticRegression(max_iter=1000), x, y, cv=10, method="predict_proba"
        )
        print(
            f"{name} | {roc_auc_score(y, cosine):.3f} | {roc_auc_score(y, p[:, 1]):.3f} | {rate:,.0f}"
        )
        if name.startswith("wordllama"):
            _report(y, features, p[:, 1])
    jaccard = counts[:, 0] / np.maximum(counts[:, 1] + counts[:, 2] - counts[:, 0], 1)
    print("lexical alone, AUC of Jaccard:", round(roc_auc_score(y, jaccard), 3))


def _report(y: np.ndarray, features: np.ndarray, cv: np.ndarray) -> None:
    """The shipped models on the labelled pairs: the hand-labelled one (fitted on them, so
    its numbers are optimistic; its 10-fold cross-validation beside it) and the one learned
    from Multi-News train (which never saw them: a held-out test)."""
    from sklearn.metrics import roc_auc_score

    learned = load_fact_model(FACT_MODEL)
    rows = (
        ("hand-labelled (fit on these pairs)", HAND_LABELLED.probability(features), HAND_LABELLED),
        ("hand-labelled, 10-fold CV", cv, HAND_LABELLED),
        (f"{FACT_MODEL} (learned from train)", learned.probability(features), learned),
    )
    for label, q, model in rows:
        print(f"  {label}: AUC {roc_auc_score(y, q):.3f}")
        for what, t in (
            ("threshold", model.threshold),
            ("opener", model.opener),
            ("cited", model.cited),
        ):
            hit = q >= t
            tp = float((hit & (y == 1)).sum())
            precision, recall = tp / max(hit.sum(), 1), tp / max((y == 1).sum(), 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-12)
            print(
                f"    p >= {t:.2f} ({what}): precision {precision:.3f}, recall {recall:.3f}, "
                f"F1 {f1:.3f}"
            )


if __name__ == "__main__":
    main()
