"""The packaged catalog: build determinism, joins against the raw sources, API contract."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.catalog import SKILLS, get_catalog
from crossroads.errors import InputError

if TYPE_CHECKING:
    from crossroads.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DATA = ROOT / "src" / "crossroads" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED / "occupations").exists(), reason="../shared/data not present"
)
BUILT = (
    "occupations.json.gz",
    "titles.json.gz",
    "related.json.gz",
    "ete.json.gz",
    "catalog_meta.json",
    "evidence_parameters.csv",
    "sources.bib",
    "international.json",
)


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@needs_shared
def test_build_is_deterministic_and_matches_committed_tables(tmp_path: Path) -> None:
    out = tmp_path / "data"
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "build_catalog.py"),
        "--source",
        str(SHARED),
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    for name in BUILT:
        assert _content(out / name) == _content(DATA / name), f"{name} differs from a fresh build"
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), f"{name} bytes differ"


@needs_shared
def test_wages_equal_the_oews_csv_exactly(catalog: Catalog) -> None:
    with (SHARED / "occupations" / "oews_national_may2025.csv").open(encoding="utf-8") as fh:
        oews = {r["soc_code"]: r for r in csv.DictReader(fh)}
    checked = 0
    for occ in catalog.occupations()[::7]:
        if occ.wage_hourly is None or occ.oews_code is None:
            continue
        row = oews[occ.oews_code]
        for key, col in (
            ("p10", "h_pct10"),
            ("p25", "h_pct25"),
            ("p50", "h_median"),
            ("p75", "h_pct75"),
            ("p90", "h_pct90"),
        ):
            assert occ.wage_hourly.published[key] == row[col]
            assert getattr(occ.wage_hourly, key) == float(row[col])
            assert str(occ.wage_hourly.decimal(key)) == row[col]
        checked += 1
    assert checked > 100


def test_every_onet_occupation_is_present(catalog: Catalog) -> None:
    occs = catalog.occupations()
    assert len(occs) == 1016
    assert len({o.code for o in occs}) == 1016
    assert sum(o.has_ratings for o in occs) == 879


def test_customer_service_representatives(catalog: Catalog) -> None:
    o = catalog.occupation("43-4051.00")
    assert o.title == "Customer Service Representatives"
    assert o.soc == "43-4051"
    assert o.teleworkable == 1.0 and o.is_teleworkable
    assert "43-4051.00=1" in o.teleworkable_source
    w = o.wage_hourly
    assert w is not None
    assert (w.p10, w.p25, w.p50, w.p75, w.p90) == (15.27, 17.72, 21.53, 24.89, 30.57)
    assert o.job_zone == 2
    assert o.growth_pct_2024_34 == -5.5
    assert o.openings_thousands == 341.7
    assert o.employment == 2595750
    assert o.skills_im["active_listening"] == 4.0
    assert set(o.skills_im) == set(SKILLS) == set(o.skills_lv)
    assert o.missing == {}


def test_missing_values_always_have_a_reason(catalog: Catalog) -> None:
    fields = (
        "job_zone",
        "teleworkable",
        "wage_hourly",
        "wage_annual_p50",
        "employment",
        "growth_pct_2024_34",
        "openings_thousands",
        "separations_rate_pct",
        "ai_eloundou_beta",
        "ai_frey_osborne",
        "ai_tomlinson",
    )
    for o in catalog.occupations():
        for f in fields:
            if getattr(o, f) is None:
                assert o.missing.get(f), f"{o.code}.{f} is missing without a reason"
            else:
                assert f not in o.missing, f"{o.code}.{f} has a value and a missing reason"
        if not o.skills_im:
            assert "skills_im" in o.missing and "skills_lv" in o.missing


def test_known_gaps_and_fallbacks(catalog: Catalog) -> None:
    pm = catalog.occupation("13-1082.00")  # no O*NET ratings; D&N only via BLS-code predecessors
    assert pm.skills_im == {} and "no skill" in pm.missing["skills_im"]
    assert pm.teleworkable is not None and "bls-code fallback" in pm.teleworkable_source
    teacher = catalog.occupation("25-2021.00")  # OEWS '-' (footnote 4): annual only
    assert teacher.wage_hourly is None and "footnote 4" in teacher.missing["wage_hourly"]
    assert teacher.wage_annual_p50 == 63970.0
    buyer = catalog.occupation("13-1021.00")  # published only at broad level 13-1020
    assert buyer.oews_code == "13-1020" and "broad level" in buyer.wage_note
    military = catalog.occupation("55-1011.00")
    assert military.wage_hourly is None and "military" in military.missing["wage_hourly"]
    detail = catalog.occupation("15-1299.09")
    assert "parent" in detail.wage_note or "SOC occupation 15-1299" in detail.wage_note


def test_not_relevant_levels_are_zero_and_listed(catalog: Catalog) -> None:
    o = catalog.occupation("43-4051.00")
    assert "repairing" in o.skills_not_relevant
    assert o.skills_lv["repairing"] == 0.0
    assert o.skills_im["repairing"] > 0


def test_skill_matrix_shape_and_order(catalog: Catalog) -> None:
    codes, im, lv = catalog.skill_matrix()
    assert im.shape == lv.shape == (879, 35)
    i = codes.index("43-4051.00")
    o = catalog.occupation("43-4051.00")
    assert np.allclose(im[i], [o.skills_im[s] for s in SKILLS])
    assert ((im >= 1) & (im <= 5)).all() and ((lv >= 0) & (lv <= 7)).all()
    with pytest.raises(ValueError):
        im[0, 0] = 9  # read-only: the cached catalog is shared


def test_bad_code_names_the_field(catalog: Catalog) -> None:
    for bad in ("99-9999.99", "43-4051", "nonsense", ""):
        with pytest.raises(InputError) as exc:
            catalog.occupation(bad)
        assert exc.value.errors[0].field == "code"
    with pytest.raises(InputError) as exc:
        catalog.occupation("43-4051")
    assert "43-4051.00" in exc.value.errors[0].reason


def test_search_virtual_assistant_finds_admin_assistants(catalog: Catalog) -> None:
    hits = catalog.search("virtual assistant")
    assert {"43-6014.00", "43-6011.00"} <= set(hits[:5])
    # tied on the match, the easier entry comes first: Job Zone 2 secretaries before Zone 3
    assert hits.index("43-6014.00") < hits.index("43-6011.00")


def test_search_ranking(catalog: Catalog) -> None:
    hits = catalog.search("Customer Service Representatives")
    assert hits[0] == "43-4051.00"  # exact title first
    hits = catalog.search("CUSTOMER SERVICE")
    assert hits[0] == "43-4051.00"  # title contains beats alternate titles; case-insensitive
    hits = catalog.search("call center representative")  # an O*NET alternate title only
    assert "43-4051.00" in hits[:3]
    with pytest.raises(InputError) as exc:
        catalog.search("   ")
    assert exc.value.errors[0].field == "search"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([o.title for o in get_catalog().occupations()]))
def test_search_finds_every_exact_title_first(title: str) -> None:
    cat = get_catalog()
    hits = cat.search(title.swapcase())
    assert cat.occupation(hits[0]).title.casefold() == title.casefold()


def test_related_and_anchors(catalog: Catalog) -> None:
    rel = catalog.related("43-4051.00")
    assert rel and all(c in catalog for c, _ in rel)
    assert {t for _, t in rel} <= {"Primary-Short", "Primary-Long", "Supplemental"}
    anchors = catalog.level_anchors("speaking")
    assert anchors[2.0] == "Greet tourists and explain tourist attractions"
    assert anchors[6.0] == "Argue a legal case before the Supreme Court"
    with pytest.raises(InputError) as exc:
        catalog.level_anchors("juggling")
    assert exc.value.errors[0].field == "skill"


def test_mturk_dated_status(catalog: Catalog) -> None:
    us_2025 = [p.id for p in catalog.open_platforms("US", dt.date(2025, 1, 1))]
    assert "mturk" in us_2025
    assert "mturk" not in [p.id for p in catalog.open_platforms("US", dt.date(2026, 11, 25))]
    assert "mturk" not in [p.id for p in catalog.open_platforms("US", "2026-07-30")]
    assert "mturk" in [p.id for p in catalog.open_platforms("US", "2026-07-29")]
    assert "mturk" not in [p.id for p in catalog.open_platforms("DE", "2025-01-01")]  # US-only
    mturk = catalog.platform("mturk")
    assert mturk.status_on(dt.date(2026, 8, 15)) == "closing"
    assert mturk.status_on(dt.date(2026, 9, 30)) == "closed"
    assert mturk.status_dates == {"closing": "2026-07-30", "closed": "2026-09-30"}
    assert "E1f" in mturk.fields["status"].source and "E1g" in mturk.fields["status"].source


@settings(max_examples=40, deadline=None)
@given(
    st.dates(min_value=dt.date(2026, 7, 30), max_value=dt.date(2040, 1, 1)),
    st.sampled_from(["US", "GB", "DE", "IN", "KE", "PH"]),
)
def test_mturk_never_offered_after_new_customer_stop(day: dt.date, country: str) -> None:
    assert "mturk" not in [p.id for p in get_catalog().open_platforms(country, day)]


def test_platform_fields_cite_evidence(catalog: Catalog) -> None:
    assert {p.id for p in catalog.platforms} >= {
        "mturk",
        "prolific",
        "clickworker",
        "appen",
        "toloka",
    }
    for p in catalog.platforms:
        for name, f in p.fields.items():
            if f.value is None:
                assert f.reason, f"{p.id}.{name} unknown without a reason"
            else:
                assert f.source, f"{p.id}.{name} has no evidence id"
                for sid in f.source:
                    assert sid in catalog.evidence or sid.startswith("evidence.md#"), sid
    prolific = catalog.platform("prolific")
    assert prolific.pay_floor_hourly == catalog.evidence_value("E4b") == 8.0
    assert prolific.fields["onboarding_wait_days"].assumption


def test_open_platforms_rejects_bad_input(catalog: Catalog) -> None:
    with pytest.raises(InputError) as exc:
        catalog.open_platforms("USA", "yesterday")
    assert {e.field for e in exc.value.errors} == {"country", "as_of"}


def test_evidence_and_sources(catalog: Catalog) -> None:
    assert (
        catalog.evidence["A6"].value == "1.77" and catalog.evidence["A6"].source_key == "hara2018"
    )
    assert catalog.evidence["E1f"].value == "2026-07-30"
    keys = {s.id for s in catalog.sources}
    assert {"onet_29_0", "oews_may2025", "dingel_neiman_2020", "hara2018", "berg2018ilo"} <= keys
    for e in catalog.evidence.values():
        assert e.source_key in keys, (
            f"evidence {e.id} cites {e.source_key}, which is not a listed source"
        )
    for s in catalog.sources:
        assert s.title and s.citation and s.licence
    assert catalog.as_of["oews_may2025"] == "2025-05"
    assert catalog.as_of["platforms"] == "2026-11-25"


def test_load_stays_light() -> None:
    """Loading the catalog imports none of the heavy libraries (its speed is measured in `make
    bench`, not here: a timed assertion flakes on a shared 2-core machine)."""
    code = (
        "import sys; from crossroads.catalog import get_catalog; get_catalog(); "
        "print(','.join(m for m in ('scipy', 'pylatexenc', 'altair', 'vl_convert', 'pandas', 'polars', "
        "'sqlalchemy', 'fastapi', 'dask') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == ""


@needs_shared
def test_ratings_equal_the_onet_wide_files(catalog: Catalog) -> None:
    """Skills and work styles land under the right names (guards the compact list storage)."""
    occ_dir = SHARED / "occupations"
    with (occ_dir / "onet_work_styles_wide.csv").open(encoding="utf-8") as fh:
        styles = list(csv.DictReader(fh))
    with (occ_dir / "onet_skills_wide.csv").open(encoding="utf-8") as fh:
        skills = {r["onet_soc_code"]: r for r in csv.DictReader(fh)}
    for row in styles[::11]:
        o = catalog.occupation(row["onet_soc_code"])
        for col, val in row.items():
            if col.startswith("im_"):
                assert o.work_styles[col[3:]] == float(val), (o.code, col)
        for col, val in skills[o.code].items():
            if col.startswith("im_"):
                assert o.skills_im[col[3:]] == float(val), (o.code, col)
            elif col.startswith("lv_") and col[3:] not in o.skills_not_relevant:
                assert o.skills_lv[col[3:]] == float(val), (o.code, col)
