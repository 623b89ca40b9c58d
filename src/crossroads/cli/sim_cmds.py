"""`crossroads simulate` and `crossroads calibrate`: thin faces over crossroads.simulation.

Why thin: the numbers printed here are exactly the engine's (`summarise`) and the calibration's
rows; this module only formats them (Rich table or one JSON document).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from .app import app, console, print_json


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _month(x: float | None) -> str:
    return "never (within the horizon)" if x is None else f"month {x:g}"


@app.command("simulate")
def simulate_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML, TOML or JSON)."),
    option: str = typer.Option(..., "--option", "-o",
                               help="microtask | career:<O*NET-SOC code> | hybrid:<mt h/week>:<learning h/week>:<code>[:keep]"),
    paths: int = typer.Option(10_000, "--paths", min=1, max=1_000_000, help="Monte Carlo paths."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same result)."),
    horizon: int | None = typer.Option(None, "--horizon", min=1, max=120, help="Months (default: the profile's)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Project one option month by month: income and cash bands, shortfall risk, time to income."""
    from crossroads.options import parse_option
    from crossroads.params import assumptions_table
    from crossroads.profile import load_profile
    from crossroads.simulation import simulate, summarise

    prof = load_profile(profile)
    opt = parse_option(option, prof)
    res = simulate(prof, [opt], paths=paths, seed=seed, horizon=horizon)
    m = summarise(res, 0)
    assumptions = assumptions_table(res.params)
    if json_out:
        doc: dict[str, Any] = {
            "option": {"id": opt.id, "kind": opt.kind, "label": opt.label,
                       "microtask_hours": opt.microtask_hours, "learning_hours": opt.learning_hours,
                       "target": opt.target, "stop_microtask_when_hired": opt.stop_microtask_when_hired},
            "seed": seed, "paths": paths, "horizon_months": res.months, "currency": prof.currency,
            "metrics": m.to_dict(),
            "platforms": {"open": list(res.setup.platforms.open_ids), "note": res.platform_note},
            "warnings": list(res.warnings),
            "assumptions": assumptions,
        }
        print_json(doc)
        return
    console.print(f"[bold]{opt.label}[/]  ({paths:,} paths, seed {seed}, {res.months} months, {prof.currency})")
    console.print(f"Platforms: {res.platform_note}")
    for w in res.warnings:
        console.print(f"[yellow]note[/]: {w}")
    t = Table(title="Monthly bands (P10 / P50 / P90)")
    for col in ("month", "income P10", "income P50", "income P90", "cash P10", "cash P50", "cash P90",
                "hours/wk P50", "P(shortfall by)"):
        t.add_column(col, justify="right")
    for i in range(res.months):
        ib, cb = m.income_bands[i], m.cash_bands[i]
        hb = m.hours_bands[i] if m.hours_bands else {"p50": float("nan")}
        t.add_row(str(i + 1), _money(ib["p10"]), _money(ib["p50"]), _money(ib["p90"]),
                  _money(cb["p10"]), _money(cb["p50"]), _money(cb["p90"]), f"{hb['p50']:.0f}",
                  f"{m.p_shortfall_by_month[i]:.1%}")
    console.print(t)
    console.print(f"Probability of a shortfall (cash below {prof.money.cash_floor:,.0f} in any month): "
                  f"[bold]{m.p_shortfall:.1%}[/]")
    console.print(f"Time to first income (median): {_month(m.months_to_first_income_p50)}")
    console.print(f"Time until income covers expenses (median): {_month(m.months_to_cover_expenses_p50)}")
    console.print(f"Net income over the horizon: P10 {_money(m.net_income_p10)}, P50 {_money(m.net_income_p50)}, "
                  f"P90 {_money(m.net_income_p90)}; final monthly income (median) {_money(m.final_monthly_income_p50)}")
    if m.p_hired is not None:
        console.print(f"Hired within the horizon: {m.p_hired:.1%} of paths; dropped out of training: "
                      f"{m.p_dropped_out:.1%}")
    a = Table(title="Assumptions used (* = overridden by the profile)")
    for col in ("name", "value", "range", "unit", "source"):
        a.add_column(col)
    for row in assumptions:
        a.add_row(row["name"] + ("*" if row["overridden"] else ""), f"{row['value']:g}",
                  f"{row['low']:g}–{row['high']:g}", row["unit"], row["source"])
    console.print(a)


@app.command("calibrate")
def calibrate_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON list of calibration rows."),
) -> None:
    """Show that the models reproduce the published evidence (exit 1 if a target fails)."""
    from crossroads.simulation.calibrate import all_ok, calibrate

    rows = calibrate()
    if json_out:
        print_json([r.to_dict() for r in rows])
    else:
        t = Table(title="Calibration: published figure vs model (reference rows show known gaps)")
        for col in ("target", "source", "published", "model", "tolerance", "result"):
            t.add_column(col)
        for r in rows:
            res = "[green]ok[/]" if r.ok else ("[red]FAIL[/]" if r.ok is False else f"reference, gap {r.gap:+.3g}")
            tol = "—" if r.tolerance is None else f"{r.tolerance:g}"
            t.add_row(r.name, r.source, f"{r.published:.4g}", f"{r.model:.4g}", tol, res)
        console.print(t)
    if not all_ok(rows):
        raise typer.Exit(1)
