#!/usr/bin/env python3
"""Build crossroads' packaged catalog tables from the shared reference data.

Why a build step: the raw reference data (``../shared/data``, ~15 MB of CSV/TSV with its own
provenance) is not shipped with the product. This script selects and joins what crossroads needs
into compact JSON tables inside the package (``src/crossroads/data/``), so the product works
offline on a fresh machine. It does no arithmetic on published values except where documented
(a mean over crosswalk predecessors for teleworkability when they disagree); wages are kept as
the exact strings OEWS publishes.

Deterministic: the same inputs give byte-identical outputs (sorted keys, fixed ordering, gzip
with mtime 0), which ``tests/test_catalog.py`` checks by rebuilding into a temporary directory.

Usage::

    python scripts/build_catalog.py --source ../shared/data [--out src/crossroads/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

EXTRA_DIR = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crossroads.catalog.skills import SKILL_INFO  # noqa: E402

SCHEMA_VERSION = 1
WAGE_KEYS = (
    ("p10", "h_pct10"),
    ("p25", "h_pct25"),
    ("p50", "h_median"),
    ("p75", "h_pct75"),
    ("p90", "h_pct90"),
)
UNAVAILABLE = {"", "—", "-", "n/a", "NA"}


# ----------------------------------------------------------------------------- readers


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV with a header row into a list of dicts (values unchanged)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read an O*NET text-release file (tab separated, header row)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def snake(text: str) -> str:
    """'Adaptability/Flexibility' -> 'adaptability_flexibility' (the wide files' naming)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def num(text: str | None) -> float | None:
    """Parse a published number, or None when the source marks it unavailable."""
    if text is None:
        return None
    t = text.strip().replace(",", "")
    if t in UNAVAILABLE:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def broad_code(soc: str) -> str:
    """SOC broad group of a detailed code: '13-1021' -> '13-1020'."""
    return soc[:-1] + "0"


# ----------------------------------------------------------------------------- joins


def build_teleworkability(occ_dir: Path, codes: list[str]) -> dict[str, tuple[float | None, str]]:
    """Dingel–Neiman teleworkability for each O*NET-SOC 2019 code, with how it was found.

    Order of preference (most specific first):
    1. D&N O*NET-level rows (O*NET-SOC 2010) of the code's predecessors in the O*NET 2010→2019
       crosswalk. All agree → that value; they disagree → their simple mean (documented).
    2. D&N BLS-code file (OES May 2018 codes): the same 6-digit SOC code.
    3. D&N BLS-code file via the SOC 2010→2018 crosswalk: the SOC 2010 predecessors' values;
       all agree → that value; otherwise their simple mean.
    """
    dn = {
        r["onetsoccode"]: float(r["teleworkable"])
        for r in read_csv(occ_dir / "dingel_neiman_occupations_workathome.csv")
    }
    dn_bls = {
        r["OCC_CODE"]: float(r["teleworkable"])
        for r in read_csv(occ_dir / "dingel_neiman_onet_teleworkable_blscodes.csv")
    }
    pred: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(occ_dir / "crosswalk_onetsoc2010_to_onetsoc2019.csv"):
        pred[r["onetsoc2019_code"]].append(r["onetsoc2010_code"])
    soc_pred: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(occ_dir / "crosswalk_soc2010_to_soc2018.csv"):
        soc_pred[r["soc2018_code"]].append(r["soc2010_code"])

    out: dict[str, tuple[float | None, str]] = {}
    for code in codes:
        hits = [(p, dn[p]) for p in sorted(set(pred.get(code, []))) if p in dn]
        if hits:
            vals = {v for _, v in hits}
            listing = ", ".join(f"{p}={v:g}" for p, v in hits)
            if len(vals) == 1:
                how = (
                    "identical O*NET-SOC 2010 code"
                    if [p for p, _ in hits] == [code]
                    else "O*NET-SOC 2010 predecessor(s)"
                )
                out[code] = (hits[0][1], f"dingel_neiman onet-level: {how} ({listing})")
            else:
                mean = sum(v for _, v in hits) / len(hits)
                out[code] = (
                    round(mean, 6),
                    f"dingel_neiman onet-level: mean of disagreeing O*NET-SOC 2010 predecessors ({listing})",
                )
            continue
        soc = code[:7]
        if soc in dn_bls:
            out[code] = (
                dn_bls[soc],
                f"dingel_neiman bls-code fallback: OES 2018 code {soc}={dn_bls[soc]:g}",
            )
            continue
        preds = sorted(set(soc_pred.get(soc, [])))
        bhits = [(p, dn_bls[p]) for p in preds if p in dn_bls]
        if bhits and len(bhits) == len(preds):
            vals = {v for _, v in bhits}
            listing = ", ".join(f"{p}={v:g}" for p, v in bhits)
            if len(vals) == 1:
                out[code] = (
                    bhits[0][1],
                    f"dingel_neiman bls-code fallback via SOC 2010 predecessor(s) ({listing})",
                )
            else:
                mean = sum(v for _, v in bhits) / len(bhits)
                out[code] = (
                    round(mean, 6),
                    f"dingel_neiman bls-code fallback: mean of SOC 2010 predecessors ({listing})",
                )
            continue
        if preds:
            reason = f"no Dingel–Neiman value for the code or all of its SOC 2010 predecessors ({', '.join(preds)})"
        else:
            reason = "no Dingel–Neiman row and no SOC 2010 predecessor in the crosswalk (new or military code)"
        out[code] = (None, reason)
    return out


def build_wages(occ_dir: Path, codes: list[str]) -> dict[str, dict[str, Any]]:
    """OEWS May 2025 national wages per code, exactly as published (strings), with notes."""
    rows = {r["soc_code"]: r for r in read_csv(occ_dir / "oews_national_may2025.csv")}
    foot = {
        r["footnote_code"]: r["footnote_text"] for r in read_csv(occ_dir / "oews_footnotes.csv")
    }
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        soc = code[:7]
        rec: dict[str, Any] = {
            "oews_code": None,
            "wage_hourly": None,
            "wage_annual_p50": None,
            "employment": None,
            "wage_note": "",
            "missing": {},
        }
        notes: list[str] = []
        row = rows.get(soc)
        if row is not None and row["o_group"] == "detailed":
            if not code.endswith(".00"):
                notes.append(f"O*NET detail code: OEWS values of its SOC occupation {soc}")
        else:
            b = broad_code(soc)
            row = rows.get(b)
            # BLS labels some broad-group rows "detailed" (13-1020) or "minor" (53-1040).
            if row is not None and row["o_group"] in ("broad", "detailed", "minor"):
                notes.append(
                    f"OEWS publishes this occupation only at the broad level: {b} {row['title']}"
                )
            else:
                row = None
        if row is None:
            reason = f"no OEWS May 2025 national row for {soc} or its broad group {broad_code(soc)}"
            if soc.startswith("55-"):
                reason += " (military occupations are outside OEWS)"
            rec["wage_note"] = reason
            for f in ("wage_hourly", "wage_annual_p50", "employment"):
                rec["missing"][f] = reason
            out[code] = rec
            continue
        rec["oews_code"] = row["soc_code"]
        hourly = {k: row[c] for k, c in WAGE_KEYS}
        if any(v.strip() == "-" for v in hourly.values()):
            fns = sorted(
                {p.split(":")[1] for p in row["footnotes"].split(";") if p.startswith("h_")}
            )
            why = "; ".join(f"footnote {f}: {foot.get(f, '?')}" for f in fns) or "no footnote"
            reason = f"OEWS did not release hourly wages ('-') for {row['soc_code']}: {why}"
            rec["missing"]["wage_hourly"] = reason
            notes.append(reason)
        else:
            rec["wage_hourly"] = hourly
        if num(row["a_median"]) is None:
            rec["missing"]["wage_annual_p50"] = (
                f"OEWS did not release the annual median ('{row['a_median']}') for {row['soc_code']}"
            )
        else:
            rec["wage_annual_p50"] = row["a_median"]
        if num(row["employment"]) is None:
            rec["missing"]["employment"] = f"OEWS did not release employment for {row['soc_code']}"
        else:
            rec["employment"] = row["employment"]
        rec["wage_note"] = "; ".join(notes)
        out[code] = rec
    return out


def build_projections(occ_dir: Path, codes: list[str]) -> dict[str, dict[str, Any]]:
    """BLS Employment Projections 2024–34 per code (growth %, openings, separations rate)."""
    proj = {
        r["nem_code"]: r
        for r in read_csv(occ_dir / "bls_ep_occupational_projections_2024_2034.csv")
    }
    sep = {
        r["nem_code"]: r for r in read_csv(occ_dir / "bls_ep_separations_openings_2024_2034.csv")
    }
    nem = {
        r["onet_soc_code"]: r["nem_code"]
        for r in read_csv(occ_dir / "crosswalk_bls_onetsoc_to_nem_2023.csv")
    }
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        soc = code[:7]
        key = nem.get(code)
        via = "BLS O*NET-SOC→NEM crosswalk (2023)"
        if key is None or key not in proj:
            key, via = soc, "same 6-digit SOC code"
        rec: dict[str, Any] = {
            "ep_code": None,
            "growth_pct_2024_34": None,
            "openings_thousands": None,
            "separations_rate_pct": None,
            "ep_note": "",
            "missing": {},
            "ep_employment_thousands": None,
            "ep_self_employed_pct": None,
            "ep_entry_education": None,
            "ep_related_experience": None,
            "ep_training": None,
        }
        p = proj.get(key)
        if p is None:
            reason = (
                f"no BLS 2024–34 projection row for {soc} (not in the National Employment Matrix)"
            )
            for f in ("growth_pct_2024_34", "openings_thousands", "separations_rate_pct"):
                rec["missing"][f] = reason
            rec["ep_note"] = reason
            out[code] = rec
            continue
        rec["ep_code"] = key
        if key != soc:
            rec["ep_note"] = f"projection of NEM code {key} {p['nem_title']} ({via})"
        s = sep.get(key, {})
        for field, val, label in (
            ("growth_pct_2024_34", p.get("emp_change_pct_2024_34"), "employment change %"),
            ("openings_thousands", p.get("annual_openings_2024_34_thousands"), "annual openings"),
            (
                "separations_rate_pct",
                s.get("total_separations_rate_annual_avg_pct"),
                "total separations rate",
            ),
            ("ep_employment_thousands", p.get("employment_2024_thousands"), "2024 employment"),
            ("ep_self_employed_pct", p.get("pct_self_employed_2024"), "self-employed share"),
        ):
            if num(val) is None:
                rec["missing"][field] = f"BLS marks the {label} of {key} unavailable ('{val}')"
            else:
                rec[field] = num(val)
        # entry requirements (BLS EP education and training categories), verbatim text
        for field, col in (
            ("ep_entry_education", "typical_entry_education"),
            ("ep_related_experience", "work_experience_in_related_occupation"),
            ("ep_training", "typical_on_the_job_training"),
        ):
            val = (p.get(col) or "").strip()
            rec[field] = None if val in UNAVAILABLE else val
        out[code] = rec
    return out


def ep_total(occ_dir: Path) -> dict[str, float | None]:
    """The BLS EP "Total, all occupations" row (00-0000): employment, openings, separations rate."""
    p = {
        r["nem_code"]: r
        for r in read_csv(occ_dir / "bls_ep_occupational_projections_2024_2034.csv")
    }["00-0000"]
    s = {r["nem_code"]: r for r in read_csv(occ_dir / "bls_ep_separations_openings_2024_2034.csv")}[
        "00-0000"
    ]
    return {
        "employment_thousands": num(p["employment_2024_thousands"]),
        "openings_thousands": num(p["annual_openings_2024_34_thousands"]),
        "separations_rate_pct": num(s["total_separations_rate_annual_avg_pct"]),
        "self_employed_pct": num(p["pct_self_employed_2024"]),
    }


#: O*NET ETE scales kept (education RL, related experience RW, pre-employment training PT, OJT OJ).
ETE_SCALES = ("RL", "RW", "PT", "OJ")


def build_ete(occ_dir: Path) -> dict[str, dict[str, list[float]]]:
    """O*NET 29.0 Education, Training & Experience: per code and scale, the % of respondents per category.

    Lists in category order (RL 1-12, RW 1-11, PT 1-9, OJ 1-9), exactly the published percentages.
    """
    out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in read_csv(occ_dir / "onet_education_training_experience.csv"):
        sc = r["scale_id"]
        if sc in ETE_SCALES and r["category"]:
            v = num(r["data_value"])
            if v is not None:
                out[r["onet_soc_code"]][sc][int(r["category"])] = v
    return {
        c: {sc: [d[k] for k in sorted(d)] for sc, d in sorted(scales.items())}
        for c, scales in out.items()
    }


def build_ai(occ_dir: Path, codes: list[str]) -> dict[str, dict[str, Any]]:
    """AI/automation exposure: Eloundou (exact code), Frey–Osborne (via SOC 2010), Tomlinson (SOC 2018)."""
    elo = {
        r["O*NET-SOC Code"]: r
        for r in read_csv(occ_dir / "eloundou2023_gpts_are_gpts_occ_level.csv")
    }
    fo = {r["soc2010_code"]: r for r in read_csv(occ_dir / "frey_osborne_2013_computerisation.csv")}
    tom = {
        r["SOC Code"]: r for r in read_csv(occ_dir / "tomlinson2025_ai_applicability_scores.csv")
    }
    soc_pred: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(occ_dir / "crosswalk_soc2010_to_soc2018.csv"):
        soc_pred[r["soc2018_code"]].append(r["soc2010_code"])
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        soc = code[:7]
        rec: dict[str, Any] = {"missing": {}}
        e = elo.get(code)
        if e is None:
            rec["ai_eloundou_beta"] = rec["ai_eloundou_dv_beta"] = None
            rec["missing"]["ai_eloundou_beta"] = (
                "not in Eloundou et al. occ_level.csv (no O*NET task data for this code)"
            )
        else:
            rec["ai_eloundou_beta"] = float(e["human_rating_beta"])
            rec["ai_eloundou_dv_beta"] = float(e["dv_rating_beta"])
        # Frey–Osborne: reported when every SOC 2010 predecessor resolves to one probability.
        preds = sorted(set(soc_pred.get(soc, [])))
        found: list[tuple[str, float, str]] = []
        for p in preds:
            if p in fo:
                found.append((p, float(fo[p]["probability"]), "exact"))
            elif broad_code(p) in fo:
                found.append((broad_code(p), float(fo[broad_code(p)]["probability"]), "broad"))
        rec["ai_frey_osborne"] = None
        if not preds:
            rec["missing"]["ai_frey_osborne"] = (
                f"no SOC 2010 predecessor of {soc} in the SOC 2010→2018 crosswalk"
            )
        elif len(found) < len(preds):
            rec["missing"]["ai_frey_osborne"] = (
                f"Frey–Osborne (2013) has no row for SOC 2010 predecessor(s) of {soc}: {', '.join(preds)}"
            )
        elif len({v for _, v, _ in found}) > 1:
            rec["missing"]["ai_frey_osborne"] = "SOC 2010 predecessors disagree: " + ", ".join(
                f"{c}={v:g}" for c, v, _ in found
            )
        else:
            rec["ai_frey_osborne"] = found[0][1]
            rec["ai_frey_osborne_source"] = "; ".join(f"{c} ({how})" for c, _, how in found)
        t = tom.get(soc)
        if t is None:
            rec["ai_tomlinson"] = None
            rec["missing"]["ai_tomlinson"] = (
                f"{soc} not in Tomlinson et al. (2025) (no O*NET task data)"
            )
        else:
            rec["ai_tomlinson"] = float(t["ai_applicability_score"])
        out[code] = rec
    return out


def build_ratings(occ_dir: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """O*NET 29.0 skills (IM, LV) and work styles (IM) per code.

    recommend_suppress = Y (low precision) keeps the published value and lists the skill under
    ``skills_low_precision``. not_relevant = Y on an LV row means O*NET judged the level not
    meaningful because the skill is unimportant there: the level is stored as 0.0 ("not
    required") and the skill listed under ``skills_not_relevant``; the IM value is kept.
    """
    key_by_eid = {s.element_id: s.key for s in SKILL_INFO}
    out: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "skills_im": {},
            "skills_lv": {},
            "skills_not_relevant": [],
            "skills_low_precision": [],
            "work_styles": {},
        }
    )
    for r in read_csv(occ_dir / "onet_skills.csv"):
        rec = out[r["onet_soc_code"]]
        k = key_by_eid[r["element_id"]]
        v = float(r["data_value"])
        if r["scale_id"] == "IM":
            rec["skills_im"][k] = v
        else:
            if r["not_relevant"] == "Y":
                rec["skills_not_relevant"].append(k)
                v = 0.0
            rec["skills_lv"][k] = v
        if r["recommend_suppress"] == "Y":
            lp = f"{k}:{r['scale_id']}"
            rec["skills_low_precision"].append(lp)
    styles: list[str] = []
    for r in read_csv(occ_dir / "onet_work_styles.csv"):
        k = snake(r["element_name"])
        if k not in styles:
            styles.append(k)
        out[r["onet_soc_code"]]["work_styles"][k] = float(r["data_value"])
    return dict(out), styles


