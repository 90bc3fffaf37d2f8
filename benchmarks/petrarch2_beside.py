"""PETRARCH2 beside everyside on the PETRARCH2 unit-test records, scored the same way.

PETRARCH2 (Python 2, MIT) is not a dependency of everyside and none of its code is in
the project: this script runs a checkout of it in a Python 2.7 interpreter, in a
process of its own, on each record's Penn Treebank parse with the validation
dictionaries the records name, as PETRARCH2's own coding loop does (a sentence with a
discard phrase codes nothing, else the events of its parse tree). The records carry
the parses; the PLOVER and UniversalPetrarch records do not, and PETRARCH2 cannot parse
text without Stanford CoreNLP. Its events are scored by everyside's own event scorer
beside everyside's run on the same records.

Setup (once): a PETRARCH2 checkout and Python 2.7 with ``python-dateutil``, e.g.
``pip2 install python-dateutil==2.2``. Then::

    python -m benchmarks.petrarch2_beside --petrarch PATH/TO/petrarch2 --python2 python2.7

PETRARCH2 raises on some records (PETRARCH2's own errors, counted in ``errors``): they
code nothing, as in a PETRARCH2 batch run, which logs them and goes on. PETRARCH2 may
list one event twice in a sentence; each distinct event is counted once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from everyside.evaluate.corpus import read_jsonl
from everyside.evaluate.events import (
    UNITTEST_DICTIONARIES,
    EventScores,
    coded_event,
    evaluate_events,
    requires_dyad,
    unittest_gold,
)

RESULTS = Path(__file__).resolve().parent / "results" / "petrarch2_beside.json"
DEFAULT_GOLD = Path("../shared/data/events/petr_unittest.jsonl")

# Run by Python 2.7 with the checkout on its path: reads records (JSON lines), writes one
# JSON line of PETRARCH2 events per record. PETRARCH2 prints as it codes: silenced.
DRIVER = r"""
from __future__ import print_function
import io, json, os, sys
out = sys.stdout
sys.stdout = open(os.devnull, "w")
from petrarch2 import PETRreader, PETRtree, utilities
from petrarch2.petrarch2 import check_discards
folder, records = sys.argv[1], sys.argv[2]
PETRreader.parse_Config(utilities._get_data("data/config/", "PETR_config.ini"))
loaded = False
for line in io.open(records, encoding="utf-8"):
    r = json.loads(line)
    if not loaded:
        d = r["dictionaries"]
        PETRreader.read_verb_dictionary(os.path.join(folder, d["Verbfile"]))
        for name in d["Actorfile"].split(","):
            PETRreader.read_actor_dictionary(os.path.join(folder, name.strip()))
        PETRreader.read_agent_dictionary(os.path.join(folder, d["Agentfile"]))
        PETRreader.read_discard_list(os.path.join(folder, d["Discardfile"]))
        loaded = True
    result = {"id": r["id"], "events": [], "error": None}
    try:
        if check_discards(r["text"])[0] > 0:
            out.write(json.dumps(result) + "\n")  # a discarded sentence codes nothing
            continue
        tree = utilities._format_parsed_str(r["parse"])
        sentence = PETRtree.Sentence(tree, r["text"], PETRreader.dstr_to_ordate(r["date"]))
        events, _ = sentence.get_events(require_dyad=r["require_dyad"])
        result["events"] = [list(e) for e in events]
    except Exception as e:
        result["error"] = repr(e)
    out.write(json.dumps(result) + "\n")
"""


def run_petrarch2(
    records: list[dict[str, Any]], folder: Path, checkout: Path, python2: str
) -> dict[str, dict[str, Any]]:
    """PETRARCH2's events (and error, if any) for each record, by record id."""
    with tempfile.TemporaryDirectory() as scratch:
        driver = Path(scratch) / "driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        inputs = Path(scratch) / "records.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps({**record, "require_dyad": requires_dyad(record)}) + "\n")
        done = subprocess.run(
            [python2, str(driver), str(folder.resolve()), str(inputs)],
            cwd=checkout,
            env={**os.environ, "PYTHONPATH": str(checkout.resolve())},
            capture_output=True,
            text=True,
            check=True,
        )
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {r["id"]: r for r in results}


def score_petrarch2(
    records: list[dict[str, Any]], results: dict[str, dict[str, Any]]
) -> EventScores:
    """PETRARCH2's events scored against the records like everyside's."""
    scores = EventScores()
    for record in records:
        found = dict.fromkeys(tuple(e) for e in results[record["id"]]["events"])
        predicted = [coded_event(source, target, code) for source, target, code in found]
        scores.add(unittest_gold(record), predicted, lambda gold, coded: gold == coded)
    return scores


def main() -> None:
    """Run PETRARCH2 and everyside on the unit-test records; print and save both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petrarch", type=Path, required=True, help="PETRARCH2 checkout")
    parser.add_argument("--python2", default="python2", help="a Python 2.7 interpreter")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    records = [r for r in read_jsonl(args.gold) if r.get("included_in_run", True)]
    started = time.perf_counter()
    results = run_petrarch2(
        records, args.gold.parent / UNITTEST_DICTIONARIES, args.petrarch, args.python2
    )
    petrarch_seconds = time.perf_counter() - started
    petrarch = score_petrarch2(records, results)
    everyside_report = evaluate_events(args.gold)
    (everyside,) = everyside_report.groups.values()
    errors = sum(1 for r in results.values() if r["error"])
    table = Table(title=f"PETRARCH2 beside everyside: {len(records)} unit-test records")
    for column in ("", "(source, target, code) F1", "(s, t, root) F1", "root F1", "false/gold"):
        table.add_column(column)
    for name, scores in (("PETRARCH2", petrarch), ("everyside", everyside)):
        table.add_row(
            name,
            f"{scores.full.f1:.3f}",
            f"{scores.root.f1:.3f}",
            f"{scores.code_root.f1:.3f}",
            f"{scores.false_per_gold_event:.2f}",
        )
    Console().print(table)
    Console().print(f"PETRARCH2 raised on {errors} records (coded as no event)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "records": len(records),
                "petrarch2": {
                    **petrarch.as_dict(),
                    "errors": errors,
                    "seconds": round(petrarch_seconds, 2),
                },
                "everyside": {**everyside.as_dict(), "seconds": round(everyside_report.seconds, 2)},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
