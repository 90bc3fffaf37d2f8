"""The watch configuration: the documented example, OPML import, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from everyside.watch.config import WatchConfigError, load_config, read_opml
from everyside.watch.deliver import EmailChannel, TerminalChannel, WebhookChannel
from everyside.watch.rules import BlindspotRule, BreakingRule, ChangesRule, MentionRule
from tests.conftest import REPO

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>subscriptions</title></head><body>
  <outline text="uk">
    <outline text="Thames Courier" type="rss" xmlUrl="http://127.0.0.1:9/thames.xml"/>
  </outline>
  <outline text="Meridian Wire" type="rss" xmlUrl="http://127.0.0.1:9/meridian.xml"/>
</body></opml>
"""


def test_documented_example_loads() -> None:
    config = load_config(REPO / "examples" / "watch.toml")
    kinds = {type(rule) for rule in config.rules}
    assert kinds == {MentionRule, BreakingRule, ChangesRule, BlindspotRule}
    assert {type(channel) for channel in config.channels} == {
        TerminalChannel,
        WebhookChannel,
        EmailChannel,
    }
    assert all(feed.url.startswith("http") for feed in config.feeds)


def test_opml_feeds_take_their_folder_as_group(tmp_path: Path) -> None:
    (tmp_path / "subs.opml").write_text(OPML)
    feeds = read_opml(tmp_path / "subs.opml")
    assert [(f.outlet, f.groups) for f in feeds] == [
        ("Thames Courier", ("uk",)),
        ("Meridian Wire", ()),
    ]


def test_blindspot_groups_become_outlets(tmp_path: Path) -> None:
    (tmp_path / "subs.opml").write_text(OPML)
    path = tmp_path / "watch.toml"
    path.write_text(
        '[[opml]]\npath = "subs.opml"\n'
        '[[rules]]\nkind = "blindspot"\nname = "uk misses"\nmin_outlets = 2\ngroups = ["uk"]\n'
    )
    rule = load_config(path).rules[0]
    assert isinstance(rule, BlindspotRule) and rule.missing == {"Thames Courier"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[watch]\nintervall = 3\n", "unknown key"),
        ('[[outlets]]\nname = "x"\nfeeds = ["http://a/1", "http://a/1"]\n', "listed twice"),
        ('[[outlets]]\nname = "x"\nfeeds = "http://a/1"\n[[rules]]\nkind = "psychic"\n', "kind"),
        ("[watch]\n", "no feed"),
        ("not toml = = 1", "TOML"),
    ],
)
def test_bad_configuration_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "watch.toml"
    path.write_text(text)
    with pytest.raises(WatchConfigError, match=problem):
        load_config(path)
