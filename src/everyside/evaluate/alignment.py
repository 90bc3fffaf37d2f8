"""Fact alignment: a comparison's groups, omissions, credits and figures against fact gold.

The gold (``../shared/data/alignment/README.md``) labels every sentence of every article
of a story with the fact it states. Each story's articles are compared as the product
compares files (``compare_files``), the comparison is taken in the published JSON shape
(``report.json.comparison``), and its statements are mapped to gold sentences by
character overlap. The definitions follow the reference scorer beside the gold
(``score_compare.py``) so that both report the same figures on the same input.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from itertools import combinations
from pathlib import Path
from typing import Any

from everyside.compare.options import CompareOptions
from everyside.errors import EverysideError
from everyside.evaluate.corpus import GoldFormatError, read_jsonl
from everyside.jobs.compare import compare_files
from everyside.report.json import comparison as comparison_json

# A statement and a gold sentence match when they overlap by half of either one.
MATCH_OVERLAP = 0.5
# Number verdicts that claim the outlets' figures differ; compared as strings, so a
# verdict added to NumberVerdict needs no change here.
CLAIMED_RELATIONS = ("conflict", "update")

Facts = set[str]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(slots=True)
class AlignmentScores:
    """Counts behind every alignment measure, for one story or summed over stories."""

    stories: int = 0
    failed: int = 0
    pairs_predicted: int = 0  # cross-article statement pairs inside one group
    pairs_correct: int = 0  # of those, pairs whose sentences share a gold fact
    pairs_gold: int = 0  # (fact, article pair) in the gold
    pairs_found: int = 0  # of those, predicted by some group
    omissions: int = 0
    false_omissions: int = 0
    possibly_covered: int = 0  # entries of an optional "possibly covered" list
    possibly_covered_true: int = 0  # of those, the outlet really states the fact
    summary_credits: int = 0
    false_summary_credits: int = 0
    consensus_credits: int = 0
    false_consensus_credits: int = 0
    statements: int = 0
    boilerplate: int = 0
    outlet_only: int = 0
    outlet_only_right: int = 0
    # The same, for the groups the comparison labels outlet_only (not possibly_shared).
    labelled_outlet_only: int = 0
    labelled_outlet_only_right: int = 0
    figures_gold: int = 0  # gold facts with values and a conflict/update relation
    figures_found: int = 0
    figures_right_relation: int = 0
    figures_not_in_gold: int = 0  # conflicts/updates claimed on no gold relation fact
    unmapped_articles: int = 0  # system articles matched to no gold article

    @property
    def precision(self) -> float:
        """Share of predicted pairs whose two sentences share a gold fact."""
        return _rate(self.pairs_correct, self.pairs_predicted)

    @property
    def recall(self) -> float:
        """Share of gold (fact, article pair)s some group predicts."""
        return _rate(self.pairs_found, self.pairs_gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of alignment precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: AlignmentScores) -> None:
        """Add another story's counts in place."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict[str, Any]:
        """The counts and the rates made of them, JSON-ready."""
        rates = {
            "alignment_precision": self.precision,
            "alignment_recall": self.recall,
            "alignment_f1": self.f1,
            "false_omission_rate": _rate(self.false_omissions, self.omissions),
            "false_credit_rate": _rate(self.false_summary_credits, self.summary_credits),
            "consensus_false_credit_rate": _rate(
                self.false_consensus_credits, self.consensus_credits
            ),
            "outlet_only_precision": _rate(self.outlet_only_right, self.outlet_only),
            "labelled_outlet_only_precision": _rate(
                self.labelled_outlet_only_right, self.labelled_outlet_only
            ),
            "boilerplate_leak": _rate(self.boilerplate, self.statements),
        }
        counts = {item.name: getattr(self, item.name) for item in fields(self)}
        return {name: round(value, 4) for name, value in rates.items()} | counts


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    facts: frozenset[str]  # as the scorer: "also" facts count only beside a main fact
    label: str | None


