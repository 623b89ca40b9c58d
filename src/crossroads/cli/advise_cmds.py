"""``crossroads advise PROFILE``: the recommendation, the ranked options, why, and what would change it.

A thin face over :meth:`crossroads.Crossroads.case`: ``--json`` prints ``case.advice_json()`` as is;
the Rich summary formats the same numbers with :mod:`crossroads.decision.explain`'s helpers, so the
text and the JSON always agree (tested).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from . import run_options as ro
from .app import app, console, print_json, service

if TYPE_CHECKING:
    from crossroads.decision.advice import Advice
    from crossroads.run_config import RunConfig

#: Tipping points, measured assumptions and warnings on the first screen (the rest: --verbose).
CHANGES_SHOWN = 2
SENSITIVITY_SHOWN = 2
WARNINGS_SHOWN = 3


@app.command("advise")
def advise_cmd(
    profile: Path = typer.Argument(
        ..., help="Profile file (YAML, TOML or JSON); see `crossroads example`."
    ),
    json_out: bool = typer.Option(
        False, "--json", help="Print one JSON document (schema in docs/decision.md)."
    ),
    paths: ro.Paths = 10_000,
    seed: ro.Seed = 0,
    horizon: ro.Horizon = None,
    method: ro.Method = "weighted_sum",
    target: ro.Target = None,
    quick: ro.Quick = False,
    rank_baseline: ro.RankBaseline = False,
    verbose: bool = typer.Option(
        False,
        "--verbose",
        "-v",
        help="Every option, reason, tipping point and assumption (default: the short answer).",
    ),
    journal: bool = typer.Option(
        False, "--journal", help="Recalibrate from your journal and say how the answer moved."
    ),
    db: str | None = typer.Option(None, "--db", help="Journal database (with --journal)."),
    person: str | None = typer.Option(None, "--person", help="Whose journal (with --journal)."),
) -> None:
    """Recommend microtasks, a remote career or a hybrid mix, with reasons and tipping points.

    The default text is the short answer (what to do in the next 4 weeks, why, what would change
    it); `--verbose` prints the full detail, `--json` the whole document.
    """
    run = ro.run_config(paths, seed, horizon, method, target, quick, rank_baseline)
    if journal:
        _advise_journal(profile, json_out, run, db, person, verbose)
        return
    case = service().case(profile, run)
    if json_out:
        print_json(case.advice_json())
        return
    from crossroads.world.fmt import use_country

    with use_country(case.profile.country):  # the same locale as the advice's own texts
        (render if verbose else render_short)(case.advice())


def _advise_journal(
    profile: Path, json_out: bool, run: RunConfig, db: str | None, person: str | None, verbose: bool
) -> None:
    """``advise --journal``: the advice with the journal's posteriors, what moved, stored in history."""
    from crossroads import Crossroads
    from crossroads.journal.advise import advise_with_journal

    cr = Crossroads(catalog=service().catalog, db=db)
    prof = cr.profile(profile)
    out = advise_with_journal(cr, prof, run, cr.journal(person))
    if json_out:
        print_json({**out["advice"], "journal": out["journal"]})
        return
    from crossroads.decision.advice import Advice

    (render if verbose else render_short)(Advice.model_validate(out["advice"]))
    j = out["journal"]
    console.print("\n[bold]What your journal changed[/]")
    _bullets(console, j["moved"])
    rows = [
        f"{p['name']}: {p['prior_mean']:g} → {p['posterior_mean']:g} {p['unit']} "
        f"(90 % interval {p['posterior_interval'][0]:g}–{p['posterior_interval'][1]:g}; {p['evidence']})"
        for p in j["posteriors"]
    ]
    if rows:
        console.print("[bold]Posteriors[/] (prior → posterior)")
        _bullets(console, rows)
    console.print(
        f"stored as advice run {j['history_id']} (`crossroads journal history`)", highlight=False
    )


