"""POST /api/v1/articles: uploads in every format, JSON bodies, bad input, size limits, API key."""

from __future__ import annotations

from pathlib import Path

import pytest

from everyside.settings import FORMATS
from tests.conftest import CORPUS
from tests.web.conftest import MakeClient

URL = "/api/v1/articles"
NO_ANALYSIS = {"analyze": "false"}
ARTICLE = (
    b"Council backs sea wall repair\n\n"
    b"The county council approved a plan to repair the sea wall on Tuesday, "
    b"after months of complaints from residents of the harbour district.\n\n"
    b'"This is the best use of the money we have," said Ilse Varga, the chair of the council.\n'
)


def _upload(*files: tuple[str, bytes], **form: str) -> dict[str, object]:
    return {"files": [("files", (name, data)) for name, data in files], "data": form}


def test_upload_of_each_corpus_format_is_ingested(make_client: MakeClient) -> None:
    client = make_client()
    samples = {
        "text": next((CORPUS / "text").iterdir()),
        "html": next((CORPUS / "html").iterdir()),
        "feed": next((CORPUS / "feeds").iterdir()),
        "warc": next((CORPUS / "warc").iterdir()),
        "jsonl": next((CORPUS / "jsonl").iterdir()),
        "csv": next((CORPUS / "csv").iterdir()),
    }
    assert set(samples) == set(FORMATS)
    files = [(path.name, path.read_bytes()) for path in samples.values()]
    response = client.post(URL, params=NO_ANALYSIS, **_upload(*files))
    assert response.status_code == 200
    report = response.json()
    assert report["files"] == len(FORMATS)
    assert report["counts"]["failed"] == 0 and report["counts"]["added"] >= len(FORMATS)


def test_report_has_the_cli_shape(make_client: MakeClient) -> None:
    response = make_client().post(URL, params=NO_ANALYSIS, **_upload(("a.txt", ARTICLE)))
    report = response.json()
    assert list(report) == ["files", "counts", "undated", "events"]  # as ingest --json
    assert report["undated"] == 1  # the text gives no publication date
    assert set(report["counts"]) == {
        "added",
        "near_duplicate",
        "exact_duplicate",
        "already_stored",
        "failed",
        "not_articles",
    }
    event = report["events"][0]
    assert event["locator"] == "a.txt" and event["outcome"] == "added"
    assert event["title"] == "Council backs sea wall repair"


def test_same_upload_twice_is_already_stored(make_client: MakeClient) -> None:
    client = make_client()
    client.post(URL, params=NO_ANALYSIS, **_upload(("a.txt", ARTICLE)))
    again = client.post(URL, params=NO_ANALYSIS, **_upload(("a.txt", ARTICLE))).json()
    assert again["events"][0]["outcome"] == "already_stored"


def test_binary_file_is_a_failed_event_and_the_batch_goes_on(make_client: MakeClient) -> None:
    garbage = bytes(range(256)) * 40
    response = make_client().post(
        URL,
        params=NO_ANALYSIS,
        **_upload(("noise.bin", garbage), ("a.txt", ARTICLE)),
    )
    assert response.status_code == 200
    events = {event["locator"]: event for event in response.json()["events"]}
    assert events["noise.bin"]["outcome"] == "failed"
    assert "binary" in events["noise.bin"]["message"]
    assert events["a.txt"]["outcome"] == "added"


def test_file_names_cannot_escape_the_scratch_folder(make_client: MakeClient) -> None:
    response = make_client().post(
        URL,
        params=NO_ANALYSIS,
        **_upload(("../../etc/evil.txt", ARTICLE)),
    )
    assert response.json()["events"][0]["locator"] == "evil.txt"


def test_forced_format_and_outlet(make_client: MakeClient) -> None:
    client = make_client()
    report = client.post(
        URL,
        params=NO_ANALYSIS,
        **_upload(("article.dat", ARTICLE), format="text", outlet="Wren Courier"),
    ).json()
    assert report["counts"]["added"] == 1
    listed = client.get(URL).json()["items"]
    assert listed[0]["outlet"] == "Wren Courier"


