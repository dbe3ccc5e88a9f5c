"""Command-line interface: ``storybrief summarize PATH`` and friends.

Errors are one line on stderr with a documented exit code (README, "Exit codes"); set
``STORYBRIEF_DEBUG=1`` to see the traceback of an unexpected error.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from storybrief import __version__
from storybrief.errors import BudgetError, EmptyInputError, StorybriefError
from storybrief.text.terminal import terminal_safe

if TYPE_CHECKING:
    from storybrief.pipeline.summary import Summary

# The pipeline (numpy, scipy, the embedding model, the analysis's regexes), the readers and
# the command modules are imported when a command runs, so ``storybrief --help`` starts in a
# fraction of a second (BENCHMARKS.md, "CLI start-up").  What the help shows of them is
# therefore written here; tests/test_cli.py checks each against its source: the method names
# against pipeline.score.available_methods(), the input formats against readers.FORMATS, and
# the commands' help lines against the commands themselves.
METHOD_NAMES = ("default", "learned", "lead", "lexrank", "centroid", "hybrid")
INPUT_FORMATS = ("auto", "folder", "text", "html", "multinews", "jsonl")


@dataclass(frozen=True)
class LazyCommand:
    """A command defined in ``storybrief/commands/``: the modules whose ``register(app)``
    define it, imported when it runs, and the first paragraph of its help, which
    ``storybrief --help`` lists without importing them."""

    modules: tuple[str, ...]
    help: str


COMMANDS = {
    "batch": LazyCommand(
        ("batch",),
        "Summarize every cluster of IN into OUT, one JSON line each, in input order.",
    ),
    "evaluate": LazyCommand(
        ("evaluate",),
        "ROUGE-1/2/Lsum F1 (95% bootstrap CI), output length and speed per method; with\n"
        "--checks, the editor's checks next to them.",
    ),
    "inspect": LazyCommand(
        ("inspect",),
        "Which articles to trust, who said what, and where the sources disagree.",
    ),
    "serve": LazyCommand(
        ("serve",),
        'Start the web app and HTTP API (needs the web extra; see README, "Web app").',
    ),
    "feed": LazyCommand(
        ("feed", "feed_export", "follow"),
        "Live stories: ingest a stream of articles into a store, read its stories.",
    ),
}
"""The commands beyond ``summarize`` and ``methods``, in the order ``--help`` lists them."""

_loaded: dict[str, Any] = {}  # command name -> its Click command, built once per process


def load_command(name: str) -> Any:
    """The Click command ``name`` of :data:`COMMANDS`, its modules imported and registered on
    first use."""
    if name not in _loaded:
        holder = typer.Typer()
        for module in COMMANDS[name].modules:
            importlib.import_module(f"storybrief.commands.{module}").register(holder)
        _loaded[name] = typer.main.get_group(holder).commands[name]
    return _loaded[name]


class _NotLoaded(TyperCommand):
    """Stands for a command of :data:`COMMANDS` in the top-level group until it runs: its name
    and help line, for the help listing and "Did you mean ...?"."""


class _LazyGroup(TyperGroup):
    """The top-level group: the commands of :data:`COMMANDS` are imported when one runs (its
    own ``--help`` included); the top-level help lists them from their written help."""

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, lazy in COMMANDS.items():
            self.commands.setdefault(name, _NotLoaded(name, help=lazy.help))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if isinstance(command, _NotLoaded) and not self._listing:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="storybrief",
    cls=_LazyGroup,
    help="Turn a cluster of news articles about one story into a short, attributed summary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True, highlight=False)


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


InputFormat = Enum("InputFormat", {f: f for f in INPUT_FORMATS}, type=str)  # type: ignore[misc]

# Options that several commands declare alike, written once so that their flags, bounds and
# help read the same in each command's --help (the feed's own: storybrief.commands.feed).
MaxWordsOption = Annotated[
    int,
    typer.Option("--max-words", "-w", min=1, help="Length budget in words (never exceeded)."),
]
"""The length budget of each summary (``summarize``, ``batch``, ``evaluate``; their defaults
differ)."""
MaxSentencesOption = Annotated[
    int | None,
    typer.Option("--max-sentences", "-s", min=1, help="At most this many sentences."),
]
MethodOption = Annotated[
    str, typer.Option("--method", "-m", help=f"Scoring method: {', '.join(METHOD_NAMES)}.")
]
DedupThresholdOption = Annotated[
    float,
    typer.Option(
        "--dedup-threshold",
        min=0.01,
        max=1.01,
        help="Cosine at which sentences count as one near-duplicate unit (1.01 = off).",
    ),
]
RedundancyOption = Annotated[
    float,
    typer.Option(
        "--redundancy",
        min=0.01,
        max=1.0,
        help="Never pick a sentence this similar to a chosen one.",
    ),
]
"""``summarize`` and ``batch`` build the same summarizer from these four and the budget."""
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]
"""No progress bar or progress lines (``batch``, ``feed ingest``)."""


def warn(message: str) -> None:
    # file names, ids and titles in messages come from the input: no escape sequences reach
    # the terminal (storybrief.text.terminal)
    # the message is shown as it is (no Rich markup: '"storybrief[ray]"' keeps its brackets)
    err_console.print(
        Text.assemble(("warning:", "yellow"), " ", terminal_safe(message)), soft_wrap=True
    )


def fail(err: Exception | str, code: int | None = None) -> typer.Exit:
    """Print ``error: ...`` (one line) and return the exit to raise: with ``code``, else the
    error's own exit code, 3 for a file that cannot be read or written (an OSError, named
    with its file), 1 for anything else."""
    if isinstance(err, OSError):
        message = f"{err.strerror or err}: {err.filename or ''}".rstrip(": ")
        default = 3
    else:
        message, default = str(err), getattr(err, "exit_code", 1)
    err_console.print(Text.assemble(("error:", "red"), " ", terminal_safe(message)), soft_wrap=True)
    return typer.Exit(code if code is not None else default)


def example_path() -> Path:
    """Folder of the built-in example cluster shipped with the package."""
    from importlib import resources

    return Path(str(resources.files("storybrief") / "data" / "example"))


def _render(summary: Summary, fmt: OutputFormat, citations: bool, many: bool) -> str:
    if fmt is OutputFormat.json:
        return summary.to_json(indent=None if many else 2)
    if fmt is OutputFormat.markdown:
        return summary.to_markdown()
    body = summary.to_text(citations=citations)
    # the id comes from the input: no escape sequences in the header line
    return f"=== {terminal_safe(summary.id, one_line=True)} ===\n{body}\n" if many else body


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storybrief {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """storybrief: many articles about one story in, one attributed digest out."""


@app.command()
def summarize(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Folder of .txt/.html articles, a .txt/.html file, a Multi-News or JSONL "
            "file (.gz/.xz ok), or - for standard input.",
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Summarize the built-in example cluster.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", "-i", help="Force the input format.")
    ] = "auto",  # type: ignore[assignment]
    max_words: MaxWordsOption = 150,
    max_sentences: MaxSentencesOption = None,
    method: MethodOption = "default",
    dedup_threshold: DedupThresholdOption = 0.6,
    redundancy: RedundancyOption = 0.5,
    citations: Annotated[
        bool, typer.Option("--citations/--no-citations", help="Citation marks in text output.")
    ] = True,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Skip malformed JSONL lines instead of stopping.")
    ] = False,
    keep_flagged: Annotated[
        bool,
        typer.Option(
            "--keep-flagged",
            help="Summarize junk and stale documents too (they are still marked in the output).",
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """Summarize a cluster of articles (or every cluster of a JSONL/Multi-News file)."""
    if example:
        if path is not None:
            raise fail("give either PATH or --example, not both", 2)
        path = str(example_path())
    if path is None:
        raise fail("missing PATH (a folder, file or -); try --example", 2)
    from storybrief.pipeline import Summarizer
    from storybrief.readers import ReadStats, read_clusters

    try:
        summarizer = Summarizer(
            method=method,
            max_words=max_words,
            max_sentences=max_sentences,
            dedup_threshold=dedup_threshold,
            redundancy=redundancy,
            filter_sources=not keep_flagged,
        )
        stats = ReadStats()
        clusters = read_clusters(
            path, input_format.value, skip_bad=skip_bad, warn=warn, stats=stats
        )
        if path == "-" and sys.stdin is not None and sys.stdin.isatty():
            err_console.print("reading articles from standard input; end with Ctrl-D")
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        n_empty = n_done = 0
        many = False
        try:
            for cluster in clusters:
                many = stats.format in ("jsonl", "multinews")
                summary = summarizer.summarize(
                    cluster.documents, id=cluster.id, extra=cluster.extra
                )
                warnings = summary.warnings
                if not summary.sentences:
                    n_empty += 1
                    if not many:  # one cluster: its empty summary is the error (exit 5 or 6)
                        for w in warnings[:-1]:
                            warn(w)
                        raise _empty_error(summary)
                for w in warnings:
                    warn(f"{cluster.id}: {w}" if many else w)
                out.write(_render(summary, output_format, citations, many).rstrip("\n") + "\n")
                n_done += 1
        finally:
            if output:
                out.close()
        if stats.skipped_lines:
            warn(f"skipped {stats.skipped_lines} malformed line(s)")
        if many and sys.stderr.isatty():
            err_console.print(f"summarized {n_done} clusters ({n_empty} empty)")
    except StorybriefError as err:
        raise fail(err) from None
    except BrokenPipeError:
        raise _closed_pipe() from None
    except OSError as err:
        raise fail(err) from None


def _empty_error(summary: Summary) -> StorybriefError:
    """The error for a single cluster whose summary is empty, from the reason it carries."""
    message = summary.warnings[-1] if summary.warnings else "nothing to summarize"
    if summary.empty_reason == "budget":
        return BudgetError(message.replace("raise max_words", "raise --max-words"))
    return EmptyInputError(message)


EXIT_BROKEN_PIPE = 141
"""Exit status when the reader of our output went away (``| head``): what a shell reports for a
program ended by SIGPIPE, as ``cat`` would be; no message, since nothing went wrong."""


class _OutConsole(Console):
    """Rich's console on standard output, but a closed pipe is :class:`BrokenPipeError` (Rich's
    own handling exits 1), so every command exits 141 on ``| head`` as README promises."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def out_console(**kwargs: object) -> Console:
    """A Rich console for a command's output (tables) that exits 141 when the reader leaves."""
    return _OutConsole(**kwargs)  # type: ignore[arg-type]


