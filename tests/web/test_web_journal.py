"""The journal pages and the journal JSON API (issue 15 §2 *Journal*, §3 journal CRUD, stats).

Each test makes its own person, so the session's app and database are shared but no test sees
another's entries. The numbers checked are the journal's own (``Journal.stats``): the web must
show the same figures the CLI prints.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import csrf_of, person_with_example

MESSY = (
    "Date;Site;Paid Minutes;Unpaid Searching Minutes;Reward;Status\n"
    "2026-11-23;Prolific;45;15;$6,00;approved\n"
    "2026-11-24;Clickworker;50;10;1,80;pending\n"
    "2026-13-40;Appen;60;0;5;approved\n"
    "2026-11-27;Appen;-5;0;lots;paid\n"
)


def new_person(client: Any, csrf: str, name: str = "Journal") -> str:
    r = client.post("/people", data={"name": name, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    return str(r.headers["location"].split("/")[2])


def api_headers(csrf: str) -> dict[str, str]:
    return {"X-CSRF-Token": csrf}


def stats(client: Any, pid: str) -> dict[str, Any]:
    r = client.get(f"/api/people/{pid}/journal/stats")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def test_log_work_session_then_stats_show_it(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    page = client.get(f"/p/{pid}/journal")
    assert page.status_code == 200 and "No work session logged yet" in page.text
    r = client.post(
        f"/p/{pid}/journal/log/work",
        data={
            "csrf_token": csrf,
            "platform": "Prolific",
            "task_type": "survey",
            "paid_minutes": "45",
            "unpaid_searching_minutes": "15",
            "earnings": "6.00",
        },
    )
    assert r.status_code == 200 and "Saved in your journal." in r.text
    s = stats(client, pid)
    assert s["work"]["sessions"] == 1 and s["work"]["hours"] == 1.0
    assert s["effective_hourly_wage"] == pytest.approx(6.0)  # 6 USD over 45 + 15 minutes
    wage = re.search(r'id="effective-wage">([^<]+)<', r.text)
    assert wage and wage.group(1) == "6.00 USD/h"
    assert "25%" in r.text  # the unpaid share
    assert "<svg" in r.text and "Hours per week" in r.text  # the weekly chart


@pytest.mark.parametrize(
    ("kind", "data", "check"),
    [
        ("learn", {"hours": "2", "skills": "writing", "milestone": "module_done"}, "learning"),
        ("apply", {"stage": "interview", "occupation": "43-4051.00"}, "job_search"),
        ("cash", {"balance": "-120.50"}, "cash"),
    ],
)
def test_other_log_forms(
    client: Any, csrf: str, kind: str, data: dict[str, str], check: str
) -> None:
    pid = new_person(client, csrf)
    form = client.get(f"/p/{pid}/journal?kind={kind}").text
    assert f'action="/p/{pid}/journal/log/{kind}"' in form
    r = client.post(f"/p/{pid}/journal/log/{kind}", data={"csrf_token": csrf, **data})
    assert r.status_code == 200, r.text
    s = stats(client, pid)
    if check == "learning":
        assert s["learning"]["hours"] == 2.0 and s["learning"]["milestones"]["module_done"] == 1
    elif check == "job_search":
        assert s["job_search"]["interviews"] == 1
    else:
        assert s["cash"]["latest"]["balance"] == -120.5


def test_bad_log_form_names_each_field_and_keeps_the_answers(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    r = client.post(
        f"/p/{pid}/journal/log/work",
        data={"csrf_token": csrf, "platform": "", "paid_minutes": "-4", "earnings": "lots"},
    )
    assert r.status_code == 422
    errs = dict(re.findall(r'class="err" id="j-([a-z_]+)-err">([^<]+)<', r.text))
    assert set(errs) >= {"platform", "paid_minutes", "earnings"}
    assert "required" in errs["platform"] and "zero or more" in errs["paid_minutes"]
    assert 'value="lots"' in r.text  # what was typed is still there to fix
    assert stats(client, pid)["work"]["sessions"] == 0  # nothing half-stored


def test_clock_start_status_stop(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    r = client.post(f"/p/{pid}/journal/clock/start", data={"csrf_token": csrf, "platform": ""})
    assert r.status_code == 422 and "platform" in r.text
    r = client.post(
        f"/p/{pid}/journal/clock/start",
        data={"csrf_token": csrf, "platform": "Toloka", "ago": "forever"},
    )
    assert r.status_code == 422 and "ago: must be a number of minutes" in r.text
    r = client.post(
        f"/p/{pid}/journal/clock/start",
        data={"csrf_token": csrf, "platform": "Toloka", "task_type": "labelling", "ago": "30"},
    )
    assert r.status_code == 200 and "Running on <strong>Toloka</strong>" in r.text
    assert client.get(f"/api/people/{pid}/journal/clock").json()["minutes"] >= 30
    assert client.get(f"/api/people/{pid}/journal/clock").json()["running"] is True
    again = client.post(f"/p/{pid}/journal/clock/start", data={"csrf_token": csrf, "platform": "X"})
    assert again.status_code == 422 and "already running" in again.text
    r = client.post(f"/p/{pid}/journal/clock/stop", data={"csrf_token": csrf, "earnings": "0.40"})
    assert r.status_code == 200 and "The session was logged." in r.text
    assert client.get(f"/api/people/{pid}/journal/clock").json() == {"running": False}
    (entry,) = client.get(f"/api/people/{pid}/journal/entries?kind=work").json()
    assert entry["platform"] == "Toloka" and entry["earnings"] == 0.4
    assert entry["paid_minutes"] >= 30  # the 30 minutes before the clock was started count


def test_csv_import_preview_stores_nothing_then_confirm(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    files = {"file": ("sessions.csv", MESSY.encode(), "text/csv")}
    form = {"csrf_token": csrf, "kind": "work", "mapping": "Site=platform\nReward=earnings"}
    r = client.post(f"/p/{pid}/journal/import", data=form, files=files)
    assert r.status_code == 200, r.text
    found = re.search(r'id="import-preview">(.*?)</p>', r.text, re.S)
    assert found is not None
    preview = re.sub(r"<[^>]+>", "", found[1])
    assert "Of 4 rows, 2 would be stored, 2 would be refused" in preview
    rejects = re.findall(r"<tr><td>(\d+)</td><td>([a-z_]+)</td>", r.text)
    assert ("4", "date") in rejects and ("5", "earnings") in rejects
    assert stats(client, pid)["work"]["sessions"] == 0  # a preview stores nothing
    upload = re.search(r'action="/p/[^/]+/journal/import/([^"]+)"', r.text)
    assert upload
    r = client.post(f"/p/{pid}/journal/import/{upload[1]}", data=form)
    assert r.status_code == 200 and "2</strong> rows stored" in r.text
    assert stats(client, pid)["work"]["sessions"] == 2
    # the preview file is gone: confirming twice is a 404, not a second import
    assert client.post(f"/p/{pid}/journal/import/{upload[1]}", data=form).status_code == 404
    r = client.post(f"/p/{pid}/journal/import", data=form, files=files)
    assert "2 are already in your journal" in r.text


def test_import_without_file_or_with_unknown_mapping_names_the_field(
    client: Any, csrf: str
) -> None:
    pid = new_person(client, csrf)
    r = client.post(f"/p/{pid}/journal/import", data={"csrf_token": csrf, "kind": "work"})
    assert r.status_code == 422 and "file: choose a CSV file" in r.text
    r = client.post(
        f"/p/{pid}/journal/import",
        data={"csrf_token": csrf, "kind": "work", "mapping": "Site=colour"},
        files={"file": ("s.csv", MESSY.encode(), "text/csv")},
    )
    assert r.status_code == 422 and "map.site: unknown field" in r.text


def test_edit_and_delete_an_entry(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    h = api_headers(csrf)
    e = client.post(
        f"/api/people/{pid}/journal/entries",
        json={"kind": "work", "fields": {"platform": "Appen", "paid_minutes": 30, "earnings": 2}},
        headers=h,
    ).json()
    page = client.get(f"/p/{pid}/journal/entries/{e['id']}")
    assert page.status_code == 200 and 'value="Appen"' in page.text
    bad = client.post(
        f"/p/{pid}/journal/entries/{e['id']}", data={"csrf_token": csrf, "earnings": "x"}
    )
    assert bad.status_code == 422 and 'id="e-earnings-err"' in bad.text
    r = client.post(
        f"/p/{pid}/journal/entries/{e['id']}",
        data={"csrf_token": csrf, "status": "approved", "platform": "Appen"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    got = client.get(f"/api/people/{pid}/journal/entries/{e['id']}").json()
    assert got["status"] == "approved" and got["earnings"] == 2.0 and got["key"] == e["key"]
    r = client.post(
        f"/p/{pid}/journal/entries/{e['id']}/delete",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get(f"/api/people/{pid}/journal/entries/{e['id']}").status_code == 404


def test_api_crud_and_field_names(client: Any, csrf: str) -> None:
    h = api_headers(csrf)
    made = client.post("/api/people", json={"name": "Api"}, headers=h)
    assert made.status_code == 201
    pid = made.json()["id"]
    assert pid in [p["id"] for p in client.get("/api/people").json()]
    r = client.post(
        f"/api/people/{pid}/journal/entries",
        json={"kind": "work", "fields": {"platform": "X", "earnings": "zz", "colour": "red"}},
        headers=h,
    )
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["detail"]}
    assert {"fields.earnings", "fields.colour"} <= fields
    r = client.post(
        f"/api/people/{pid}/journal/entries",
        json={
            "kind": "work",
            "fields": {"platform": "Prolific", "paid_minutes": 60, "earnings": 9},
        },
        headers=h,
    )
    assert r.status_code == 201
    eid = r.json()["id"]
    r = client.patch(
        f"/api/people/{pid}/journal/entries/{eid}",
        json={"fields": {"status": "paid"}},
        headers=h,
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "fields.status"
    r = client.patch(
        f"/api/people/{pid}/journal/entries/{eid}",
        json={"fields": {"status": "approved"}},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert stats(client, pid)["work"]["money"]["approved"] == 9.0
    r = client.post(
        f"/api/people/{pid}/journal/import",
        json={"csv": MESSY, "mapping": {"Site": "platform", "Reward": "earnings"}, "dry_run": True},
        headers=h,
    )
    assert r.status_code == 200
    assert (r.json()["stored"], r.json()["rejected"]) == (2, 2) and "file" not in r.json()
    assert len(client.get(f"/api/people/{pid}/journal/entries").json()) == 1
    assert client.get(f"/api/people/{pid}/journal/history").json() == []
    assert client.delete(f"/api/people/{pid}/journal/entries/{eid}", headers=h).status_code == 200
    assert client.get(f"/api/people/{pid}/journal/entries").json() == []


def test_entry_of_another_person_is_404(client: Any, csrf: str) -> None:
    """Every object id of another person's journal answers 404, as an unknown id does."""
    h = api_headers(csrf)
    a, b = new_person(client, csrf, "A"), new_person(client, csrf, "B")
    e = client.post(
        f"/api/people/{a}/journal/entries",
        json={"kind": "cash", "fields": {"balance": 10}},
        headers=h,
    ).json()
    eid = e["id"]
    assert client.get(f"/api/people/{b}/journal/entries/{eid}").status_code == 404
    assert client.get(f"/p/{b}/journal/entries/{eid}").status_code == 404
    patch = {"fields": {"balance": 0}}
    assert (
        client.patch(f"/api/people/{b}/journal/entries/{eid}", json=patch, headers=h).status_code
        == 404
    )
    assert client.delete(f"/api/people/{b}/journal/entries/{eid}", headers=h).status_code == 404
    assert (
        client.post(f"/p/{b}/journal/entries/{eid}/delete", data={"csrf_token": csrf}).status_code
        == 404
    )
    assert client.get(f"/api/people/{a}/journal/entries/{eid}").status_code == 200  # untouched
    assert client.get(f"/api/people/{b}/journal/entries").json() == []
    assert client.get("/api/people/nosuchperson1/journal/stats").status_code == 404


