"""The cohort report: one self-contained HTML file about everyone a run advised.

What a programme needs to see, in order: who is steered where (the distribution of recommended
families), how safe and how rewarding those recommendations are (shortfall and income
distributions), whether the advice steers groups differently (the group view, with each
difference stated in words and checked against what chance alone would give), the most common
reasons and warnings, the rejects, and the line that reproduces the run.

It reuses the person report's offline pieces — the inline Vega bundle (:mod:`crossroads.report.bundle`)
and the chart look (:mod:`crossroads.report.charts`: Okabe–Ito palette, fonts, descriptions) — so
the file opens with no network. The aggregate is built partition by partition from what the
runner writes (:meth:`CohortAggregate.add`), never by re-reading OUT.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .score import TEXT_SEPARATOR, CohortRun

if TYPE_CHECKING:
    from .runner import CohortStats
    from .score import PartitionResult

#: Smallest group whose shares are compared in words (smaller groups are shown, not compared).
MIN_GROUP = 20
#: A group column with more distinct values than this is not a grouping (e.g. a free-text column).
MAX_GROUP_VALUES = 12
#: |z| above which a difference in shares is called larger than chance alone would likely give.
Z_CLEAR = 1.96
#: Every kind of path a recommendation can be (``OptionAdvice.kind``). Freelancing and the
#: ranked local job (``baseline.rank``) were missing, so their people fell out of every share.
KINDS = ("microtask", "career", "hybrid", "freelance", "local_job")
KIND_LABEL = {
    "microtask": "microtasks only",
    "career": "a career path",
    "hybrid": "a hybrid",
    "freelance": "freelancing",
    "local_job": "a local job",
}
#: Always shown (a stable layout); the others only when someone is steered there.
BASE_KINDS = KINDS[:3]


def shown_kinds(agg: CohortAggregate) -> tuple[str, ...]:
    """The kinds the report's tables, charts and sentences list: the three base kinds, then any
    other kind at least one person of the cohort was recommended."""
    present = set(agg.kind)
    return tuple(k for k in KINDS if k in BASE_KINDS or k in present)


def _template(text: str) -> str:
    """A warning's first sentence with its numbers blanked, so like warnings are counted together."""
    first = text.split(". ")[0].rstrip(".")
    first = re.sub(r"\d[\d,.]*", "N", first)
    return re.sub(r"(The closest is|towards|to) .*", r"\1 …", first)


@dataclass
class CohortAggregate:
    """Running totals of a cohort, fed one partition at a time (small: a few numbers per person)."""

    run: CohortRun
    group_names: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    p_shortfall: list[float] = field(default_factory=list)
    net_p50: list[float] = field(default_factory=list)
    currency: Counter[str] = field(default_factory=Counter)
    groups: dict[str, list[str]] = field(default_factory=dict)
    criteria: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    unsafe: list[bool] = field(default_factory=list)
    reject_fields: Counter[str] = field(default_factory=Counter)
    rejected_rows: set[int] = field(default_factory=set)
    seeds_paths: set[int] = field(default_factory=set)

    def add(self, res: PartitionResult) -> None:
        """Take one partition's records and rejects (the runner's ``on_partition`` hook)."""
        for r in res.records:
            self.kind.append(str(r["kind"]))
            self.family.append(str(r["family_label"]))
            self.p_shortfall.append(float(r["p_shortfall"]))
            self.net_p50.append(float(r["net_income_p50"]))
            self.currency[str(r["currency"])] += 1
            self.seeds_paths.add(int(r["paths"]))
            for c in (r.get("top_criteria") or "").split(TEXT_SEPARATOR):
                if c:
                    self.criteria[c] += 1
            ws = [w for w in (r.get("warnings") or "").split(TEXT_SEPARATOR) if w]
            for w in {_template(w) for w in ws}:
                self.warnings[w] += 1
            self.unsafe.append(any(w.startswith("No option keeps") for w in ws))
        for r in res.records:
            for g in self.group_names:
                self.groups.setdefault(g, []).append(str(r.get(g, "") or "(blank)"))
        for rj in res.rejects:
            self.reject_fields[rj.field or "(advice failed)"] += 1
            self.rejected_rows.add(rj.row)

    @property
    def n(self) -> int:
        return len(self.kind)


# ------------------------------------------------------------------------------------------------
# the group view, in words
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    value: str
    n: int
    shares: dict[str, float]
    p_shortfall_median: float
    net_p50_median: float
    unsafe_share: float


@dataclass(frozen=True)
class GroupView:
    column: str
    rows: list[GroupRow]
    sentences: list[str]


def _z(p1: float, n1: int, p2: float, n2: int) -> float:
    """Two-proportion z statistic (pooled); 0 when both shares are 0 or 1."""
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return (p1 - p2) / se if se > 0 else 0.0


def _never_reads(column: str) -> str:
    return (
        f"crossroads never reads {column}: any difference comes from what the rows say about money, "
        "time, skills and priorities, which differ between the groups."
    )