def _closed_pipe() -> typer.Exit:
    """Standard output was closed early (``storybrief ... | head``): stop quietly.  Standard
    output is pointed at /dev/null so the interpreter's final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests)
        pass
    return typer.Exit(EXIT_BROKEN_PIPE)


@app.command()
def methods() -> None:
    """List the scoring methods."""
    from storybrief.pipeline.score import SCORERS, resolve_method

    default = resolve_method("default")
    for name, cls in SCORERS.items():
        mark = " (default)" if name == default else ""
        typer.echo(f"{name}{mark}: {cls.description}")


def main() -> None:
    """Entry point: run the app, turning any unexpected error into one line and exit 1.

    Click runs outside its standalone mode so that this function decides every exit status
    (README, "Exit codes"): usage errors 2, Ctrl-C 130, output closed early (``| head``) 141
    without a message, anything unexpected 1."""
    try:
        code = app(standalone_mode=False)
    except BrokenPipeError:
        sys.exit(_closed_pipe().exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as err:
        # Click's exceptions, matched by shape: Typer may bring a vendored copy of Click
        if type(err).__name__ == "Abort":  # Ctrl-C, as Click reports it
            err_console.print("interrupted")
            sys.exit(130)
        if callable(getattr(err, "show", None)) and isinstance(
            getattr(err, "exit_code", None), int
        ):
            err.show()  # type: ignore[attr-defined]  # a usage error, Click's own message
            sys.exit(err.exit_code)  # type: ignore[attr-defined]
        # last resort: never a traceback for the user
        if os.environ.get("STORYBRIEF_DEBUG"):
            raise
        err_console.print(
            f"[red]internal error:[/red] {type(err).__name__}: {terminal_safe(str(err))} "
            "(set STORYBRIEF_DEBUG=1 for details)",
            soft_wrap=True,
        )
        sys.exit(1)
    try:
        sys.stdout.flush()  # a closed pipe shows here when the output fit in the buffer
    except BrokenPipeError:
        sys.exit(_closed_pipe().exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