def test_journal_posts_need_csrf(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    r = client.post(f"/p/{pid}/journal/log/cash", data={"balance": "5"})
    assert r.status_code == 403
    r = client.post(
        f"/api/people/{pid}/journal/entries", json={"kind": "cash", "fields": {"balance": 5}}
    )
    assert r.status_code == 403
    assert stats(client, pid)["entries"]["cash"] == 0


def test_payloads_in_journal_text_render_inert(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    r = client.post(
        f"/p/{pid}/journal/log/work",
        data={
            "csrf_token": csrf,
            "platform": payload[:100],
            "paid_minutes": "10",
            "earnings": "1",
            "note": payload,
        },
    )
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_export_downloads(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf)
    client.post(f"/p/{pid}/journal/log/cash", data={"csrf_token": csrf, "balance": "77"})
    r = client.get(f"/p/{pid}/journal.csv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("kind,key,") and "\ncash," in r.text
    doc = client.get(f"/p/{pid}/journal.json").json()
    assert doc["format"] == "crossroads-journal" and doc["entries"][0]["balance"] == 77.0


def test_web_journal_is_the_cli_journal(client: Any, csrf: str, web_app: Any) -> None:
    """The web person's journal is a journal person of the same database (CLI: --person)."""
    pid = new_person(client, csrf, "Shared name")
    client.post(f"/p/{pid}/journal/log/cash", data={"csrf_token": csrf, "balance": "12"})
    page = client.get(f"/p/{pid}/journal").text
    assert "Shared name" in page
    store = web_app.state.web.engine.cr.store
    j = store.journal("Shared name", create=False)
    assert [e["balance"] for e in j.entries(kind="cash")] == [12.0]
    twin = new_person(client, csrf, "Shared name")  # the same name: a journal of its own
    client.get(f"/p/{twin}/journal")
    assert client.get(f"/api/people/{twin}/journal/entries").json() == []
    assert csrf_of(page) == csrf


def test_advice_from_the_journal_moves_and_is_kept_in_the_history(client: Any, csrf: str) -> None:
    """The web's "Update my advice with what I logged" is ``advise --journal``: the wage moves
    toward what was logged, the page says so, and the run is stored in the history."""
    import time

    pid = person_with_example(client, csrf, "Logger")
    assert "Update my advice with what I logged" in client.get(f"/p/{pid}/journal").text
    for day in range(20, 25):
        r = client.post(
            f"/api/people/{pid}/journal/entries",
            json={
                "kind": "work",
                "fields": {
                    "platform": "Clickworker",
                    "paid_minutes": 400,
                    "unpaid_searching_minutes": 90,
                    "earnings": 25.5,
                    "date": f"2026-11-{day}",
                },
            },
            headers=api_headers(csrf),
        )
        assert r.status_code == 201, r.text
    r = client.post(f"/p/{pid}/journal/advise", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    page_url = r.headers["location"]
    assert page_url.startswith(f"/p/{pid}/journal/advice/")
    end = time.monotonic() + 180
    while time.monotonic() < end:
        page = client.get(page_url)
        assert page.status_code == 200, page.text
        if 'id="journal-moved"' in page.text:
            break
        time.sleep(0.3)
    else:
        raise AssertionError("the journal advice did not finish")
    assert "moved the microtask wage from" in page.text
    assert 'id="journal-rec"' in page.text
    history = client.get(f"/api/people/{pid}/journal/history").json()
    assert len(history) == 1
    # the API gives the CLI's document: the advice with its journal section
    doc = client.post(f"/api/people/{pid}/journal/advise", headers=api_headers(csrf))
    assert doc.status_code == 200, doc.text
    body = doc.json()
    assert body["recommendation"] == body["journal"]["after"]["recommendation"]
    assert body["journal"]["plan_followed"]["option_id"] == history[0]["recommendation"]
    assert len(client.get(f"/api/people/{pid}/journal/history").json()) == 2
    # someone else's job id is not found, like any unknown id
    other = new_person(client, csrf, "Other")
    assert client.get(page_url.replace(pid, other)).status_code == 404


def test_advice_from_the_journal_needs_a_profile_first(client: Any, csrf: str) -> None:
    pid = new_person(client, csrf, "No profile")
    r = client.post(f"/p/{pid}/journal/advise", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/p/{pid}/start/about"
    r = client.post(f"/api/people/{pid}/journal/advise", headers=api_headers(csrf))
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "profile"
    assert client.post(f"/p/{pid}/journal/advise").status_code == 403  # CSRF
