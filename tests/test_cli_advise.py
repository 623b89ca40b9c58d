"""`crossroads advise` end to end: the JSON contract, text = JSON, bad input → exit 2."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crossroads.decision.explain import fmt_money, fmt_months, fmt_pct

ARGS = ("--paths", "400", "--seed", "3")
TOP_KEYS = {
    "recommendation",
    "options",
    "explanation",
    "tipping_points",
    "warnings",
    "assumptions",
    "seed",
    "paths",
    "horizon_months",
}
OPTION_KEYS = {"id", "kind", "label", "rank", "score", "p_first", "metrics", "criteria"}
METRIC_KEYS = {
    "net_income_p10",
    "net_income_p50",
    "net_income_p90",
    "p_shortfall",
    "months_to_first_income_p50",
    "months_to_cover_expenses_p50",
    "final_monthly_income_p50",
}


@pytest.fixture(scope="module")
def all_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, str, str]]:
    """Per example: the JSON document, the full `--verbose` text and the default short text."""
    import contextlib
    import io

    from crossroads.cli.main import run
    from crossroads.profile import example_text

    res: dict[str, tuple[Any, str, str]] = {}
    root = tmp_path_factory.mktemp("advise")
    for name in ("career-changer", "cash-now"):
        p = root / f"{name}.yaml"
        p.write_text(example_text(name), encoding="utf-8")
        docs = []
        for extra in (("--json",), ("--verbose",), ()):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                code = run(["advise", str(p), *ARGS, *extra])
            assert code == 0
            docs.append(buf.getvalue())
        res[name] = (json.loads(docs[0]), docs[1], docs[2])
    return res


@pytest.fixture(scope="module")
def outputs(all_outputs: dict[str, tuple[Any, str, str]]) -> dict[str, tuple[Any, str]]:
    """(JSON document, full `--verbose` text) per example."""
    return {k: (v[0], v[1]) for k, v in all_outputs.items()}


@pytest.mark.parametrize("name", ["career-changer", "cash-now"])
def test_short_answer_comes_first_and_is_short(
    all_outputs: dict[str, tuple[Any, str, str]], name: str
) -> None:
    """The default text: one sentence, the next 4 weeks, the best of each kind, why, what would
    change it — all from the JSON's short_answer, before any long table, in few lines."""
    doc, _, short = all_outputs[name]
    sa = doc["short_answer"]
    flat = _flat(short)
    assert _flat(sa["sentence"]) in flat
    for line in sa["next_weeks"] + sa["reasons_compact"] + sa["changes"][:2]:
        assert _flat(line) in flat, line
    if sa["versus"]:
        assert _flat(f"Why {sa['versus']}") in flat
    assert sa["changes"], "one line even when nothing changes the answer"
    assert [m["month"] for m in sa["income"]] == [1, 3]
    for m in sa["income"]:
        assert fmt_money(m["p50"], doc["currency"]) in flat
    assert len(sa["reasons"]) <= 3
    lines = short.rstrip("\n").splitlines()
    # about 60 at 100 columns (the test console is wider); the honesty panels come on top
    assert len(lines) <= 72, len(lines)
    assert "P first" not in short and "its kind of path" not in short and "h MT +" not in flat[:300]
    assert short.index("Recommendation:") < short.index("The best option of each kind")
    if doc["baseline"] is not None:
        assert _flat(doc["baseline"]["text"]) in flat


@pytest.mark.parametrize("name", ["career-changer", "cash-now"])
def test_json_contract(outputs: dict[str, tuple[Any, str]], name: str) -> None:
    doc, _ = outputs[name]
    assert set(doc) >= TOP_KEYS
    assert doc["seed"] == 3 and doc["paths"] == 400 and isinstance(doc["horizon_months"], int)
    assert doc["recommendation"] == doc["options"][0]["id"]
    assert all(isinstance(x, str) for x in doc["explanation"])
    for o in doc["options"]:
        assert set(o) >= OPTION_KEYS
        assert o["kind"] in ("microtask", "career", "hybrid", "freelance")
        assert set(o["metrics"]) >= METRIC_KEYS
        cover = o["metrics"]["months_to_cover_expenses_p50"]
        assert cover is None or 1 <= cover <= doc["horizon_months"]
    assert abs(sum(o["p_first"] for o in doc["options"]) - 1) < 1e-9


