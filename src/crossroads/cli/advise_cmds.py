"""``crossroads advise PROFILE``: the recommendation, the ranked options, why, and what would change it.

A thin face over :func:`crossroads.decision.advise`: ``--json`` prints ``Advice.model_dump`` as is;
the Rich summary formats the same numbers with :mod:`crossroads.decision.explain`'s helpers, so the
text and the JSON always agree (tested).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from .app import app, console, print_json


@app.command("advise")
def advise_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML, TOML or JSON); see `crossroads example`."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document (schema in docs/decision.md)."),
    paths: int = typer.Option(10_000, "--paths", help="Monte Carlo paths for the final comparison."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same advice."),
    horizon: int | None = typer.Option(None, "--horizon", help="Months to project (default: the profile's horizon_months)."),
    method: str = typer.Option("weighted_sum", "--method", help="Ranking method: weighted_sum (default) or topsis."),
    target: list[str] = typer.Option(
        [], "--target", help="Compare this career (O*NET-SOC code, repeatable) instead of the best fits."
    ),
) -> None:
    """Recommend microtasks, a remote career or a hybrid mix, with reasons and tipping points."""
    from crossroads.decision import advise
    from crossroads.profile import load_profile

    prof = load_profile(profile)
    advice = advise(prof, paths=paths, seed=seed, horizon=horizon, method=method, targets=target or None)
    if json_out:
        print_json(advice.model_dump(mode="json"))
        return
    render(advice)


def render(advice: Any) -> None:
    """Print the Rich summary of an :class:`~crossroads.decision.Advice`."""
    from crossroads.decision.explain import fmt_money, fmt_months, fmt_pct

    cur = advice.currency
    console.print(
        f"[bold]crossroads advice for {escape(advice.profile_name)}[/] — {advice.horizon_months} months, "
        f"{advice.paths:,} paths, seed {advice.seed}, method {advice.method}", highlight=False)
    honesty = [w for w in advice.warnings if w.startswith("No option")]
    for w in honesty:
        console.print(Panel(escape(w), title="Read this first", border_style="red"))
    rec = advice.option(advice.recommendation)
    console.print(
        f"\n[bold green]Recommendation:[/] {escape(rec.label)}  (score {rec.score:.3f}, first in "
        f"{fmt_pct(rec.p_first)} of samples)", highlight=False)

    table = Table(title="Options ranked", show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("option", overflow="fold", ratio=1)
    for col in ("score", "P(first)", "P(short)", "1st income", "covers exp."):
        table.add_column(col, justify="right", no_wrap=True)
    for o in advice.options:
        m = o.metrics
        table.add_row(str(o.rank), escape(o.label), f"{o.score:.3f}", fmt_pct(o.p_first),
                      fmt_pct(m.p_shortfall), fmt_months(m.months_to_first_income_p50),
                      fmt_months(m.months_to_cover_expenses_p50))
    console.print(table)
    money = Table(title=f"Money over {advice.horizon_months} months ({cur}; net = earned income minus learning costs)")
    money.add_column("#", justify="right", no_wrap=True)
    for col in ("net P10", "net P50", "net P90", "final /month"):
        money.add_column(col, justify="right", no_wrap=True)
    for o in advice.options:
        m = o.metrics
        money.add_row(str(o.rank), fmt_money(m.net_income_p10), fmt_money(m.net_income_p50),
                      fmt_money(m.net_income_p90), fmt_money(m.final_monthly_income_p50))
    console.print(money)
    console.print("\n[bold]Why[/]")
    for line in advice.explanation:
        if line in honesty:
            continue
        console.print(f"  • {line}", highlight=False, markup=False)
    console.print("\n[bold]What would change the answer[/]")
    for t in advice.tipping_points:
        console.print(f"  • {t.text}", highlight=False, markup=False)
    hs = advice.hybrid_search
    console.print(f"\n[bold]Hybrid search[/] ({hs.mixes_screened} mixes screened on {hs.screening_paths:,} paths)")
    for mm in hs.minimum_microtask:
        console.print(f"  • {mm.text}", highlight=False, markup=False)
    other = [w for w in advice.warnings if w not in honesty]
    if other:
        console.print("\n[bold yellow]Warnings[/]")
        for w in other:
            console.print(f"  • {w}", highlight=False, markup=False)
    console.print("\n[bold]Assumptions that mattered most[/] (override them under `assumptions:` in the profile)")
    for a in advice.assumptions[:6]:
        rng = f" (range {a.low:g}–{a.high:g})" if a.low is not None and a.high is not None else ""
        flag = " [overridden]" if a.overridden else ""
        console.print(f"  • {a.name} = {a.value:g} {a.unit}{rng}; source: {a.source}{flag}", highlight=False, markup=False)
    console.print("\n[bold]Data as of[/]")
    console.print("  " + "; ".join(f"{k}: {v}" for k, v in sorted(advice.data_as_of.items())), highlight=False, markup=False)
