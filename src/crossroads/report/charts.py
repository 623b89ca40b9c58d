"""Vega-Lite chart specs (built with Altair) for the report and the PNG/SVG export.

Why this shape: each function takes the plain inputs of :mod:`crossroads.report.inputs` and returns
a :class:`ChartSpec` — the Vega-Lite dict plus a title and a plain-language description. The same
spec is embedded in the HTML (rendered by the inline vega-embed bundle) and converted to PNG/SVG by
vl-convert, so the picture a person prints is the picture they saw.

Accessibility rules applied to every chart:

* a title, and axis titles that carry units (``USD per month``, ``hours per week``, ``%``);
* the Okabe–Ito palette (safe for the common colour-vision deficiencies);
* nothing is told by colour alone: bands are explained in the subtitle, series differ by dash
  pattern and point shape as well as colour, cells carry their value as text;
* a ``description`` (Vega turns it into the SVG's ``aria-label``) that the HTML also shows as a
  visible caption.

Specs are deterministic (no random ids, no timestamps, rounded numbers) so they can be
snapshot-tested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from .inputs import (
    CriterionCell,
    Histogram,
    LadderStep,
    Milestone,
    OptionBands,
    PlanMonth,
    RankShare,
    ReportData,
    ShortfallCurve,
    SkillGap,
)

#: Okabe & Ito (2008) colour-blind-safe palette, black last.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
#: Dash patterns paired with the palette so series stay distinct in black and white.
DASHES: tuple[list[int], ...] = ([1, 0], [8, 4], [2, 3], [8, 3, 2, 3], [12, 4], [4, 4], [1, 5])
SHAPES: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PANEL_W = 240
PANEL_H = 180
MAX_OPTIONS_SIDE_BY_SIDE = 3


@dataclass(frozen=True)
class ChartSpec:
    """One chart: a stable id (file name of the export), title, description and Vega-Lite dict."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]


def _r(x: float | None, nd: int = 2) -> float | None:
    """Round for the spec: stable snapshots and a smaller HTML, far below what a chart can show."""
    if x is None:
        return None
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def _money(x: float, currency: str) -> str:
    """Human money text used inside descriptions (same rounding as the report's text)."""
    from crossroads.world.fmt import money

    return money(x, currency)


#: Shared look: readable font sizes, no view border, the colour-blind-safe category range. Put
#: into the spec dict directly (Altair's ``configure_*`` deep-copies the chart at every call).
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "range": {"category": list(OKABE_ITO)},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#dddddd"},
    "title": {
        "fontSize": 15,
        "subtitleFontSize": 12,
        "anchor": "start",
        "subtitleColor": "#333333",
    },
    "legend": {
        "labelFontSize": 11,
        "titleFontSize": 12,
        "orient": "bottom",
        "labelLimit": 420,
        "columns": 1,
    },
    "header": {"labelFontSize": 12, "labelFontWeight": "bold", "titleFontSize": 12},
    "view": {"stroke": None, "continuousWidth": 300, "continuousHeight": 300},
}


#: Validate every spec against the Vega-Lite JSON schema when it is built. Off by default: it costs
#: ~0.1 s per chart (most of the report budget); the test-suite switches it on.
VALIDATE = False


def _finish(
    chart_id: str,
    chart: Any,
    title: str,
    subtitle: str,
    description: str,
    datasets: dict[str, list[dict[str, Any]]],
) -> ChartSpec:
    """Attach title, subtitle and description, apply the shared config and freeze to a dict.

    Charts refer to their rows by name (``alt.Data(name=...)``) and the rows are put into the
    spec's top-level ``datasets`` only here: Altair deep-copies inline values on every layer and
    encode call, which made building the report's charts take ~0.7 s instead of ~0.1 s.
    """
    spec: dict[str, Any] = {
        "$schema": alt.SCHEMA_URL,
        "title": {"text": title, "subtitle": subtitle},
        "description": description,
    }
    body = chart.to_dict(validate=False)
    body.pop("$schema", None)
    body.pop("config", None)
    spec.update(body)
    spec["config"] = CONFIG
    spec["datasets"] = {name: rows for name, rows in sorted(datasets.items())}
    if VALIDATE:
        alt.Chart.from_dict(spec, validate=True)  # raises on a spec Vega-Lite would reject
    return ChartSpec(id=chart_id, title=title, description=description, spec=spec)


