"""`crossroads simulate` and `crossroads calibrate`: thin faces over crossroads.simulation.

Why thin: the numbers printed here are exactly the engine's (`summarise`) and the calibration's
rows; this module only formats them (Rich table or one JSON document).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from . import run_options as ro
from .app import app, console, print_json, service

if TYPE_CHECKING:
    from crossroads.service import SimSummary


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _month(x: float | None) -> str:
    return "never (within the horizon)" if x is None else f"month {x:g}"


@app.command("simulate")
def simulate_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML, TOML or JSON)."),
    option: str = typer.Option(
        ...,
        "--option",
        "-o",
        help="microtask | career:<O*NET-SOC code> | hybrid:<mt h/week>:<learning h/week>:<code>[:keep]",
    ),
    paths: ro.Paths = 10_000,
    seed: ro.Seed = 0,
    horizon: ro.Horizon = None,
    method: ro.Method = "weighted_sum",
    target: ro.Target = None,
    quick: ro.Quick = False,
    rank_baseline: ro.RankBaseline = False,
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Project one option month by month: income and cash bands, shortfall risk, time to income.

    (--method and --target are accepted like on advise/plan/report; one option is not ranked.)
    """
    case = service().case(
        profile, ro.run_config(paths, seed, horizon, method, target, quick, rank_baseline)
    )
    summary = case.simulate(option)
    if json_out:
        print_json(summary.to_json())
        return
    _render(summary, case.profile.money.cash_floor)


def _render(summary: SimSummary, cash_floor: float) -> None:
    """The Rich view of one simulated option (the same numbers as ``--json``)."""
    opt, res, m, assumptions = summary.option, summary.result, summary.metrics, summary.assumptions
    paths, seed, cur = summary.run.effective_paths, summary.run.seed, summary.currency
    console.print(
        f"[bold]{opt.label}[/]  ({paths:,} paths, seed {seed}, {res.months} months, {cur})"
    )
    console.print(f"Platforms: {res.platform_note}")
    for w in res.warnings:
        console.print(f"[yellow]note[/]: {w}")
    t = Table(title="Monthly bands (P10 / P50 / P90)")
    for col in (
        "month",
        "income P10",
        "income P50",
        "income P90",
        "cash P10",
        "cash P50",
        "cash P90",
        "hours/wk P50",
        "P(shortfall by)",
    ):
        t.add_column(col, justify="right")
    for i in range(res.months):
        ib, cb = m.income_bands[i], m.cash_bands[i]
        hb = m.hours_bands[i] if m.hours_bands else {"p50": float("nan")}
        t.add_row(
            str(i + 1),
            _money(ib["p10"]),
            _money(ib["p50"]),
            _money(ib["p90"]),
            _money(cb["p10"]),
            _money(cb["p50"]),
            _money(cb["p90"]),
            f"{hb['p50']:.0f}",
            f"{m.p_shortfall_by_month[i]:.1%}",
        )
    console.print(t)
    console.print(
        f"Probability of a shortfall (cash below {cash_floor:,.0f} in any month): "
        f"[bold]{m.p_shortfall:.1%}[/]"
    )
    console.print(f"Time to first income (median): {_month(m.months_to_first_income_p50)}")
    console.print(
        f"Time until income covers expenses (median): {_month(m.months_to_cover_expenses_p50)}"
    )
    console.print(
        f"Net income over the horizon: P10 {_money(m.net_income_p10)}, P50 {_money(m.net_income_p50)}, "
        f"P90 {_money(m.net_income_p90)}; final monthly income (median) {_money(m.final_monthly_income_p50)}"
    )
    if m.p_hired is not None:
        console.print(
            f"Hired within the horizon: {m.p_hired:.1%} of paths; dropped out of training: "
            f"{m.p_dropped_out:.1%}"
        )
    a = Table(title="Assumptions used (* = overridden by the profile)")
    for col in ("name", "value", "range", "unit", "source"):
        a.add_column(col)
    for row in assumptions:
        a.add_row(
            row["name"] + ("*" if row["overridden"] else ""),
            f"{row['value']:g}",
            f"{row['low']:g}–{row['high']:g}",
            row["unit"],
            row["source"],
        )
    console.print(a)


@app.command("calibrate")
def calibrate_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON list of calibration rows."),
) -> None:
    """Show that the models reproduce the published evidence (exit 1 if a target fails)."""
    from crossroads.simulation.calibrate import all_ok

    rows = service().calibrate()
    if json_out:
        print_json([r.to_dict() for r in rows])
    else:
        t = Table(title="Calibration: published figure vs model (reference rows show known gaps)")
        for col in ("target", "source", "published", "model", "tolerance", "result"):
            t.add_column(col)
        for r in rows:
            res = (
                "[green]ok[/]"
                if r.ok
                else ("[red]FAIL[/]" if r.ok is False else f"reference, gap {r.gap:+.3g}")
            )
            tol = "—" if r.tolerance is None else f"{r.tolerance:g}"
            t.add_row(r.name, r.source, f"{r.published:.4g}", f"{r.model:.4g}", tol, res)
        console.print(t)
    if not all_ok(rows):
        raise typer.Exit(1)
