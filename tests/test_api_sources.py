"""The API of saved sources: add one with its poll interval, see its next and last run, change it, remove it."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from composer.jobs.schedule import tick
from tests.feedserver import FeedServer
from tests.test_api import Api, _token

FEED = (Path(__file__).parent / "fixtures" / "feed.rss").read_bytes()


@pytest.fixture
def api(app, client, editor) -> Api:
    return Api(client, _token(app, editor.email))


def test_a_source_added_by_the_api_is_polled_by_the_scheduler_and_shows_its_last_run(app, api: Api) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/feed/", FEED)
        created = api.post("/sources", json={"url": url, "kind": "article", "section": "Monde",
                                                      "every_minutes": 60})
        assert created.status_code == 201, created.get_json()
        source = created.get_json()
        assert (source["every_minutes"], source["format"], source["section"]) == (60, "auto", "Monde")
        assert source["next_run_at"] and source["last_run_at"] is None
        with app.app_context():
            tick(datetime(2099, 1, 1))  # the scheduler's next minute: due, imported
        listed = api.get("/sources").get_json()["items"]
    assert [s["id"] for s in listed] == [source["id"]]
    assert listed[0]["last_status"] == "ok" and listed[0]["last_run_at"].endswith("+00:00")


def test_a_source_interval_out_of_bounds_or_a_taken_address_is_refused(api: Api) -> None:
    for wrong in (10, 20_000, "souvent"):
        response = api.post("/sources", json={"url": "https://courrier.example/rss", "every_minutes": wrong})
        assert response.status_code == 422 and "every_minutes" in response.get_json()["error"]["fields"]
    assert api.post("/sources", json={"url": "https://courrier.example/rss"}).status_code == 422
    first = api.post("/sources", json={"url": "https://courrier.example/rss", "every_minutes": None})
    assert first.status_code == 201 and first.get_json()["next_run_at"] is None  # only by hand
    again = api.post("/sources", json={"url": "https://courrier.example/rss", "every_minutes": 15})
    assert again.status_code == 409 and again.get_json()["error"]["existing_id"] == first.get_json()["id"]


def test_patch_changes_a_source_and_delete_forgets_it(api: Api) -> None:
    source_id = api.post("/sources", json={"url": "https://courrier.example/rss",
                                                    "every_minutes": 15}).get_json()["id"]
    changed = api.patch(f"/sources/{source_id}", json={"every_minutes": 1440, "name": "Le Courrier"})
    assert changed.status_code == 200
    assert (changed.get_json()["every_minutes"], changed.get_json()["name"]) == (1440, "Le Courrier")
    stopped = api.patch(f"/sources/{source_id}", json={"every_minutes": None}).get_json()
    assert stopped["every_minutes"] is None and stopped["next_run_at"] is None
    assert api.patch(f"/sources/{source_id}", json={"every_minutes": 5}).status_code == 422
    assert api.delete(f"/sources/{source_id}").status_code == 204
    assert api.delete(f"/sources/{source_id}").status_code == 404
    assert api.patch("/sources/999", json={"every_minutes": 15}).status_code == 404
    assert api.get("/sources").get_json()["items"] == []


def test_the_openapi_document_describes_the_sources(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/sources"])
    assert {"patch", "delete"} <= set(paths["/api/v1/sources/{source_id}"])


def test_a_source_written_as_an_inside_address_is_refused_when_saved(app, api: Api) -> None:
    """It would fail at every poll, forever: refused at once (the fetcher refuses names that resolve inside)."""
    for url in ("http://127.0.0.1:5000/", "http://[::ffff:127.0.0.1]/", "http://0x7f000001/", "http://[::1]/",
                "http://localhost/feed", "http://10.0.0.5/rss"):
        response = api.post("/sources", json={"url": url, "every_minutes": 15})
        assert response.status_code == 422, url
        assert "adresse privée ou locale" in str(response.get_json())
    assert api.get("/sources").get_json()["items"] == []


def test_run_due_refuses_a_time_in_the_future(app, runner) -> None:
    """Each due source's next run would be set past it: polling would silently stop until then."""
    result = runner.invoke(args=["run-due", "--now", "2099-01-01T00:00"])
    assert result.exit_code != 0 and "future" in result.output and len(result.output.strip().splitlines()) == 1