# --------------------------------------------------------------------------------------------
# Fan charts (cash, income)
# --------------------------------------------------------------------------------------------


def _band_rows(bands: Sequence[OptionBands]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for b in bands:
        for i in range(b.months):
            rows.append(
                {
                    "option": b.label,
                    "month": i + 1,
                    "p10": _r(b.p10[i], 0),
                    "p25": _r(b.p25[i], 0),
                    "p50": _r(b.p50[i], 0),
                    "p75": _r(b.p75[i], 0),
                    "p90": _r(b.p90[i], 0),
                }
            )
    return rows


def fan_chart(
    chart_id: str,
    bands: Sequence[OptionBands],
    *,
    title: str,
    quantity: str,
    currency: str,
    ref_value: float | None,
    ref_label: str,
) -> ChartSpec:
    """Small multiples, one panel per option: P10–P90 and P25–P75 bands and the median line.

    Why side by side and not overlaid: overlapping translucent bands of several options are
    unreadable (and meaningless in black and white); panels with a shared y axis compare honestly.
    The reference line (cash floor or monthly expenses) is dashed and labelled.
    """
    bands = list(bands)[:MAX_OPTIONS_SIDE_BY_SIDE]
    labels = [b.label for b in bands]
    y_title = (
        f"{quantity} ({currency} per month)" if quantity == "Income" else f"{quantity} ({currency})"
    )
    base = alt.Chart().encode(
        x=alt.X(
            "month",
            type="quantitative",
            title="Month (1 = first month)",
            scale=alt.Scale(nice=False),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
    )
    outer = base.mark_area(color="#0072B2", opacity=0.22).encode(
        y=alt.Y("p10", type="quantitative", title=y_title, axis=alt.Axis(format=",.0f")),
        y2=alt.Y2("p90"),
        tooltip=[
            alt.Tooltip("month", type="quantitative", title="Month"),
            alt.Tooltip("p10", type="quantitative", title="P10", format=",.0f"),
            alt.Tooltip("p90", type="quantitative", title="P90", format=",.0f"),
        ],
    )
    inner = base.mark_area(color="#0072B2", opacity=0.45).encode(
        y=alt.Y("p25", type="quantitative"), y2=alt.Y2("p75")
    )
    median = base.mark_line(color="#000000", strokeWidth=2).encode(
        y=alt.Y("p50", type="quantitative"),
        tooltip=[
            alt.Tooltip("month", type="quantitative", title="Month"),
            alt.Tooltip("p50", type="quantitative", title="Median", format=",.0f"),
        ],
    )
    layers: list[Any] = [outer, inner, median]
    if ref_value is not None:
        # one row per panel (month 1), not one per month: a single rule and label per panel
        ref = (
            alt.Chart()
            .mark_rule(color="#D55E00", strokeDash=[6, 4], strokeWidth=2)
            .encode(y=alt.datum(_r(ref_value, 0)))
            .transform_filter(alt.datum.month == 1)
        )
        ref_text = (
            alt.Chart()
            .mark_text(align="left", baseline="bottom", dx=4, dy=-2, color="#7a2e00", fontSize=11)
            .encode(x=alt.datum(1), y=alt.datum(_r(ref_value, 0)), text=alt.datum(ref_label))
            .transform_filter(alt.datum.month == 1)
        )
        layers += [ref, ref_text]
    chart = (
        alt.layer(*layers, data=alt.Data(name="bands"))
        .properties(width=PANEL_W, height=PANEL_H)
        .facet(
            facet=alt.Facet("option", type="nominal", sort=labels, title=None),
            columns=MAX_OPTIONS_SIDE_BY_SIDE,
        )
    )
    last = []
    for b in bands:
        last.append(
            f"{b.label}: median {_money(b.p50[-1], currency)} in month {b.months} "
            f"(P10 {_money(b.p10[-1], currency)}, P90 {_money(b.p90[-1], currency)})"
        )
    ref_txt = (
        f" The dashed line is {ref_label} ({_money(ref_value, currency)})."
        if ref_value is not None
        else ""
    )
    description = (
        f"{title}: one panel per option, months 1 to {bands[0].months if bands else 0}. "
        f"The light band holds 80% of simulated paths (P10 to P90), the dark band the middle half "
        f"(P25 to P75), the black line is the median.{ref_txt} " + "; ".join(last) + "."
    )
    subtitle = "Light band: P10–P90 of paths · dark band: P25–P75 · black line: median" + (
        f" · dashed: {ref_label}" if ref_value is not None else ""
    )
    return _finish(chart_id, chart, title, subtitle, description, {"bands": _band_rows(bands)})


def cash_fan(bands: Sequence[OptionBands], *, currency: str, cash_floor: float) -> ChartSpec:
    """Cash at the end of each month, with the person's cash floor."""
    return fan_chart(
        "cash_fan",
        bands,
        title="Cash over the months",
        quantity="Cash at month end",
        currency=currency,
        ref_value=cash_floor,
        ref_label="your cash floor",
    )


def income_fan(
    bands: Sequence[OptionBands], *, currency: str, monthly_expenses: float
) -> ChartSpec:
    """Earned income per month, with the monthly expenses it has to cover."""
    return fan_chart(
        "income_bands",
        bands,
        title="Monthly earned income",
        quantity="Income",
        currency=currency,
        ref_value=monthly_expenses,
        ref_label="your monthly expenses",
    )


# --------------------------------------------------------------------------------------------
# Distribution of cumulative net income at the horizon
# --------------------------------------------------------------------------------------------


def net_income_distribution(
    hists: Sequence[Histogram], *, currency: str, horizon: int
) -> ChartSpec:
    """Histogram of cumulative net income at the horizon, one row per option, P10/P50/P90 marked.

    The markers are the option's ``net_income_p10/p50/p90`` metrics (what ``advise`` reports); the
    bars are the share of simulated paths in each income bin.
    """
    hists = list(hists)[:MAX_OPTIONS_SIDE_BY_SIDE]
    labels = [h.label for h in hists]
    rows: list[dict[str, Any]] = []
    for h in hists:
        total = max(1, sum(int(c) for c in h.counts))
        for i, c in enumerate(h.counts):
            rows.append(
                {
                    "option": h.label,
                    "kind": "bin",
                    "x0": _r(h.edges[i], 0),
                    "x1": _r(h.edges[i + 1], 0),
                    "share": _r(100.0 * int(c) / total, 2),
                }
            )
        for name, v in (("P10", h.p10), ("median", h.p50), ("P90", h.p90)):
            rows.append({"option": h.label, "kind": "marker", "which": name, "value": _r(v, 0)})
    bars = (
        alt.Chart()
        .mark_bar(color="#56B4E9", stroke="#0072B2", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "x0",
                type="quantitative",
                title=f"Cumulative net income over {horizon} months ({currency})",
                axis=alt.Axis(format=",.0f"),
            ),
            x2=alt.X2("x1"),
            y=alt.Y("share", type="quantitative", title="Share of paths (%)"),
            y2=alt.datum(0),
            tooltip=[
                alt.Tooltip("x0", type="quantitative", title="From", format=",.0f"),
                alt.Tooltip("x1", type="quantitative", title="To", format=",.0f"),
                alt.Tooltip("share", type="quantitative", title="% of paths"),
            ],
        )
        .transform_filter(alt.datum.kind == "bin")
    )
    marks = (
        alt.Chart()
        .mark_rule(color="#000000", strokeWidth=2)
        .encode(
            x=alt.X("value", type="quantitative"),
            strokeDash=alt.StrokeDash(
                "which",
                type="nominal",
                title="Marker",
                sort=["P10", "median", "P90"],
                scale=alt.Scale(domain=["P10", "median", "P90"], range=[[4, 3], [1, 0], [10, 4]]),
            ),
            tooltip=[
                alt.Tooltip("which", type="nominal", title="Marker"),
                alt.Tooltip("value", type="quantitative", title=currency, format=",.0f"),
            ],
        )
        .transform_filter(alt.datum.kind == "marker")
    )
    chart = (
        alt.layer(bars, marks, data=alt.Data(name="hist"))
        .properties(width=PANEL_W, height=130)
        .facet(
            facet=alt.Facet("option", type="nominal", sort=labels, title=None),
            columns=MAX_OPTIONS_SIDE_BY_SIDE,
        )
    )
    parts = [
        f"{h.label}: P10 {_money(h.p10, currency)}, median {_money(h.p50, currency)}, P90 {_money(h.p90, currency)}"
        for h in hists
    ]
    description = (
        f"Distribution of cumulative net income (earned income minus learning costs) after {horizon} "
        "months, as the share of simulated paths per income range, one panel per option. "
        + "; ".join(parts)
        + "."
    )
    return _finish(
        "net_income",
        chart,
        f"Where you could be after {horizon} months",
        "Bars: share of simulated paths · lines: P10 (short dashes), median (solid), P90 (long dashes)",
        description,
        {"hist": rows},
    )


# --------------------------------------------------------------------------------------------
# Shortfall probability by month
# --------------------------------------------------------------------------------------------


def shortfall_by_month(
    curves: Sequence[ShortfallCurve], *, tolerance: float, currency: str
) -> ChartSpec:
    """Cumulative probability that cash fell below the floor by each month, one line per option.

    Lines differ in colour, dash pattern and point shape; the person's tolerance is a labelled
    dashed rule.
    """
    curves = list(curves)
    labels = [c.label for c in curves]
    rows = [
        {"option": c.label, "month": i + 1, "pct": _r(100.0 * p, 1)}
        for c in curves
        for i, p in enumerate(c.by_month)
    ]
    n = len(labels)
    legend_scale = {
        "color": alt.Color(
            "option",
            type="nominal",
            title="Option",
            sort=labels,
            scale=alt.Scale(domain=labels, range=list(OKABE_ITO[:n])),
        ),
        "strokeDash": alt.StrokeDash(
            "option",
            type="nominal",
            title="Option",
            sort=labels,
            scale=alt.Scale(domain=labels, range=[list(d) for d in DASHES[:n]]),
        ),
    }
    base = alt.Chart(alt.Data(name="table")).encode(
        x=alt.X(
            "month",
            type="quantitative",
            title="Month (1 = first month)",
            axis=alt.Axis(tickMinStep=1, format="d"),
            scale=alt.Scale(nice=False),
        ),
        y=alt.Y(
            "pct",
            type="quantitative",
            title="Probability cash has fallen below your floor (%)",
            scale=alt.Scale(domain=[0, 100]),
        ),
    )
    lines = base.mark_line(strokeWidth=2).encode(**legend_scale)
    points = (
        base.mark_point(size=30, filled=True)
        .encode(
            color=legend_scale["color"],
            shape=alt.Shape(
                "option",
                type="nominal",
                title="Option",
                sort=labels,
                scale=alt.Scale(domain=labels, range=list(SHAPES[:n])),
            ),
            tooltip=[
                alt.Tooltip("option", type="nominal", title="Option"),
                alt.Tooltip("month", type="quantitative", title="Month"),
                alt.Tooltip("pct", type="quantitative", title="% of paths"),
            ],
        )
        .transform_filter("datum.month % 3 == 0 || datum.month == 1")
    )
    tol = _r(100.0 * tolerance, 1)
    rule = alt.Chart().mark_rule(color="#000000", strokeDash=[2, 2]).encode(y=alt.datum(tol))
    rule_text = (
        alt.Chart()
        .mark_text(align="left", baseline="bottom", dx=4, dy=-2, fontSize=11)
        .encode(x=alt.datum(1), y=alt.datum(tol), text=alt.datum(f"your tolerance {tol:g}%"))
    )
    chart = (
        alt.layer(lines, points, rule, rule_text)
        .properties(width=560, height=260)
        .resolve_scale(color="shared")
    )
    parts = [
        f"{c.label}: {100 * c.by_month[-1]:.1f}% by month {len(c.by_month)}"
        for c in curves
        if len(c.by_month)
    ]
    description = (
        "Probability that cash has fallen below your cash floor at least once by each month, one "
        f"line per option; the dotted line is your tolerance of {tol:g}%. " + "; ".join(parts) + "."
    )
    return _finish(
        "shortfall",
        chart,
        "Chance of running short, month by month",
        "Cumulative share of simulated paths whose cash fell below your floor",
        description,
        {"table": rows},
    )


# --------------------------------------------------------------------------------------------
# Criteria, rank acceptability
# --------------------------------------------------------------------------------------------


def _fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "n/a"
    if abs(v) >= 1000:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.0f}"
    else:
        s = f"{v:.2g}" if abs(v) < 1 else f"{v:.1f}"
    return f"{s} {unit}".strip()


