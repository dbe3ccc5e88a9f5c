"""Same-fact pairs (issue 17): how well each sentence-embedding model tells two sentences that
state one fact from two that do not, alone and with the lexical overlaps, and the learned test
of ``storybrief.pipeline.facts``.

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
from storybrief.pipeline.facts import SAME_FACT_BIAS, SAME_FACT_WEIGHTS
from storybrief.text.embeddings import embed

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"
LABELS = REPO / "benchmarks" / "annotations" / "same_fact_pairs.jsonl"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def load_pairs() -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """(texts, labels, lexical features: Jaccard, larger and smaller containment of the
    units' content stems, as the selector computes them)."""
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
        lexical.append(
            [
                shared / max(1.0, ni + nj - shared),
                max(shared / ni, shared / nj),
                min(shared / ni, shared / nj),
            ]
        )
        texts.append((cluster.unit_text(cluster.units[i]), cluster.unit_text(cluster.units[j])))
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
    texts, y, lexical = load_pairs()
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
        x = np.column_stack([cosine, lexical])
        p = cross_val_predict(
            LogisticRegression(max_iter=1000), x, y, cv=10, method="predict_proba"
        )
        print(
            f"{name} | {roc_auc_score(y, cosine):.3f} | {roc_auc_score(y, p[:, 1]):.3f} | {rate:,.0f}"
        )
        if name.startswith("wordllama"):
            shipped = 1 / (1 + np.exp(-(x @ SAME_FACT_WEIGHTS + SAME_FACT_BIAS)))
            cv = p[:, 1]
            for t in (0.5, 0.75):
                for label, q in (("shipped (fit on all pairs)", shipped), ("10-fold CV", cv)):
                    hit = q >= t
                    print(
                        f"  p >= {t} {label}: precision {y[hit].mean():.3f}, recall "
                        f"{hit[y == 1].mean():.3f}"
                    )
    print("lexical alone, AUC of Jaccard:", round(roc_auc_score(y, lexical[:, 0]), 3))


if __name__ == "__main__":
    main()
