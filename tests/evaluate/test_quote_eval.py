"""The quote scorer on tiny hand-made gold, both gold formats, the CLI, and the PolNeAR dev run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyside.analyze.quotes import QuoteAnnotation
from everyside.cli import app
from everyside.evaluate.corpus import GoldFormatError, overlap
from everyside.evaluate.corpus import match_spans as match
from everyside.evaluate.quotes import (
    DEMO,
    POLNEAR,
    GoldArticle,
    GoldQuote,
    Prediction,
    QuoteEvalOptions,
    QuoteScores,
    detect_format,
    evaluate_quotes,
    locate,
    normalized,
    parse_settings,
    polnear_predictions,
    score_article,
)
from everyside.model import QuoteKind

POLNEAR_GOLD = Path("/work/shared/data/quotes/polnear_train_dev.jsonl")
runner = CliRunner()

# An original two-sentence article: a direct quote, and a belief (not speech).
TEXT = '"The bridge will reopen in May," said Mayor Ana Ruiz. Critics believe it will take longer.'
QUOTE = (1, TEXT.index(',"') + 1)  # the words in marks, without them
BELIEF = (TEXT.index("it will"), len(TEXT) - 1)


Span = tuple[int, int]


def _prediction(span: Span, kind: str = "direct", speaker: Span | None = None) -> Prediction:
    return Prediction(
        start=span[0], end=span[1], kind=kind, speaker_span=speaker, speaker_text=None
    )


def _gold(
    span: Span, kind: str = "direct", cue: str = "said", speaker: Span | None = None
) -> GoldQuote:
    return GoldQuote(start=span[0], end=span[1], kind=kind, cue=cue, speaker_span=speaker)


def test_overlap_is_intersection_over_the_longer_span() -> None:
    assert overlap((0, 10), (0, 10)) == 1.0
    assert overlap((0, 10), (5, 10)) == 0.5
    assert overlap((0, 10), (10, 20)) == 0.0
    assert overlap((0, 0), (0, 0)) == 0.0


def test_exact_match_ignores_marks_punctuation_and_that() -> None:
    text = 'He said that "we are ready," and left.'
    quoted = (text.index('"'), text.index(",") + 2)
    assert normalized(text, quoted) == normalized(text, (text.index("we"), text.index(",")))
    with_that = (text.index("that"), text.index(","))
    assert normalized(text, with_that) == normalized(text, quoted)


def test_matching_is_one_to_one() -> None:
    pairs = match([(0, 10), (0, 10)], [(0, 10)])
    assert pairs == [(0, 0)]
    assert match([(0, 10)], [(0, 4)]) == []  # 40 % overlap is not enough
    assert match([(0, 10)], [(0, 6)]) == [(0, 0)]


def test_score_article_counts_and_speaker() -> None:
    speaker = (TEXT.index("Mayor"), TEXT.index("Ruiz") + 4)
    gold = GoldArticle(id="a", text=TEXT, quotes=[_gold(QUOTE, speaker=speaker)])
    scores = QuoteScores(gold_format=POLNEAR)
    right = _prediction(QUOTE, speaker=(TEXT.index("Ana"), TEXT.index("Ruiz") + 4))
    spurious = _prediction(BELIEF, kind="indirect")
    score_article(gold, [right, spurious], scores, keep_errors=True)
    assert (scores.overlap.tp, scores.overlap.fp, scores.overlap.fn) == (1, 1, 0)
    assert scores.speaker_accuracy == 1.0
    assert scores.by_kind["direct"].tp == 1 and scores.by_kind["indirect"].fp == 1
    assert scores.exact.tp == 1
    assert scores.errors[0].spurious and not scores.errors[0].missed


def test_speech_only_ignores_predictions_of_other_attributions() -> None:
    gold = GoldArticle(
        id="a",
        text=TEXT,
        quotes=[_gold(QUOTE), _gold(BELIEF, kind="indirect", cue="believe")],
    )
    predictions = [_prediction(QUOTE), _prediction(BELIEF, kind="indirect")]
    every = QuoteScores(gold_format=POLNEAR)
    score_article(gold, predictions, every)
    assert (every.overlap.tp, every.overlap.fp, every.overlap.fn) == (2, 0, 0)
    speech = QuoteScores(gold_format=POLNEAR, speech_only=True)
    score_article(gold, predictions, speech, speech_only=True)
    assert (speech.overlap.tp, speech.overlap.fp, speech.overlap.fn) == (1, 0, 0)
    missing = QuoteScores(gold_format=POLNEAR, speech_only=True)
    score_article(gold, [_prediction(BELIEF, kind="indirect")], missing, speech_only=True)
    assert (missing.overlap.tp, missing.overlap.fp, missing.overlap.fn) == (0, 0, 1)


def test_pieces_with_one_cue_are_one_attribution() -> None:
    text = '"A is true," he said, adding that "B" was false.'
    said = (text.index("said"), text.index("said") + 4)
    adding = (text.index("adding"), text.index("adding") + 6)
    he = (text.index("he"), text.index("he") + 2)
    b = (text.index("B"), text.index("B") + 1)
    clause = (text.index('"B'), len(text) - 1)
    quotes = [
        QuoteAnnotation(1, 11, QuoteKind.DIRECT, said, he, None, None),
        QuoteAnnotation(*b, QuoteKind.PARTIAL, adding, he, None, None),
        QuoteAnnotation(*clause, QuoteKind.INDIRECT, adding, he, None, None),
    ]
    first, second = polnear_predictions(text, quotes)
    assert first.kind == "direct" and (first.start, first.end) == (1, 11)
    assert second.kind == "mixed" and text[second.start : second.end] == '"B" was false'


def test_gold_formats_are_detected() -> None:
    assert detect_format({"text": "x", "quotes": [{"quote_span": [0, 1]}]}) == POLNEAR
    assert detect_format({"file": "a.txt", "url": None, "quotes": [{"text": "x"}]}) == DEMO
    with pytest.raises(GoldFormatError):
        detect_format({"title": "neither"})


def test_settings_are_parsed_and_checked() -> None:
    assert parse_settings(["beliefs=true", "unmarked=off"]) == {"beliefs": True, "unmarked": False}
    with pytest.raises(ValueError):
        parse_settings(["beliefs=maybe"])
    with pytest.raises(ValueError):
        QuoteEvalOptions(finder={"shouting": True})


def test_locate_tolerates_quote_styles() -> None:
    body = "He said: “We will rebuild it.” Then he left."
    assert locate(body, '"We will rebuild it."') == (body.index("We"), body.index(".”"))
    assert locate(body, "We  will\nrebuild") == (body.index("We"), body.index(" it"))
    assert locate(body, "not there") is None


def _polnear_file(tmp_path: Path) -> Path:
    speaker = [TEXT.index("Mayor"), TEXT.index("Ruiz") + 4]
    critics = [TEXT.index("Critics"), TEXT.index("Critics") + 7]
    quoted = [QUOTE[0] - 1, QUOTE[1] + 1]
    record = {
        "id": "made-up/1",
        "split": "dev",
        "text": TEXT,
        "quotes": [
            {"quote_span": quoted, "speaker_span": speaker, "cue": "said", "kind": "direct"},
            {
                "quote_span": list(BELIEF),
                "speaker_span": critics,
                "cue": "believe",
                "kind": "indirect",
            },
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_evaluate_polnear_format(tmp_path: Path) -> None:
    path = _polnear_file(tmp_path)
    # Against all attributions the learned model is on by default and finds the belief.
    scores = evaluate_quotes(path)
    assert scores.gold_format == POLNEAR and scores.articles == 1
    assert (scores.overlap.tp, scores.overlap.fp, scores.overlap.fn) == (2, 0, 0)
    assert scores.speaker_accuracy == 1.0
    rules = evaluate_quotes(path, QuoteEvalOptions(finder={"all_attributions": False}))
    assert (rules.overlap.tp, rules.overlap.fp, rules.overlap.fn) == (1, 0, 1)
    speech = evaluate_quotes(path, QuoteEvalOptions(speech_only=True))
    assert speech.overlap.f1 == 1.0
    broad = evaluate_quotes(
        path, QuoteEvalOptions(finder={"beliefs": True, "all_attributions": False})
    )
    assert broad.overlap.tp == 2
    with pytest.raises(GoldFormatError):
        evaluate_quotes(path, QuoteEvalOptions(split="train"))


def test_evaluate_demo_format(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    article = (
        "Bridge to reopen in May\n\n"
        "The city council met on Monday to discuss the bridge.\n\n"
        f"{TEXT}\n\n"
        '"We have waited long enough," she added.'
    )
    (tmp_path / "text" / "bridge.txt").write_text(article, encoding="utf-8")
    gold = {
        "file": "text/bridge.txt",
        "url": None,
        "lang": "en",
        "quotes": [
            {"text": "The bridge will reopen in May,", "speaker": "Ana Ruiz", "kind": "direct"},
            {"text": "We have waited long enough,", "speaker": "Ana Ruiz", "kind": "direct"},
            {"text": "not in this article", "speaker": "Nobody", "kind": "direct"},
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    scores = evaluate_quotes(path)
    assert scores.gold_format == DEMO and scores.unlocated == 1
    assert (scores.overlap.tp, scores.overlap.fn) == (2, 1)
    assert scores.speaker_accuracy == 1.0  # "she" resolves to Mayor Ana Ruiz


def test_cli_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "quotes", str(_polnear_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["gold_format"] == POLNEAR and data["overlap"]["tp"] == 2
    assert set(data["by_kind"]) == {"direct", "mixed", "indirect"}


def test_cli_table_and_errors(tmp_path: Path) -> None:
    path = str(_polnear_file(tmp_path))
    options = ["--errors", "1", "--set", "all_attributions=false"]
    result = runner.invoke(app, ["eval", "quotes", path, *options])
    assert result.exit_code == 0, result.output
    assert "speaker accuracy" in result.output and "miss" in result.output


def test_cli_rejects_bad_settings(tmp_path: Path) -> None:
    path = str(_polnear_file(tmp_path))
    result = runner.invoke(app, ["eval", "quotes", path, "--set", "shouting=true"])
    assert result.exit_code != 0 and "unknown finder setting" in result.output


@pytest.mark.slow
def test_polnear_dev(request: pytest.FixtureRequest) -> None:
    """The figures in docs/quotes.md; tuned on train only."""
    if "slow" not in str(request.config.getoption("markexpr", "")):
        pytest.skip("parses 84 long articles: run with `make eval` (pytest -m slow)")
    if not POLNEAR_GOLD.is_file():
        pytest.skip(f"PolNeAR gold not found at {POLNEAR_GOLD} (shared data is not mounted)")
    every = evaluate_quotes(POLNEAR_GOLD, QuoteEvalOptions(split="dev"))
    assert every.articles == 84
    assert every.overlap.f1 >= 0.67  # measured 0.678 with the learned model
    assert every.speaker_accuracy >= 0.85
    speech = evaluate_quotes(POLNEAR_GOLD, QuoteEvalOptions(split="dev", speech_only=True))
    assert speech.overlap.f1 >= 0.80  # measured 0.803; the issue's target
    assert speech.speaker_accuracy >= 0.85