def criteria_heatmap(cells: Sequence[CriterionCell], options: Sequence[RankShare]) -> ChartSpec:
    """Options × criteria: cell shade = normalised score (darker = better), text = measured value.

    Why a heat map with text: eleven criteria cannot be told apart by colour in a stacked bar, and
    the measured values (with units) are what a person can check; the row label carries the weight
    the person gave that criterion.
    """
    shown = {c.label for c in cells}
    order = [o.label for o in sorted(options, key=lambda o: o.rank) if o.label in shown]
    weights: dict[str, float] = {}
    for c in cells:
        weights.setdefault(c.criterion, c.weight)
    crit_order = sorted(weights, key=lambda k: (-weights[k], k))
    crit_label = {k: f"{k.replace('_', ' ')} (your weight {weights[k]:.2f})" for k in crit_order}
    rows = [
        {
            "option": c.label,
            "criterion": crit_label[c.criterion],
            "score": _r(c.score, 3),
            "text": _fmt_value(c.value, c.unit),
        }
        for c in cells
    ]
    y_order = [crit_label[k] for k in crit_order]
    base = alt.Chart(alt.Data(name="table")).encode(
        x=alt.X(
            "option",
            type="nominal",
            sort=order,
            title="Option (ranked, best first)",
            axis=alt.Axis(
                labelAngle=0,
                labelLimit=180,
                orient="top",
                grid=False,
                labelFontSize=10,
                labelExpr="split(datum.label, ': ')",
            ),
        ),
        y=alt.Y(
            "criterion",
            type="nominal",
            sort=y_order,
            title=None,
            axis=alt.Axis(labelLimit=420, grid=False),
        ),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "score",
            type="quantitative",
            title="Normalised score (1 = best)",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
        ),
        tooltip=[
            alt.Tooltip("option", type="nominal"),
            alt.Tooltip("criterion", type="nominal"),
            alt.Tooltip("text", type="nominal", title="Value"),
            alt.Tooltip("score", type="quantitative", title="Score", format=".2f"),
        ],
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("text", type="nominal"),
        color=alt.condition("datum.score > 0.6", alt.value("white"), alt.value("black")),
    )
    chart = alt.layer(rect, text).properties(
        width=max(200, 190 * len(order)), height=24 * len(y_order)
    )
    best: dict[str, tuple[str, float]] = {}
    for c in cells:
        if c.score is not None and (c.criterion not in best or c.score > best[c.criterion][1]):
            best[c.criterion] = (c.label, c.score)
    parts = [
        f"{k.replace('_', ' ')} (weight {weights[k]:.2f}): best {best[k][0]}"
        for k in crit_order
        if k in best
    ]
    description = (
        "Table of options against your criteria. Each cell shows the measured value; darker cells "
        "score better on that criterion. " + "; ".join(parts) + "."
    )
    subtitle = "Cell text: measured value · shade: normalised score, darker is better"
    if len(order) < len(options):
        subtitle += (
            f" · the {len(order)} best-ranked of {len(options)} options (the table lists all)"
        )
        description += f" Only the {len(order)} best-ranked of {len(options)} options are drawn."
    return _finish(
        "criteria",
        chart,
        "How the options compare on what you care about",
        subtitle,
        description,
        {"table": rows},
    )


