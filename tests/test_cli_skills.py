"""`crossroads match` and `crossroads plan` end to end through the real CLI."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar


def test_match_json_keys(cli: Any, example_path: Any) -> None:
    r = cli("match", example_path("career-changer"), "--json", "--limit", "5")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert isinstance(doc, list) and 0 < len(doc) <= 5
    for m in doc:
        assert {
            "code",
            "title",
            "fit",
            "gaps",
            "learning_hours",
            "wage_hourly",
            "teleworkable",
        } <= m.keys()
        assert m["teleworkable"] is True
        assert 0 <= m["fit"] <= 1
        for g in m["gaps"]:
            assert {"skill", "required", "current"} <= g.keys()
    fits = [m["fit"] for m in doc]
    assert fits == sorted(fits, reverse=True)


def test_match_filters_and_all(cli: Any, example_path: Any) -> None:
    r = cli(
        "match",
        example_path("career-changer"),
        "--json",
        "--all",
        "--max-job-zone",
        "2",
        "--min-wage",
        "18",
        "--limit",
        "50",
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc and all(m["job_zone"] <= 2 and m["wage_hourly"]["p50"] >= 18 for m in doc)
    assert any(not m["teleworkable"] for m in doc)


def test_match_table(cli: Any, example_path: Any) -> None:
    r = cli("match", example_path("student"), "--limit", "3")
    assert r.exit_code == 0, r.stderr
    assert "Fit" in r.stdout and "Remote occupations" in r.stdout


def test_match_bad_input_exit_2_naming_the_field(
    cli: Any, example_path: Any, tmp_path: Any
) -> None:
    r = cli("match", example_path("career-changer"), "--max-job-zone", "9")
    assert r.exit_code == 2 and "max_job_zone" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(example_path("career-changer").read_text().replace("speaking: 5", "speaking: 9"))
    r = cli("match", bad)
    assert r.exit_code == 2 and "skills.speaking" in r.stderr


def test_plan_md_json_and_ics(cli: Any, example_path: Any, tmp_path: Any) -> None:
    ics = tmp_path / "plan.ics"
    out = tmp_path / "plan.md"
    r = cli(
        "plan",
        example_path("career-changer"),
        "--format",
        "md",
        "--ics",
        ics,
        "-o",
        out,
        "--paths",
        "300",
    )
    assert r.exit_code == 0, r.stderr
    assert out.read_text().startswith("# Plan:")
    cal = Calendar.from_ical(ics.read_bytes())
    assert [c for c in cal.walk() if c.name == "VEVENT"]
    r = cli(
        "plan",
        example_path("career-changer"),
        "--format",
        "json",
        "--paths",
        "300",
        "--option",
        "hybrid:10:20:43-4051.00",
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["option_id"] == "hybrid:10:20:43-4051.00"
    assert all(
        abs(sum(m[k] for k in ("microtask", "learning", "search", "job", "free")) - 30) < 0.05
        for m in doc["months"]
    )


def test_plan_bad_input_exit_2(cli: Any, example_path: Any) -> None:
    r = cli("plan", example_path("career-changer"), "--format", "pdf")
    assert r.exit_code == 2 and "format" in r.stderr
    r = cli("plan", example_path("career-changer"), "--option", "career:nope", "--paths", "300")
    assert r.exit_code == 2 and "option" in r.stderr