def group_view(agg: CohortAggregate, column: str) -> GroupView | None:
    """Shares and outcomes per value of ``column``, and the largest difference said plainly."""
    values = agg.groups.get(column, [])
    distinct = sorted(set(values))
    if not values or len(distinct) < 2 or len(distinct) > MAX_GROUP_VALUES:
        return None
    kind = np.array(agg.kind)
    vals = np.array(values)
    ps, net, unsafe = np.array(agg.p_shortfall), np.array(agg.net_p50), np.array(agg.unsafe)
    rows = []
    for v in distinct:
        m = vals == v
        rows.append(
            GroupRow(
                value=v,
                n=int(m.sum()),
                shares={k: float((kind[m] == k).mean()) for k in KINDS},
                p_shortfall_median=float(np.median(ps[m])),
                net_p50_median=float(np.median(net[m])),
                unsafe_share=float(unsafe[m].mean()),
            )
        )
    big = [r for r in rows if r.n >= MIN_GROUP]
    sentences: list[str] = []
    if len(big) < 2:
        sentences.append(
            f"Fewer than two groups of {column} have {MIN_GROUP} or more people advised, so no "
            "difference is stated: the shares of such small groups move by chance."
        )
        sentences.append(_never_reads(column))
        return GroupView(column, rows, sentences)
    best: tuple[float, str, GroupRow, GroupRow, float] | None = None
    for k in KINDS:
        hi = max(big, key=lambda r: r.shares[k])
        lo = min(big, key=lambda r: r.shares[k])
        gap = hi.shares[k] - lo.shares[k]
        if best is None or gap > best[0]:
            best = (gap, k, hi, lo, _z(hi.shares[k], hi.n, lo.shares[k], lo.n))
    assert best is not None
    gap, k, hi, lo, z = best
    verdict = (
        f"larger than chance alone would likely give (|z| = {abs(z):.1f} ≥ 1.96)"
        if abs(z) >= Z_CLEAR
        else f"within what chance alone could give (|z| = {abs(z):.1f} < 1.96), so it is not evidence that "
        "the advice treats these groups differently"
    )
    sentences.append(
        f"By {column}: {KIND_LABEL[k]} is recommended to {100 * hi.shares[k]:.0f}% of '{hi.value}' "
        f"(n = {hi.n}) and {100 * lo.shares[k]:.0f}% of '{lo.value}' (n = {lo.n}) — the largest difference "
        f"between these groups, {100 * gap:.0f} percentage points, {verdict}."
    )
    hi_s = max(big, key=lambda r: r.p_shortfall_median)
    lo_s = min(big, key=lambda r: r.p_shortfall_median)
    sentences.append(
        f"The median chance of running short of cash with the recommended option is "
        f"{100 * hi_s.p_shortfall_median:.0f}% for '{hi_s.value}' and {100 * lo_s.p_shortfall_median:.0f}% for "
        f"'{lo_s.value}'; the share with no option within their own tolerance ranges from "
        f"{100 * min(r.unsafe_share for r in big):.0f}% to {100 * max(r.unsafe_share for r in big):.0f}% "
        "across these groups."
    )
    sentences.append(_never_reads(column))
    return GroupView(column, rows, sentences)


# ------------------------------------------------------------------------------------------------
# charts (Vega-Lite specs built with the report's look)
# ------------------------------------------------------------------------------------------------


