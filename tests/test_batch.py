"""``storybrief batch``: order, resume, error records, engines (local 1/2 workers, Ray)."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storybrief import errors as E
from storybrief.cli import app
from storybrief.engines import batch as B
from storybrief.engines import jobs as J
from storybrief.engines import local as L
from storybrief.readers import limits

# An explicit hand-written method keeps these tests about batching, not about a model file.
OPTIONS = J.BatchOptions(max_words=60, method="hybrid")


def _articles() -> list[str]:
    folder = resources.files("storybrief") / "data" / "example"
    return [
        (folder / n).read_text(encoding="utf-8")
        for n in ("01_wire.txt", "02_local.txt", "03_farm.txt")
    ]


def _cluster(i: int) -> dict:
    """Cluster i: a rotation of the example articles plus sentences of its own; sizes vary so
    that parallel workers finish out of order."""
    arts = _articles()
    docs = [arts[(i + k) % 3] for k in range(1 + i % 3)]
    own = " ".join(
        f"Inspectors counted {i * 7 + k} damaged bolts on pier {k + 1} during survey number {i}."
        for k in range(2 + 3 * (i % 4))
    )
    docs.append({"text": own, "title": f"Survey {i}", "url": f"https://example.org/{i}"})
    return {"id": f"c{i:02d}", "documents": docs, "summary": "ignored"}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def clusters_file(tmp_path: Path) -> Path:
    return _write(tmp_path / "in.jsonl", [json.dumps(_cluster(i)) for i in range(12)])


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _run(src: Path, out: Path, **kw) -> B.BatchResult:
    kw.setdefault("progress", "none")
    kw.setdefault("workers", 1)
    return B.run_batch(src, out, OPTIONS, **kw)


def test_records_in_input_order_with_summaries_and_sources(clusters_file: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = _run(clusters_file, out, workers=2, chunksize=1)
    assert (result.written, result.errors, result.skipped) == (12, 0, 0)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"c{i:02d}" for i in range(12)]
    for i, r in enumerate(records):
        assert r["sentences"] and 0 < r["n_words"] <= 60
        assert r["text"] == " ".join(s["text"] for s in r["sentences"])
        n_docs = len(_cluster(i)["documents"])
        assert len(r["documents"]) == n_docs
        for s in r["sentences"]:
            assert s["sources"] and all(0 <= d < n_docs for d in s["sources"])
        assert r["documents"][-1]["url"] == f"https://example.org/{i}"
        assert "summary" not in r and "removed" not in r  # compact record


def test_engines_agree_byte_for_byte(clusters_file: Path, tmp_path: Path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    _run(clusters_file, one, workers=1)
    _run(clusters_file, two, workers=2, chunksize=2)
    assert one.read_bytes() == two.read_bytes()


def test_ray_engine_matches_local(clusters_file: Path, tmp_path: Path):
    ray = pytest.importorskip("ray")
    local, viaray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    _run(clusters_file, local, workers=1)
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        # a folder input: every JSONL file in it, in name order
        folder = tmp_path / "parts"
        folder.mkdir()
        lines = clusters_file.read_text(encoding="utf-8").splitlines()
        _write(folder / "a.jsonl", lines[:5])
        with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines[5:]))
        result = B.run_batch(folder, viaray, OPTIONS, engine="ray", progress="none")
    finally:
        ray.shutdown()
    assert result.written == 12
    assert viaray.read_bytes() == local.read_bytes()


def test_resume_skips_done_ids_and_redoes_a_half_written_line(clusters_file: Path, tmp_path: Path):
    full = tmp_path / "full.jsonl"
    _run(clusters_file, full)
    data = full.read_bytes()
    lines = data.splitlines(keepends=True)

    # interrupted after 5 records, in the middle of writing the 6th
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:5]) + lines[5][: len(lines[5]) // 2])
    result = _run(clusters_file, out, workers=2)
    assert result.truncated and result.skipped == 5 and result.written == 7
    assert out.read_bytes() == data

    # a complete run again: nothing to do
    again = _run(clusters_file, out)
    assert (again.written, again.skipped, again.truncated) == (0, 12, False)
    assert out.read_bytes() == data

    # --no-resume starts over
    fresh = _run(clusters_file, out, resume=False)
    assert fresh.written == 12 and out.read_bytes() == data


def test_resume_refuses_a_file_broken_in_the_middle(clusters_file: Path, tmp_path: Path):
    out = _write(tmp_path / "out.jsonl", ['{"id": "c00", "text": ""}', "not json", '{"id": "c01"}'])
    with pytest.raises(E.InputFormatError, match="out.jsonl:2"):
        _run(clusters_file, out)


def test_bad_clusters_become_error_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    good = [json.dumps(_cluster(i)) for i in range(3)]
    lines = [
        good[0],
        "{not json",
        "[1, 2]",
        json.dumps({"id": "no-docs", "documents": "just a string"}),
        json.dumps({"id": "bad-doc", "documents": [{"title": "no text"}]}),
        good[1],
        json.dumps({"id": "big", "documents": ["x " * 20_000]}),
        json.dumps({"id": "boom", "documents": ["A sentence that is long enough to keep here."]}),
        "",
        good[2],
    ]
    src = _write(tmp_path / "in.jsonl", lines)
    # the "big" line is over the limit, the others under it
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", max(map(len, good)) + 100)

    from storybrief.pipeline import Summarizer

    real = Summarizer.summarize

    def summarize(self, documents, id=None, extra=None):
        if id == "boom":
            raise ValueError("kaboom")
        return real(self, documents, id=id, extra=extra)

    monkeypatch.setattr(Summarizer, "summarize", summarize)
    out = tmp_path / "out.jsonl"
    result = _run(src, out, workers=1)
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [
        "c00", "in-2", "in-3", "no-docs", "bad-doc", "c01", "in-7", "boom", "c02"
    ]  # fmt: skip
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert set(errors) == {"in-2", "in-3", "no-docs", "bad-doc", "in-7", "boom"}
    assert all(set(r) == {"id", "error"} for r in records if "error" in r)
    assert "malformed JSON" in errors["in-2"] and "in.jsonl:2" in errors["in-2"]
    assert "JSON object" in errors["in-3"]
    assert "documents" in errors["no-docs"]
    assert "too large" in errors["in-7"]
    assert "ValueError: kaboom" in errors["boom"]
    assert result.errors == 6 and result.written == 9
    assert result.error_ids[:2] == ["in-2", "in-3"]


def test_cli_batch_reports_counts_and_logs_progress(clusters_file: Path, tmp_path: Path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(clusters_file.read_text(encoding="utf-8") + "{oops\n")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(
        app,
        ["batch", str(src), str(out), "-j", "1", "-w", "50", "-m", "hybrid", "--log-every", "0.1"],
    )
    assert res.exit_code == 0, res.output
    assert "wrote 13 records" in res.output and "1 errors" in res.output
    assert "in-13" in res.output  # the malformed line's id is named
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 13 and all(r.get("n_words", 0) <= 50 for r in records)

    res = CliRunner().invoke(
        app, ["batch", str(tmp_path / "missing.jsonl"), str(out), "-m", "hybrid"]
    )
    assert res.exit_code == 3
    res = CliRunner().invoke(app, ["batch", str(src), str(out), "--method", "nope"])
    assert res.exit_code == 2


def test_input_files_and_line_count(tmp_path: Path):
    a = _write(tmp_path / "a.jsonl", ["{}", "{}"])
    b = _write(tmp_path / "b.jsonl", ["{}"])
    (tmp_path / "notes.txt").write_text("x")
    assert J.input_files(tmp_path) == [a, b]
    assert J.input_files(str(tmp_path / "*.jsonl")) == [a, b]
    assert J.count_lines([a, b]) == 3
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as f:
        f.write("{}\n")
    assert J.count_lines([tmp_path / "c.jsonl.gz"]) is None
    with pytest.raises(E.InputNotFoundError):
        J.input_files(tmp_path / "nothing-*.jsonl")


def test_local_engine_closes_cleanly_when_stopped_early():
    """A consumer that stops (Ctrl-C, full disk) must not leave the pool's feeder blocked."""
    import time

    doc = "A sentence long enough to be kept in the summary here. Another one follows it now."
    jobs = (
        J.Job(f"x{i}", json.dumps({"id": f"x{i}", "documents": [doc]}), "mem") for i in range(10**6)
    )
    start = time.perf_counter()
    engine = L.LocalEngine(OPTIONS, workers=2, chunksize=2)
    for k, _ in enumerate(engine.run(jobs)):
        if k == 20:
            break
    engine.close()
    assert time.perf_counter() - start < 30
