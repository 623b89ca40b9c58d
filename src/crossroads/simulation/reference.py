"""The same model as a plain per-path Python loop: the deterministic projection and the baseline.

Why keep a second implementation: (1) ``deterministic_projection`` is the "plain projection" a
person can follow line by line, and the vectorised engine with ``stochastic=False`` must equal it
(a lesson from other planners, where the two silently diverged); (2) run over random draws, it is
the straightforward per-path loop the benchmark's ``speedup_vs_loop`` compares against; (3) tests
check that both implementations give the same paths for the same draws.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtri

from crossroads.options import Option
from crossroads.params import WEEKS_PER_MONTH, Parameters, params_for

from .career import frailty_from_uniform, search_fit
from .cash import NEVER, ledger_step
from .draws import Draws, central_draws
from .setup import Setup, compile_setup

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.profile import Profile


def run_path(s: Setup, k: int, d: Draws, j: int) -> dict[str, list[float]]:
    """Month-by-month outcome of option ``k`` on path ``j`` of ``d`` (pure Python floats)."""
    p = s.params
    M, W = s.months, WEEKS_PER_MONTH
    plat = s.platforms
    paid_default = (1 - 0.33) * (1 - 0.13) * (1 - 0.007)
    paid_now = (
        (1 - p["mt_unpaid_search_share"])
        * (1 - p["mt_abandoned_share"])
        * (1 - p["mt_rejected_share"])
    )
    level = (
        s.mt_level_usd
        * paid_now
        / paid_default
        * math.exp(p["mt_wage_sigma_between"] * float(d.z_level[j]))
    )
    sw = p["mt_wage_sigma_within"]
    u_on = float(d.u_onboard[j])
    onb_gen = (plat.onboard_days[0] + u_on * (plat.onboard_days[1] - plat.onboard_days[0])) / (
        365.25 / 12
    )
    onb_pro = (plat.prolific_days[0] + u_on * (plat.prolific_days[1] - plat.prolific_days[0])) / (
        365.25 / 12
    )
    ps, pe = p["mt_drought_start_prob"], p["mt_drought_end_prob"]
    drought = float(d.u_regime0[j]) < ps / (ps + pe)  # the stationary drought share
    drift = 1.0 - p["mt_automation_drift_pct"] / 100.0
    pro_rate = s.pro_hourly_usd * W
    novice, unlock = p["mt_novice_factor"], p["mt_unlock_hours"]
    thr = plat.threshold_usd
    conv = s.keep_share / s.fx
    h_gen, h_pro, stop = float(s.h_gen[k]), float(s.h_pro[k]), bool(s.stop[k])
    # gated rating work (crossroads.world.rating): accepted or not, the decision month, projects
    h_rat = float(s.h_rat[k]) if s.h_rat.size else 0.0
    rat_ok, rat_T, rat_proj, rat_exam = False, math.inf, False, 0.0
    if h_rat > 0:
        if plat.rating_current:
            rat_ok, rat_T = True, 0.0
        else:
            rat_exam = p["rating_exam_hours"] / (h_rat * W)
            rat_ok = float(d.u_rating[j]) < p["rating_admit_share"]
            wait = (plat.rating_days[0] + u_on * (plat.rating_days[1] - plat.rating_days[0])) / (
                365.25 / 12
            )
            rat_T = max(wait, p["rating_exam_hours"] / (h_rat * W))
        rat_proj = rat_ok  # a rater starts on a project
    gi = int(s.group_of[k])
    g = s.groups[gi] if gi >= 0 else None
    cr = s.cash
    assert cr is not None
    fb = cr.fallback
    fb_pay, fb_delay, fb_h = 0.0, math.inf, float(s.fb_hours[k]) if s.fb_hours.size else 0.0
    if fb.rule == "any_job" and s.fb_wage is not None:
        zf = float(
            ndtri(
                p["entrant_pct_low"]
                + float(d.u_wage[j]) * (p["entrant_pct_high"] - p["entrant_pct_low"])
            )
        )
        fb_pay = (
            float(s.fb_wage.from_z(np.array([zf]), np.float32)[0]) * s.keep_share / s.fx * fb_h * W
        )
        frail_fb = float(frailty_from_uniform(np.array([d.u_frailty[j]]), s.frailty_k)[0])
        rate_fb = float(s.fb_rate[k]) * frail_fb
        e_fb = -math.log(float(d.u_fallback[j])) if float(d.u_fallback[j]) > 0 else math.inf
        fb_delay = e_fb / rate_fb if rate_fb > 0 else math.inf
    state = {"B": s.savings, "start": float(NEVER), "T": math.inf, "interest": 0.0, "tax": 0.0}
    if g is not None:
        need = g.need_hours * math.exp(p["learning_hours_sigma"] * float(d.z_learn[j]))
        t_c = need / (g.learn_hours * W * p["learning_pace_share"])
        t_d = -math.log(float(d.u_dropout[j])) / s.drop_rate
        dropped = t_d < t_c
        learn_end = math.ceil(min(t_c, t_d))
        frail = float(frailty_from_uniform(np.array([d.u_frailty[j]]), s.frailty_k)[0])
        # a drop-out stops studying and searches with the fit reached so far
        fit = (
            search_fit(g.fit_before, p["training_fit_credit"], t_d / t_c)
            if dropped
            else g.fit_search
        )
        hire_rate = g.hire_rate_fit1 * max(fit, 1e-6) ** p["fit_elasticity"] * frail
        e_h, h_h, e_l, h_l = -math.log(float(d.u_hire0[j])), 0.0, math.inf, 0.0
        wage, emp, tenure = 0.0, False, 0
        c_month = (
            p["learning_cost_per_month"] if g.cost_month_usd < 0 else g.cost_month_usd
        ) / s.fx
        first_hire = 0
        raise_m = (1 + p["annual_raise_pct"] / 100.0) ** (1 / 12)
        # promotion to the next rung: the employed month in which the employed months reach
        # ceil(promo_after + E / promo_rate), E = -ln(u_regime_e0) (the engine's _promote)
        emp_months, promoted, promo_mult = 0, False, 1.0
        promo_need = math.inf
        if g.promo_wage is not None and g.promo_rate > 0:
            e_p = float(np.negative(np.log(np.float32(d.u_regime_e0[j]))))
            promo_need = math.ceil(
                float(np.float32(e_p) * np.float32(1.0 / g.promo_rate) + np.float32(g.promo_after))
            )
    cum_h, cum_e, paid_prev = 0.0, 0.0, 0.0
    # a marketplace's clearance period: month i's pay arrives (1 - f) in month i + q and f in
    # month i + q + 1, d = q + f months (the engine's _delay_pay)
    delay = g.pay_delay_months if g is not None else 0.0
    q_d = int(math.floor(delay))
    f_d = delay - q_d
    earned_pay: list[float] = []
    out: dict[str, list[float]] = {
        n: []
        for n in (
            "income",
            "microtask_income",
            "job_income",
            "cash",
            "learning_cost",
            "employed",
            "balance",
        )
    }
    for i in range(M):
        m = i + 1
        supply = (p["mt_drought_supply"] if drought else 1.0) * drift ** ((m - 0.5) / 12.0)
        fill = supply * min(1.0, max(0.0, m - onb_gen))
        rate = level * math.exp(sw * float(d.eps[i, j]) - sw * sw / 2) * W
        pro_m = supply * min(1.0, max(0.0, m - onb_pro)) * pro_rate
        if float(d.u_regime[i, j]) < (pe if drought else ps):  # switch from next month on
            drought = not drought
        job, cost, employed_now = 0.0, 0.0, False
        if g is not None:
            learning = m <= learn_end
            searching = (not learning) and (not emp)
            employed_now = emp
            if emp and g.promo_wage is not None:
                emp_months += 1
                if not promoted and emp_months >= promo_need:
                    zp = float(
                        ndtri(
                            p["entrant_pct_low"]
                            + float(d.u_wage[j]) * (p["entrant_pct_high"] - p["entrant_pct_low"])
                        )
                    )
                    assert g.promo_base is not None
                    promo_mult = float(g.promo_wage.from_z(np.array([zp]))[0]) / float(
                        g.promo_base.from_z(np.array([zp]))[0]
                    )
                    promoted = True
            # pay = the rung's wage (raises, re-hire losses, the minimum-wage floor) × the
            # promotion's OEWS ratio once promoted
            job = wage * promo_mult * g.job_hours * W if emp else 0.0
            if emp and g.ramp_months > 1:  # freelance client-hours ramp after the first contract
                job *= min(1.0, (m - first_hire) / g.ramp_months)
            cost = min(c_month, max(0.0, s.budget - c_month * i)) if learning else 0.0
            hired = False
            if searching:
                h_h += hire_rate * (g.drift[i] if g.drift else 1.0)
                hired = h_h >= e_h
            lost = False
            if emp:
                tenure += 1  # months in this job
                h_l += g.loss_first if tenure <= 12 else g.loss_rate_month
                lost = h_l >= e_l
                wage *= raise_m
            if hired:
                if first_hire == 0:
                    first_hire = m
                if wage == 0:
                    z = float(
                        ndtri(
                            p["entrant_pct_low"]
                            + float(d.u_wage[j]) * (p["entrant_pct_high"] - p["entrant_pct_low"])
                        )
                    )
                    wage = float(g.wage.from_z(np.array([z]))[0])
                else:  # a re-hire after a job loss starts lower (rehire_wage_loss_pct), not
                    # below a statutory minimum wage
                    wage = max(wage * (1.0 - p["rehire_wage_loss_pct"] / 100.0), g.wage_floor)
                e_l, h_l, tenure = (
                    -math.log(float(d.u_event[i, j])),
                    0.0,
                    0,
                )  # next event: the job loss
            if lost:
                h_h, e_h = 0.0, -math.log(float(d.u_event[i, j]))  # next event: the next hire
            emp = (emp or hired) and not lost
        on = not (employed_now and stop) if g is not None else True
        hg = h_gen * on
        curve = novice + (1 - novice) * min(cum_h / unlock, 1.0)
        earned = hg * fill * rate * curve
        cum_h += hg * fill * W
        earned += h_pro * on * pro_m
        if thr > 0:
            cum_e += earned
            tot = cum_e if cum_e >= thr else 0.0
            mt, paid_prev = tot - paid_prev, tot
        else:
            mt = earned
        mt *= conv
        if h_rat > 0:  # the exam unpaid; open marketplaces (novice) until the decision and
            # between projects; rating pay in project months after the decision
            alt = fill * rate * novice
            gain = (s.rating_hourly_usd * W - alt) if rat_proj else 0.0
            share = min(1.0, max(0.0, m - rat_T))
            mt += h_rat * on * (min(1.0, max(0.0, m - rat_exam)) * alt + share * gain) * conv
            u_p = float(d.u_project[i, j])
            rat_proj = rat_ok and (
                u_p >= p["rating_project_stop_prob"]
                if rat_proj
                else u_p < p["rating_project_start_prob"]
            )
        earned_pay.append(job)
        if delay > 0:
            job = (1.0 - f_d) * (earned_pay[i - q_d] if i >= q_d else 0.0) + f_d * (
                earned_pay[i - q_d - 1] if i >= q_d + 1 else 0.0
            )
        gross = mt + job * conv
        extra = fb_h * fill * rate * novice * conv if fb.rule == "microtasks" else 0.0
        income = ledger_step(
            state=state,
            i=i,
            g=gross,
            jb=job * conv if g is not None else None,
            cost=cost,
            other=float(cr.other[i]),
            expenses=s.expenses,
            floor=cr.floor,
            limit=cr.limit,
            month_rate=cr.month_rate,
            rule=fb.rule,
            trigger_months=fb.trigger_months,
            keep_search=fb.keep_career_search,
            fb_pay=fb_pay,
            fb_delay=fb_delay,
            extra=extra,
            stop_mt=stop and g is not None,
            tax=s.tax,
            job_is_wage=not (g is not None and g.freelance),
        )
        out["income"].append(income)
        out["microtask_income"].append(mt)
        out["job_income"].append(job * conv)
        out["cash"].append(max(state["B"], cr.limit))
        out["balance"].append(state["B"])
        out["learning_cost"].append(cost)
        out["employed"].append(float(employed_now))
    return out


def deterministic_projection(
    profile: Profile,
    option: Option,
    *,
    params: Parameters | dict[str, float] | None = None,
    catalog: Catalog | None = None,
    horizon: int | None = None,
) -> dict[str, list[float]]:
    """The plain projection: every uncertain quantity at its median, one month after another."""
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    prm = params_for(profile, params)
    s = compile_setup(profile, [option], prm, catalog, horizon)
    return run_path(s, 0, central_draws(1, s.months), 0)


def loop_simulate(setup: Setup, draws: Draws) -> np.ndarray:
    """Per-path loop over every option and path: cash array (options, paths, months)."""
    K, P = setup.n_options, draws.paths
    cash = np.empty((K, P, setup.months))
    for k in range(K):
        for j in range(P):
            cash[k, j] = run_path(setup, k, draws, j)["cash"]
    return cash
