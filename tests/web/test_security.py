"""The web app against a hostile browser page and odd requests (docs/security.md, "Web").

Cross-origin writes refused, security headers on every response, the Host checked, and
4xx (never 500) for odd keys, event ids and page numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from everyside.settings import ServeOptions
from everyside.store import stories as story_store
from everyside.store.db import StoreBusy
from everyside.web import create_app
from everyside.web.routers.live import _cursor
from everyside.web.security import host_allowed, origin_of, serve_hosts
from tests.web.conftest import MakeClient

URL = "/api/v1/articles"
NO_ANALYSIS = {"analyze": "false"}
ARTICLE = b'{"articles": [{"title": "Planted", "text": "A page elsewhere planted this article."}]}'
FILES = {"files": ("planted.txt", b"Planted\n\nA page elsewhere planted this article.\n")}
EVIL = "https://evil.example"
WEB = Path(__file__).resolve().parents[2] / "src" / "everyside"


def _stored(client: TestClient) -> int:
    total: int = client.get("/api/v1/articles").json()["total"]
    return total


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": f"{EVIL}/attack.html"},
    ],
)
def test_a_multipart_upload_from_another_origin_is_refused(
    make_client: MakeClient, headers: dict[str, str]
) -> None:
    client = make_client()
    response = client.post(URL, params=NO_ANALYSIS, files=FILES, headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("cross-origin write refused")
    assert _stored(client) == 0


def test_text_plain_json_is_refused_from_anywhere(make_client: MakeClient) -> None:
    client = make_client()
    plain = {"Content-Type": "text/plain"}
    cross = client.post(URL, params=NO_ANALYSIS, content=ARTICLE, headers={**plain, "Origin": EVIL})
    assert cross.status_code == 403
    # Without an Origin (a script, not a browser page) the body type still has to be JSON.
    bare = client.post(URL, params=NO_ANALYSIS, content=ARTICLE, headers=plain)
    assert bare.status_code == 415
    assert "application/json" in bare.json()["detail"]
    assert _stored(client) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, a script: no Origin, no Referer
        {"Origin": "http://testserver"},
        {"Origin": "https://testserver"},  # behind a TLS proxy
        {"Referer": "http://testserver/ingest"},
    ],
)
def test_writes_from_the_server_itself_and_from_clients_pass(
    make_client: MakeClient, headers: dict[str, str]
) -> None:
    client = make_client()
    response = client.post(URL, params=NO_ANALYSIS, files=FILES, headers=headers)
    assert response.status_code == 200, response.text
    assert _stored(client) == 1


def test_a_configured_cors_origin_may_write(make_client: MakeClient) -> None:
    client = make_client(cors_origins=("https://newsroom.example",))
    response = client.post(
        URL,
        params=NO_ANALYSIS,
        content=ARTICLE,
        headers={"Origin": "https://newsroom.example", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == "https://newsroom.example"


def _policy(response_headers: dict[str, str]) -> dict[str, str]:
    found = {}
    for part in response_headers["content-security-policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        found[name] = value
    return found


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/ingest"),
        ("GET", "/stories/story-nowhere"),
        ("GET", "/api/v1/stories"),
        ("GET", "/api/v1/stories/nowhere"),
        ("GET", "/api/v1/stories?limit=0"),
        ("GET", "/static/ingest.js"),
        ("GET", "/openapi.json"),
        ("POST", URL),
    ],
)
def test_every_response_carries_the_security_headers(
    make_client: MakeClient, method: str, path: str
) -> None:
    response = make_client().request(method, path, headers={"Origin": EVIL})
    headers = dict(response.headers)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    policy = _policy(headers)
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def test_the_api_explorer_is_served_from_here_under_the_page_policy(
    make_client: MakeClient,
) -> None:
    """/docs loads Swagger UI from this server (issue 21): no CDN, no inline script."""
    client = make_client()
    response = client.get("/docs")
    assert response.status_code == 200
    assert _policy(dict(response.headers))["script-src"] == "'self'"
    assert "http://" not in response.text and "https://" not in response.text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    for asset in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404


def test_no_template_or_script_holds_inline_script() -> None:
    """The page policy allows no inline script: every script is a file under /static."""
    templates = [
        *(WEB / "web" / "templates").glob("*.html"),
        *(WEB / "report" / "templates").glob("_*.html"),
    ]
    assert templates
    for template in templates:
        html = template.read_text(encoding="utf-8")
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
            assert "src=" in script[1] and not script[2].strip(), template.name
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), template.name
        assert "javascript:" not in html.lower(), template.name


def test_the_host_header_is_checked_when_hosts_are_configured(tmp_path: Path) -> None:
    options = ServeOptions(db=str(tmp_path / "web.db"), allowed_hosts=serve_hosts("127.0.0.1"))
    with TestClient(create_app(options), base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/v1/health").status_code == 200
        assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/api/v1/articles", headers={"Host": "attacker.example:8000"})
        assert rebound.status_code == 400
        assert "--allowed-host" in rebound.json()["detail"]
        assert rebound.headers["x-frame-options"] == "DENY"


def test_which_hosts_a_server_answers_to() -> None:
    local = serve_hosts("127.0.0.1")
    assert host_allowed("127.0.0.1:8000", local)
    assert host_allowed("[::1]:8000", local)
    assert host_allowed("LOCALHOST", local)
    assert not host_allowed("192.168.1.5:8000", local)
    assert not host_allowed("", local)
    everywhere = serve_hosts("0.0.0.0", ["news.example.org"])
    assert host_allowed("192.168.1.5:8000", everywhere)  # an address literal
    assert host_allowed("[fe80::1]", everywhere)
    assert host_allowed("news.example.org", everywhere)
    assert not host_allowed("rebind.attacker.example", everywhere)
    domain = (".example.org",)
    assert host_allowed("www.example.org:443", domain)
    assert host_allowed("example.org", domain)
    assert not host_allowed("badexample.org", domain)
    assert host_allowed("anything", ("*",))


def test_origins_are_normalized() -> None:
    assert origin_of("HTTPS://News.Example:443/path?q=1") == "https://news.example"
    assert origin_of("http://[::1]:8000/") == "http://[::1]:8000"
    assert origin_of("null") is None
    assert origin_of("http://host:notaport/") is None


@pytest.mark.parametrize("sent", ["clé".encode(), b"\xff\xfe", "s3cret\u200b".encode()])
def test_a_non_ascii_api_key_is_a_401(make_client: MakeClient, sent: bytes) -> None:
    response = make_client(api_key="s3cret").post(
        URL, params=NO_ANALYSIS, files=FILES, headers={"X-API-Key": sent}
    )
    assert response.status_code == 401
    assert "X-API-Key" in response.json()["detail"]


def test_a_non_ascii_configured_key_works(make_client: MakeClient) -> None:
    client = make_client(api_key="clé-secrète")
    wrong = client.post(URL, params=NO_ANALYSIS, files=FILES, headers={"X-API-Key": "cle"})
    assert wrong.status_code == 401
    right = client.post(
        URL, params=NO_ANALYSIS, files=FILES, headers={"X-API-Key": "clé-secrète".encode()}
    )
    assert right.status_code == 200, right.text


@pytest.mark.parametrize(
    "event_id",
    ["²-1", "99999999999999999999999-1", "1-99999999999999999999999", "-", "1-", "x", "1-2-3"],
)
def test_an_odd_last_event_id_is_a_400(make_client: MakeClient, event_id: str) -> None:
    # As Latin-1 bytes, the server reads "²" back as "²", which isdigit() takes for a digit.
    sent = event_id.encode("latin-1")
    response = make_client().get("/api/v1/stream", headers={"Last-Event-ID": sent})
    assert response.status_code == 400
    assert "Last-Event-ID" in response.json()["detail"]


def test_a_last_event_id_the_stream_sent_resumes_there(make_client: MakeClient) -> None:
    store = make_client().app.state.store  # type: ignore[attr-defined]
    assert _cursor(store, "12-3") == (12, 3)
    assert _cursor(store, " ") == (0, 0)  # blank: from what exists now (an empty store)


@pytest.mark.parametrize("page", ["99999999999999999999999", "0", "-1", "x"])
def test_an_odd_river_page_is_a_422(make_client: MakeClient, page: str) -> None:
    response = make_client().get("/", params={"page": page})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("query.page")


def test_a_busy_store_is_a_503(make_client: MakeClient, monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client()

    def busy(*args: object, **kwargs: object) -> None:
        raise StoreBusy("web.db")

    monkeypatch.setattr(story_store, "list_stories", busy)
    response = client.get("/api/v1/stories")
    assert response.status_code == 503
    assert "busy" in response.json()["detail"]
    assert response.headers["retry-after"] == "30"


def test_serve_checks_the_host_names_it_listens_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from everyside.cli import app as cli

    served: list[ServeOptions] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app.state.options))
    db = str(tmp_path / "web.db")
    result = CliRunner().invoke(cli, ["--db", db, "serve", "--allowed-host", "news.example.org"])
    assert result.exit_code == 0, result.output
    assert served[0].allowed_hosts == ("localhost", "127.0.0.1", "::1", "news.example.org")
    assert "answers to the host names localhost" in result.stderr
