"""The JSON API (issue 15 §3): same advice document as the CLI, every 4xx names the field."""

from __future__ import annotations

import json
from typing import Any

from conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_api_advise_equals_cli_json(
    client: Any, cli: Any, example_path: Any, example_profile: Any
) -> None:
    run = {"paths": 1500, "seed": 3, "horizon": 24, "method": "topsis"}
    r = client.post(
        "/api/advise",
        json={"profile": example_profile("cash-now").to_data(), "run": run},
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    res = cli(
        "advise",
        example_path("cash-now"),
        "--json",
        "--paths",
        "1500",
        "--seed",
        "3",
        "--horizon",
        "24",
        "--method",
        "topsis",
    )
    assert res.exit_code == 0, res.stderr
    assert r.json() == res.json()
    assert r.json()["paths"] == 1500 and r.json()["seed"] == 3


def test_validate_names_every_field(client: Any, example_profile: Any) -> None:
    data = example_profile("student").to_data()
    data["money"]["savings"] = -5
    data["time"]["hours_per_week"] = 500
    r = client.post("/api/profile/validate", json={"profile": data}, headers=AUTH)
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["detail"]}
    assert {"money.savings", "time.hours_per_week"} <= fields
    ok = client.post(
        "/api/profile/validate",
        json={"profile": example_profile("student").to_data()},
        headers=AUTH,
    )
    assert ok.status_code == 200 and ok.json()["ok"] is True


def test_run_options_refused_with_field(client: Any, example_profile: Any) -> None:
    prof = example_profile("student").to_data()
    for run, field in [
        ({"paths": 10}, "run.paths"),
        ({"paths": True}, "run.paths"),
        ({"method": "vote"}, "run.method"),
        ({"horizon": 0}, "run.horizon"),
    ]:
        r = client.post("/api/advise", json={"profile": prof, "run": run}, headers=AUTH)
        assert r.status_code == 422, run
        assert field in {d["field"] for d in r.json()["detail"]}, r.json()


def test_malformed_json_is_400_or_422_not_500(client: Any) -> None:
    r = client.post(
        "/api/advise", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
    )
    assert r.status_code in (400, 422)


def test_whatif_moves_the_shortfall(client: Any, example_profile: Any) -> None:
    prof = example_profile("cash-now").to_data()
    poor = client.post(
        "/api/whatif",
        json={"profile": prof, "run": {"paths": 2000}, "change": {"savings": 0}},
        headers=AUTH,
    ).json()
    rich = client.post(
        "/api/whatif",
        json={"profile": prof, "run": {"paths": 2000}, "change": {"savings": 50_000}},
        headers=AUTH,
    ).json()
    assert poor["paths"] == 1000
    assert [o["was"] for o in poor["options"]] == [o["was"] for o in rich["options"]]
    assert all(
        r["p_shortfall"] <= p["p_shortfall"]
        for p, r in zip(poor["options"], rich["options"], strict=True)
    )
    assert any(
        r["p_shortfall"] < p["p_shortfall"]
        for p, r in zip(poor["options"], rich["options"], strict=True)
    )
    bad = client.post(
        "/api/whatif",
        json={"profile": prof, "change": {"assumption": "no_such_param", "assumption_value": 1}},
        headers=AUTH,
    )
    assert bad.status_code == 422
    assert any("assumptions" in d["field"] for d in bad.json()["detail"]), bad.json()


def test_match_and_plan(client: Any, example_profile: Any) -> None:
    prof = example_profile("career-changer").to_data()
    r = client.post(
        "/api/match", json={"profile": prof, "soft_skills": True, "limit": 5}, headers=AUTH
    )
    assert r.status_code == 200
    assert 0 < len(r.json()) <= 5 and all(m["career_path"] for m in r.json())
    r = client.post("/api/plan", json={"profile": prof, "run": {"paths": 1000}}, headers=AUTH)
    assert r.status_code == 200
    plan = r.json()
    assert plan["months"] and plan["paths"] == 1000
    json.dumps(plan)


def test_openapi_lists_the_api(client: Any) -> None:
    spec = client.get("/api/openapi.json").json()
    for p in [
        "/api/advise",
        "/api/whatif",
        "/api/match",
        "/api/plan",
        "/api/profile/validate",
        "/api/sources",
    ]:
        assert p in spec["paths"], p
    assert not any(p.startswith("/p/") for p in spec["paths"])
