"""Read a corpus on Spark with the ingest readers, one task per input file, and deduplicate it.

The outcome is what ``everyside ingest`` stores when it reads the same inputs in the same
order: an exact copy is kept as another source of the first article with its text, and a
near-copy links to the earliest article whose MinHash it matches. Near-copies are found
with the same datasketch signatures and the same LSH band keys
(:func:`~everyside.ingest.dedup.band_keys`) that ``everyside ingest`` keeps in the store,
the keys joined in Spark, so the links are the same as on one machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from everyside.errors import IngestError
from everyside.ingest import IngestEvent, prepare_article
from everyside.ingest import list_inputs as ingest_inputs
from everyside.ingest import read_input as ingest_input
from everyside.ingest.dedup import (
    band_keys,
    lsh_bands,
    signature_from_bytes,
    signature_to_bytes,
)
from everyside.ingest.outlets import OutletRegistry
from everyside.ingest.sources import InputFile
from everyside.model import Article, DuplicateKind, as_utc
from everyside.scale.records import article_from_json, article_json
from everyside.settings import IngestOptions

# An article's place in the ingest order: its file's index in the high bits, its record's
# index inside the file in the low ones.
_RECORD_BITS = 32

ARTICLES_SCHEMA = T.StructType(
    [
        T.StructField("position", T.LongType(), False),
        T.StructField("id", T.StringType(), False),
        T.StructField("content_hash", T.StringType(), False),
        T.StructField("title", T.StringType(), False),
        T.StructField("outlet", T.StringType(), True),
        T.StructField("published_at", T.TimestampType(), True),
        T.StructField("language", T.StringType(), True),
        T.StructField("duplicate_of", T.StringType(), True),
        T.StructField("duplicate_similarity", T.DoubleType(), True),
        T.StructField("article", T.StringType(), False),
        T.StructField("copies", T.ArrayType(T.StringType()), False),
        T.StructField("minhash", T.BinaryType(), True),
    ]
)
FAILURES_SCHEMA = T.StructType(
    [
        T.StructField("position", T.LongType(), False),
        T.StructField("locator", T.StringType(), False),
        T.StructField("message", T.StringType(), False),
    ]
)


@dataclass(frozen=True, slots=True)
class ReadArticle:
    """One article as read: its place in the ingest order, JSON and MinHash signature."""

    position: int
    content_hash: str
    article: str
    minhash: bytes | None


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input, or a record in one, that could not be read."""

    position: int
    locator: str
    message: str


def list_inputs(patterns: Iterable[str]) -> tuple[list[InputFile], list[ReadFailure]]:
    """Every input file the patterns name, in ingest order, and the patterns naming none.

    The patterns are expanded as ``everyside ingest`` expands them; standard input is
    refused (IngestError), since a Spark job's tasks read files.
    """
    found, failed = ingest_inputs(patterns)
    if any(item.path is None for item in found):
        raise IngestError("-", "a Spark job cannot read standard input; name files")
    return found, [_read_failure(-1, event) for event in failed]


@lru_cache(maxsize=4)
def _registry(path: Path) -> OutletRegistry:
    return OutletRegistry.load(path)


def read_input(
    task: tuple[int, str], options: IngestOptions
) -> Iterator[ReadArticle | ReadFailure]:
    """Read one input file as ``everyside ingest`` does; identify, date and sign each article.

    The reading, the outlets and the triage of failures are ingest's own
    (``everyside.ingest.read_input``): each record, article or failure, takes the next
    position of the file, and an input that breaks off ends with one failure.
    """
    file_index, path = task
    input_file = InputFile(path, Path(path))
    base = file_index << _RECORD_BITS
    outlets = _registry(options.outlets_file) if options.outlets_file else None
    read = ingest_input(input_file, options, outlets, partial(_prepared, options=options))
    for record, item in enumerate(read):
        if isinstance(item, IngestEvent):
            yield _read_failure(base + record, item)
        else:
            yield ReadArticle(base + record, *item)


def _read_failure(position: int, event: IngestEvent) -> ReadFailure:
    return ReadFailure(position, event.locator, event.message or "")


def _prepared(article: Article, options: IngestOptions) -> tuple[str, str, bytes | None]:
    """An article's hash, JSON and MinHash, prepared as ``everyside ingest`` prepares it."""
    # The same language detection and MinHash as ``everyside ingest`` gives each article.
    signature = prepare_article(article, options)
    # Stored times are UTC; later stages must see what a store would give them.
    article.published_at = as_utc(article.published_at)
    minhash = signature_to_bytes(signature) if signature is not None else None
    return article.content_hash, article_json(article), minhash


def _first_with_copies(read: Iterable[ReadArticle]) -> tuple[ReadArticle, list[str]]:
    """The first-read article with some text and the exact copies read after it."""
    first, *copies = sorted(read, key=lambda item: item.position)
    return first, [copy.article for copy in copies]


def _failure_rows(item: ReadArticle | ReadFailure) -> list[tuple[int, str, str]]:
    return [(item.position, item.locator, item.message)] if isinstance(item, ReadFailure) else []


def _keyed_articles(item: ReadArticle | ReadFailure) -> list[tuple[str, ReadArticle]]:
    return [(item.content_hash, item)] if isinstance(item, ReadArticle) else []


