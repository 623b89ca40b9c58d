"""A small synthetic :class:`ReportData` (no simulation) for snapshot tests and layout previews.

Why it exists: the charts and the HTML are tested on inputs that never change, independently of
the engine's numbers, so a snapshot diff means a chart changed — not that the model moved. The
``docs["advice"]`` document follows the ``advise --json`` schema of issue #3, so the template's
number look-ups are exercised as well. Nothing here is shown to a real user.
"""

from __future__ import annotations

import math
from typing import Any

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
    Source,
)

_OPTIONS = (
    (
        "hybrid:10:15:43-4051.00",
        "hybrid",
        "Hybrid: 10 h microtasks + 15 h learning → Customer Service Rep.",
        0.71,
        0.58,
    ),
    ("career:43-4051.00", "career", "Career: Customer Service Representatives", 0.64, 0.31),
    ("microtask", "microtask", "Microtasks only", 0.42, 0.11),
)
_CRITERIA = (
    ("earnings", "USD", 0.20),
    ("quick_payout", "months", 0.15),
    ("financial_safety", "%", 0.25),
    ("career_growth", "USD/month per year", 0.10),
    ("flexibility", "0-1", 0.30),
)


def _bands(
    months: int, start: float, slope: float, spread: float, oid: str, label: str
) -> OptionBands:
    p50 = [start + slope * m for m in range(months)]
    q = {
        k: [v + z * spread * math.sqrt(m + 1) for m, v in enumerate(p50)]
        for k, z in (("p10", -1.28), ("p25", -0.67), ("p75", 0.67), ("p90", 1.28))
    }
    return OptionBands(oid, label, q["p10"], q["p25"], p50, q["p75"], q["p90"])


