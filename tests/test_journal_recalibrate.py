"""Bayesian recalibration from the journal, and advise --journal (moves toward what was logged)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from crossroads.journal import JournalStore
from crossroads.journal.recalibrate import recalibrate
from crossroads.params import resolve_params


def _journal(tmp_path: Path, hours_per_day: float, rate: float, days: int = 5) -> Any:
    j = JournalStore(tmp_path / "r.sqlite").journal()
    for d in range(days):
        j.log_work(
            platform="Clickworker",
            paid_minutes=hours_per_day * 60 * 0.8,
            unpaid_searching_minutes=hours_per_day * 60 * 0.2,
            earnings=rate * hours_per_day,
            date=f"2026-11-{20 + d}",
        )
    return j


def test_wage_posterior_is_between_prior_and_data_and_tightens(tmp_path: Path) -> None:
    p = resolve_params()
    few = recalibrate(_journal(tmp_path / "a", 1, 4.0, 2).rows(), p)
    many = recalibrate(_journal(tmp_path / "b", 8, 4.0, 10).rows(), p)
    for rec in (few, many):
        post = next(x for x in rec.posteriors if x.name == "microtask_wage_level")
        assert 1.77 < post.posterior_mean < 4.0
        assert post.posterior_interval[0] < post.posterior_mean < post.posterior_interval[1]
    wf = next(x for x in few.posteriors if x.name == "microtask_wage_level")
    wm = next(x for x in many.posteriors if x.name == "microtask_wage_level")
    assert wm.posterior_mean > wf.posterior_mean  # more hours, closer to the logged 4.00
    assert (
        many.params["mt_wage_sigma_between"]
        < few.params["mt_wage_sigma_between"]
        < p["mt_wage_sigma_between"]
    )
    # conjugate normal by hand
    sb, sw, ref, h = p["mt_wage_sigma_between"], p["mt_wage_sigma_within"], 43.3, 80.0
    prec = 1 / sb**2 + h / (ref * sw**2)
    mu = (math.log(1.77) / sb**2 + math.log(4.0) * h / (ref * sw**2)) / prec
    assert wm.posterior_mean == pytest.approx(math.exp(mu), rel=1e-3)
    unpaid = next(x for x in many.posteriors if x.name == "unpaid_share")
    assert 0.2 < unpaid.posterior_mean < unpaid.prior_mean


def test_no_work_no_change(tmp_path: Path) -> None:
    j = JournalStore(tmp_path / "n.sqlite").journal()
    j.log_learning(hours=5, date="2026-11-20")
    j.log_application(date="2026-11-20")
    rec = recalibrate(j.rows(), resolve_params())
    assert rec.params == {}
    assert {p.name for p in rec.posteriors} == {"study_pace", "offer_rate"}
    pace = next(p for p in rec.posteriors if p.name == "study_pace")
    assert pace.posterior_mean < pace.prior_mean


def test_advise_journal_moves_toward_log_and_is_stored(
    cli: Any, tmp_path: Path, example_path: Any
) -> None:
    db = str(tmp_path / "adv.sqlite")
    for d in range(5):
        assert (
            cli(
                "log",
                "work",
                "-p",
                "Clickworker",
                "--minutes",
                "400",
                "--unpaid-searching",
                "90",
                "--earned",
                "25.5",
                "--date",
                f"2026-11-{20 + d}",
                "--db",
                db,
            ).exit_code
            == 0
        )
    assert cli("log", "cash", "--balance", "10", "--date", "2026-11-25", "--db", db).exit_code == 0
    r = cli(
        "advise",
        str(example_path("career-changer")),
        "--journal",
        "--db",
        db,
        "--paths",
        "500",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    j = doc["journal"]
    assert doc["recommendation"] == j["after"]["recommendation"]
    wage = next(p for p in j["posteriors"] if p["name"] == "microtask_wage_level")
    assert wage["prior_mean"] < wage["posterior_mean"] < 3.13
    assert any("moved the microtask wage from" in m for m in j["moved"])
    assert wage["posterior_mean"] > wage["prior_mean"]
    [band] = j["cash_vs_plan"]
    assert band["month"] == 1 and 0.0 <= band["percentile"] <= 1.0 and band["p10"] <= band["p90"]
    assert "worst 10 %" in band["text"]  # 10 USD is far below the plan's month-1 cash
    assert (
        any(a["name"] == "mt_wage_multiplier" and a["overridden"] for a in doc["assumptions"])
        or "mt_wage_multiplier" in j["params"]
    )
    h = cli("journal", "history", "--db", db, "--json").json()
    assert len(h) == 1 and h[0]["results"]["microtask_wage_after"] == pytest.approx(
        wage["posterior_mean"], rel=1e-3
    )
    assert "Clickworker" not in cli("journal", "history", "--db", db).stderr