def rank_acceptability(options: Sequence[RankShare]) -> ChartSpec:
    """How often each option ranked first when weights and outcomes vary (p_first), with labels."""
    opts = sorted(options, key=lambda o: o.rank)
    rows = [{"option": o.label, "pct": _r(100.0 * o.p_first, 1), "rank": o.rank} for o in opts]
    base = alt.Chart(alt.Data(name="table")).encode(
        y=alt.Y(
            "option",
            type="nominal",
            sort=[o.label for o in opts],
            title="Option (ranked, best first)",
            axis=alt.Axis(labelLimit=220),
        ),
        x=alt.X(
            "pct",
            type="quantitative",
            title="Ranked first in this share of trials (%)",
            scale=alt.Scale(domain=[0, 100]),
        ),
    )
    bars = base.mark_bar(color="#0072B2").encode(
        tooltip=[
            alt.Tooltip("option", type="nominal"),
            alt.Tooltip("pct", type="quantitative", title="% first"),
        ]
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(
        text=alt.Text("pct", type="quantitative", format=".1f")
    )
    chart = alt.layer(bars, text).properties(width=460, height=max(60, 26 * len(rows)))
    parts = [f"{o.label}: {100 * o.p_first:.1f}%" for o in opts]
    description = (
        "How often each option ranked first when your weights and the simulated outcomes were "
        "varied (rank acceptability). " + "; ".join(parts) + "."
    )
    return _finish(
        "p_first",
        chart,
        "How sure is the ranking?",
        "Share of trials in which each option came first",
        description,
        {"table": rows},
    )


# --------------------------------------------------------------------------------------------
# Skills and career ladder
# --------------------------------------------------------------------------------------------


def skill_gap_chart(gaps: Sequence[SkillGap], *, target_title: str) -> ChartSpec:
    """Per skill: the person's level (filled circle) vs the occupation's requirement (open square).

    Sorted by the gap, largest first; a line joins the two points so the distance reads without
    colour.
    """
    gs = sorted(gaps, key=lambda g: (-(g.required - g.current), g.skill))
    order = [g.skill for g in gs]
    wide = [
        {"skill": g.skill, "current": _r(g.current, 2), "required": _r(g.required, 2)} for g in gs
    ]
    long = [
        {"skill": g.skill, "who": who, "level": _r(v, 2)}
        for g in gs
        for who, v in (("Your level", g.current), ("Required level", g.required))
    ]
    y = alt.Y(
        "skill",
        type="nominal",
        sort=order,
        title="Skill (largest gap first)",
        axis=alt.Axis(labelLimit=220),
    )
    rule = (
        alt.Chart(alt.Data(name="wide"))
        .mark_rule(color="#777777", strokeWidth=2)
        .encode(
            y=y,
            x=alt.X(
                "current",
                type="quantitative",
                title="Level (O*NET level scale, 0–7)",
                scale=alt.Scale(domain=[0, 7]),
            ),
            x2=alt.X2("required"),
        )
    )
    who_dom = ["Your level", "Required level"]
    pts = (
        alt.Chart(alt.Data(name="long"))
        .mark_point(size=90, strokeWidth=2)
        .encode(
            y=y,
            x=alt.X("level", type="quantitative"),
            shape=alt.Shape(
                "who",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=who_dom, range=["circle", "square"]),
            ),
            color=alt.Color(
                "who",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=who_dom, range=["#0072B2", "#D55E00"]),
            ),
            fill=alt.Fill(
                "who",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=who_dom, range=["#0072B2", "white"]),
            ),
            tooltip=[
                alt.Tooltip("skill", type="nominal"),
                alt.Tooltip("who", type="nominal", title=" "),
                alt.Tooltip("level", type="quantitative", format=".1f"),
            ],
        )
    )
    chart = alt.layer(rule, pts).properties(width=460, height=max(80, 22 * len(order)))
    big = [
        f"{g.skill} ({g.current:.1f} vs {g.required:.1f})" for g in gs if g.required > g.current
    ][:5]
    description = (
        f"Skills for {target_title}: your level (filled circle) against the level the occupation "
        f"requires (open square), on O*NET's 0 to 7 scale. "
        + ("Largest gaps: " + "; ".join(big) + "." if big else "You meet every listed requirement.")
    )
    return _finish(
        "skill_gap",
        chart,
        f"Skill gaps for {target_title}",
        "Filled circle: your level · open square: required level",
        description,
        {"wide": wide, "long": long},
    )


