"""Learning the attribution model: training rows from the rules' candidates, and the fit."""

from __future__ import annotations

import pytest
from spacy.language import Language

from everyside.training import attribution as train_attribution


def test_training_rows_label_cue_and_span(english: Language) -> None:
    text = "Critics believe that the tax will hurt farmers."
    doc = english(text)
    content = [text.index("the tax"), len(text) - 1]
    cue = [text.index("believe"), text.index("believe") + 7]
    record = {"quotes": [{"cue_span": cue, "quote_span": content}]}
    rows = train_attribution.article_rows(0, doc, record, doc._.quotes)
    right = [r for r in rows if r.right]
    assert right and all(r.token == doc.char_span(*cue).start for r in right)
    assert any("k=clause" in r.features for r in right)
    assert not any(r.right for r in rows if r.token != right[0].token)


def test_training_fits_weights_and_a_threshold() -> None:
    pytest.importorskip("sklearn", reason="training needs the train extra (scikit-learn)")
    rows = [
        train_attribution.Row(article, token, [f"w={word}", "p=VERB"], word == "said", True)
        for article in range(10)
        for token, word in enumerate(("said", "ate", "said", "ran"))
    ]
    model = train_attribution.train(rows)
    assert model.weights["w=said"] > 0 > model.weights["w=ate"]
    assert model.probability(["w=said", "p=VERB"]) >= model.threshold
    assert model.probability(["w=ran", "p=VERB"]) < model.threshold
