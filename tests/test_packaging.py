"""Every data file the package reads is shipped in its wheel, not only in a checkout."""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "everyside"


def test_package_data_covers_every_data_file() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["everyside"]
    # setuptools expands each pattern with glob, relative to the package folder.
    shipped = {path for pattern in patterns for path in glob.glob(pattern, root_dir=PACKAGE)}
    data_files = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    }
    assert data_files - shipped == set()
