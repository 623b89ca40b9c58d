"""Promotion from an entry rung to the next rung of the O*NET ladder (issue 9 item 2).

The rung's tenure buys the related experience the next rung's typical entrant has (O*NET ETE RW /
BLS EP); then a constant promotion hazard (``promotion_rate_annual_pct``, NLSY79 evidence L13).
The engine does it in closed form on the pay matrix; the reference loop month by month: both must
agree path by path, and the plan shows the promotion as a milestone.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crossroads.options import parse_option
from crossroads.params import params_for
from crossroads.profile import Fallback, load_example
from crossroads.requirements import promotion_step
from crossroads.simulation import simulate
from crossroads.simulation.draws import make_draws
from crossroads.simulation.reference import run_path

RUNG = "43-6014.00"  # Secretaries and Administrative Assistants → Executive Secretaries (43-6011)


def _profile(**assumptions: float) -> Any:
    p = load_example("career-changer")
    return p.model_copy(update={"fallback": Fallback(rule="off"), "assumptions": {**assumptions}})


def test_the_step_is_the_ladder_the_issue_names(catalog: Any) -> None:
    pr = _profile()
    step = promotion_step(pr, catalog.occupation(RUNG), catalog, params_for(pr))
    assert step is not None and step.code == "43-6011.00"
    assert step.after_months == 12 * step.required_years  # no related experience yet
    # with 4 years as a secretary 43-6011 is a direct target, no longer a promotion
    exp = type(pr).model_validate(
        {**pr.model_dump(), "experience": [{"occupation": RUNG, "years": 4}]}
    )
    again = promotion_step(exp, catalog.occupation(RUNG), catalog, params_for(exp))
    assert again is None or again.code != "43-6011.00"


def test_engine_equals_reference_with_promotions(catalog: Any) -> None:
    pr = _profile(promotion_rate_annual_pct=30.0)
    r = simulate(pr, [parse_option(f"career:{RUNG}", pr)], paths=60, seed=8, horizon=120,
                 catalog=catalog)  # fmt: skip
    assert (r.promoted_month[0] > 0).sum() >= 10
    d = make_draws(8, 60, r.months)
    for j in range(60):
        ref = run_path(r.setup, 0, d, j)
        assert np.allclose(r.job_income[0, j], ref["job_income"], atol=1.0, rtol=1e-4), j


def test_promotion_raises_pay_only_from_its_month(catalog: Any) -> None:
    lo, hi = (
        simulate(
            q, [parse_option(f"career:{RUNG}", q)], paths=400, seed=9, horizon=96, catalog=catalog
        )  # fmt: skip
        for q in (_profile(promotion_rate_annual_pct=3.0), _profile(promotion_rate_annual_pct=30.0))
    )
    pm = hi.promoted_month[0]
    hired = hi.hired_month[0]
    assert np.array_equal(hired, lo.hired_month[0])  # the same hires (common random numbers)
    ok = pm > 0
    assert ok.sum() > 50
    # never before the typical entrant's experience (30 employed months) after the first hire
    assert (pm[ok] - hired[ok] >= 30).all()
    for j in np.nonzero(ok)[0][:40]:
        m = pm[j]
        a, b = lo.job_income[0, j], hi.job_income[0, j]
        early = min(
            m - 1, int(lo.promoted_month[0, j]) - 1 if lo.promoted_month[0, j] > 0 else m - 1
        )
        assert np.allclose(a[:early], b[:early], rtol=1e-5)
        if lo.promoted_month[0, j] != m:  # (a tiny exponential draw promotes both at once)
            assert b[m - 1] > a[m - 1] * 1.2  # 43-6011 pays ~1.6x 43-6014
    assert (lo.promoted_month[0] > 0).mean() < ok.mean()


def test_no_promotion_for_a_freelance_path(catalog: Any) -> None:
    pr = _profile()
    r = simulate(pr, [parse_option(f"freelance:{RUNG}", pr)], paths=100, seed=1, horizon=120,
                 catalog=catalog)  # fmt: skip
    assert (r.promoted_month[0] == -1).all()


def test_plan_shows_the_promotion(catalog: Any) -> None:
    from crossroads.plan import make_plan

    pr = _profile()
    p = make_plan(pr, option_id=f"career:{RUNG}", paths=300, with_advice=False, horizon=96)
    ms = next(m for m in p.milestones if m.kind == "promotion")
    assert "Executive Secretaries" in ms.label and ms.probability is not None
    assert 0 < ms.probability < 1 and "2.5 years of related experience" in ms.detail
    short = make_plan(pr, option_id=f"career:{RUNG}", paths=300, with_advice=False, horizon=24)
    m24 = next(m for m in short.milestones if m.kind == "promotion")
    assert m24.probability == 0 and "in no simulated path" in m24.detail  # 30 months needed
