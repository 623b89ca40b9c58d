"""Pages without a browser: the questionnaire's inline errors and saved progress, import/export,
downloads, and HTML/JS payloads rendered inert (issue 15 §2, §5)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from conftest import wait_advice

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "<svg onload=alert(1)>",
]


def _new(client: Any, csrf: str, name: str = "Ana") -> str:
    r = client.post("/people", data={"name": name, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    return str(r.headers["location"].split("/")[2])


def test_questionnaire_inline_errors_and_saved_progress(client: Any, csrf: str) -> None:
    pid = _new(client, csrf)
    r = client.post(
        f"/p/{pid}/start/money",
        data={"csrf_token": csrf, "money.savings": "lots", "money.monthly_expenses": "1200"},
    )
    assert r.status_code == 422
    assert 'aria-invalid="true"' in r.text
    assert "is not a number" in r.text
    # The valid answer on the same page was kept.
    page = client.get(f"/p/{pid}/start/money").text
    assert 'value="1200"' in page
    # Autosave (what htmx sends on change) stores an answer without leaving the page.
    r = client.post(
        f"/p/{pid}/start/money", data={"csrf_token": csrf, "money.savings": "800", "autosave": "1"}
    )
    assert r.status_code == 200 and r.text.startswith("Saved")
    assert 'value="800"' in client.get(f"/p/{pid}/start/money").text
    # Cross-field rule from the questionnaire: the cash floor may not exceed the savings.
    r = client.post(
        f"/p/{pid}/start/money",
        data={
            "csrf_token": csrf,
            "money.savings": "800",
            "money.monthly_expenses": "1200",
            "money.cash_floor": "900",
        },
    )
    assert r.status_code == 422 and "above your savings" in r.text


def test_whole_questionnaire_gives_a_profile(client: Any, csrf: str) -> None:
    pid = _new(client, csrf, "Bo")
    steps = {
        "about": {"name": "Bo", "country": "ph", "currency": "php"},
        "money": {"money.savings": "20000", "money.monthly_expenses": "15000"},
        "time": {"time.hours_per_week": "25", "risk.max_shortfall_probability": "15%"},
        "priorities": {"priorities.quick_payout": "5"},
        "skills": {"skills.speaking": "5", "skills.active_listening": "4"},
    }
    for slug, data in steps.items():
        r = client.post(
            f"/p/{pid}/start/{slug}", data={"csrf_token": csrf, **data}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/p/{pid}/advice"
    y = client.get(f"/p/{pid}/profile.yaml").text
    assert "country: PH" in y and "currency: PHP" in y and "max_shortfall_probability: 0.15" in y
    assert "speaking: 5" in y


def test_import_refuses_a_bad_file_naming_the_field(client: Any, csrf: str) -> None:
    pid = _new(client, csrf)
    bad = b"name: X\ncountry: US\nmoney:\n  savings: -1\n  monthly_expenses: 10\ntime:\n  hours_per_week: 10\n"
    r = client.post(f"/p/{pid}/import", data={"csrf_token": csrf}, files={"file": ("me.yaml", bad)})
    assert r.status_code == 422
    assert "money.savings" in r.text


def test_downloads(client: Any, person_with_profile: str) -> None:
    pid = person_with_profile
    ics = client.get(f"/p/{pid}/plan.ics")
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR")
    md = client.get(f"/p/{pid}/plan.md")
    assert md.status_code == 200 and md.text.startswith("#")
    rep = client.get(f"/p/{pid}/report.html")
    assert rep.status_code == 200 and "attachment" in rep.headers["content-disposition"]
    assert "<svg" in rep.text or "vegaEmbed" in rep.text
    plan = client.get(f"/p/{pid}/plan").text
    assert 'id="this-week"' in plan


def test_advice_page_shows_the_core_numbers(
    client: Any, person_with_profile: str, example_profile: Any
) -> None:
    from crossroads.decision import advise

    html = wait_advice(client, person_with_profile)
    adv = advise(example_profile("student"), paths=2000, seed=0)
    assert adv.recommendation_label.replace("&", "&amp;") in html
    assert html.count("<svg") >= 2  # charts rendered on the server
    assert 'type="range"' in html


def test_matches_filters(client: Any, person_with_profile: str) -> None:
    pid = person_with_profile
    soft = client.get(f"/p/{pid}/matches?remote=1&soft=1").text
    assert soft.count('class="card match"') > 0
    assert soft.count("soft-skill career") >= soft.count('class="card match"')
    r = client.get(f"/p/{pid}/matches?wage=lots")
    assert r.status_code == 422 and "wage" in r.text


def test_payloads_render_inert(client: Any, csrf: str) -> None:
    for payload in PAYLOADS:
        pid = _new(client, csrf, payload)
        client.post(
            f"/p/{pid}/start/about", data={"csrf_token": csrf, "name": payload, "country": payload}
        )
        for url in ["/", f"/p/{pid}/start/about", f"/p/{pid}/start/money"]:
            html = client.get(url).text
            if payload.startswith("<") or payload.startswith('"'):
                assert payload not in html, (url, payload)
            assert "<script>alert" not in html and "onerror=alert" not in html.replace(
                "onerror=alert(1)&gt;", ""
            )
            assert not re.search(r"<img[^>]+onerror", html)
            assert "<svg onload" not in html


def test_payload_in_profile_name_inert_on_advice(
    client: Any, csrf: str, example_profile: Any
) -> None:
    from crossroads.profile import example_text

    pid = _new(client, csrf)
    text = example_text("student").replace("name: ", 'name: "<script>alert(1)</script>" #', 1)
    r = client.post(
        f"/p/{pid}/import",
        data={"csrf_token": csrf},
        files={"file": ("x.yaml", text.encode())},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    html = wait_advice(client, pid)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_help_pages_are_listed_and_render(client: Any) -> None:
    index = client.get("/help").text
    slugs = re.findall(r'href="/help/([a-z-]+)"', index)
    assert {"getting-started", "advice", "privacy"} <= set(slugs)
    for s in slugs:
        r = client.get(f"/help/{s}")
        assert r.status_code == 200 and "<h1>" in r.text
    assert client.get("/help/nope").status_code == 404


def test_vendored_htmx_matches_its_record(client: Any) -> None:
    static = Path(__file__).parents[2] / "src" / "crossroads" / "web" / "static"
    record = (static / "VENDORED.txt").read_text()
    sha = re.search(r"sha256:\s+([0-9a-f]{64})", record)
    assert sha
    served = client.get("/static/htmx.min.js").content
    assert hashlib.sha256(served).hexdigest() == sha.group(1)
    assert b"2.0.11" in served
