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

    from ..coherence import Reconciled


@dataclasses.dataclass
class Explained:
    """The lines of the explanation, the honesty warnings (shown first) and the drill-down."""

    explanation: list[str]
    honesty_warnings: list[str]
    honesty: Honesty
    failure: FailureDrilldown
    recommendation_family: FamilyAcceptability
    reasons: list[str] = dataclasses.field(default_factory=list)
    tie: str | None = None
    recommendation_kind: FamilyAcceptability | None = None
    reasons_compact: list[str] = dataclasses.field(default_factory=list)
    versus: str = ""
    runner_up_kind: FamilyAcceptability | None = None
    family_tie: str | None = None


def recommendation_line(ctx: Context, fin: Finals, r: Ranked) -> str:
    """The recommendation with its robustness, said per family (the split is a second-order choice)."""
    rec, p_opt = fin.options[fin.first], float(r.p_first[fin.first])
    rec_fam = r.family(rec)
    how = "the weighted sum" if ctx.method == "weighted_sum" else "TOPSIS"
    if r.reconciled is not None and r.reconciled.overruled is not None:
        how = f"the acceptability analysis (see below), with {how}"
    vary = (
        f"{SAMPLES:,} samples in which your priorities vary by ±{WEIGHT_JITTER_POINTS:g} point "
        "and outcomes vary across paths"
    )
    text = f"Recommended: {rec.label} — ranked first by {how} of your priorities. "
    if rec.kind != "microtask" and r.kinds:
        k = r.kind(rec.kind)
        text += (
            f"{k.label[0].upper()}{k.label[1:]} ranks first in {explain.fmt_pct(k.p_first)} of "
            f"{vary}; {rec_fam.label} in {explain.fmt_pct(rec_fam.p_first)}"
        )
    else:
        text += f"{rec_fam.label[0].upper()}{rec_fam.label[1:]} ranks first in {explain.fmt_pct(rec_fam.p_first)} of {vary}"
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


def other_kind(fin: Finals, tied_with: str | None = None) -> int | None:
    """The best-ranked finalist of the kind of path tied with the recommendation, else of another
    *kind* of path (else of another family): the choice the person is really making, not a
    neighbouring split."""
    rec = fin.options[fin.first]
    if tied_with is not None:
        tied = next((i for i in fin.order if fin.options[i].kind == tied_with), None)
        if tied is not None:
            return tied
    other = next((i for i in fin.order if fin.options[i].kind != rec.kind), None)
    if other is None:
        other = next((i for i in fin.order if family_of(fin.options[i]) != family_of(rec)), None)
    return other


def _reasons(fin: Finals, r: Ranked, compact: bool = False) -> list[str]:
    """At most 3 reasons, against the best option of another kind (see :func:`other_kind`);
    ``compact``: without the two names in every sentence (see :func:`versus`)."""
    if len(fin.options) <= 1:
        return []
    labels = [o.label for o in fin.options]
    first, rec = fin.first, fin.options[fin.first]
    other = other_kind(fin, r.reconciled.tied_with if r.reconciled is not None else None)
    vs = other if other is not None else fin.second
    name_b = r.family(fin.options[vs]).label if other is not None else None
    return explain.reasons(labels, fin.ev.matrix, r.displays, r.contrib, r.priorities, r.units,
                           first, vs, name_a=r.family(rec).label, name_b=name_b, limit=3,
                           compact=compact)  # fmt: skip


def versus(fin: Finals, r: Ranked) -> str:
    """What the reasons compare: "a hybrid towards X rather than the career path to X"."""
    if len(fin.options) <= 1:
        return ""
    rec = fin.options[fin.first]
    other = other_kind(fin, r.reconciled.tied_with if r.reconciled is not None else None)
    b = fin.options[other if other is not None else fin.second]
    name_b = r.family(b).label if other is not None else b.label
    if rec.target is not None and b.target == rec.target and rec.kind != b.kind:
        title = next((e.target_title for e in r.entries if e.id == rec.id), None) or rec.target
        return f"{_KIND_NOUNS[rec.kind]} rather than {_KIND_NOUNS[b.kind]}, both towards {title}"
    return f"{r.family(rec).label} rather than {name_b}"


_KIND_NOUNS = {"microtask": "microtasks only", "hybrid": "the hybrid", "career": "the career path",
               "freelance": "freelancing", "local_job": "the local job"}  # fmt: skip