def render_short(advice: Advice, out: Any = None) -> None:
    """The first screen (the default text): the recommendation in one sentence, the next 4 weeks
    with the month-1 and month-3 income, the best option of each kind side by side, the baseline,
    why, what would change it, and the assumptions that measurably matter — about 60 lines at
    100 columns. ``--verbose`` prints :func:`render` instead."""
    from crossroads.decision.explain import fmt_money, fmt_months, fmt_pct

    con = out if out is not None else console
    sa = advice.short_answer
    if sa is None:  # an advice document from before the short answer existed
        render(advice, out)
        return
    cur = advice.currency
    con.print(
        f"[bold]crossroads advice for {escape(advice.profile_name)}[/] — {advice.horizon_months} "
        f"months, {advice.paths:,} paths, seed {advice.seed}",
        highlight=False,
    )
    honesty = [w for w in advice.warnings if w.startswith("No option")]
    if honesty:  # one panel: the honesty warnings belong together
        con.print(Panel(escape("\n".join(honesty)), title="Read this first", border_style="red"))
    con.print(f"\n[bold green]Recommendation:[/] {escape(sa.sentence)}", highlight=False)
    con.print("\n[bold]The next 4 weeks[/]")

    def bare(x: float) -> str:
        return fmt_money(x, cur).removesuffix(" " + cur)

    inc = ", ".join(
        f"month {m.month} {fmt_money(m.p50, cur)} (middle half {bare(m.p25)}–{bare(m.p75)})"
        for m in sa.income
    )
    _bullets(con, list(sa.next_weeks) + ([f"Income to expect: {inc}."] if inc else []))
    rows = [
        [
            str(o.rank),
            escape(o.short_label or o.label),
            fmt_pct(o.family_p_first),
            fmt_pct(o.metrics.p_shortfall),
            fmt_months(o.metrics.months_to_first_income_p50),
            fmt_money(o.metrics.net_income_p50),
            fmt_money(o.metrics.final_monthly_income_p50),
        ]
        for o in _best_per_kind(advice)
    ]
    con.print(
        _ranked_table(
            f"The best option of each kind ({cur}, over {advice.horizon_months} months)",
            [
                "#",
                "option",
                "ranks\nfirst",
                "short\nof cash",
                "first\nincome",
                "net\nmedian",
                "final\n/month",
            ],
            rows,
            con.width,
        )
    )
    notes = [advice.baseline.text] if advice.baseline is not None else []
    rec = advice.option(advice.recommendation)
    cliff = rec.benefit_cliff  # one line, when the recommendation crosses a US cliff that matters
    if cliff is not None and cliff.displayed:
        notes.append(cliff.text)
    se = rec.standard_errors
    if "p_shortfall" in se and "net_income" in se:
        noise = _noise_shortfall(rec.metrics.p_shortfall, se["p_shortfall"])
        notes.append(
            "Simulation noise on the recommendation (± 2 standard errors): "
            + (f"{noise}, " if noise else "")
            + f"net median ± {fmt_money(2 * se['net_income'], cur)}."
        )
    _bullets(con, notes)
    if sa.versus and sa.reasons_compact:
        con.print(f"\n[bold]Why[/] {escape(sa.versus)}", highlight=False)
        _bullets(con, list(sa.reasons_compact))
    else:
        con.print("\n[bold]Why[/]")
        _bullets(con, list(sa.reasons))
    con.print("\n[bold]What would change the answer[/]")
    more = len(sa.changes) - CHANGES_SHOWN
    _bullets(
        con,
        list(sa.changes[:CHANGES_SHOWN])
        + ([f"… and {more} more (`--verbose`)"] if more > 0 else []),
    )
    if advice.sensitivity:
        con.print(
            "\n[bold]Assumptions that matter for you[/] (measured; override under `assumptions:`)"
        )
        _bullets(con, [s.text for s in advice.sensitivity[:SENSITIVITY_SHOWN]])
    # the tie, or the runner-up of a first place that is not robust, is already said in the
    # recommendation's sentence; the robustness warning would repeat it (--verbose keeps it)
    said = bool(advice.tie) or "not a robust first place" in sa.sentence
    other = [
        w
        for w in advice.warnings
        if w not in honesty and not (said and w.startswith("The first place is not robust"))
    ]
    if other:
        con.print("\n[bold yellow]Warnings[/]")
        more = len(other) - WARNINGS_SHOWN
        _bullets(
            con, other[:WARNINGS_SHOWN] + ([f"… and {more} more (`--verbose`)"] if more > 0 else [])
        )
    con.print(
        "More: `--verbose` (every option and reason), `crossroads plan`, `crossroads report`.",
        highlight=False,
        markup=False,
    )