def ladder_chart(steps: Sequence[LadderStep], *, target_title: str) -> ChartSpec:
    """Career ladder: the target and the occupations it can lead to, with OEWS hourly wage bands."""
    steps = [s for s in steps if s.wage_p50 is not None]
    order = [s.title for s in steps]
    rows = [
        {
            "title": s.title,
            "tier": s.tier,
            "p10": _r(s.wage_p10, 2),
            "p50": _r(s.wage_p50, 2),
            "p90": _r(s.wage_p90, 2),
            "label": f"{s.wage_p50:.2f} USD/h",
        }
        for s in steps
    ]
    base = alt.Chart(alt.Data(name="table")).encode(
        y=alt.Y(
            "title",
            type="nominal",
            sort=order,
            title="Occupation (your target first)",
            axis=alt.Axis(labelLimit=260),
        ),
    )
    band = base.mark_rule(strokeWidth=6, color="#56B4E9").encode(
        x=alt.X(
            "p10",
            type="quantitative",
            title="Hourly wage (USD per hour, OEWS: P10 to P90, dot = median)",
        ),
        x2=alt.X2("p90"),
    )
    mid = base.mark_point(filled=True, size=70, color="#000000").encode(
        x=alt.X("p50", type="quantitative"),
        tooltip=[
            alt.Tooltip("title", type="nominal"),
            alt.Tooltip("tier", type="nominal"),
            alt.Tooltip("p10", type="quantitative", title="P10"),
            alt.Tooltip("p50", type="quantitative", title="Median"),
            alt.Tooltip("p90", type="quantitative", title="P90"),
        ],
    )
    text = base.mark_text(align="left", dx=8, dy=-9, fontSize=10).encode(
        x=alt.X("p50", type="quantitative"), text=alt.Text("label", type="nominal")
    )
    chart = alt.layer(band, mid, text).properties(width=460, height=max(60, 30 * len(rows)))
    parts = [f"{s.title} ({s.tier}): median {s.wage_p50:.2f} USD/h" for s in steps]
    description = (
        f"Career ladder from {target_title}: the occupations it can lead to with their hourly wage "
        "(bar from P10 to P90, dot at the median). " + "; ".join(parts) + "."
    )
    return _finish(
        "ladder",
        chart,
        "Where the career can lead",
        "Hourly wage bands (OEWS, USD)",
        description,
        {"table": rows},
    )


