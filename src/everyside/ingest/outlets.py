"""Know which outlet an article is from: a registry of outlets with their domains and files.

Pages, feeds and exports name their outlet in many ways ("Thames Courier | World and
politics", a bare domain, nothing at all in a scraped text file). A registry file lists
each outlet once, so every article from it gets the same name, domain and country:

```toml
[[outlet]]
name = "Warta Nusantara"
country = "IDN"
language = "id"
domains = ["www.wartanusantara.example"]
paths = ["text/warta-*.txt"]        # relative to this file
```
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from everyside.model import Article, Outlet

# "Maple Dispatch — National & World", "BBC News - World": the outlet comes first.
_SECTION_SUFFIX = re.compile(r"\s+(?:[|—–:]|-)\s+.*$")


def outlet_name_from_title(title: str) -> str:
    """The outlet part of a feed or site title that appends a section name."""
    return _SECTION_SUFFIX.sub("", title).strip() or title.strip()


def _bare_domain(host: str | None) -> str | None:
    return host.lower().removeprefix("www.") if host else None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletEntry:
    """One outlet of the registry."""

    name: str
    country: str | None = None
    language: str | None = None
    domains: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


class OutletRegistry:
    """Outlets known by name, domain and the local files that hold their articles."""

    def __init__(self, entries: list[OutletEntry], *, root: Path | None = None) -> None:
        self.entries = entries
        self.root = root or Path.cwd()
        self._by_domain = {
            _bare_domain(domain): entry for entry in entries for domain in entry.domains
        }
        self._by_name = {entry.name.casefold(): entry for entry in entries}

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def load(cls, path: Path) -> OutletRegistry:
        """Read a TOML registry; raises ValueError naming the file on a bad entry."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            entries = [
                OutletEntry(
                    name=item["name"],
                    country=item.get("country"),
                    language=item.get("language"),
                    domains=tuple(item.get("domains", ())),
                    paths=tuple(item.get("paths", ())),
                )
                for item in data.get("outlet", [])
            ]
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: not a valid outlet registry ({error})") from None
        return cls(entries, root=path.resolve().parent)

    def identify(self, article: Article, path: Path | None) -> OutletEntry | None:
        """The registered outlet an article comes from: by URL domain, name, then file path."""
        hosts = [urlsplit(article.url).hostname] if article.url else []
        if article.outlet is not None:
            hosts.append(article.outlet.domain)
        for host in hosts:
            if (entry := self._by_domain.get(_bare_domain(host))) is not None:
                return entry
        if article.outlet is not None:
            name = outlet_name_from_title(article.outlet.name).casefold()
            if (entry := self._by_name.get(name)) is not None:
                return entry
        if path is not None:
            resolved = path.resolve()
            for entry in self.entries:
                if any(fnmatch.fnmatch(str(resolved), str(self.root / p)) for p in entry.paths):
                    return entry
        return None

    def outlet_of(self, article: Article, path: Path | None) -> Outlet | None:
        """The article's outlet under its registered name, else as the source named it."""
        entry = self.identify(article, path)
        if entry is not None:
            domain = entry.domains[0] if entry.domains else None
            return Outlet(name=entry.name, domain=_bare_domain(domain), country=entry.country)
        return article.outlet
