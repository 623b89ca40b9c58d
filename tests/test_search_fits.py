"""The packaged job-search fits (data/search_calibration.json) are the fits SciPy gives today.

Why a test: the table exists only to spare every fresh process ``scipy.optimize``'s import (issue
8 §8, cold start). It must never be a second source of truth: each entry is re-fitted here, and the
table must cover the registry's default trio and each bound the sensitivity moves to; when the
registry moves, this fails and says which script rewrites the table.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pytest

from crossroads.params import PARAMS, resolve_params
from crossroads.simulation import career

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_search_calibration.py"


def _script() -> object:
    spec = importlib.util.spec_from_file_location("build_search_calibration", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_packaged_fit_is_todays_fit() -> None:
    fits = career.packaged_search_fits()
    assert len(fits) >= 7
    for (med, share, mean), (lam, k) in fits.items():
        lam2, k2 = career.fit_search_calibration(med, share, mean)
        assert math.isclose(lam, lam2, rel_tol=1e-12), (med, share, mean)
        assert math.isclose(k, k2, rel_tol=1e-12), (med, share, mean)


def test_the_table_covers_the_registry_default_and_its_bounds() -> None:
    wanted = set(_script().trios())  # type: ignore[attr-defined]
    missing = wanted - set(career.packaged_search_fits())
    assert not missing, f"stale table: run python {SCRIPT.relative_to(ROOT)} ({missing})"
    default = tuple(
        PARAMS[k].default for k in ("search_median_weeks", "search_share_27w", "search_mean_weeks")
    )
    assert default in wanted


def test_a_trio_outside_the_table_is_fitted_live() -> None:
    p = dict(resolve_params(None))
    p["search_median_weeks"] = 10.1  # not in the table
    key = (10.1, float(p["search_share_27w"]), float(p["search_mean_weeks"]))
    assert key not in career.packaged_search_fits()
    lam, k = career.search_calibration(p)
    assert (lam, k) == career.fit_search_calibration(*key)
    med, _share, _mean = career.stock_stats(lam, k)
    assert med == pytest.approx(10.1, rel=0.1)


def test_default_advice_needs_no_scipy_optimize() -> None:
    """A fresh process computing the default search calibration never imports scipy.optimize."""
    code = (
        "import sys\n"
        "from crossroads.params import resolve_params\n"
        "from crossroads.simulation.career import search_calibration\n"
        "search_calibration(resolve_params(None))\n"
        "print('scipy.optimize' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