# --------------------------------------------------------------------------------------------
# Plan timeline
# --------------------------------------------------------------------------------------------

ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("microtask", "Microtasks"),
    ("learning", "Learning"),
    ("search", "Job search"),
    ("job", "Job"),
)
#: Activity colours chosen for different lightness, so the stack also reads in greyscale.
ACTIVITY_COLOURS: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#0072B2")


def plan_timeline(
    months: Sequence[PlanMonth], milestones: Sequence[Milestone], *, option_label: str
) -> ChartSpec:
    """Hours per week in each month of the plan, stacked by activity, with milestones marked."""
    names = [n for _, n in ACTIVITIES]
    rows = [
        {"month": m.month, "activity": name, "order": k, "hours": _r(getattr(m, key), 1)}
        for m in months
        for k, (key, name) in enumerate(ACTIVITIES)
        if getattr(m, key) > 0
    ]
    domain = [m.month for m in months]
    width = max(360, 16 * len(months))
    x = alt.X(
        "month",
        type="ordinal",
        title="Month (1 = first month)",
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(labelAngle=0),
    )
    bars = (
        alt.Chart(alt.Data(name="table"))
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=alt.Y("hours", type="quantitative", title="Time (hours per week)", stack="zero"),
            color=alt.Color(
                "activity",
                type="nominal",
                title="Activity",
                sort=names,
                scale=alt.Scale(domain=names, range=list(ACTIVITY_COLOURS)),
            ),
            order=alt.Order("order", type="quantitative"),
            tooltip=[
                alt.Tooltip("month", type="ordinal"),
                alt.Tooltip("activity", type="nominal"),
                alt.Tooltip("hours", type="quantitative", title="h/week"),
            ],
        )
    )
    datasets: dict[str, list[dict[str, Any]]] = {"table": rows}
    chart: Any
    if milestones:
        # Milestones get their own strip under the bars, one row each, so labels never overlap.
        ms_sorted = sorted(milestones, key=lambda m: (m.month, m.label))
        datasets["milestones"] = [
            {"month": m.month, "label": f"{m.label} (month {m.month})", "kind": m.kind}
            for m in ms_sorted
        ]
        ms = alt.Chart(alt.Data(name="milestones"))
        rules = ms.mark_rule(color="#000000", strokeDash=[4, 3]).encode(x=x)
        top = alt.layer(bars, rules).properties(width=width, height=200)
        y_ms = alt.Y(
            "label",
            type="nominal",
            sort=[r["label"] for r in datasets["milestones"]],
            title=None,
            axis=None,
        )
        x_ms = alt.X(
            "month",
            type="ordinal",
            scale=alt.Scale(domain=domain),
            title="Milestones",
            axis=alt.Axis(labels=False, ticks=False),
        )
        dots = ms.mark_point(shape="diamond", filled=True, size=60, color="#000000").encode(
            x=x_ms, y=y_ms
        )
        labels = ms.mark_text(align="left", dx=7, fontSize=11, color="#000000").encode(
            x=x_ms, y=y_ms, text=alt.Text("label", type="nominal")
        )
        strip = alt.layer(dots, labels).properties(width=width, height=18 * len(ms_sorted))
        chart = alt.vconcat(top, strip, spacing=6)
    else:
        chart = bars.properties(width=width, height=200)
    first = months[0] if months else None
    mtxt = "; ".join(f"month {m.month}: {m.label}" for m in milestones)
    description = (
        f"Month-by-month plan for {option_label}: hours per week on microtasks, learning, job search "
        "and the job, stacked. "
        + (
            f"Month 1: {first.microtask:.0f} h microtasks, {first.learning:.0f} h learning, "
            f"{first.search:.0f} h job search. "
            if first
            else ""
        )
        + (f"Milestones: {mtxt}." if mtxt else "")
    )
    return _finish(
        "plan",
        chart,
        "Your plan, month by month",
        "Stacked hours per week by activity · dashed lines and diamonds: milestones",
        description,
        datasets,
    )