def _flat(text: str) -> str:
    """Whitespace-normalised text without the panel's box-drawing border (Rich wraps lines)."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("name", ["career-changer", "cash-now"])
def test_every_number_in_the_text_equals_the_json(
    outputs: dict[str, tuple[Any, str]], name: str
) -> None:
    doc, text = outputs[name]
    flat = _flat(text)
    for o in doc["options"]:
        m = o["metrics"]
        for s in (
            f"{o['score']:.3f}",
            fmt_pct(o["p_first"]),
            fmt_pct(m["p_shortfall"]),
            fmt_money(m["net_income_p10"]),
            fmt_money(m["net_income_p50"]),
            fmt_money(m["net_income_p90"]),
            fmt_money(m["final_monthly_income_p50"]),
            fmt_months(m["months_to_first_income_p50"]),
            fmt_months(m["months_to_cover_expenses_p50"]),
        ):
            assert s in flat, (o["id"], s)
    for line in doc["explanation"] + [t["text"] for t in doc["tipping_points"]] + doc["warnings"]:
        assert _flat(line) in flat, line
    # Conversely: every number token of the text is one the JSON states (formatted as shown).
    corpus = json.dumps(doc, ensure_ascii=False)
    shown: set[str] = set()
    for o in doc["options"]:
        m = o["metrics"]
        shown |= {
            f"{o['score']:.3f}",
            fmt_pct(o["p_first"]),
            fmt_pct(m["p_shortfall"]),
            fmt_money(m["net_income_p10"]),
            fmt_money(m["net_income_p50"]),
            fmt_money(m["net_income_p90"]),
            fmt_money(m["final_monthly_income_p50"]),
            fmt_months(m["months_to_first_income_p50"]),
            fmt_months(m["months_to_cover_expenses_p50"]),
            str(o["rank"]),
        }
    shown |= {f"{doc['paths']:,}", str(doc["seed"]), str(doc["horizon_months"])}
    for a in doc["assumptions"]:
        shown |= {f"{a['value']:g}"} | (
            {f"{a['low']:g}", f"{a['high']:g}"} if a["low"] is not None else set()
        )
    mixes = doc["hybrid_search"]
    shown |= {str(mixes["mixes_screened"]), f"{mixes['screening_paths']:,}"}
    money = doc[
        "money"
    ]  # the "When cash runs low" section: the money terms and the recommendation's outcomes
    shown |= {
        fmt_money(money["hard_limit"]),
        fmt_money(money["cash_floor"]),
        f"{money['debt_apr']:.0%}",
    }
    rec_m = next(o["metrics"] for o in doc["options"] if o["id"] == doc["recommendation"])
    shown |= {
        fmt_pct(rec_m["p_fallback"]),
        fmt_pct(rec_m["p_limit"]),
        fmt_money(rec_m["shortfall_depth_p50"]),
        fmt_money(rec_m["shortfall_depth_p90"]),
        fmt_money(rec_m["interest_p50"]),
        f"{rec_m['months_below_floor_p50']:g}",
        f"{rec_m['months_below_floor_p90']:g}",
    }
    if rec_m["fallback_month_p50"] is not None:
        shown.add(f"{rec_m['fallback_month_p50']:g}")
    for it in money["other_income"]:
        shown |= {fmt_money(it["amount"]), str(it["first_month"]), str(it["last_month"])}
    for tok in re.findall(r"-?\d[\d,]*(?:\.\d+)?%?", text):
        tok = tok.rstrip(",")
        assert tok in shown or tok in corpus or tok.lstrip("-") in corpus, tok


def test_text_leads_with_honesty_when_nothing_is_safe(outputs: dict[str, tuple[Any, str]]) -> None:
    doc, text = outputs["cash-now"]
    if doc["warnings"] and doc["warnings"][0].startswith("No option"):
        assert text.index("Read this first") < text.index("Recommendation:")


def test_topsis_and_bad_method(
    cli: Callable[..., Any], example_path: Callable[[str], Path]
) -> None:
    ok = cli("advise", example_path("student"), "--json", "--paths", "300", "--method", "topsis")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["method"] == "topsis"
    bad = cli("advise", example_path("student"), "--method", "electre")
    assert bad.exit_code == 2
    assert "method" in bad.stderr and "Traceback" not in bad.stderr


def test_bad_profile_exit_2_with_field_messages(cli: Callable[..., Any], tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text(
        "name: Bad\ncountry: ZZ\nmoney:\n  savings: -5\n  monthly_expenses: 1000\n"
        "time:\n  hours_per_week: 200\n",
        encoding="utf-8",
    )
    r = cli("advise", p, "--json")
    assert r.exit_code == 2
    assert r.stdout == ""
    for field in ("country", "money.savings", "time.hours_per_week"):
        assert field in r.stderr, field
    assert "Traceback" not in r.stderr


def test_bad_paths_exit_2(cli: Callable[..., Any], example_path: Callable[[str], Path]) -> None:
    r = cli("advise", example_path("student"), "--paths", "3")
    assert r.exit_code == 2 and "paths" in r.stderr


def test_missing_file_exit_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    r = cli("advise", tmp_path / "nope.yaml")
    assert r.exit_code == 2


@pytest.mark.parametrize("name", ["career-changer", "cash-now"])
def test_readable_at_80_columns(outputs: dict[str, tuple[Any, str]], name: str) -> None:
    """At 80 columns every ranked row is one line, nothing overflows, and no number is cut."""
    import io

    from rich.console import Console

    from crossroads.cli.advise_cmds import render
    from crossroads.decision import Advice

    doc, _ = outputs[name]
    buf = io.StringIO()
    render(
        Advice.model_validate(doc),
        Console(file=buf, width=80, force_terminal=False, color_system=None),
    )
    text = buf.getvalue()
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    rec = doc["options"][0]
    assert _flat(rec["label"]) in _flat(text)  # the full label, once, for the recommendation
    lines = text.splitlines()
    for o in doc["options"]:
        m = o["metrics"]
        row = re.compile(rf"^ *{o['rank']}  ")  # the rank column is right-aligned (10+ options)
        ranked = [ln for ln in lines if row.match(ln) and f"{o['score']:.3f}" in ln]
        assert len(ranked) == 1, (o["id"], ranked)
        for s in (
            fmt_pct(o["p_first"]),
            fmt_pct(m["p_shortfall"]),
            fmt_months(m["months_to_first_income_p50"]),
            fmt_months(m["months_to_cover_expenses_p50"]),
        ):
            assert s in ranked[0].split(), (o["id"], s)
        money = [
            ln for ln in lines if row.match(ln) and fmt_money(m["net_income_p50"]) in ln.split()
        ]
        assert money, o["id"]
        head = o["short_label"].split("→")[0].strip()
        assert head in ranked[0]  # the hours of the short label are never cut
    for f in doc["families"][:3]:
        if f["p_first"] > 0:
            assert f"{fmt_pct(f['p_first'])}" in _flat(text)


#: The first screen's budget (issue 12): the default `advise` text of every bundled example fits
#: in 64 lines at 100 columns (before the cliff threshold and trims: 72/62/62/71 lines).
SCREEN_LINES = 64


@pytest.mark.slow
@pytest.mark.parametrize("name", ["career-changer", "cash-now", "student", "dana"])
def test_advise_text_fits_one_screen(
    cli: Any, example_path: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The default run (10,000 paths, seed 0) as a person sees it at COLUMNS=100."""
    from crossroads.cli.app import console

    monkeypatch.setattr(console, "width", 100)
    r = cli("advise", example_path(name))
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.rstrip("\n").split("\n")
    assert max(len(line.rstrip()) for line in lines) <= 100
    assert len(lines) <= SCREEN_LINES, f"{name}: {len(lines)} lines\n{r.stdout}"


def test_small_benefit_cliff_is_left_out_of_the_text() -> None:
    """A cliff met in under 10 % of the futures or costing under 20 USD a month is not printed
    (registry cliff_display_min_share / cliff_display_min_loss); the JSON keeps it."""
    from crossroads.decision.pipeline.benefits_stage import worth_showing
    from crossroads.params import resolve_params

    p = resolve_params()
    assert not worth_showing(0.05, 100.0, p, 1.0)  # the student's: 5 % of the futures
    assert not worth_showing(0.5, 6.0, p, 1.0)  # a few dollars a month
    assert worth_showing(0.5, 30.0, p, 1.0)
    assert not worth_showing(0.5, 30.0, p, 0.5)  # 20 USD = 40 units of a currency worth 0.5 USD