def coherence_lines(fin: Finals, r: Ranked) -> tuple[str | None, list[str]]:
    """The tie (stated plainly) and why the best-scoring option was not recommended, if so."""
    rc = r.reconciled
    if rc is None:
        return None, []
    rec = fin.options[fin.first]
    rec_fam = r.kind(rec.kind) if r.kinds else r.family(rec)
    tie: str | None = None
    lines: list[str] = []
    other_f = next((f for f in r.kinds if f.kind == rc.tied_with), None)
    if other_f is not None:
        best_kind = fin.options[int(np.argmax(fin.scores))].kind
        why_named = (
            "it scores higher on your priorities"
            if best_kind == rec.kind
            else "it ranks first slightly more often"
        )
        tie = (
            f"Two kinds of path are tied: {rec_fam.label} ranks first in {explain.fmt_pct(rec_fam.p_first)} "
            f"of the samples and {other_f.label} in {explain.fmt_pct(other_f.p_first)}, closer than the "
            f"noise of the analysis ({explain.fmt_pct(rc.margin)}); {rec_fam.label} is named because "
            f"{why_named}, but either is a sound choice."
        )
        lines.append(tie)
    fam_tie = family_tie_line(r, rc, rec)
    if fam_tie:
        lines.append(fam_tie)
    if rc.overruled is not None:
        top = fin.options[rc.overruled]
        s_top, s_rec = float(fin.scores[rc.overruled]), float(fin.scores[fin.first])
        how_much = "slightly higher" if s_top - s_rec < 0.05 else "higher"
        lines.append(
            f"On the median outcomes {top.label} scores {how_much} ({s_top:.3f} "
            f"vs {s_rec:.3f}), but {rec.label} ranks first far more often when your "
            f"priorities and the outcomes vary ({explain.fmt_pct(float(r.p_first[fin.first]))} vs "
            f"{explain.fmt_pct(float(r.p_first[rc.overruled]))} of the samples), so it is recommended."
        )
    return tie, lines


def family_tie_line(r: Ranked, rc: Reconciled, rec: Any) -> str | None:
    """The target is a close call: the two most acceptable families of the recommended kind are
    within the noise of the analysis (the best-scoring one is named)."""
    if rc.family_tied_with is None:
        return None
    a = r.family(rec)
    b = next((f for f in r.families if f.family == rc.family_tied_with), None)
    if b is None:
        return None
    return (
        f"The target is a close call: {a.label} ranks first in {explain.fmt_pct(a.p_first)} of the "
        f"samples and {b.label} in {explain.fmt_pct(b.p_first)}, within the noise of the analysis; "
        f"{a.label} is named because it scores higher on your priorities."
    )


def robustness_warning(r: Ranked, rec_fam: FamilyAcceptability) -> str | None:
    """A warning when the recommended kind of path ranks first in under half of the samples."""
    if rec_fam.p_first >= ROBUST_FAMILY_P_FIRST:
        return None
    pool = r.kinds if rec_fam.family == rec_fam.kind and r.kinds else r.families
    rival = next((f for f in pool if f.family != rec_fam.family), None)
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

    # quick mode: no re-simulation of the remedies (the savings figure is the balance estimate,
    # and the text says so); a cohort row carries the warning, not the remedies' figures
    honesty_warnings, hon = _honesty(fin.ev, r.entries, fin.options, ctx.profile, ctx.tolerance,
                                     ctx.horizon, resim=None if ctx.quick else resim,
                                     combine=ctx.full, quick=ctx.quick)  # fmt: skip
    rec = fin.options[fin.first]
    rec_fam = r.family(rec)
    rec_kind = r.kind(rec.kind) if r.kinds else None
    tie, coherent = coherence_lines(fin, r)
    reasons = _reasons(fin, r)
    explanation = [*honesty_warnings, recommendation_line(ctx, fin, r), *coherent, *reasons]
    warning = robustness_warning(r, rec_kind or rec_fam)
    if warning is not None:
        ctx.warnings.append(warning)
    dd = explain.drilldown(fin.sim, fin.first, float(ctx.profile.money.cash_floor), rec.label, rec.id,
                           rec.target is not None, rec.microtask_hours > 0)  # fmt: skip
    failure = FailureDrilldown(**dd)
    explanation += failure.text
    rival = next((k for k in r.kinds if k.kind != rec.kind), None)
    fam_tie = family_tie_line(r, r.reconciled, rec) if r.reconciled is not None else None
    return Explained(explanation, honesty_warnings, hon, failure, rec_fam, reasons, tie, rec_kind,
                     _reasons(fin, r, compact=True), versus(fin, r), rival, fam_tie)  # fmt: skip