# --------------------------------------------------------------------------------------------
# All charts of a report
# --------------------------------------------------------------------------------------------


def build_charts(data: ReportData) -> list[ChartSpec]:
    """Every chart of the report, in reading order (skips charts whose inputs are missing)."""
    out: list[ChartSpec] = []
    if data.cash:
        out.append(cash_fan(data.cash, currency=data.currency, cash_floor=data.cash_floor))
    if data.income:
        out.append(
            income_fan(data.income, currency=data.currency, monthly_expenses=data.monthly_expenses)
        )
    if data.net_income:
        out.append(
            net_income_distribution(
                data.net_income, currency=data.currency, horizon=data.horizon_months
            )
        )
    if data.shortfall:
        out.append(
            shortfall_by_month(
                data.shortfall, tolerance=data.max_shortfall_probability, currency=data.currency
            )
        )
    if data.criteria:
        out.append(criteria_heatmap(data.criteria, data.options))
    if data.options:
        out.append(rank_acceptability(data.options))
    if data.skill_gaps and data.target_title:
        out.append(skill_gap_chart(data.skill_gaps, target_title=data.target_title))
    if data.ladder and data.target_title and any(s.wage_p50 is not None for s in data.ladder):
        out.append(ladder_chart(data.ladder, target_title=data.target_title))
    if data.plan_months:
        out.append(
            plan_timeline(
                data.plan_months, data.milestones, option_label=data.plan_option or "the plan"
            )
        )
    if data.journal is not None:
        from crossroads.report.journal import journal_charts

        out.extend(journal_charts(data.journal))
    return out
