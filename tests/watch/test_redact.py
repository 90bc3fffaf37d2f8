"""Feed credentials never show (issue 20): status, its JSON, the feeds API, stored sources, logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from everyside.cli import app
from everyside.settings import ServeOptions
from everyside.store.db import Store
from everyside.watch import Watcher
from everyside.watch.config import config_from_dict
from everyside.watch.redact import redact_text, redact_url, url_origin
from everyside.web import create_app
from tests.watch.server import FeedServer, Route, rss

SECRETS = ("PASSWORD1", "TOKEN1", "KEY2", "ITEMSIG", "user1")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@feeds.example/rss", "https://REDACTED@feeds.example/rss"),
        ("https://tok@feeds.example:8443/rss", "https://REDACTED@feeds.example:8443/rss"),
        (
            "https://x.example/rss?token=abc&lang=en&apikey=k1",
            "https://x.example/rss?token=REDACTED&lang=en&apikey=REDACTED",
        ),
        (
            "https://x.example/f?X-Amz-Signature=s&X-Amz-Credential=c&sig=9&api_key=k&page=2",
            "https://x.example/f?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED"
            "&sig=REDACTED&api_key=REDACTED&page=2",
        ),
        (
            "https://x.example/cb#access_token=t&state=1",
            "https://x.example/cb#access_token=REDACTED&state=1",
        ),
        ("https://x.example/a?keywords=k&q=news", "https://x.example/a?keywords=k&q=news"),
        ("https://x.example/path/@not-userinfo?x=1", "https://x.example/path/@not-userinfo?x=1"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown  # idempotent: a redacted URL is a stable key


def test_redact_text_and_webhook_origin() -> None:
    text = (
        "fetching https://u:p@a.example/x?secret=s1: failed, then (http://b.example/?password=p2)."
    )
    assert redact_text(text) == (
        "fetching https://REDACTED@a.example/x?secret=REDACTED: failed, "
        "then (http://b.example/?password=REDACTED)."
    )
    assert url_origin("https://hooks.slack.com/services/T0/B0/XYZ") == "https://hooks.slack.com/…"


def test_credentials_are_masked_in_status_api_sources_and_logs(
    fresh_store: Store,
    feed_server: FeedServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = [
        {
            "id": f"p{n}",
            "title": f"Private item {n}",
            "url": f"https://news.example/2024/05/0{n + 1}/story-{n}?sig=ITEMSIG&ref=rss",
            "text": f"Private item {n} for subscribers.\n\nIts second paragraph, number {n}.",
        }
        for n in range(2)
    ]
    feed_server.routes["/private.xml?token=TOKEN1"] = Route(body=rss("Private", items))
    good = feed_server.url("/private.xml?token=TOKEN1").replace("://", "://user1:PASSWORD1@")
    bad = feed_server.url("/gone.xml?apikey=KEY2")  # 404: its error names the URL
    config_data = {
        "watch": {"interval": 0, "pipeline": False, "process_every": 0},
        "fetch": {"host_delay": 0, "timeout": 5.0},
        "outlets": [{"name": "Private", "feeds": [good, bad]}],
    }
    config = config_from_dict(config_data, base=Path("."))
    with caplog.at_level(logging.INFO):
        watcher = Watcher(fresh_store, config)
        report = watcher.run_once()
        watcher.close()
    assert (report.added, report.failed) == (2, 1)
    assert "REDACTED" in " ".join(report.errors)
    shown = [caplog.text, " ".join(report.errors)]

    db = fresh_store.url.removeprefix("sqlite:///")
    toml = tmp_path / "watch.toml"
    toml.write_text(
        '[watch]\npipeline = false\n[[outlets]]\nname = "Private"\n'
        f"feeds = {json.dumps([good, bad])}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    for extra in ([], ["--json"]):
        result = runner.invoke(app, ["--db", db, "watch", str(toml), "--status", *extra])
        assert result.exit_code == 0, result.output
        assert "REDACTED" in result.output or not extra  # the table may cut long URLs
        shown.append(result.output)

    with TestClient(create_app(ServeOptions(db=db))) as client:
        feeds = client.get("/api/v1/feeds")
        assert feeds.status_code == 200 and "REDACTED" in feeds.text
        shown.append(feeds.text)
        articles = client.get("/api/v1/articles?limit=50")
        assert articles.status_code == 200 and "Private item" in articles.text
        shown.append(articles.text)
        for article_id in [a["id"] for a in articles.json()["items"]]:
            shown.append(client.get(f"/api/v1/articles/{article_id}").text)

    with fresh_store.engine.connect() as connection:  # what is stored, not only what is shown
        for table in ("articles", "article_sources"):
            rows = connection.exec_driver_sql(f"SELECT * FROM {table}")
            shown.append(" ".join(map(str, rows)))

    everything = "\n".join(shown)
    for secret in SECRETS:
        assert secret not in everything, secret
    # The URL's path and harmless parameters stay, for readers to follow the link.
    assert "story-0?sig=REDACTED&ref=rss" in everything