def test_unknown_format_is_a_clear_400(make_client: MakeClient) -> None:
    response = make_client().post(URL, **_upload(("a.txt", ARTICLE), format="docx"))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "unknown format 'docx'; choose one of text, html, feed, warc, jsonl, csv"
    }


def test_file_over_the_per_file_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(max_file_bytes=1000)
    response = client.post(URL, **_upload(("a.txt", ARTICLE), ("big.txt", b"x " * 1000)))
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "'big.txt' is larger than the server accepts per file" in detail
    assert "\n" not in detail
    assert client.get(URL).json()["total"] == 0, "nothing of a refused request is stored"


def test_request_over_the_body_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(max_request_bytes=2000)
    response = client.post(URL, **_upload(("big.txt", b"x " * 5000)))
    assert response.status_code == 413


def test_json_body_is_ingested(make_client: MakeClient) -> None:
    client = make_client()
    body = {
        "articles": [
            {
                "title": "Sea wall repair approved",
                "text": "The county council approved the sea wall repair on Tuesday.\n\n"
                "Work starts in spring.",
                "url": "https://wren.example/sea-wall",
                "outlet": "Wren Courier",
                "published": "2024-06-19T10:00:00+00:00",
                "language": "en",
            },
            {"text": "   "},
        ]
    }
    report = client.post(URL, params=NO_ANALYSIS, json=body).json()
    assert report["files"] == 1
    assert [e["outcome"] for e in report["events"]] == ["added", "failed"]
    assert report["events"][0]["locator"] == "request:1"
    stored = client.get(f"{URL}/{report['events'][0]['article_id']}").json()
    assert stored["outlet"] == "Wren Courier" and stored["url"] == "https://wren.example/sea-wall"
    assert stored["published_at"].startswith("2024-06-19T10:00:00")
    assert stored["paragraphs"] == [
        "The county council approved the sea wall repair on Tuesday.",
        "Work starts in spring.",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "Invalid JSON"),
        (b'{"articles": []}', "articles: List should have at least 1 item"),
        (b'{"articles": [{"title": "no text"}]}', "articles.0.text: Field required"),
        (b"[1, 2]", "Input should be an object"),
        (b"", "Invalid JSON"),
    ],
)
def test_malformed_json_is_a_one_line_400(
    make_client: MakeClient, content: bytes, expected: str
) -> None:
    response = make_client().post(
        URL, content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert expected in detail and "\n" not in detail


def test_multipart_without_files_is_400(make_client: MakeClient) -> None:
    response = make_client().post(URL, data={"outlet": "x"}, files={"other": ("a.txt", b"x")})
    assert response.status_code == 400
    assert response.json() == {"detail": "no file in the form field 'files'"}


def test_api_key_guards_writes_only(make_client: MakeClient) -> None:
    client = make_client(api_key="s3cret")
    refused = client.post(URL, params=NO_ANALYSIS, **_upload(("a.txt", ARTICLE)))
    assert refused.status_code == 401
    assert "X-API-Key" in refused.json()["detail"]
    wrong = client.post(
        URL,
        params=NO_ANALYSIS,
        headers={"X-API-Key": "guess"},
        **_upload(("a.txt", ARTICLE)),
    )
    assert wrong.status_code == 401
    accepted = client.post(
        URL,
        params=NO_ANALYSIS,
        headers={"X-API-Key": "s3cret"},
        **_upload(("a.txt", ARTICLE)),
    )
    assert accepted.status_code == 200
    assert client.get(URL).status_code == 200, "reads need no key"


def test_without_a_key_configured_writes_are_open(make_client: MakeClient) -> None:
    response = make_client().post(URL, params=NO_ANALYSIS, **_upload(("a.txt", ARTICLE)))
    assert response.status_code == 200


def test_uploaded_seeds_are_analyzed_into_one_story(make_client: MakeClient, seeds: Path) -> None:
    client = make_client()
    files = [(path.name, path.read_bytes()) for path in sorted(seeds.iterdir())]
    report = client.post(URL, **_upload(*files)).json()
    assert report["counts"]["added"] == 2
    stories = client.get("/api/v1/stories").json()
    assert [story["size"] for story in stories["items"]] == [2]
    assert client.get("/api/v1/quotes", params={"speaker": "Stoltenberg"}).json()["total"] > 0