def _charts(agg: CohortAggregate, cur: str, views: list[GroupView]) -> list[Any]:
    import altair as alt

    from crossroads.report.charts import OKABE_ITO, _finish

    charts = []
    shown = shown_kinds(agg)
    fam = Counter(agg.family)
    top = fam.most_common(10)
    rest = agg.n - sum(c for _, c in top)
    rows: list[dict[str, Any]] = [
        {"family": f, "share": round(c / agg.n, 4), "people": c} for f, c in top
    ]
    if rest:
        rows.append({"family": "other families", "share": round(rest / agg.n, 4), "people": rest})
    bar = (
        alt.Chart(alt.Data(name="families"))
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X("share:Q", title="share of people advised", axis=alt.Axis(format="%")),
            y=alt.Y("family:N", sort="-x", title=None, axis=alt.Axis(labelLimit=420)),
            tooltip=["family:N", "people:Q", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    text = bar.mark_text(align="left", dx=3).encode(text=alt.Text("share:Q", format=".0%"))
    desc = "; ".join(f"{r['family']}: {100 * r['share']:.0f}%" for r in rows)
    charts.append(
        _finish(
            "families",
            (bar + text).properties(width=420, height=22 * len(rows)),
            "Recommended paths",
            f"{agg.n:,} people advised",
            f"Share of people per recommended path: {desc}.",
            {"families": rows},
        )
    )

    def hist(cid: str, values: list[float], title: str, axis: str, fmt: str, subtitle: str) -> Any:
        data = [{"v": round(float(v), 4)} for v in values]
        ch = (
            alt.Chart(alt.Data(name=cid))
            .mark_bar(color=OKABE_ITO[2])
            .encode(
                x=alt.X("v:Q", bin=alt.Bin(maxbins=25), title=axis, axis=alt.Axis(format=fmt)),
                y=alt.Y("count():Q", title="people"),
            )
            .properties(width=420, height=180)
        )
        q = np.quantile(np.array(values), [0.1, 0.5, 0.9]) if values else np.zeros(3)

        def f(x: float) -> str:
            return f"{100 * x:.0f}%" if fmt == "%" else f"{x:,.0f} {cur}"

        d = f"{title}: 10% of people below {f(q[0])}, median {f(q[1])}, 10% above {f(q[2])}."
        return _finish(cid, ch, title, subtitle, d, {cid: data})

    charts.append(
        hist(
            "shortfall",
            agg.p_shortfall,
            "Chance of running short of cash, recommended option",
            "probability that cash falls below the person's floor",
            "%",
            "one value per person",
        )
    )
    charts.append(
        hist(
            "net_income",
            agg.net_p50,
            "Median net income over the horizon, recommended option",
            f"cumulative earned income minus learning costs ({cur})",
            ",.0f",
            "one value per person",
        )
    )
    for gv in views:
        data = [
            {"group": r.value, "path": KIND_LABEL[k], "share": round(r.shares[k], 4), "n": r.n}
            for r in gv.rows
            for k in shown
        ]
        ch = (
            alt.Chart(alt.Data(name=f"group_{gv.column}"))
            .mark_bar()
            .encode(
                x=alt.X(
                    "share:Q",
                    stack="normalize",
                    title="share of the group's people",
                    axis=alt.Axis(format="%"),
                ),
                y=alt.Y("group:N", title=gv.column),
                color=alt.Color(
                    "path:N",
                    title="recommended",
                    scale=alt.Scale(
                        domain=[KIND_LABEL[k] for k in shown],
                        range=list(OKABE_ITO[: len(shown)]),
                    ),
                ),
                tooltip=["group:N", "path:N", "n:Q", alt.Tooltip("share:Q", format=".0%")],
            )
            .properties(width=420, height=28 * len(gv.rows))
        )
        d = (
            " ".join(gv.sentences[:1])
            + " "
            + "; ".join(
                f"{r.value} (n={r.n}): "
                + ", ".join(f"{KIND_LABEL[k]} {100 * r.shares[k]:.0f}%" for k in shown)
                for r in gv.rows
            )
            + "."
        )
        charts.append(
            _finish(
                f"group_{gv.column}",
                ch,
                f"Recommended path by {gv.column}",
                "shares within each group",
                d,
                {f"group_{gv.column}": data},
            )
        )
    return charts


# ------------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------------


def render_cohort_report(
    agg: CohortAggregate, *, stats: CohortStats | None = None, source: str = "IN"
) -> str:
    """The whole cohort report as one HTML string (inline bundle, specs and CSS)."""
    import jinja2
    from markupsafe import Markup

    from crossroads import __version__
    from crossroads.report.bundle import javascript_bundle
    from crossroads.report.html import _script_json

    cur = agg.currency.most_common(1)[0][0] if agg.currency else "USD"
    views = [v for g in agg.groups if (v := group_view(agg, g)) is not None]
    charts = _charts(agg, cur, views) if agg.n else []
    run = agg.run
    paths = run.final_paths()
    mode = "--quick" if run.quick else "--full"
    command = (
        f"crossroads cohort {source} -o OUT --seed {run.seed} {mode} --paths {paths} --method {run.method}"
        + (f" --horizon {run.horizon}" if run.horizon else "")
        + (f" --id-column {run.id_column}" if run.id_column != "id" else "")
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    kinds = Counter(agg.kind)
    return env.get_template("cohort.html.j2").render(
        agg=agg,
        views=views,
        charts=charts,
        by_id={c.id: c for c in charts},
        cur=cur,
        version=__version__,
        kinds=[
            (KIND_LABEL[k], kinds.get(k, 0), kinds.get(k, 0) / agg.n if agg.n else 0.0)
            for k in shown_kinds(agg)
        ],
        unsafe_share=float(np.mean(agg.unsafe)) if agg.unsafe else 0.0,
        criteria=agg.criteria.most_common(8),
        warnings=agg.warnings.most_common(8),
        reject_fields=agg.reject_fields.most_common(),
        n_rejected=len(agg.rejected_rows),
        run=run,
        paths=paths,
        command=command,
        source=source,
        stats=stats,
        kind_label=KIND_LABEL,
        kinds_order=shown_kinds(agg),
        specs_json=_script_json({c.id: c.spec for c in charts}),
        bundle=Markup(javascript_bundle()),
        criterion_name=_criterion_name,
    )


def _criterion_name(key: str) -> str:
    from crossroads.decision.explain import CRITERION_NAMES

    return CRITERION_NAMES.get(key, key.replace("_", " "))


def write_cohort_report(
    agg: CohortAggregate, path: str | Path, *, stats: CohortStats | None = None, source: str = "IN"
) -> Path:
    """Write the report atomically (a temporary file, then rename)."""
    import os
    import tempfile

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    text = render_cohort_report(agg, stats=stats, source=source)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, p)
    return p