def sample_data(months: int = 12) -> ReportData:
    """A deterministic three-option report (hybrid first) with every section filled."""
    options = [
        RankShare(oid, label, i + 1, score, pf)
        for i, (oid, _, label, score, pf) in enumerate(_OPTIONS)
    ]
    cash = [
        _bands(months, 3000, 120, 250, _OPTIONS[0][0], _OPTIONS[0][2]),
        _bands(months, 2500, 60, 400, _OPTIONS[1][0], _OPTIONS[1][2]),
        _bands(months, 3200, -80, 150, _OPTIONS[2][0], _OPTIONS[2][2]),
    ]
    income = [
        _bands(months, 300, 90, 60, _OPTIONS[0][0], _OPTIONS[0][2]),
        _bands(months, 0, 140, 120, _OPTIONS[1][0], _OPTIONS[1][2]),
        _bands(months, 400, 5, 40, _OPTIONS[2][0], _OPTIONS[2][2]),
    ]
    hists = []
    metrics: list[dict[str, Any]] = []
    for k, (oid, _, label, _, _) in enumerate(_OPTIONS):
        centre = 9000 - 2500 * k
        edges = [centre - 6000 + 1000 * i for i in range(13)]
        counts = [int(1000 * math.exp(-((i - 6) ** 2) / 8)) for i in range(12)]
        p10, p50, p90 = centre - 3500, float(centre), centre + 3500
        hists.append(Histogram(oid, label, edges, counts, p10, p50, p90))
        metrics.append(
            {
                "net_income_p10": p10,
                "net_income_p50": p50,
                "net_income_p90": p90,
                "p_shortfall": [0.04, 0.12, 0.20][k],
                "months_to_first_income_p50": [1, 4, 1][k],
                "months_to_cover_expenses_p50": [7, 6, None][k],
                "final_monthly_income_p50": [1500.0, 1700.0, 450.0][k],
            }
        )
    shortfall = [
        ShortfallCurve(
            oid, label, [min(1.0, m["p_shortfall"] * (i + 1) / months) for i in range(months)]
        )
        for (oid, _, label, _, _), m in zip(_OPTIONS, metrics, strict=True)
    ]
    criteria = []
    for k, (oid, _, label, _, _) in enumerate(_OPTIONS):
        for j, (crit, unit, w) in enumerate(_CRITERIA):
            criteria.append(
                CriterionCell(
                    oid,
                    label,
                    crit,
                    value=round(100.0 / (1 + k + j), 2),
                    unit=unit,
                    score=round(1 - 0.3 * k + 0.05 * j - 0.1, 3),
                    weight=w,
                )
            )
    gaps = [
        SkillGap("Active Listening", 3.5, 4.0, 4.1),
        SkillGap("Speaking", 3.0, 4.1, 4.0),
        SkillGap("Service Orientation", 4.2, 4.0, 4.2),
        SkillGap("Writing", 2.5, 3.4, 3.2),
    ]
    ladder = [
        LadderStep("43-4051.00", "Customer Service Representatives", "target", 14.1, 19.08, 28.6),
        LadderStep(
            "43-1011.00",
            "First-Line Supervisors of Office Workers",
            "primary-short",
            20.3,
            31.0,
            48.9,
        ),
        LadderStep("13-1071.00", "Human Resources Specialists", "primary-long", 21.9, 35.1, 59.2),
    ]
    plan = [
        PlanMonth(
            m,
            microtask=10.0 if m <= 8 else 0.0,
            learning=15.0 if m <= 4 else 0.0,
            search=15.0 if 4 < m <= 8 else 0.0,
            job=37.5 if m > 8 else 0.0,
        )
        for m in range(1, months + 1)
    ]
    milestones = [
        Milestone(1, "first payout", "payout"),
        Milestone(4, "credential done", "credential"),
        Milestone(9, "expected hire", "hire"),
    ]
    advice_doc: dict[str, Any] = {
        "recommendation": _OPTIONS[0][0],
        "options": [
            {
                "id": oid,
                "kind": kind,
                "label": label,
                "rank": i + 1,
                "score": score,
                "p_first": pf,
                "metrics": metrics[i],
                "criteria": {
                    c: {
                        "value": cell.value,
                        "unit": cell.unit,
                        "score": cell.score,
                        "weight": cell.weight,
                    }
                    for c, cell in ((x.criterion, x) for x in criteria if x.option_id == oid)
                },
            }
            for i, (oid, kind, label, score, pf) in enumerate(_OPTIONS)
        ],
        "explanation": [
            "The hybrid keeps cash above your floor while the training is finished.",
            "It earns less than the pure career in the final months.",
        ],
        "tipping_points": [
            {
                "variable": "savings",
                "current": 3000.0,
                "threshold": 5200.0,
                "text": "With savings above 5,200 USD the career alone ranks first.",
            },
            {
                "variable": "hours_per_week",
                "current": 25.0,
                "threshold": None,
                "text": "none within a plausible range",
            },
        ],
        "warnings": [],
        "assumptions": [
            {
                "name": "fx_to_usd",
                "value": 1.0,
                "source": "assumption",
                "doc": "Profile currency treated as USD-equivalent.",
            }
        ],
        "seed": 0,
        "paths": 2000,
        "horizon_months": months,
    }
    return ReportData(
        name="Sample person",
        currency="USD",
        horizon_months=months,
        seed=0,
        paths=2000,
        cash_floor=1000.0,
        monthly_expenses=1400.0,
        max_shortfall_probability=0.10,
        recommendation=_OPTIONS[0][0],
        options=options,
        cash=cash,
        income=income,
        net_income=hists,
        shortfall=shortfall,
        criteria=criteria,
        target_title="Customer Service Representatives",
        target_code="43-4051.00",
        skill_gaps=gaps,
        ladder=ladder,
        plan_option=_OPTIONS[0][2],
        plan_months=plan,
        milestones=milestones,
        sources=[
            Source("onet", "O*NET Database", "2024-08", "29.0"),
            Source("oews", "BLS OEWS", "2024-05"),
        ],
        as_of={"onet": "2024-08", "oews": "2024-05"},
        docs={
            "advice": advice_doc,
            "profile": {"name": "Sample person", "risk": {"max_shortfall_probability": 0.10}},
        },
    )
