"""Stage 6 — explanation: honesty first (nothing safe / nothing covers expenses), then the
recommendation with its robustness, the reasons against the runner-up and the best option of
another kind, and what the bad paths of the recommendation have in common."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import explain
from ..advice import FailureDrilldown, FamilyAcceptability, Honesty
from ..candidates import family_of
from ..smaa import SAMPLES, WEIGHT_JITTER_POINTS
from .context import ROBUST_FAMILY_P_FIRST, Context
from .finalists import Finals
from .ranking import Ranked

if TYPE_CHECKING:
    from crossroads.profile import Profile


@dataclasses.dataclass
class Explained:
    """The lines of the explanation, the honesty warnings (shown first) and the drill-down."""

    explanation: list[str]
    honesty_warnings: list[str]
    honesty: Honesty
    failure: FailureDrilldown
    recommendation_family: FamilyAcceptability


def recommendation_line(ctx: Context, fin: Finals, r: Ranked) -> str:
    """The recommendation with its robustness, said per family (the split is a second-order choice)."""
    rec, p_opt = fin.options[fin.first], float(r.p_first[fin.first])
    rec_fam = r.family(rec)
    how = "the weighted sum" if ctx.method == "weighted_sum" else "TOPSIS"
    vary = (
        f"{SAMPLES:,} samples in which your priorities vary by ±{WEIGHT_JITTER_POINTS:g} point "
        "and outcomes vary across paths"
    )
    text = (
        f"Recommended: {rec.label} — ranked first by {how} of your priorities. "
        f"{rec_fam.label[0].upper()}{rec_fam.label[1:]} ranks first in {explain.fmt_pct(rec_fam.p_first)} of {vary}"
    )
    if len(rec_fam.options) > 1:
        text += (
            f"; the exact split matters less: this split is first in {explain.fmt_pct(p_opt)}, "
            f"the {len(rec_fam.options) - 1} other split(s) of this hybrid in "
            f"{explain.fmt_pct(max(0.0, rec_fam.p_first - p_opt))}"
        )
    others = [f for f in r.families if f.family != rec_fam.family and f.p_first > 0][:2]
    if others:
        text += "; otherwise " + ", ".join(
            f"{f.label} ({explain.fmt_pct(f.p_first)})" for f in others
        )
    return text + "."  # fmt: skip


def _reasons(fin: Finals, r: Ranked) -> list[str]:
    if len(fin.options) <= 1:
        return []
    labels = [o.label for o in fin.options]
    first, rec = fin.first, fin.options[fin.first]
    args = (labels, fin.ev.matrix, r.displays, r.contrib, r.priorities, r.units)
    out = explain.reasons(*args, first, fin.second)
    # Neighbouring mixes of one target differ little; also explain against the best option of
    # another kind or target, which is the choice the person is really making.
    other = next((i for i in fin.order if family_of(fin.options[i]) != family_of(rec)), None)
    if other is not None and other != fin.second:
        out += explain.reasons(*args, first, other)[:3]
    return out


def robustness_warning(r: Ranked, rec_fam: FamilyAcceptability) -> str | None:
    """A warning when the recommended kind of path ranks first in under half of the samples."""
    if rec_fam.p_first >= ROBUST_FAMILY_P_FIRST:
        return None
    rival = next((f for f in r.families if f.family != rec_fam.family), None)
    rival_text = (
        f"; {rival.label} does in {explain.fmt_pct(rival.p_first)}" if rival is not None else ""
    )
    return (
        f"The first place is not robust: {rec_fam.label} ranks first in only "
        f"{explain.fmt_pct(rec_fam.p_first)} of the samples{rival_text}; look at the next options too."
    )


def explain_advice(ctx: Context, fin: Finals, r: Ranked) -> Explained:
    """Stage 6: the explanation (honesty first), the robustness warning and the drill-down."""
    from .context import simulate_options
    from .honesty import _honesty

    def resim(prof: Profile, opt: Any) -> tuple[float, float]:
        """p_shortfall and P90 depth of one option for a changed profile (the adapting model)."""
        res = simulate_options(ctx, [opt], paths=ctx.paths, keep=(), profile=prof)
        return float((res.shortfall_month[0] > 0).mean()), float(
            np.percentile(res.shortfall_depth[0], 90)
        )

    honesty_warnings, hon = _honesty(fin.ev, r.entries, fin.options, ctx.profile, ctx.tolerance,
                                     ctx.horizon, resim=resim)  # fmt: skip
    rec = fin.options[fin.first]
    rec_fam = r.family(rec)
    explanation = [*honesty_warnings, recommendation_line(ctx, fin, r), *_reasons(fin, r)]
    warning = robustness_warning(r, rec_fam)
    if warning is not None:
        ctx.warnings.append(warning)
    dd = explain.drilldown(fin.sim, fin.first, float(ctx.profile.money.cash_floor), rec.label, rec.id,
                           rec.target is not None, rec.microtask_hours > 0)  # fmt: skip
    failure = FailureDrilldown(**dd)
    explanation += failure.text
    return Explained(explanation, honesty_warnings, hon, failure, rec_fam)
