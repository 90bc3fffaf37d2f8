"""Named errors. Each message is one line that names the input and the problem."""

from __future__ import annotations

from everyside.escaping import MAX_LOCATOR_CHARS, clip


class EverysideError(Exception):
    """Base class of every error everyside raises on purpose."""


class IngestError(EverysideError):
    """An input could not be read as articles; the batch goes on without it.

    Locator and problem are clipped to one line of bounded length: both may quote the
    input (a header line of a decompression bomb, a file name), which is hostile.
    """

    def __init__(self, locator: str, problem: str) -> None:
        locator = clip(locator, MAX_LOCATOR_CHARS, one_line=False)
        problem = clip(problem)
        super().__init__(f"{locator}: {problem}")
        self.locator = locator
        self.problem = problem


class UnknownFormat(EverysideError):
    """A format name that no reader handles."""


class ArticleNotFound(EverysideError):
    """No article with the given id (or id prefix) is in the store."""

    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r}")
        self.article_id = article_id
