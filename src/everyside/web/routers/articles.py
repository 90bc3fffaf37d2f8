"""Articles: ingest (file uploads or JSON), list and search, and one article with its annotations.

Uploads go through the same ``ingest_inputs`` as ``everyside ingest``: each file is saved to a
scratch folder under its own name, so the reader is chosen by extension or first bytes
exactly as for files on disk. A JSON body is read as a JSON Lines file of its articles.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from everyside.errors import EverysideError
from everyside.ingest.pipeline import IngestReport, Outcome
from everyside.ingest.sources import InputFile, format_size
from everyside.jobs import ingest_inputs, process_new
from everyside.report import json as json_report
from everyside.report.shapes import ArticleDetailOut, IngestReportOut
from everyside.settings import FORMATS, IngestOptions
from everyside.store import analysis, repository
from everyside.store.db import Store
from everyside.web.deps import OptionsDep, SessionDep, StoreDep, WriteAccess
from everyside.web.routers.stories import story_or_404
from everyside.web.schemas import (
    ArticlePage,
    ArticlesIn,
    ErrorOut,
    Limit,
    Offset,
    inline_schema,
)

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/articles", tags=["articles"])

# One write at a time: two clusterings at once would each restore the stories and
# assign the same new articles, and their stories would disagree.
_WRITE_LOCK = threading.Lock()
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w.-]")
# Characters of an uploaded file's name kept for the scratch copy; its end holds the extension.
_KEPT_NAME_LENGTH = 100
JSON_LOCATOR = "request"

_UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["files"],
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Articles in any format everyside reads; the name's extension "
            "chooses the reader, else the first bytes do.",
        },
        "format": {
            "type": "string",
            "enum": list(FORMATS),
            "description": "Read every file with this reader instead.",
        },
        "outlet": {"type": "string", "description": "Outlet of files that name none."},
    },
}
_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
            "application/json": {"schema": inline_schema(ArticlesIn)},
        },
    }
}
_INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Unknown format, malformed JSON, or no files."},
    401: {"model": ErrorOut, "description": "The server needs an API key and none matched."},
    413: {"model": ErrorOut, "description": "The request or one file is over the size limit."},
}


def _bad_request(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, detail)


def _scratch_name(number: int, name: str) -> str:
    """A safe file name that keeps the end of the uploaded one, and with it the extension."""
    return f"{number:04d}-" + _UNSAFE_NAME_CHARACTERS.sub("_", name)[-_KEPT_NAME_LENGTH:]


def _upload_name(upload: UploadFile, number: int) -> str:
    name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
    return name if name not in ("", ".", "..") else f"upload-{number}"


def _save_uploads(uploads: list[UploadFile], folder: Path) -> list[InputFile]:
    inputs = []
    for number, upload in enumerate(uploads, start=1):
        name = _upload_name(upload, number)
        path = folder / _scratch_name(number, name)
        with path.open("wb") as copy:
            shutil.copyfileobj(upload.file, copy)
        inputs.append(InputFile(name, path))
    return inputs


def _save_json(body: ArticlesIn, folder: Path) -> list[InputFile]:
    path = folder / "request.jsonl"
    lines = (json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) for a in body.articles)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [InputFile(JSON_LOCATOR, path)]


def _ingest(
    store: Store,
    options: IngestOptions,
    analyze: bool,
    save: Callable[[Path], list[InputFile]],
) -> IngestReport:
    """Save the inputs to a scratch folder, ingest them, then analyze and cluster what is new."""
    with _WRITE_LOCK, tempfile.TemporaryDirectory(prefix="everyside-upload-") as folder:
        report = ingest_inputs(save(Path(folder)), store, options)
        new = {Outcome.ADDED, Outcome.NEAR_DUPLICATE}
        if analyze and any(event.outcome in new for event in report.events):
            processed = process_new(store)
            for article_id, problem in processed.analyzed.failed:
                logger.warning("analysis of article %s failed: %s", article_id, problem)
    return report


async def _uploads(
    request: Request, max_file_bytes: int
) -> tuple[list[UploadFile], dict[str, str]]:
    """The uploaded files and the text fields of a multipart request; 413 for a file too large."""
    form = await request.form()
    uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
    if not uploads:
        raise _bad_request("no file in the form field 'files'")
    for number, upload in enumerate(uploads, start=1):
        if upload.size is not None and upload.size > max_file_bytes:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"file {_upload_name(upload, number)!r} is larger than the server accepts "
                f"per file ({format_size(max_file_bytes)})",
            )
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    return uploads, fields


@router.post(
    "",
    response_model=IngestReportOut,
    dependencies=[WriteAccess],
    openapi_extra=_INGEST_BODY,
    responses=_INGEST_ERRORS,
    summary="Ingest articles",
)
async def ingest_articles(
    request: Request,
    store: StoreDep,
    options: OptionsDep,
    analyze: Annotated[
        bool, Query(description="Then analyze and cluster the new articles into stories.")
    ] = True,
) -> Any:
    """Read articles from uploaded files (multipart, field ``files``) or a JSON body.

    Each file is read like ``everyside ingest`` reads it. A file that cannot be read
    (binary, empty, no article text) is a ``failed`` event in the report and the
    others go on; only a request that cannot be read at all is an HTTP error.
    """
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        uploads, fields = await _uploads(request, options.max_file_bytes)
        forced, outlet = fields.get("format") or None, fields.get("outlet") or None
        save: Callable[[Path], list[InputFile]] = partial(_save_uploads, uploads)
    else:
        try:
            body = ArticlesIn.model_validate_json(await request.body())
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            raise _bad_request(
                f'expected multipart files or a JSON body {{"articles": [...]}}: '
                f"{where}: {first['msg']}"
            ) from None
        forced, outlet = "jsonl", None
        save = partial(_save_json, body)

    try:
        ingest_options = IngestOptions(
            format=forced, outlet=outlet, max_document_bytes=options.max_file_bytes
        )
    except EverysideError as error:
        raise _bad_request(str(error)) from None
    report = await run_in_threadpool(_ingest, store, ingest_options, analyze, save)
    return IngestReportOut.of(report)


@router.get("", response_model=ArticlePage, summary="List or search articles")
def list_articles(
    store: StoreDep,
    session: SessionDep,
    q: Annotated[
        str | None, Query(description='Full-text query: words, "phrases", AND/OR/NOT, prefix*.')
    ] = None,
    outlet: Annotated[str | None, Query(description="Outlet name, any case.")] = None,
    lang: Annotated[str | None, Query(description="Language, ISO 639-1 (en).")] = None,
    since: Annotated[datetime | None, Query(description="Published at or after.")] = None,
    until: Annotated[datetime | None, Query(description="Published before.")] = None,
    story: Annotated[str | None, Query(description="Only this story's (id or prefix).")] = None,
    cursor: Annotated[
        str | None,
        Query(description="The `next` of the previous page: start right after it (no `q`)."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles newest first, or best match first when ``q`` is given, with the filters applied.

    A search looks at its best 1,000 matches, so its ``total`` is at most that. Newest
    first, each page's ``next`` is the ``cursor`` of the one after it; ``offset`` then
    skips from the cursor on.
    """
    if cursor and q:
        raise _bad_request("a cursor pages the newest-first list, not a search: use offset")
    try:
        after = repository.ArticleCursor.decode(cursor) if cursor else None
    except repository.BadCursor as error:
        raise _bad_request(str(error)) from None
    query = repository.ArticleFilter(
        outlet=outlet,
        language=lang,
        since=since,
        until=until,
        story=story_or_404(session, story).id if story else None,
        limit=limit,
        offset=offset,
        after=after,
    )
    page = repository.find_articles(session, store.fulltext, query, text=q)
    return {
        "items": [
            json_report.search_result(article, hit) if hit else json_report.article_summary(article)
            for article, hit in page.items
        ],
        "limit": limit,
        "offset": offset,
        "total": page.total,
        "next": page.next.encode() if page.next else None,
    }


@router.get(
    "/{article_id}",
    response_model=ArticleDetailOut,
    responses={404: {"model": ErrorOut, "description": "No article with this id."}},
    summary="One article",
)
def get_article(article_id: str, session: SessionDep) -> dict[str, Any]:
    """An article (id or unique prefix) with its paragraphs, sources and annotations."""
    try:
        article = repository.get_article(session, article_id)
    except EverysideError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None
    sources = repository.article_sources(session, article.id)
    return json_report.article_detail(article, sources, analysis.load_analysis(session, article.id))
