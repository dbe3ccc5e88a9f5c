"""``storybrief inspect PATH``: source analysis of a cluster -- junk and stale documents with
reasons, dates, quotes with speakers, and where the sources disagree."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def inspect(
        path: Annotated[
            str,
            typer.Argument(
                help="Folder of articles, an article file, a Multi-News or JSONL file, or -.",
                show_default=False,
            ),
        ],
        output_format: Annotated[
            str, typer.Option("--format", "-f", help="table (Rich tables) or json.")
        ] = "table",
    ) -> None:
        """Which articles to trust, who said what, and where the sources disagree."""
        import json
        import sys

        from storybrief.analysis import analyze_cluster
        from storybrief.cli import _closed_pipe, fail, out_console, warn
        from storybrief.errors import StorybriefError
        from storybrief.pipeline import build_cluster
        from storybrief.readers import read_clusters

        if output_format not in ("table", "json"):
            raise fail(f"unknown format {output_format!r}; choose table or json", 2)
        try:
            for cluster_in in read_clusters(path, "auto", warn=warn):
                cluster, _ = build_cluster(cluster_in.documents, id=cluster_in.id)
                analysis = analyze_cluster(cluster)
                if output_format == "json":
                    data = {"id": cluster_in.id, **analysis.to_dict()}
                    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                else:
                    _print_tables(out_console(), cluster_in.id, cluster, analysis)
        except StorybriefError as err:
            raise fail(err) from None
        except BrokenPipeError:  # output closed early (| head): 141 without a message
            raise _closed_pipe() from None
        except OSError as err:
            raise fail(err) from None


def _print_tables(console, cid, cluster, analysis) -> None:  # noqa: ANN001
    from rich.table import Table

    title = f"{cid} — " if cid else ""
    story = analysis.story
    if story.shown:
        docs = " ".join(f"[{e.doc + 1}]" for e in story.evidence[:4])
        when = f", story dated {story.shown} ({story.precision}; from {docs})"
    else:
        when = ", story date unknown"
    t = Table(title=f"{title}sources{when}", show_lines=False)
    for col in ("#", "document", "date", "relevance", "verdict", "reasons"):
        t.add_column(col, overflow="fold")
    for s in analysis.sources:
        c = cluster.cleaned[s.index]
        verdict = " ".join(v for v, on in (("JUNK", s.junk), ("STALE", s.stale)) if on) or "ok"
        if s.stale and not s.excluded:
            verdict += "? (weak, kept)"
        style = "red" if s.excluded else ("yellow" if s.stale else "")
        own = s.dating.own if s.dating else None
        date = "-"
        if own is not None and own.shown:
            kinds = ", ".join(sorted({getattr(e, "kind", "") for e in own.evidence}))
            date = f"{own.shown} ({kinds})"
        t.add_row(
            str(s.index + 1),
            c.label[:60],
            date,
            f"{s.relevance:.2f}",
            f"[{style}]{verdict}[/{style}]" if style else verdict,
            "; ".join(s.reasons),
        )
    console.print(t)
    if analysis.quotes:
        q = Table(title="quotes")
        for col in ("quote", "speaker", "role", "sources"):
            q.add_column(col, overflow="fold")
        for mq in analysis.quotes:
            text = mq.text if len(mq.text) <= 120 else mq.text[:117] + "..."
            q.add_row(
                f"“{text}”",
                mq.speaker or "?",
                mq.role or "",
                " ".join(f"[{i + 1}]" for i in mq.sources),
            )
        console.print(q)
    if analysis.disagreements:
        d = Table(title="disagreements")
        d.add_column("about", overflow="fold")
        d.add_column("values", overflow="fold")
        for dis in analysis.disagreements:
            vals = "  vs  ".join(
                f"{v} {' '.join(f'[{i + 1}]' for i in src)}" for v, src in dis.values
            )
            d.add_row(dis.about, vals)
        console.print(d)
