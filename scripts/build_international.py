"""Build ``src/crossroads/data/international.json`` from ``../shared/data/international/``.

Why a build step: the two CC BY 4.0 tables (ILOSTAT average monthly earnings in 2021 PPP $, World
Bank PPP conversion factors) are 8,800 CSV rows; crossroads needs one small record per country
(latest national total for both sexes, the US figure of the same year, the 2021 PPP factor and the
national currency) plus the OEWS all-occupations percentiles for the entry wage. The record keeps
its provenance (survey, year, status) so the advice can cite it.

    python scripts/build_international.py [--source ../shared/data] [--out src/crossroads/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path
from typing import Any

import pycountry
from babel.numbers import get_territory_currencies

ROOT = Path(__file__).resolve().parents[1]
PPP_YEAR = 2021  # the PPP basis of the ILOSTAT series: LCU = PPP $ x this year's factor
_CURRENCY = re.compile(r"Currency: ([A-Z]{3}) - .*\(([A-Z]{3})\)")


def _iso2(iso3: str) -> str | None:
    c = pycountry.countries.get(alpha_3=iso3)
    return None if c is None else str(c.alpha_2)


def build(source: Path) -> dict[str, Any]:
    """One record per ISO alpha-2 country with ILOSTAT earnings (all years) and the PPP factor."""
    intl = source / "international"
    earnings: dict[str, dict[str, Any]] = {}
    for r in csv.DictReader(
        (intl / "ilostat_avg_monthly_earnings_ppp2021.csv").open(encoding="utf-8")
    ):
        if r["sex"] != "Total" or r["area"] != "National" or not r["avg_monthly_earnings_ppp2021"]:
            continue
        m = _CURRENCY.search(r["note_indicator"])
        if m is None:
            continue
        iso2 = _iso2(m.group(1))
        if iso2 is None:
            continue
        rec = earnings.setdefault(
            iso2,
            {"name": r["country_name"], "iso3": m.group(1), "currency": m.group(2), "by_year": {}},
        )
        rec["by_year"][r["year"]] = {
            "ppp2021": round(float(r["avg_monthly_earnings_ppp2021"]), 3),
            "survey": r["source_survey"],
            "status": r["obs_status"],
        }
    ppp: dict[str, dict[str, Any]] = {}
    for r in csv.DictReader(
        (intl / "wb_ppp_conversion_factor_gdp_lcu_per_intl_dollar.csv").open(encoding="utf-8")
    ):
        iso2 = _iso2(r["iso3"])
        if iso2 is None or not r["ppp_lcu_per_intl_dollar"]:
            continue
        rec = ppp.setdefault(
            iso2, {"region": r["region"], "income_group": r["income_group"], "by_year": {}}
        )
        rec["by_year"][r["year"]] = float(r["ppp_lcu_per_intl_dollar"])
    countries: dict[str, Any] = {}
    for iso2, e in sorted(earnings.items()):
        p = ppp.get(iso2)
        factor = None if p is None else p["by_year"].get(str(PPP_YEAR))
        # the national currency today (ILOSTAT's note names the currency of the survey file, e.g.
        # EUR for the UK's EU-SILC rows; the PPP factor is in the national currency)
        current = get_territory_currencies(iso2)
        countries[iso2] = {
            "name": e["name"],
            "iso3": e["iso3"],
            "currency": current[0] if current else e["currency"],
            "region": None if p is None else p["region"],
            "income_group": None if p is None else p["income_group"],
            "ppp_lcu_per_intl_dollar": factor,
            "earnings_ppp2021": dict(sorted(e["by_year"].items())),
        }
    oews = {}
    for r in csv.DictReader(
        (source / "occupations" / "oews_national_may2025.csv").open(encoding="utf-8")
    ):
        if r["soc_code"] == "00-0000":
            cols = {
                "p10": "h_pct10",
                "p25": "h_pct25",
                "p50": "h_median",
                "p75": "h_pct75",
                "p90": "h_pct90",
                "mean": "h_mean",
            }
            oews = {k: float(r[c]) for k, c in cols.items()}
            break
    regions = {iso2: rec["region"] for iso2, rec in sorted(ppp.items()) if rec["region"]}
    return {
        "schema": 1,
        "regions": regions,
        "ppp_year": PPP_YEAR,
        "sources": {
            "ilostat_earnings": "ILOSTAT EAR_4MTH_SEX_GEO_CUR_NB, average monthly earnings of employees, "
            "2021 PPP $, national, both sexes (bulk file filtered 2025-06-01; CC BY 4.0)",
            "wb_ppp": "World Bank WDI PA.NUS.PPP, PPP conversion factor, GDP (LCU per international $), "
            "ICP 2021 (WDI 2024-06-28; CC BY 4.0)",
            "oews_all_occupations": "BLS OEWS May 2025, 00-0000 All Occupations, hourly percentiles (USD)",
        },
        "oews_all_occupations_hourly": oews,
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    """Write the JSON table (sorted keys, one line per country) and print its path."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "crossroads" / "data")
    args = ap.parse_args(argv)
    data = build(args.source)
    out = args.out / "international.json"
    out.write_text(
        json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{out}: {len(data['countries'])} countries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
