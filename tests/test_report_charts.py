"""Vega-Lite specs of the report: snapshots, schema validity, determinism and accessibility.

Snapshots live in tests/snapshots/report/<chart id>.json. After an intended change of a chart,
refresh them with ``CROSSROADS_SNAPSHOT_UPDATE=1 .venv/bin/python -m pytest tests/test_report_charts.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crossroads.report import charts as charts_mod
from crossroads.report.charts import DASHES, OKABE_ITO, ChartSpec, build_charts
from crossroads.report.sample import sample_data

SNAP_DIR = Path(__file__).resolve().parent / "snapshots" / "report"
UPDATE = os.environ.get("CROSSROADS_SNAPSHOT_UPDATE", "") not in ("", "0")
CHART_IDS = [
    "cash_fan",
    "income_bands",
    "net_income",
    "shortfall",
    "criteria",
    "p_first",
    "skill_gap",
    "ladder",
    "plan",
]


@pytest.fixture
def snapshot() -> Callable[[str, Any], None]:
    """Compare a JSON-able value with its stored snapshot (or write it when updating)."""

    def _check(name: str, value: Any) -> None:
        path = SNAP_DIR / f"{name}.json"
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if UPDATE or not path.exists():
            if not UPDATE and os.environ.get("CI"):
                pytest.fail(f"missing snapshot {path}; run with CROSSROADS_SNAPSHOT_UPDATE=1")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
            f"chart {name} changed; if intended, rerun with CROSSROADS_SNAPSHOT_UPDATE=1 and review the diff"
        )

    return _check


@pytest.fixture(scope="module")
def charts() -> Iterator[dict[str, ChartSpec]]:
    yield {c.id: c for c in build_charts(sample_data())}


def test_every_chart_is_built(charts: dict[str, ChartSpec]) -> None:
    assert list(charts) == CHART_IDS


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_spec_snapshot(
    chart_id: str, charts: dict[str, ChartSpec], snapshot: Callable[[str, Any], None]
) -> None:
    snapshot(chart_id, charts[chart_id].spec)


def test_specs_are_deterministic() -> None:
    a = [json.dumps(c.spec, sort_keys=True) for c in build_charts(sample_data())]
    b = [json.dumps(c.spec, sort_keys=True) for c in build_charts(sample_data())]
    assert a == b
    joined = "".join(a)
    # no generated ids: Altair's param_N / view_N names would change between runs
    assert "param_" not in joined and "view_" not in joined and "selector" not in joined


def test_specs_are_valid_vega_lite(charts: dict[str, ChartSpec]) -> None:
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import core

    schema = core.load_schema()
    for c in charts.values():
        validate_jsonschema(c.spec, schema)  # raises on an invalid spec
    assert len(charts) == len(CHART_IDS)


def test_validate_flag_checks_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts_mod, "VALIDATE", True)
    specs = build_charts(sample_data())
    assert all(
        s.spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6") for s in specs
    )


def _walk(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v)


def test_charts_are_accessible(charts: dict[str, ChartSpec]) -> None:
    for c in charts.values():
        spec = c.spec
        assert spec["title"]["text"] and spec["title"]["subtitle"], c.id
        assert len(spec["description"]) > 60, c.id
        assert spec["config"]["range"]["category"] == list(OKABE_ITO)
        # every positional channel with a field has a title, and quantitative axes carry a unit
        for node in _walk(spec):
            for ch in ("x", "y"):
                enc = (
                    node.get("encoding", {}).get(ch)
                    if isinstance(node.get("encoding"), dict)
                    else None
                )
                if isinstance(enc, dict) and "title" in enc and enc.get("type") == "quantitative":
                    assert "(" in enc["title"], f"{c.id}: axis title without unit: {enc['title']}"


def test_series_are_not_told_by_colour_alone(charts: dict[str, ChartSpec]) -> None:
    dash_ranges = [
        n["scale"]["range"]
        for n in _walk(charts["shortfall"].spec)
        if "scale" in n and n.get("field") == "option" and "range" in n["scale"]
    ]
    assert [list(d) for d in DASHES[:3]] in dash_ranges  # dash patterns, not only colours
    assert ["circle", "square", "triangle-up"] in dash_ranges  # and point shapes
    skill = json.dumps(charts["skill_gap"].spec)
    assert '"shape"' in skill and '"square"' in skill and '"circle"' in skill
    fan = charts["cash_fan"].spec
    assert "P10" in fan["title"]["subtitle"] and "dashed" in fan["title"]["subtitle"]


def test_descriptions_use_core_numbers(charts: dict[str, ChartSpec]) -> None:
    data = sample_data()
    h = data.net_income[0]
    assert f"median {h.p50:,.0f} USD" in charts["net_income"].description
    assert f"{100 * data.options[0].p_first:.1f}%" in charts["p_first"].description
    assert f"cash floor ({data.cash_floor:,.0f} USD)" in charts["cash_fan"].description


def test_cash_floor_and_expenses_are_drawn(charts: dict[str, ChartSpec]) -> None:
    data = sample_data()
    assert {"datum": data.cash_floor} in list(_walk(charts["cash_fan"].spec))
    assert {"datum": data.monthly_expenses} in list(_walk(charts["income_bands"].spec))
    assert {"datum": 100 * data.max_shortfall_probability} in list(_walk(charts["shortfall"].spec))


def test_fan_bands_equal_inputs(charts: dict[str, ChartSpec]) -> None:
    data = sample_data()
    rows = charts["cash_fan"].spec["datasets"]["bands"]
    first = data.cash[0]
    mine = [r for r in rows if r["option"] == first.label]
    assert [r["p50"] for r in mine] == [round(x) for x in first.p50]
    assert [r["p10"] for r in mine] == [round(x) for x in first.p10]
    assert len({r["option"] for r in rows}) == 3


def test_missing_sections_are_skipped() -> None:
    data = sample_data()
    data.skill_gaps = ()
    data.ladder = ()
    data.plan_months = ()
    ids = [c.id for c in build_charts(data)]
    assert "skill_gap" not in ids and "plan" not in ids and "ladder" not in ids
    assert "cash_fan" in ids
