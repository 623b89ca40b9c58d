"""Issue 11, "Done when": every country's own money and wage level, and microtask work by country.

One test (or a few) per item of the issue's acceptance list, on the realistic profiles under
tests/data/world/ (India/INR, Philippines/PHP, Kenya/KES, UK/GBP, Germany/EUR, Japan/JPY).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossroads.errors import InputError
from crossroads.options import parse_option
from crossroads.params import params_for, resolve_params
from crossroads.profile import load_profile, profile_from_data
from crossroads.simulation import simulate
from crossroads.simulation.metrics import summarise
from crossroads.simulation.setup import compile_setup
from crossroads.world import fmt
from crossroads.world.currency import ecb_rate_to_usd, ecb_rates, fx_for_profile, to_usd
from crossroads.world.wages import country_wages, entry_wage, has_country_data, international_table

DATA = Path(__file__).parent / "data" / "world"
CSR = "43-4051.00"
COUNTRIES = {"india": "IN", "philippines": "PH", "kenya-fx": "KE", "uk": "GB", "germany": "DE"}


def world(name: str) -> Any:
    return load_profile(DATA / f"{name}.yaml")


def _setup(profile: Any, option: str, catalog: Any) -> Any:
    return compile_setup(
        profile, [parse_option(option, profile)], params_for(profile), catalog, None
    )


# ---- currency ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,cur", [("india", "INR"), ("philippines", "PHP"), ("germany", "EUR"), ("uk", "GBP")]
)
def test_ecb_currency_without_a_rate_works_and_says_so(name: str, cur: str, cli: Any) -> None:
    p = world(name)
    fx = fx_for_profile(p)
    day, _ = ecb_rates()
    assert fx.source == "ecb" and fx.date == day and fx.currency == cur and 0 < fx.usd_per_unit < 2
    res = cli("advise", DATA / f"{name}.yaml", "--json", "--paths", "400")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    assert doc["currency"] == cur
    assert any(
        "European Central Bank reference rate of " + day.isoformat() in w for w in doc["warnings"]
    )


def test_kes_without_a_rate_is_refused_naming_the_field(cli: Any) -> None:
    for cmd in ("validate", "advise"):
        res = cli(cmd, DATA / "kenya.yaml")
        assert res.exit_code == 2
        assert "money.fx_to_usd" in res.stderr and "KES" in res.stderr
        assert "Traceback" not in res.stderr


def test_rate_given_in_the_profile_wins() -> None:
    p = world("kenya-fx")
    assert (
        fx_for_profile(p).usd_per_unit == pytest.approx(0.0077)
        and fx_for_profile(p).source == "profile"
    )
    data = world("india").to_data()
    data["money"]["fx_to_usd"] = 0.02
    assert fx_for_profile(profile_from_data(data)).usd_per_unit == 0.02


def test_payout_threshold_is_converted_from_its_currency(catalog: Any) -> None:
    clickworker = catalog.platform("clickworker")
    assert clickworker.payout_threshold == 10 and clickworker.payout_threshold_currency == "EUR"
    usd = to_usd(10, "EUR")
    assert usd is not None and usd == pytest.approx(10 * ecb_rate_to_usd("EUR").usd_per_unit)  # type: ignore[union-attr]
    s = _setup(world("germany"), "microtask", catalog)
    if s.platforms.general_id == "clickworker":
        assert s.platforms.threshold_usd == pytest.approx(usd)
    assert s.platforms.threshold_usd != 10 or s.platforms.general_id != "clickworker"


def test_money_is_formatted_for_the_locale() -> None:
    assert fmt.money(150000, "INR", "IN") == "1,50,000 INR"
    assert fmt.money(1234, "EUR", "DE") == "1.234 EUR"
    assert fmt.money(1234, "GBP", "GB") == "1,234 GBP"
    assert fmt.money_hourly(83.2, "PHP", "PH") == "83.20 PHP/h"
    assert fmt.money(None, "USD") == "n/a"


# ---- country wages -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COUNTRIES))
def test_employee_career_income_is_in_the_local_range(name: str, catalog: Any) -> None:
    """Final monthly income of an employee career within ×3 of the country's ILOSTAT average.

    Measured on the paths employed in the final month (the wage level this issue sets); whether
    the median path is hired by then is the careers model's (issue 9) and is reported, not tested.
    """
    import numpy as np

    p = world(name)
    cw = country_wages(COUNTRIES[name])
    assert cw.currency == p.currency
    r = simulate(
        p,
        [parse_option(f"career:{CSR}", p)],
        paths=1500,
        seed=0,
        catalog=catalog,
        keep=("job_income", "hours_job", "employed"),
    )
    employed = np.asarray(r.employed[0, :, -1], dtype=bool)
    assert employed.mean() > 0.2
    income = np.asarray(r.job_income[0, :, -1])[employed]
    hours = np.asarray(r.hours_job[0, :, -1])[employed]
    avg = cw.average_monthly_lcu
    # ILOSTAT's average is of employees at their usual (mostly full-time) hours, so the check is
    # on the full-time-equivalent income (× 40 h / the job's hours): the issue's ×3 both ways.
    fte = float(np.median(income * 40.0 / hours))
    assert avg / 3 <= fte <= avg * 3, (fte, avg)
    # The monthly income itself at the profile's 30 h/week is net of the flat 10 % income tax
    # (ILOSTAT's average is gross): entrants at DOL Level I (~P17 of OEWS 43-4051) × 30/40 h ×
    # the 10 % part-time pay penalty × 0.9 after tax gives 0.30-0.43 × the average where no
    # minimum wage binds (India 6,529 vs 21,681 INR; FTE gross-equivalent 0.40-0.57). Reported
    # in docs/world.md; the bound here is that arithmetic.
    final = float(np.median(income))
    assert avg * 0.25 <= final <= avg * 3, (final, avg)


def test_minimum_wage_schedule_by_date() -> None:
    import datetime as dt

    from crossroads.world.minimum_wage import UNAPPLIED, minimum_wage

    gb25, gb26 = minimum_wage("GB", dt.date(2025, 6, 1)), minimum_wage("GB", dt.date(2026, 12, 1))
    assert gb25 is not None and (gb25.hourly, gb25.evidence) == (12.21, "W11a")
    assert gb26 is not None and (gb26.hourly, gb26.currency) == (12.71, "GBP")
    de27 = minimum_wage("DE", dt.date(2027, 3, 1))
    assert de27 is not None and de27.hourly == 14.60
    us = minimum_wage("us", dt.date(2026, 1, 1))
    assert us is not None and us.hourly == 7.25
    assert minimum_wage("GB", dt.date(2020, 1, 1)) is None  # before the earliest bundled rate
    for c in ("IN", "PH", "KE"):
        assert minimum_wage(c) is None and c in UNAPPLIED


def test_uk_employee_wages_never_fall_below_the_minimum_wage(catalog: Any) -> None:
    """The UK entry wage was 6.55 GBP/h under the OEWS × ILOSTAT move; the NLW floors it now."""
    import numpy as np

    uk = world("uk")  # as_of 2026-12-01: the National Living Wage of April 2026 is in force
    assert entry_wage("GB", on=uk.as_of).hourly == 12.71
    assert (
        entry_wage("IN", on=uk.as_of).hourly
        < international_table()["oews_all_occupations_hourly"]["p10"] * 4
    )
    r = simulate(
        uk,
        [parse_option(f"career:{CSR}", uk)],
        paths=600,
        seed=0,
        catalog=catalog,
        keep=("job_income", "hours_job", "employed"),
    )
    emp = np.asarray(r.employed[0], dtype=bool)
    tax = params_for(uk)["income_tax_rate"]
    hourly = np.asarray(r.job_income[0])[emp] / (np.asarray(r.hours_job[0])[emp] * 52 / 12)
    assert hourly.min() >= 12.71 * (1 - tax) - 0.01  # after the flat tax, never below the NLW
    s = _setup(uk, f"career:{CSR}", catalog)
    assert any("W11b" in n for g in s.groups for n in g.notes)  # the advice says so


def test_wage_quantile_floor() -> None:
    from crossroads.simulation.career import shifted, wage_quantile, with_floor

    wq = wage_quantile({"p10": 5, "p25": 8, "p50": 10, "p75": 14, "p90": 20}, resolve_params(None))
    assert wq is not None
    f = with_floor(wq, 9.0)
    assert float(f(0.05)) == 9.0 and float(f(0.5)) == float(wq(0.5))
    assert float(shifted(f, 0.5)(0.9)) >= 9.0  # a part-time penalty keeps the legal floor


def test_entry_wage_is_local_and_monthly() -> None:
    us = entry_wage("US")
    assert us.hourly == international_table()["oews_all_occupations_hourly"]["p10"] == 15.0
    assert us.monthly == pytest.approx(15.0 * 40 * 52 / 12)
    inr = entry_wage("IN")
    cw = country_wages("IN")
    assert inr.currency == "INR" and inr.hourly == pytest.approx(
        15.0 * cw.relative_level * cw.ppp_factor
    )
    assert inr.monthly < cw.average_monthly_lcu  # an entry wage sits below the average


def test_country_without_data_is_refused_for_careers(cli: Any) -> None:
    assert not has_country_data("JP")
    with pytest.raises(InputError) as e:
        country_wages("JP")
    assert e.value.errors[0].field == "country" and "wage_hourly" in str(e.value)
    res = cli("advise", DATA / "japan.yaml", "--json", "--paths", "300")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    assert all(o["kind"] == "microtask" for o in doc["options"])
    assert any("careers are left out for JP" in w for w in doc["warnings"])
    bad = cli("advise", DATA / "japan.yaml", "--target", CSR, "--paths", "300")
    assert bad.exit_code == 2 and "targets" in bad.stderr


def test_target_wage_override(catalog: Any) -> None:
    data = world("japan").to_data()
    data["targets"] = [{"code": CSR, "wage_hourly": 1500}]
    p = profile_from_data(data)
    s = _setup(p, f"career:{CSR}", catalog)
    median_usd = float(s.groups[0].wage(0.5))
    assert median_usd / s.fx == pytest.approx(1500, rel=1e-6)
    india = _setup(world("india"), f"career:{CSR}", catalog)
    assert "wages for India" in india.groups[0].wage_note


# ---- microtasks by country ---------------------------------------------------------------------


def test_microtask_pay_differs_by_country(catalog: Any) -> None:
    levels = {n: _setup(world(n), "microtask", catalog).mt_level_usd for n in COUNTRIES}
    us = _setup(
        load_profile(Path(__file__).parents[1] / "src/crossroads/examples/dana.yaml"),
        "microtask",
        catalog,
    ).mt_level_usd
    assert levels["india"] == pytest.approx(us * 1.41 / 3.01)  # Hara 2019 (W1, W2)
    assert levels["kenya-fx"] == pytest.approx(
        us * 1.33 / 4.70
    )  # ILO Africa vs North America (B8, B6)
    assert levels["philippines"] == pytest.approx(us * 2.22 / 4.70)  # ILO Asia-Pacific (B7)
    assert levels["kenya-fx"] < levels["india"] < levels["germany"] <= us


def test_platform_eligibility_differs_and_unknowns_are_flagged(catalog: Any) -> None:
    day = "2026-12-01"
    open_to = {
        cc: {p.id for p in catalog.open_platforms(cc, day)} for cc in ("IN", "PH", "KE", "GB", "DE")
    }
    for cc in ("IN", "PH", "KE"):
        assert "prolific" not in open_to[cc]
    for cc in ("GB", "DE"):
        assert "prolific" in open_to[cc]
    s = _setup(world("india"), "microtask", catalog)
    assert "clickworker" in s.platforms.unknown_ids
    assert any("eligibility unknown" in w for w in s.warnings)
    kinds = {p.id: p.kind for p in catalog.platforms}
    assert (
        kinds["prolific"] == "study"
        and kinds["clickworker"] == "open_marketplace"
        and kinds["ai_rating"] == "rating"
    )


def test_someone_on_prolific_skips_the_waitlist(catalog: Any) -> None:
    base = world("uk")
    data = base.to_data()
    data["current_work"] = [
        {
            "platform": "prolific",
            "hours_per_week": 4,
            "earnings_per_month": 180,
            "since": "2025-06-01",
        }
    ]
    on = profile_from_data(data)
    s_new, s_on = _setup(base, "microtask", catalog), _setup(on, "microtask", catalog)
    assert s_new.platforms.prolific_days[1] > 30  # the waitlist: days to months (E4)
    assert s_on.platforms.prolific_days == (0.0, 0.0)
    assert s_on.h_pro[0] == 4.0  # their own study hours
    observed = 180 * s_on.fx / (4 * 52 / 12)
    assert (
        min(observed, s_new.pro_hourly_usd)
        <= s_on.pro_hourly_usd
        <= max(observed, s_new.pro_hourly_usd)
    )
    m_new = summarise(
        simulate(base, [parse_option("microtask", base)], paths=500, seed=1, catalog=catalog), 0
    )
    m_on = summarise(
        simulate(on, [parse_option("microtask", on)], paths=500, seed=1, catalog=catalog), 0
    )
    assert m_on.months_to_first_income_p50 is not None
    assert (
        m_new.months_to_first_income_p50 is None
        or m_on.months_to_first_income_p50 <= m_new.months_to_first_income_p50
    )
    assert m_on.months_to_first_income_p50 == 1


def test_current_work_is_validated() -> None:
    data = world("uk").to_data()
    data["current_work"] = {"platform": "prolific", "hours_per_week": 0, "earnings_per_month": -5}
    with pytest.raises(InputError) as e:
        profile_from_data(data)
    fields = {err.field for err in e.value.errors}
    assert (
        "current_work.0.hours_per_week" in fields and "current_work.0.earnings_per_month" in fields
    )