def _located(text: str, sentences: list[Mapping[str, Any]]) -> list[_Sentence]:
    """Gold sentences placed in text, in order when possible; unfound ones are dropped."""
    placed, position = [], 0
    for sentence in sentences:
        piece = _norm(sentence["text"])
        start = text.find(piece, position)
        if start < 0:
            start = text.find(piece)
        if start >= 0:
            facts = frozenset(_facts_of_sentence(sentence) if sentence.get("fact") else ())
            placed.append(_Sentence(start, start + len(piece), facts, sentence.get("label")))
            position = start + len(piece)
    return placed


@dataclass(frozen=True, slots=True, kw_only=True)
class SeenArticle:
    """A product article as matched to the gold: id, outlet name, title, its statements' texts."""

    id: str
    outlet: str
    title: str
    said: tuple[str, ...] = ()


class GoldStory:
    """One gold story indexed for scoring: sentence spans, facts per article, figures."""

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.story = str(record.get("story", "?"))
        try:
            self.articles: dict[str, dict[str, Any]] = {str(a["id"]): a for a in record["articles"]}
            self.by_outlet = {str(a["outlet"]): aid for aid, a in self.articles.items()}
            # Statements are located on title + text with whitespace collapsed.
            self.text = {
                aid: _norm((a.get("title") or "") + " \n " + a["text"])
                for aid, a in self.articles.items()
            }
            self.sentences = {
                aid: _located(
                    self.text[aid], [s for s in record["sentences"] if s["article"] == aid]
                )
                for aid in self.articles
            }
            self.fact_articles: dict[str, set[str]] = {}
            for sentence in record["sentences"]:
                for fact in _facts_of_sentence(sentence):
                    self.fact_articles.setdefault(fact, set()).add(str(sentence["article"]))
            self.relations = {
                str(f["id"]): str(f["relation"])
                for f in record["facts"]
                if f.get("values") and f.get("relation")
            }
        except (KeyError, TypeError, AttributeError) as error:
            raise GoldFormatError(f"{self.story}: not alignment gold ({error!r})") from None
        self.article_facts = {
            aid: {f for f, arts in self.fact_articles.items() if aid in arts}
            for aid in self.articles
        }

    def match_articles(self, seen: Iterable[SeenArticle]) -> dict[str, str]:
        """Product article id -> gold article id: by outlet (as the scorer), else title, else text.

        An article whose outlet the gold does not name goes to the one free gold article
        with its title, else to the one holding most of its statements; none when that is
        not one article. The fallbacks keep the evaluation (and the pair model's training
        rows) working when the product names an outlet differently from the gold.
        """
        matched: dict[str, str] = {}
        pending = []
        for article in seen:
            if article.outlet in self.by_outlet:
                matched[article.id] = self.by_outlet[article.outlet]
            else:
                pending.append(article)
        for article in pending:
            taken = set(matched.values())
            free = [g for g in self.articles if g not in taken] or list(self.articles)
            title = _norm(article.title)
            titled = [
                g for g in free if title and _norm(self.articles[g].get("title") or "") == title
            ]
            said = [_norm(text) for text in article.said]
            hits = {g: sum(bool(t) and t in self.text[g] for t in said) for g in free}
            best = max(hits.values(), default=0)
            chosen = titled if len(titled) == 1 else [g for g, n in hits.items() if n == best > 0]
            if len(chosen) == 1:
                matched[article.id] = chosen[0]
        return matched

    def facts_of(self, article_id: str, text: str) -> tuple[Facts, set[str | None]]:
        """Facts and labels of the gold sentences a statement overlaps by half of either."""
        body, statement = self.text[article_id], _norm(text)
        start = body.find(statement)
        if start < 0:
            # A statement cut or joined differently: its first half still places it.
            start = body.find(statement[: max(20, len(statement) // 2)])
        if start < 0:
            return set(), set()
        end = start + len(statement)
        found: Facts = set()
        labels: set[str | None] = set()
        for sentence in self.sentences[article_id]:
            shared = min(end, sentence.end) - max(start, sentence.start)
            if shared > 0 and (
                shared >= MATCH_OVERLAP * (sentence.end - sentence.start)
                or shared >= MATCH_OVERLAP * (end - start)
            ):
                if sentence.facts:
                    found |= sentence.facts
                else:
                    labels.add(sentence.label)
        return found, labels


def _facts_of_sentence(sentence: Mapping[str, Any]) -> list[str]:
    """A sentence's main fact and its "also" facts."""
    main = [str(sentence["fact"])] if sentence.get("fact") else []
    return main + [str(f) for f in sentence.get("also", [])]


def score_story(gold_story: dict[str, Any], comparison: dict[str, Any]) -> AlignmentScores:
    """Score one story's comparison (the ``compare --format json`` dict) against its gold."""
    return _StoryScorer(GoldStory(gold_story), comparison).score()


class _StoryScorer:
    """One story's comparison read against its gold, counted into ``scores``."""

    def __init__(self, gold: GoldStory, found: Mapping[str, Any]) -> None:
        self.gold, self.found = gold, found
        self.groups: list[Mapping[str, Any]] = list(found.get("groups") or [])
        self.said: dict[str, list[Mapping[str, Any]]] = {}  # system article -> statements
        for group in self.groups:
            for statement in group.get("statements") or []:
                self.said.setdefault(str(statement.get("article_id")), []).append(statement)
        self.scores = AlignmentScores(stories=1)
        self.articles: dict[str, str] = {}  # system article id -> gold article id
        self.outlets: dict[str, str] = {}  # outlet name -> gold article id
        self.group_facts: dict[Any, Facts] = {}

    def score(self) -> AlignmentScores:
        self._map_articles()
        self._score_groups()
        for outlet, group_id in _entries(self.found.get("omissions")):
            if outlet in self.outlets:
                self.scores.omissions += 1
                self.scores.false_omissions += self._states(outlet, self.group_facts.get(group_id))
        # Beside the omissions, never counted as omissions: how many are really stated.
        for outlet, group_id in _entries(self.found.get("possibly_covered")):
            if outlet in self.outlets:
                self.scores.possibly_covered += 1
                stated = self._states(outlet, self.group_facts.get(group_id))
                self.scores.possibly_covered_true += stated
        self._credit_summary()
        self._score_figures()
        return self.scores

    def _states(self, outlet: str, facts: Facts | None) -> int:
        """1 when the outlet's gold article states one of the facts, else 0."""
        return int(bool((facts or set()) & self.gold.article_facts[self.outlets[outlet]]))

    def _map_articles(self) -> None:
        """System articles to gold ones (``GoldStory.match_articles``), and outlets to gold ones."""
        seen = [
            SeenArticle(
                id=str(article["id"]),
                outlet=str(article.get("outlet")),
                title=article.get("title") or "",
                said=tuple(s.get("text", "") for s in self.said.get(str(article["id"]), [])),
            )
            for article in self.found.get("articles") or []
        ]
        self.articles = self.gold.match_articles(seen)
        self.scores.unmapped_articles += sum(article.id not in self.articles for article in seen)
        names: dict[str, set[str]] = {}
        for article in self.found.get("articles") or []:
            if str(article["id"]) in self.articles:
                names.setdefault(str(article.get("outlet")), set()).add(
                    self.articles[str(article["id"])]
                )
        self.outlets = {name: next(iter(g)) for name, g in names.items() if len(g) == 1}
        # A gold outlet name is that article, as in the scorer.
        self.outlets.update(self.gold.by_outlet)

    def _score_groups(self) -> None:
        gold, scores = self.gold, self.scores
        found_pairs: set[tuple[str, frozenset[str]]] = set()
        for group in self.groups:
            mapped: list[tuple[str, Facts]] = []
            for statement in group.get("statements") or []:
                article = self.articles.get(str(statement.get("article_id")))
                if article is not None:
                    facts, labels = gold.facts_of(article, statement["text"])
                    scores.statements += 1
                    scores.boilerplate += int(not facts and labels == {"boilerplate"})
                    mapped.append((article, facts))
            self.group_facts[group.get("id")] = set().union(*(f for _, f in mapped))
            # As the scorer: one article's statements, judged by the first one's facts.
            if len({a for a, _ in mapped}) == 1 and len(gold.articles) > 1 and mapped[0][1]:
                scores.outlet_only += 1
                carriers = set().union(*(gold.fact_articles[f] for f in mapped[0][1]))
                scores.outlet_only_right += int(len(carriers) == 1)
                if group.get("coverage") == "outlet_only":
                    scores.labelled_outlet_only += 1
                    scores.labelled_outlet_only_right += int(len(carriers) == 1)
            for (left, left_facts), (right, right_facts) in combinations(mapped, 2):
                if left != right:
                    scores.pairs_predicted += 1
                    shared = left_facts & right_facts
                    scores.pairs_correct += int(bool(shared))
                    found_pairs.update((f, frozenset((left, right))) for f in shared)
            if group.get("coverage") == "consensus":
                self._credit_consensus(group, mapped)
        gold_pairs = {
            (f, frozenset(pair))
            for f, arts in gold.fact_articles.items()
            for pair in combinations(sorted(arts), 2)
        }
        scores.pairs_gold, scores.pairs_found = len(gold_pairs), len(gold_pairs & found_pairs)

    def _credit_consensus(self, group: Mapping[str, Any], mapped: list[tuple[str, Facts]]) -> None:
        """Each outlet of a consensus group is credited with what its other articles say.

        An outlet's own statement always carries its own facts, so a credit is false when
        its article states none of the facts of the other articles' statements.
        """
        for outlet in group.get("outlets") or []:
            if str(outlet) in self.outlets:
                article = self.outlets[str(outlet)]
                others = set().union(*(facts for a, facts in mapped if a != article))
                self.scores.consensus_credits += 1
                self.scores.false_consensus_credits += 1 - self._states(str(outlet), others)

    def _credit_summary(self) -> None:
        """Each outlet a summary sentence cites besides its source must state its fact."""
        for item in self.found.get("summary") or []:
            source = self.articles.get(str(item.get("article_id")))
            if source is None:
                continue
            facts, _ = self.gold.facts_of(source, item["text"])
            for outlet in item.get("outlets") or []:
                if str(outlet) in self.outlets and self.outlets[str(outlet)] != source:
                    self.scores.summary_credits += 1
                    self.scores.false_summary_credits += 1 - self._states(str(outlet), facts)

    def _score_figures(self) -> None:
        """Gold conflicts and updates found by a number report with two articles' sightings."""
        relations = self.gold.relations
        found: dict[str, bool] = {}  # fact -> reported with the right relation
        for report in self.found.get("numbers") or []:
            verdict = str(report.get("verdict"))
            if verdict not in CLAIMED_RELATIONS:
                continue
            carriers: dict[str, set[str]] = {}  # fact -> gold articles of sightings stating it
            for sighting in report.get("sightings") or []:
                article = self.articles.get(str(sighting.get("article_id")))
                for fact in self._sighting_facts(article, sighting) & relations.keys():
                    carriers.setdefault(fact, set()).add(str(article))
            matched = [fact for fact, arts in carriers.items() if len(arts) >= 2]
            for fact in matched:
                found[fact] = found.get(fact, False) or verdict == relations[fact]
            self.scores.figures_not_in_gold += int(not matched)
        self.scores.figures_gold = len(relations)
        self.scores.figures_found = len(found)
        self.scores.figures_right_relation = sum(found.values())

    def _sighting_facts(self, article: str | None, sighting: Mapping[str, Any]) -> Facts:
        """Facts of the sentence a number sits in, found through the statement holding it."""
        span = sighting.get("span") or [-1, -1]
        for statement in self.said.get(str(sighting.get("article_id")), []) if article else []:
            within = statement.get("span") or [0, 0]
            if within[0] <= span[0] and span[1] <= within[1]:
                return self.gold.facts_of(str(article), statement["text"])[0]
        # Unmapped, or outside every statement (a line under four words): nothing to judge.
        return set()


def _entries(listing: Any) -> Iterable[tuple[str, Any]]:
    """(outlet, group id) of an outlet -> [group id, or {"group": id, ...}] mapping."""
    for outlet, items in listing.items() if isinstance(listing, Mapping) else ():
        for item in items or []:
            if isinstance(item, Mapping):
                item = item.get("group", item.get("group_id"))
            yield str(outlet), item


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignmentEvalOptions:
    """Which gold stories to score, and the comparison settings to score them with."""

    stories: frozenset[str] | None = None  # only these (None: all)
    exclude: frozenset[str] = frozenset()  # left out even when also chosen
    compare: CompareOptions | None = None  # the product's defaults when None


@dataclass(slots=True)
class AlignmentReport:
    """Per-story scores, the stories whose comparison failed, and the time it took."""

    stories: dict[str, AlignmentScores] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> AlignmentScores:
        """The counts summed over every story, failed ones included in the story count."""
        total = AlignmentScores(failed=len(self.failures), stories=len(self.failures))
        for scores in self.stories.values():
            total.add(scores)
        return total

    def as_dict(self) -> dict[str, Any]:
        """Overall and per-story figures, JSON-ready."""
        return {
            "total": self.total.as_dict(),
            "stories": {story: scores.as_dict() for story, scores in self.stories.items()},
            "failures": self.failures,
            "seconds": round(self.seconds, 1),
        }


def select_stories(
    records: list[dict[str, Any]], options: AlignmentEvalOptions
) -> list[dict[str, Any]]:
    """The gold stories the options keep, in file order; unknown story ids are refused."""
    known = {str(r.get("story")) for r in records}
    unknown = ((options.stories or frozenset()) | options.exclude) - known
    if unknown:
        raise GoldFormatError(f"no such stories in the gold: {', '.join(sorted(unknown))}")
    return [
        r
        for r in records
        if (options.stories is None or str(r.get("story")) in options.stories)
        and str(r.get("story")) not in options.exclude
    ]


def story_jsonl(gold_story: Mapping[str, Any]) -> str:
    """The story's articles as the JSONL the reference scorer hands to ``compare``."""
    lines = []
    for article in gold_story["articles"]:
        record = {
            "title": article.get("title") or None,
            "text": article["text"],
            "outlet": article["outlet"],
            "url": article.get("url"),
            "published": article.get("published"),
            "language": article.get("lang"),
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def compare_gold_story(
    gold_story: Mapping[str, Any], scratch: Path, options: CompareOptions | None = None
) -> dict[str, Any]:
    """Compare a gold story's articles as ``compare FILE --format json`` does; its JSON dict."""
    name = re.sub(r"[^\w.-]", "_", str(gold_story.get("story", "story")))
    path = scratch / f"{name}.jsonl"
    path.write_text(story_jsonl(gold_story), encoding="utf-8")
    found, _ = compare_files([str(path)], options)
    # Through JSON text, so the scoring sees exactly what the command prints.
    data: dict[str, Any] = json.loads(json.dumps(comparison_json(found), ensure_ascii=False))
    return data


def evaluate_alignment(path: Path, options: AlignmentEvalOptions | None = None) -> AlignmentReport:
    """Compare every chosen story of an alignment gold file and score it."""
    options = options or AlignmentEvalOptions()
    stories = select_stories(list(read_jsonl(path)), options)
    for record in stories:
        GoldStory(record)  # a malformed story fails before minutes of comparing
    report = AlignmentReport()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="everyside-eval-alignment-") as scratch:
        for record in stories:
            story = str(record.get("story"))
            try:
                found = compare_gold_story(record, Path(scratch), options.compare)
            except EverysideError as error:
                report.failures[story] = str(error)
                continue
            report.stories[story] = score_story(record, found)
    report.seconds = time.perf_counter() - started
    return report