def _bands(row: T.Row, bands: int, width: int) -> Iterator[tuple[int, int, int, str]]:
    keys = band_keys(signature_from_bytes(row.minhash), bands=bands, width=width)
    for band, key in keys:
        yield band, key, row.position, row.id


def _jaccard(a: bytes, b: bytes) -> float:
    return float(signature_from_bytes(a).jaccard(signature_from_bytes(b)))


def near_duplicate_links(articles: DataFrame, options: IngestOptions) -> DataFrame:
    """For each near-copy, the earliest article it matches: (position, duplicate_of, similarity).

    As ``everyside ingest`` decides: candidates share an LSH band key (datasketch's
    banding for the threshold), and the earliest candidate whose estimated Jaccard
    similarity reaches the threshold is the original.
    """
    spark = articles.sparkSession
    bands, width = lsh_bands(options.near_duplicate_threshold, options.num_perm)
    keys = spark.createDataFrame(
        articles.select("position", "id", "minhash").rdd.flatMap(
            partial(_bands, bands=bands, width=width)
        ),
        "band int, key long, position long, id string",
    )
    earlier, later = keys.alias("earlier"), keys.alias("later")
    pairs = (
        earlier.join(later, ["band", "key"])
        .where(F.col("earlier.position") < F.col("later.position"))
        .select(
            F.col("earlier.position").alias("earlier_position"),
            F.col("earlier.id").alias("earlier_id"),
            F.col("later.position").alias("position"),
        )
        .distinct()
    )
    signatures = articles.select("position", "minhash")
    jaccard = F.udf(_jaccard, T.DoubleType(), useArrow=False)
    scored = (
        pairs.join(signatures, "position")
        .join(
            signatures.withColumnRenamed("position", "earlier_position").withColumnRenamed(
                "minhash", "earlier_minhash"
            ),
            "earlier_position",
        )
        .withColumn("similarity", jaccard("minhash", "earlier_minhash"))
        .where(F.col("similarity") >= options.near_duplicate_threshold)
    )
    earliest = F.min(F.struct("earlier_position", "earlier_id", "similarity"))
    return (
        scored.groupBy("position")
        .agg(earliest.alias("match"))
        .select(
            "position",
            F.col("match.earlier_id").alias("duplicate_of"),
            F.col("match.similarity").alias("duplicate_similarity"),
        )
    )


def _article_row(first: ReadArticle, copies: list[str]) -> tuple[object, ...]:
    article = article_from_json(first.article)
    return (
        first.position,
        article.id,
        article.content_hash,
        article.title,
        article.outlet.name if article.outlet else None,
        article.published_at,
        article.language,
        None,
        None,
        first.article,
        copies,
        first.minhash,
    )


def _linked(row: T.Row) -> tuple[object, ...]:
    """An article row with its near-duplicate link written into the article JSON too."""
    if row.link_of is None:
        return tuple(row[name] for name in ARTICLES_SCHEMA.names)
    article = article_from_json(row.article)
    article.duplicate_of = row.link_of
    article.duplicate_kind = DuplicateKind.NEAR
    article.duplicate_similarity = row.link_similarity
    values = row.asDict()
    values |= {
        "duplicate_of": row.link_of,
        "duplicate_similarity": row.link_similarity,
        "article": article_json(article),
    }
    return tuple(values[name] for name in ARTICLES_SCHEMA.names)


def read_corpus(
    spark: SparkSession, patterns: Iterable[str], options: IngestOptions | None = None
) -> tuple[DataFrame, DataFrame]:
    """The deduplicated articles of a corpus and the inputs that failed, as DataFrames.

    Articles carry ``position`` (ingest order), typed columns for filtering, the whole
    article as JSON in ``article``, the exact copies' JSON in ``copies`` and the MinHash.
    """
    options = options or IngestOptions()
    files, failed = list_inputs(patterns)
    tasks = [(index, str(item.path)) for index, item in enumerate(files)]
    read = spark.sparkContext.parallelize(tasks, max(1, len(tasks))).flatMap(
        partial(read_input, options=options)
    )
    read.cache()
    failures = spark.createDataFrame(
        [(f.position, f.locator, f.message) for f in failed], FAILURES_SCHEMA
    ).unionByName(
        spark.createDataFrame(
            read.flatMap(_failure_rows),
            FAILURES_SCHEMA,
        )
    )
    unique = (
        read.flatMap(_keyed_articles)
        .groupByKey()
        .map(lambda pair: _article_row(*_first_with_copies(pair[1])))
    )
    articles = spark.createDataFrame(unique, ARTICLES_SCHEMA)
    if not options.near_duplicates:
        return articles, failures
    articles = articles.cache()
    links = near_duplicate_links(articles, options).select(
        "position",
        F.col("duplicate_of").alias("link_of"),
        F.col("duplicate_similarity").alias("link_similarity"),
    )
    linked = articles.join(links, "position", "left").rdd.map(_linked)
    return spark.createDataFrame(linked, ARTICLES_SCHEMA), failures


def copies_of(row: T.Row) -> list[Article]:
    """The exact copies recorded with an article row."""
    return [article_from_json(text) for text in row.copies]
