"""``crossroads report`` end to end on the bundled example: the path is printed, the file is
self-contained, images are exported, and every number shown equals the one in ``advise --json``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crossroads.report.html import fmt_number, lookup

NUM_SPAN = re.compile(
    r'<span class="num" data-src="([^"]+)" data-path="([^"]*)" data-kind="([^"]+)" data-value="([^"]*)">([^<]*)</span>'
)
PATHS = "400"
SEED = "3"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One report and one ``advise --json`` of the same profile, seed and paths (module-wide)."""
    from crossroads.cli.main import run
    from crossroads.profile import example_text

    root = tmp_path_factory.mktemp("report_cli")
    prof = root / "career-changer.yaml"
    prof.write_text(example_text("career-changer"), encoding="utf-8")
    out = root / "out" / "report.html"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(
            [
                "report",
                str(prof),
                "-o",
                str(out),
                "--svg",
                str(root / "svg"),
                "--paths",
                PATHS,
                "--seed",
                SEED,
            ]
        )
    report_stdout = buf.getvalue()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        advise_code = run(["advise", str(prof), "--json", "--paths", PATHS, "--seed", SEED])
    return {
        "code": code,
        "stdout": report_stdout,
        "out": out,
        "root": root,
        "profile": prof,
        "advise_code": advise_code,
        "advice": json.loads(buf.getvalue()),
    }


def test_report_command_prints_the_path(report: dict[str, Any]) -> None:
    assert report["code"] == 0
    assert report["stdout"].strip().splitlines()[0] == str(report["out"])
    assert report["out"].exists()


def test_every_number_equals_advise_json(report: dict[str, Any]) -> None:
    assert report["advise_code"] == 0
    advice = report["advice"]
    text = report["out"].read_text(encoding="utf-8")
    spans = NUM_SPAN.findall(text)
    advice_spans = [s for s in spans if s[0] == "advice"]
    assert len(advice_spans) >= 10 * len(
        advice["options"]
    )  # the ranked table alone has 10 per option
    for _src, path, kind, raw, shown in advice_spans:
        expected = lookup(advice, path)
        assert json.loads(html.unescape(raw)) == expected, path
        want = fmt_number(expected, kind, advice["currency"])
        if (
            expected is None and kind == "months"
        ):  # the prose form of "never" (report.html month spans)
            assert html.unescape(shown) in (want, "no month within the horizon"), path
        else:
            assert html.unescape(shown) == want, path
    # the recommendation and every option's confidence are shown
    rec = next(o for o in advice["options"] if o["id"] == advice["recommendation"])
    assert html.escape(rec["label"]) in text
    for i, _o in enumerate(advice["options"]):
        assert f'data-path="options.{i}.p_first"' in text
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))  # numbers in a warning sit in traced spans
    for w in advice["warnings"]:
        assert w in plain


def test_warnings_come_before_the_recommendation(report: dict[str, Any]) -> None:
    text = report["out"].read_text(encoding="utf-8")
    if report["advice"]["warnings"]:
        assert text.index('id="warnings"') < text.index('id="recommendation"')
    else:
        assert 'id="warnings"' not in text


def test_report_is_self_contained_and_reproducible(report: dict[str, Any]) -> None:
    text = report["out"].read_text(encoding="utf-8").lower()
    assert re.search(r"<script[^>]*\ssrc=", text) is None
    assert re.search(r"<link[^>]*stylesheet", text) is None and "@font-face" not in text
    assert f"--seed {SEED} --paths {PATHS}" in text
    assert "data sources" in text


def test_svg_export_from_cli(report: dict[str, Any]) -> None:
    svgs = sorted(p.stem for p in (report["root"] / "svg").glob("*.svg"))
    assert {
        "cash_fan",
        "income_bands",
        "net_income",
        "shortfall",
        "criteria",
        "p_first",
        "plan",
    } <= set(svgs)
    for p in (report["root"] / "svg").glob("*.svg"):
        assert p.stat().st_size > 2000
        assert "<svg" in p.read_text(encoding="utf-8")[:500]


def test_bad_profile_exits_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nmoney: {savings: -5}\n", encoding="utf-8")
    res = cli("report", bad, "-o", tmp_path / "r.html")
    assert res.exit_code == 2
    assert "money" in res.stderr
    assert not (tmp_path / "r.html").exists()


def test_missing_profile_exits_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    res = cli("report", tmp_path / "nope.yaml")
    assert res.exit_code == 2


def test_short_labels_are_unique_and_ranked() -> None:
    from types import SimpleNamespace

    from crossroads.report.collect import short_labels

    opts = [
        SimpleNamespace(
            id="hybrid:10:20:43-4051.00",
            rank=1,
            kind="hybrid",
            microtask_hours=10.0,
            learning_hours=20.0,
            target="43-4051.00",
            target_title="Customer Service Representatives and a very long tail",
        ),
        SimpleNamespace(
            id="hybrid:10:20:43-4051.00:keep",
            rank=2,
            kind="hybrid",
            microtask_hours=10.0,
            learning_hours=20.0,
            target="43-4051.00",
            target_title="Customer Service Representatives and a very long tail",
        ),
        SimpleNamespace(
            id="microtask",
            rank=3,
            kind="microtask",
            microtask_hours=30.0,
            learning_hours=0.0,
            target=None,
            target_title=None,
        ),
    ]
    labels = short_labels(opts)
    assert labels["microtask"] == "#3 Microtasks 30 h/wk"
    assert labels["hybrid:10:20:43-4051.00"].startswith("#1 Hybrid 10+20 h/wk: Customer Service")
    assert len(labels["hybrid:10:20:43-4051.00"]) < 60
    assert len(set(labels.values())) == 3
