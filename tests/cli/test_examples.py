"""Every documented command runs as written on the demo store (issue 21).

The documented commands are the lines of each command's ``--help`` epilog after
"Examples:" and the README's code blocks marked ``<!-- runnable: on the demo store -->``.
Each runs through the CLI, in a folder laid out like a clone (``examples/`` and
``../shared`` where they are) whose ``./everyside.db`` is a copy of a demo store built
once per session, and must exit 0. The few that cannot run here (a server, the feed
watcher, PostgreSQL, data sets that are not bundled) are named with the reason.
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from everyside.cli import LAZY_GROUPS, app, lazy_group
from tests.conftest import REPO, SHARED

RUNNABLE = "<!-- runnable: on the demo store -->"
# A line of an epilog that is a command: optional VAR=value words, or `cat FILE |`, first.
COMMAND_LINE = re.compile(r"^(?:\w+=\S+ |cat \S+ \| )*(?:\.venv/bin/)?everyside\b")
# Documented commands not run here, by how they start, and why.
NOT_RUN = {
    "everyside serve": "a server that runs until stopped (tests/web and tests/e2e run the app)",
    "everyside --db news.db serve": "a server that runs until stopped",
    "EVERYSIDE_API_KEY=secret everyside serve": "a server that runs until stopped",
    "everyside watch": "polls feeds until stopped (tests/watch run it against a local replay)",
    "everyside --db /tmp/demo.db demo": "the demo: the fixture runs it into a temporary folder",
}
NEEDS_POSTGRES = "postgresql://"
GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True)
class Example:
    """One documented command line and where it is documented."""

    where: str
    line: str
    env: dict[str, str] = field(default_factory=dict, compare=False)


def _epilog_examples(command: Any, path: str) -> Iterator[Example]:
    """The example lines of a command's epilog, then of its subcommands', recursively."""
    epilog = command.epilog or ""
    if "Example" in epilog:
        for line in epilog.split("Example", 1)[1].splitlines():
            if COMMAND_LINE.match(line.strip()):
                yield Example(f"{path} --help", line.strip())
    # Typer's own click: a group is a command with subcommands.
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            sub = lazy_group(name) if name in LAZY_GROUPS else command.commands[name]
            yield from _epilog_examples(sub, f"{path} {name}")


def _readme_examples() -> Iterator[Example]:
    """The lines of the README's code blocks marked as runnable."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() != RUNNABLE:
            continue
        assert lines[number + 1].startswith("```"), "a runnable mark stands right above a block"
        for body in lines[number + 2 :]:
            if body.startswith("```"):
                break
            if body.strip():
                yield Example(f"README.md:{number + 1}", body.strip())


def documented() -> list[Example]:
    """Every documented command line, each once."""
    found = [*_epilog_examples(get_command(app), "everyside"), *_readme_examples()]
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Invocation:
    """A command line as the shell would run it: arguments, environment and standard input."""

    args: list[str]
    env: dict[str, str]
    stdin: bytes | None


def parse(line: str) -> Invocation:
    """Split a documented line as bash would: comments, quotes, globs, `VAR=x`, `cat F |`."""
    lexer = shlex.shlex(line, posix=False)
    lexer.whitespace_split = True
    words = list(lexer)  # non-POSIX: quotes stay on the words, so globs can tell them apart
    stdin = None
    if "|" in words:
        pipe = words.index("|")
        assert words[:1] == ["cat"] and pipe == 2, f"only `cat FILE | everyside` pipes: {line}"
        stdin = Path(words[1]).read_bytes()
        words = words[pipe + 1 :]
    env: dict[str, str] = {}
    while "=" in words[0] and not words[0].startswith("-"):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert words[0].endswith("everyside"), line
    args: list[str] = []
    for word in words[1:]:
        if word[0] in "'\"":
            args.extend(shlex.split(word))
        elif GLOB_CHARS.search(word):
            args.extend(sorted(glob.glob(word)) or [word])
        else:
            args.append(word)
    return Invocation(args, env, stdin)


def why_not_run(example: Example) -> str | None:
    """The reason a documented line is not run here, or None to run it."""
    line = example.line.removeprefix(".venv/bin/")
    for start, reason in NOT_RUN.items():
        if line.startswith(start):
            return reason
    if NEEDS_POSTGRES in line:
        return "needs a PostgreSQL server (the store tests run it on the test server)"
    if ("../shared/" in line or " gold/" in line) and not SHARED.is_dir():
        return f"{SHARED} is not beside this clone"
    if line.startswith("everyside eval "):
        data = [w for w in line.split() if w.endswith(".jsonl") and "/" not in w]
        if data:
            return f"{data[0]}: a data set that is not bundled (docs/evaluation.md)"
    return None


EXAMPLES = documented()


@pytest.fixture
def clone(tmp_path: Path, demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like a clone after `make demo`: the current directory for a test."""
    work = tmp_path / "main"
    work.mkdir()
    (work / "examples").symlink_to(REPO / "examples")
    (work / "gold").symlink_to(REPO / "gold")
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED)
    shutil.copy(demo_store, work / "everyside.db")
    monkeypatch.chdir(work)
    monkeypatch.delenv("EVERYSIDE_DB", raising=False)
    return work


def test_every_command_documents_examples_that_are_found() -> None:
    """The extraction finds the examples: the README block and many epilogs."""
    places = {example.where.split(":")[0] for example in EXAMPLES}
    assert "README.md" in places
    assert {"everyside show --help", "everyside compare --help", "everyside story --help"} <= places
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.line)
def test_the_documented_command_runs_on_the_demo_store(example: Example, clone: Path) -> None:
    reason = why_not_run(example)
    if reason:
        pytest.skip(reason)
    invocation = parse(example.line.split(" # ")[0].strip())
    result = CliRunner().invoke(app, invocation.args, input=invocation.stdin, env=invocation.env)
    assert result.exit_code == 0, f"{example.where}: {example.line}\n{result.output}"
    assert result.output.strip(), f"{example.where}: {example.line} printed nothing"
