"""One options object per job, checked when it is built."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from everyside.errors import UnknownFormat

FORMATS = ("text", "html", "feed", "warc", "jsonl", "csv")

# Fields of a JSONL object or CSV row, and the column names tried for each, in order.
DEFAULT_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "source", "site", "publisher", "site_name"),
    "published": ("published", "date", "published_at", "pubdate", "datetime"),
    "language": ("lang", "language"),
    "author": ("author", "byline", "authors"),
}

# 20 MB: far above any real article page, low enough that a stray dump is refused early.
DEFAULT_MAX_DOCUMENT_BYTES = 20_000_000


@dataclass(slots=True, kw_only=True)
class IngestOptions:
    """How to read and deduplicate articles.

    Args:
        format: force one reader for every input instead of detecting it per file.
        near_duplicates: link near-copies (syndicated text) with MinHash LSH.
        near_duplicate_threshold: estimated Jaccard similarity of word shingles
            at or above which an article counts as a near-copy.
        num_perm: MinHash permutations; more is more precise and slower.
        shingle_size: words per shingle.
        max_document_bytes: refuse single documents (a text or HTML file, a WARC
            record) larger than this; container files are streamed whatever their size.
        field_names: column names to try for each field of JSONL and CSV input.
        outlet: outlet name to use when the input names none.
        outlets_file: a TOML registry of outlets (names, domains, countries, file
            patterns) that names every article's outlet consistently.
    """

    format: str | None = None
    near_duplicates: bool = True
    # Set on the demo corpus: its syndicated near-copy scores 0.62 (new first sentence,
    # one paragraph cut, respelled), while no two independently written articles score
    # above 0.07. 0.5 sits in that gap.
    near_duplicate_threshold: float = 0.5
    num_perm: int = 128
    shingle_size: int = 3
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    field_names: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_FIELD_NAMES)
    )
    outlet: str | None = None
    outlets_file: Path | None = None

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise UnknownFormat(
                f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}"
            )
        if not 0.0 < self.near_duplicate_threshold <= 1.0:
            raise ValueError("near_duplicate_threshold must be in (0, 1]")
        if self.num_perm < 16:
            raise ValueError("num_perm must be at least 16")
        if self.shingle_size < 1:
            raise ValueError("shingle_size must be at least 1")
        if self.max_document_bytes < 1:
            raise ValueError("max_document_bytes must be positive")
        if self.outlets_file is not None and not self.outlets_file.is_file():
            raise ValueError(f"outlet registry not found: {self.outlets_file}")

    def with_field_overrides(self, overrides: dict[str, str]) -> IngestOptions:
        """Return a copy where each given field is read from exactly the named column."""
        unknown = set(overrides) - set(DEFAULT_FIELD_NAMES)
        if unknown:
            raise ValueError(
                f"unknown field(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(DEFAULT_FIELD_NAMES)}"
            )
        names = dict(self.field_names)
        names.update({key: (column,) for key, column in overrides.items()})
        return replace(self, field_names=names)


API_KEY_ENV = "EVERYSIDE_API_KEY"
# 50 MB: a batch of uploaded files in one request; each file is held to the ingest limit.
DEFAULT_MAX_REQUEST_BYTES = 50_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """How the REST API and web app serve a store.

    Args:
        db: the store (path or URL); ``None`` means ``$EVERYSIDE_DB`` or ./everyside.db.
        api_key: when set, write endpoints need it in the ``X-API-Key`` header.
        max_request_bytes: larger request bodies are refused with 413.
        max_file_bytes: larger uploaded files are refused with 413.
        cors_origins: origins allowed to call the API from a browser; none by default.
            Writes from a browser are refused unless they come from the server's own
            origin or one of these.
        allowed_hosts: the names (Host header) the server answers to; ``*`` is any,
            ``<ip>`` any address literal, ``.example.org`` a domain and its subdomains.
            ``None`` (the library's default) checks no Host; ``everyside serve`` always
            sets it (see ``web/security.py``).
    """

    db: str | None = None
    api_key: str | None = None
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    max_file_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.max_request_bytes < 1 or self.max_file_bytes < 1:
            raise ValueError("size limits must be positive")
