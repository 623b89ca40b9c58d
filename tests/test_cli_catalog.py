"""End to end: `crossroads sources` and `crossroads occupations` through the real CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CliRunner


def test_sources_json_lists_every_source(cli: CliRunner) -> None:
    r = cli("sources", "--json")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    ids = {d["id"] for d in data}
    assert {
        "onet_29_0",
        "onet_29_3",
        "oews_may2025",
        "bls_ep_2024_34",
        "dingel_neiman_2020",
        "eloundou2024",
        "frey_osborne_2013",
        "tomlinson2025",
        "hara2018",
    } <= ids
    for d in data:
        assert {"id", "title", "version", "licence", "citation", "as_of"} <= set(d)
        assert d["licence"] and d["citation"]


def test_sources_table(cli: CliRunner) -> None:
    r = cli("sources")
    assert r.exit_code == 0
    assert "onet_29_0" in r.stdout and "CC BY 4.0" in r.stdout


def test_occupations_json_contract(cli: CliRunner) -> None:
    r = cli("occupations", "--json", "--remote", "--search", "customer service")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert data[0]["code"] == "43-4051.00"
    for rec in data:
        assert {"code", "title", "teleworkable", "job_zone", "wage_hourly"} <= set(rec)
        assert rec["teleworkable"] >= 0.5
        if rec["wage_hourly"] is None:
            assert rec["missing"]["wage_hourly"]
        else:
            assert set(rec["wage_hourly"]) == {"p10", "p25", "p50", "p75", "p90"}
    assert data[0]["wage_hourly"] == {
        "p10": 15.27,
        "p25": 17.72,
        "p50": 21.53,
        "p75": 24.89,
        "p90": 30.57,
    }


def test_occupations_json_all_and_missing_wages(cli: CliRunner) -> None:
    data = cli("occupations", "--json").json()
    assert len(data) == 1016
    teachers = next(d for d in data if d["code"] == "25-2021.00")
    assert teachers["wage_hourly"] is None and "footnote 4" in teachers["missing"]["wage_hourly"]


def test_occupations_search_virtual_assistant(cli: CliRunner) -> None:
    data = cli("occupations", "--search", "virtual assistant", "--json").json()
    assert {"43-6014.00", "43-6011.00"} <= {d["code"] for d in data}


def test_occupations_table_and_limit(cli: CliRunner) -> None:
    r = cli("occupations", "--remote", "--limit", "5")
    assert r.exit_code == 0
    assert "11-1011.00" in r.stdout and "more; use --limit" in r.stdout
    data = cli("occupations", "--json", "--limit", "3").json()
    assert len(data) == 3


@pytest.mark.parametrize("args,field", [(("--limit", "0"), "limit"), (("--search", " "), "search")])
def test_occupations_bad_input_exit_2(cli: CliRunner, args: tuple[str, ...], field: str) -> None:
    r = cli("occupations", *args)
    assert r.exit_code == 2
    assert field in r.stderr and "Traceback" not in r.stderr