def _noise_shortfall(p: float, se: float) -> str:
    """The shortfall's noise in words ("short of cash ± 0.4 points"); empty at 0 % or 100 %,
    where all paths agree and "± 0.0 points" would say nothing (the table shows the figure)."""
    if p >= 1.0 or p <= 0.0:
        return ""
    if 200 * se < 0.05:
        return "short of cash ± <0.1 points"
    return f"short of cash ± {200 * se:.1f} points"


def _best_per_kind(advice: Any) -> list[Any]:
    """The best-ranked option of each family, every kind of path first (microtasks only, the best
    career, the best hybrid, …), at most 5, in rank order."""
    best: dict[str, Any] = {}
    for o in advice.options:
        best.setdefault(o.family or o.id, o)
    kinds: dict[str, Any] = {}
    for o in best.values():
        kinds.setdefault(o.kind, o)
    shown = list(kinds.values()) + [o for o in best.values() if o not in kinds.values()]
    return sorted(shown[:5], key=lambda o: o.rank)


def render(advice: Advice, out: Any = None) -> None:
    """Print the Rich summary of an :class:`~crossroads.decision.Advice` (to ``out``, default the CLI console).

    Readable at 80 columns: the tables show each option's ``short_label`` on one line (hours first,
    so a narrow terminal cuts the career title, never a number); the full label of the
    recommendation is printed once above them.
    """
    from crossroads.decision.explain import fmt_money, fmt_months, fmt_pct

    con = out if out is not None else console
    cur = advice.currency
    con.print(
        f"[bold]crossroads advice for {escape(advice.profile_name)}[/] — {advice.horizon_months} months, "
        f"{advice.paths:,} paths, seed {advice.seed}, method {advice.method}",
        highlight=False,
    )
    honesty = [w for w in advice.warnings if w.startswith("No option")]
    for w in honesty:
        con.print(Panel(escape(w), title="Read this first", border_style="red"))
    rec = advice.option(advice.recommendation)
    con.print(f"\n[bold green]Recommendation:[/] {escape(rec.label)}", highlight=False)
    con.print(
        f"  score {rec.score:.3f}; this option is first in {fmt_pct(rec.p_first)} of samples, "
        f"its kind of path in {fmt_pct(rec.family_p_first)}",
        highlight=False,
    )
    if advice.families:
        con.print("\n[bold]How often each kind of path ranks first[/] (acceptability analysis)")
        shown = [f for f in advice.families if f.p_first > 0][:4]
        _bullets(con, [f"{f.label}: {fmt_pct(f.p_first)}" for f in shown])

    rows = [
        [
            str(o.rank),
            escape(o.short_label or o.label),
            f"{o.score:.3f}",
            fmt_pct(o.p_first),
            fmt_pct(o.metrics.p_shortfall),
            fmt_months(o.metrics.months_to_first_income_p50),
            fmt_months(o.metrics.months_to_cover_expenses_p50),
        ]
        for o in advice.options
    ]
    con.print(
        _ranked_table(
            "Options ranked",
            ["#", "option", "score", "P\nfirst", "P\nshort", "1st\nincome", "covers\nexp."],
            rows,
            con.width,
        )
    )
    con.print(
        "  h MT = microtask hours/week, then learning and job-search hours/week → target; "
        "microtasks stop when hired unless (MT kept). Months are 1-based.",
        highlight=False,
        markup=False,
    )
    rows = [
        [
            str(o.rank),
            escape(o.short_label or o.label),
            fmt_money(o.metrics.net_income_p10),
            fmt_money(o.metrics.net_income_p50),
            fmt_money(o.metrics.net_income_p90),
            fmt_money(o.metrics.final_monthly_income_p50),
        ]
        for o in advice.options
    ]
    con.print(
        _ranked_table(
            f"Money over {advice.horizon_months} months ({cur}; net = earned income after tax minus learning costs)",
            ["#", "option", "net P10", "net P50", "net P90", "final\n/month"],
            rows,
            con.width,
        )
    )
    money = getattr(advice, "money", None)
    if money is not None:
        con.print("\n[bold]When cash runs low[/] (every figure above already assumes this)")
        m = rec.metrics
        when = f"it begins in {fmt_pct(m.p_fallback)} of the futures of the recommendation" + (
            f", typically in month {m.fallback_month_p50:g}"
            if m.fallback_month_p50 is not None
            else ""
        )
        lines = [
            money.fallback + (f" — {when}." if money.fallback_rule != "off" else ""),
            f"Cash never goes below your limit of {fmt_money(money.hard_limit, cur)} (credit you can draw on); "
            f"debt costs {money.debt_apr:.0%} a year. Short (below your floor of {fmt_money(money.cash_floor, cur)}): "
            f"{fmt_pct(m.p_shortfall)}; largest deficit P50 {fmt_money(m.shortfall_depth_p50, cur)}, "
            f"P90 {fmt_money(m.shortfall_depth_p90, cur)}; months below the floor P50 {m.months_below_floor_p50:g}, "
            f"P90 {m.months_below_floor_p90:g}; bills left unpaid at the limit in {fmt_pct(m.p_limit)}; "
            f"interest paid P50 {fmt_money(m.interest_p50, cur)}.",
        ]
        for it in money.other_income:
            lines.append(
                f"Other income: {it.label} {fmt_money(it.amount, cur)}/month, months {it.first_month}–{it.last_month}."
            )
        if money.tax:
            lines.append(money.tax)
        if money.benefits:
            lines.append(money.benefits)
        lines += [
            f"{o.short_label or o.label}: {o.benefit_cliff.text}"
            for o in advice.options
            if o.benefit_cliff is not None and o.benefit_cliff.displayed
        ]
        _bullets(con, lines)
    con.print("\n[bold]Why[/]")
    _bullets(con, [line for line in advice.explanation if line not in honesty])
    con.print("\n[bold]What would change the answer[/]")
    tips = [t.text for t in advice.tipping_points]
    _bullets(con, tips or ([advice.tipping_summary] if advice.tipping_summary else []))
    hs = advice.hybrid_search
    con.print(
        f"\n[bold]Hybrid search[/] ({hs.mixes_screened} mixes screened on {hs.screening_paths:,} paths)"
    )
    _bullets(con, [mm.text for mm in hs.minimum_microtask])
    other = [w for w in advice.warnings if w not in honesty]
    if other:
        con.print("\n[bold yellow]Warnings[/]")
        _bullets(con, other)
    if advice.baseline is not None:
        con.print("\n[bold]Baseline[/] (a reference, not ranked)")
        _bullets(con, [advice.baseline.text])
    if advice.sensitivity:
        con.print(
            "\n[bold]Assumptions that matter for you[/] (each moved across its range, one at a time)"
        )
        _bullets(con, [s.text for s in advice.sensitivity])
    con.print("\n[bold]Assumptions used[/] (override them under `assumptions:` in the profile)")
    assumed: list[str] = []
    for a in advice.assumptions[:6]:
        rng = f" (range {a.low:g}–{a.high:g})" if a.low is not None and a.high is not None else ""
        flag = " [overridden]" if a.overridden else ""
        assumed.append(f"{a.name} = {a.value:g} {a.unit}{rng}; source: {a.source}{flag}")
    _bullets(con, assumed)
    con.print("\n[bold]Data as of[/]")
    con.print(
        "  " + "; ".join(f"{k}: {v}" for k, v in sorted(advice.data_as_of.items())),
        highlight=False,
        markup=False,
    )


def _bullets(con: Any, lines: list[str]) -> None:
    """A bullet list with a hanging indent, so wrapped lines stay readable at 80 columns."""
    from rich.text import Text

    if not lines:
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", Text(line))
    con.print(grid)


def _ranked_table(title: str, headers: list[str], rows: list[list[str]], width: int) -> Table:
    """One row per option on one line: every number column keeps its full width, the label
    (column 1) gets what is left of ``width`` and is cut with "…" (its hours come first)."""
    from rich import box

    t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    fixed = 0
    for j, h in enumerate(headers):
        if j == 1:
            continue
        w = max([len(x) for x in h.split("\n")] + [len(r[j]) for r in rows])
        fixed += w + 3  # padding 1+1 and the box's column separator
    for j, h in enumerate(headers):
        if j == 1:
            t.add_column(h, no_wrap=True, overflow="ellipsis", max_width=max(16, width - fixed - 3))
        else:
            w = max([len(x) for x in h.split("\n")] + [len(r[j]) for r in rows])
            t.add_column(h, justify="right", no_wrap=True, min_width=w)
    for r in rows:
        t.add_row(*r)
    return t