def build_work_values(onet3: Path) -> tuple[dict[str, dict[str, float]], list[str]]:
    """O*NET 29.3 work values, extent scale (EX, 1–7) per code."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    names: list[str] = []
    for r in read_tsv(onet3 / "work_values.txt"):
        if r["Scale ID"] != "EX":
            continue
        k = snake(r["Element Name"])
        if k not in names:
            names.append(k)
        out[r["O*NET-SOC Code"]][k] = float(r["Data Value"])
    return dict(out), names


# ----------------------------------------------------------------------------- main build


def build(source: Path, out_dir: Path) -> list[Path]:
    """Derive every packaged table from ``source`` into ``out_dir``; returns the files written."""
    occ_dir = source / "occupations"
    mt_dir = source / "microtask"
    onet3 = occ_dir / "onet_29_3"
    out_dir.mkdir(parents=True, exist_ok=True)

    occ_rows = read_csv(occ_dir / "onet_occupation_data.csv")
    codes = [r["onet_soc_code"] for r in occ_rows]
    jz = {r["onet_soc_code"]: int(r["job_zone"]) for r in read_csv(occ_dir / "onet_job_zones.csv")}
    tele = build_teleworkability(occ_dir, codes)
    wages = build_wages(occ_dir, codes)
    proj = build_projections(occ_dir, codes)
    ai = build_ai(occ_dir, codes)
    ete = build_ete(occ_dir)
    ratings, style_names = build_ratings(occ_dir)
    values, value_names = build_work_values(onet3)

    skill_keys = [sk.key for sk in SKILL_INFO]
    occupations: list[dict[str, Any]] = []
    for r in occ_rows:
        code = r["onet_soc_code"]
        missing: dict[str, str] = {}
        rec: dict[str, Any] = {
            "code": code,
            "soc": code[:7],
            "title": r["title"],
            "description": r["description"],
        }
        rec["job_zone"] = jz.get(code)
        if rec["job_zone"] is None:
            missing["job_zone"] = "O*NET 29.0 assigns no Job Zone to this occupation"
        t_val, t_src = tele[code]
        rec["teleworkable"] = t_val
        rec["teleworkable_source"] = t_src if t_val is not None else ""
        if t_val is None:
            missing["teleworkable"] = t_src
        w = wages[code]
        for f in ("oews_code", "wage_hourly", "wage_annual_p50", "employment", "wage_note"):
            rec[f] = w[f]
        missing.update(w["missing"])
        p = proj[code]
        for f in (
            "ep_code",
            "growth_pct_2024_34",
            "openings_thousands",
            "separations_rate_pct",
            "ep_note",
            "ep_employment_thousands",
            "ep_self_employed_pct",
            "ep_entry_education",
            "ep_related_experience",
            "ep_training",
        ):
            rec[f] = p[f]
        if code not in ete:
            missing["ete"] = (
                "O*NET 29.0 has no education, training and experience ratings for this occupation"
            )
        missing.update(p["missing"])
        a = ai[code]
        for f in ("ai_eloundou_beta", "ai_eloundou_dv_beta", "ai_frey_osborne", "ai_tomlinson"):
            rec[f] = a.get(f)
        rec["ai_frey_osborne_source"] = a.get("ai_frey_osborne_source", "")
        missing.update(a["missing"])
        rt = ratings.get(code)
        no_ratings = "O*NET 29.0 has no skill or work-style ratings for this occupation"
        if rt is None:
            rec.update(
                {
                    "skills_im": {},
                    "skills_lv": {},
                    "skills_not_relevant": [],
                    "skills_low_precision": [],
                    "work_styles": {},
                }
            )
            missing["skills_im"] = missing["skills_lv"] = missing["work_styles"] = no_ratings
        else:
            rec.update(rt)
            if not rt["work_styles"]:
                missing["work_styles"] = no_ratings
        rec["work_values"] = values.get(code, {})
        if not rec["work_values"]:
            missing["work_values"] = "O*NET 29.3 has no work values for this occupation"
        rec["missing"] = dict(sorted(missing.items()))
        # Compact storage: ratings as lists in a fixed column order (SKILLS, meta.work_styles,
        # meta.work_values) rather than dicts, which keeps the file small and fast to parse.
        for f, names in (
            ("skills_im", skill_keys),
            ("skills_lv", skill_keys),
            ("work_styles", style_names),
            ("work_values", value_names),
        ):
            rec[f] = [rec[f][k] for k in names] if rec[f] else []
        occupations.append(rec)

    # Titles for search: alternate titles (+ short titles), reported titles, curated labels.
    titles: dict[str, dict[str, list[str]]] = {
        c: {"alt": [], "reported": [], "label": []} for c in codes
    }
    for r in read_tsv(onet3 / "alternate_titles.txt"):
        c = r["O*NET-SOC Code"]
        if c not in titles:
            continue
        for t in (r["Alternate Title"], r["Short Title"]):
            if t and t != "n/a" and t not in titles[c]["alt"]:
                titles[c]["alt"].append(t)
    for r in read_tsv(onet3 / "sample_of_reported_titles.txt"):
        c = r["O*NET-SOC Code"]
        if c in titles and r["Reported Job Title"] not in titles[c]["reported"]:
            titles[c]["reported"].append(r["Reported Job Title"])
    career_paths: list[dict[str, str]] = []
    for r in read_csv(occ_dir / "soft_skill_remote_occupations.csv"):
        if r["onet_soc_code"] in titles and r["career_path_label"]:
            titles[r["onet_soc_code"]]["label"].append(r["career_path_label"])
            career_paths.append(
                {
                    "code": r["onet_soc_code"],
                    "label": r["career_path_label"],
                    "role": r["role_in_tool"],
                }
            )
    titles = {c: {k: v for k, v in d.items() if v} for c, d in titles.items()}
    titles = {c: d for c, d in titles.items() if d}

    related: dict[str, list[list[str]]] = defaultdict(list)
    for r in sorted(
        read_tsv(onet3 / "related_occupations.txt"),
        key=lambda r: (r["O*NET-SOC Code"], int(r["Index"])),
    ):
        related[r["O*NET-SOC Code"]].append([r["Related O*NET-SOC Code"], r["Relatedness Tier"]])

    key_by_eid = {s.element_id: s.key for s in SKILL_INFO}
    anchors: dict[str, dict[str, str]] = defaultdict(dict)
    for r in read_tsv(onet3 / "level_scale_anchors.txt"):
        k = key_by_eid.get(r["Element ID"])
        if k is not None and r["Scale ID"] == "LV":
            anchors[k][r["Anchor Value"]] = r["Anchor Description"]

    jz_ref = {r["job_zone"]: r["name"] for r in read_csv(occ_dir / "onet_job_zone_reference.csv")}
    cm = {r["element_id"]: r for r in read_csv(occ_dir / "onet_content_model_subset.csv")}
    style_desc = {
        snake(r["element_name"]): r["description"]
        for r in cm.values()
        if r["element_id"].startswith("1.C")
    }

    meta = {
        "schema": SCHEMA_VERSION,
        "n_occupations": len(occupations),
        "work_styles": {k: style_desc.get(k, "") for k in style_names},
        "work_style_order": style_names,  # column order of the occupations' work_styles lists
        "work_values": value_names,
        "job_zones": jz_ref,
        "level_anchors": {
            k: dict(sorted(v.items(), key=lambda kv: float(kv[0])))
            for k, v in sorted(anchors.items())
        },
        # the curated soft-skill remote careers of soft_skill_remote_occupations.csv (its own labels)
        "career_paths": career_paths,
        # BLS EP 2024-34 all-occupations totals: the reference for openings relative to employment
        "ep_total": ep_total(occ_dir),
    }

    written: list[Path] = []

    def dump(name: str, obj: Any, *, lines: bool = False, gz: bool = False) -> None:
        if lines:
            text = (
                "[\n"
                + ",\n".join(
                    json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                    for o in obj
                )
                + "\n]\n"
            )
        else:
            text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        data = text.encode("utf-8")
        path = out_dir / name
        if gz:
            buf = io.BytesIO()
            with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
                fh.write(data)
            data = buf.getvalue()
        path.write_bytes(data)
        written.append(path)

    dump("occupations.json.gz", occupations, lines=True, gz=True)
    dump("titles.json.gz", dict(sorted(titles.items())), gz=True)
    dump("catalog_meta.json", meta)
    dump("related.json.gz", dict(sorted(related.items())), gz=True)
    dump("ete.json.gz", dict(sorted(ete.items())), gz=True)  # loaded lazily (entry requirements)
    for src, dst in (
        (mt_dir / "parameters.csv", "evidence_parameters.csv"),
        (mt_dir / "sources.bib", "sources.bib"),
    ):
        shutil.copyfile(src, out_dir / dst)
        # crossroads' own evidence rows (looked up for issue 11 and later) follow the shared ones
        extra = EXTRA_DIR / (
            "evidence_crossroads.csv" if dst.endswith(".csv") else "sources_crossroads.bib"
        )
        if extra.exists():
            with (out_dir / dst).open("ab") as fh:
                fh.write(extra.read_bytes())
        written.append(out_dir / dst)
    if (source / "international").exists():
        from build_international import build as build_international

        intl = build_international(source)
        (out_dir / "international.json").write_text(
            json.dumps(intl, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(out_dir / "international.json")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--source",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the shared data folder",
    )
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src" / "crossroads" / "data", help="output folder"
    )
    args = ap.parse_args(argv)
    if not (args.source / "occupations" / "onet_occupation_data.csv").exists():
        ap.error(
            f"--source {args.source}: not a shared data folder (occupations/onet_occupation_data.csv missing)"
        )
    for p in build(args.source, args.out):
        print(f"wrote {p} ({p.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
