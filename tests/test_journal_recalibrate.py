"""Bayesian recalibration from the journal, and advise --journal (moves toward what was logged)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from crossroads.journal import JournalStore
from crossroads.journal.recalibrate import recalibrate
from crossroads.params import PARAMS, resolve_params


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


def test_no_work_moves_no_wage_and_learning_without_a_plan_is_only_reported(
    tmp_path: Path,
) -> None:
    j = JournalStore(tmp_path / "n.sqlite").journal()
    j.log_learning(hours=5, date="2026-11-20")
    j.log_application(date="2026-11-20")
    rec = recalibrate(j.rows(), resolve_params(), today=dt.date(2026, 11, 26))
    assert {p.name for p in rec.posteriors} == {"study_pace", "offer_rate"}
    pace = next(p for p in rec.posteriors if p.name == "study_pace")
    assert pace.posterior_mean < pace.prior_mean and pace.feeds == ()
    assert set(rec.params) == {"personal_hire_factor"}  # no wage entry, no plan for the pace
    assert any("study pace reported, not fed" in n for n in rec.notes)


def test_study_pace_feeds_the_share_of_the_plan_studied(tmp_path: Path) -> None:
    j = JournalStore(tmp_path / "p.sqlite").journal()
    for d in range(14):  # two weeks at 1 h a day against a plan of 20 h/week
        j.log_learning(hours=1, date=(dt.date(2026, 11, 1) + dt.timedelta(days=d)).isoformat())
    p = resolve_params()
    rec = recalibrate(j.rows(), p, planned_learning_hours=20, today=dt.date(2026, 11, 14))
    pace = next(x for x in rec.posteriors if x.name == "study_pace")
    # Gamma(20 x k, k) prior centred on the plan, + 14 h over 2 weeks (k = journal_pace_prior_weeks)
    k = p["journal_pace_prior_weeks"]
    assert pace.prior_mean == 20 and pace.feeds == ("learning_pace_share",)
    assert pace.posterior_mean == pytest.approx((20 * k + 14) / (k + 2), rel=1e-3)
    assert rec.params["learning_pace_share"] == pytest.approx(pace.posterior_mean / 20, rel=1e-4)
    stronger = recalibrate(
        j.rows(),
        p.replace(journal_pace_prior_weeks=10),
        planned_learning_hours=20,
        today=dt.date(2026, 11, 14),
    )
    assert stronger.params["learning_pace_share"] > rec.params["learning_pace_share"]  # overridable


def test_offer_rate_feeds_a_relative_hire_factor(tmp_path: Path) -> None:
    p = resolve_params()

    def factor(n_app: int, n_off: int, sub: str) -> float:
        j = JournalStore(tmp_path / f"{sub}.sqlite").journal()
        for _ in range(n_app):
            j.log_application(date="2026-11-20")
        for _ in range(n_off):
            j.log_application(date="2026-11-21", stage="offer")
        rec = recalibrate(j.rows(), p)
        post = next(x for x in rec.posteriors if x.name == "offer_rate")
        assert post.feeds == ("personal_hire_factor",)
        return rec.params["personal_hire_factor"]

    none = factor(20, 0, "a")
    m0, k0 = p["journal_offer_rate_prior"], p["journal_offer_prior_applications"]
    assert none == pytest.approx(m0 * k0 / (k0 + 20) / m0, rel=1e-4)  # Beta-Binomial by hand
    assert none < 1 < factor(10, 3, "b")
    assert factor(4, 4, "c") == PARAMS["personal_hire_factor"].high  # clipped to the registry


def test_the_fed_factors_move_the_engine() -> None:
    from crossroads.options import parse_option
    from crossroads.profile import load_example
    from crossroads.simulation import simulate

    prof = load_example("career-changer")
    opt = [parse_option("hybrid:20:2:43-6014.00", prof)]
    base = resolve_params(prof.assumptions)
    runs = {
        name: simulate(prof, opt, paths=400, seed=1, params=base.replace(**change))
        for name, change in {
            "base": {},
            "slow": {"learning_pace_share": 0.5},
            "hired": {"personal_hire_factor": 2.0},
        }.items()
    }

    def median(name: str, field: str) -> float:
        import numpy as np

        x = getattr(runs[name], field)[0].astype(float)
        return float(np.median(np.where(x < 0, 999, x)))

    assert median("slow", "training_done_month") > median("base", "training_done_month")
    assert median("hired", "hired_month") < median("base", "hired_month")


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
    for args in (
        ("learn", "--hours", "3", "--date", "2026-11-20"),
        ("apply", "--occupation", "43-4051.00", "--date", "2026-11-21"),
        ("apply", "--occupation", "43-4051.00", "--date", "2026-11-22"),
    ):
        assert cli("log", *args, "--db", db).exit_code == 0
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
    assert 0 < j["params"]["personal_hire_factor"] < 1  # two applications, no offer yet
    # the pace is measured against the plan the person was given: the recommendation before the
    # journal (not the first row of the updated ranking, which may be another option)
    before_id = j["before"]["recommendation"]
    planned = next((o["learning_hours"] for o in doc["options"] if o["id"] == before_id), None)
    if planned:  # a plan with learning: the pace reached the run
        assert 0.1 <= j["params"]["learning_pace_share"] <= 1
        assert any("your study pace" in m for m in j["moved"])
    if "learning_pace_share" in j["params"]:
        assert 0.1 <= j["params"]["learning_pace_share"] <= 1
    assert any("hire chance ×" in m for m in j["moved"])
    h = cli("journal", "history", "--db", db, "--json").json()
    assert len(h) == 1 and h[0]["results"]["microtask_wage_after"] == pytest.approx(
        wage["posterior_mean"], rel=1e-3
    )
    assert "Clickworker" not in cli("journal", "history", "--db", db).stderr


def test_report_with_journal_shows_wage_and_cash_against_the_plan(
    cli: Any, tmp_path: Path, example_path: Any
) -> None:
    db = str(tmp_path / "rep.sqlite")
    for d, earned in enumerate(("6.0", "9.5", "4.0")):
        args: tuple[str, ...] = (
            "-p",
            "Clickworker",
            "--minutes",
            "120",
            "--unpaid-searching",
            "30",
        )
        r = cli(
            "log",
            "work",
            *args,
            "--earned",
            earned,
            "--date",
            f"2026-11-{2 + 7 * d:02d}",
            "--db",
            db,
        )
        assert r.exit_code == 0, r.stderr
    assert cli("log", "cash", "--balance", "100", "--date", "2026-11-20", "--db", db).exit_code == 0
    out = tmp_path / "r.html"
    args = (
        str(example_path("career-changer")),
        "-o",
        str(out),
        "--paths",
        "300",
        "--db",
        db,
    )
    r = cli("report", *args, "--journal")
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert 'id="journal"' in html and 'id="chart-journal_wage"' in html
    assert 'id="chart-journal_cash"' in html and "worst 10 %" in html
    assert "Your effective hourly wage, week by week" in html
    plain = tmp_path / "p.html"
    assert cli("report", args[0], "-o", str(plain), "--paths", "300").exit_code == 0
    assert 'id="journal"' not in plain.read_text(encoding="utf-8")  # only with --journal
