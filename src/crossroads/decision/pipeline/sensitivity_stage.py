"""Stage 7b — assumptions that matter for *this* person, measured (:mod:`..sensitivity`).

Every registry parameter with a range is moved to each end of it, one at a time; the recommended
option and the best option of the strongest other families are re-simulated on the *same* draws
(screening paths first, then the few that matter most confirmed on more paths) and re-ranked with
the final run's equivalence band. A fixed list of "assumptions that mattered most" said nothing:
for one trial profile none of the listed microtask parameters changed the answer over its range.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from crossroads.params import Parameters

from ..advice import SensitivityEntry
from ..candidates import family_of
from ..sensitivity import Outcome, ReadRecorder, one_at_a_time, top
from .context import Context
from .finalists import Finals
from .ranking import Ranked
from .sensitivity_targets import rechoices, scores_and_shortfall, target_hook

#: Paths of the screening runs (2 per registry parameter, one option per family).
SENS_SCREEN_PATHS = 100
#: Families compared: the recommended one and the strongest others.
SENS_FAMILIES = 3
#: Paths of the confirming runs.
SENS_CONFIRM_PATHS = 1000
#: How many parameters are reported (a few more are confirmed: the screening is noisy).
SENS_TOP = 4
#: Registry entries that are not modelling judgements: an exchange rate is a fact about the
#: person's money, and the grid's minimum split changes which options exist, not their outcomes.
SENS_EXCLUDED = frozenset(
    {
        "fx_to_usd",
        "min_microtask_hours",
        "min_learning_hours",
        "cliff_display_min_share",  # display thresholds of the text: they change no outcome
        "cliff_display_min_loss",
    }
)


def _representatives(fin: Finals) -> list[int]:
    """The recommendation, then the best-ranked option of each of the strongest other families."""
    reps = [fin.first]
    seen = {family_of(fin.options[fin.first])}
    for i in fin.order:
        if len(reps) >= SENS_FAMILIES:
            break
        f = family_of(fin.options[i])
        if f not in seen:
            seen.add(f)
            reps.append(i)
    return reps


def _runner(
    ctx: Context, fin: Finals, reps: list[int], weights: NDArray[np.float64], paths: int
) -> Callable[[Parameters], Outcome]:
    opts = [fin.options[i] for i in reps]
    attrs = [fin.ev.attrs[i] for i in reps]

    def run(params: Parameters) -> Outcome:
        return Outcome(*scores_and_shortfall(ctx, opts, attrs, weights, fin.band, paths, params))

    return run


def sensitivity(
    ctx: Context, fin: Finals, ranked: Ranked, weights: NDArray[np.float64]
) -> list[SensitivityEntry]:
    """The assumptions that change this person's answer most, each with a plain sentence."""
    from crossroads.params import PARAMS

    reps = _representatives(fin)
    if len(reps) < 2:
        return []
    fams = [family_of(fin.options[i]) for i in reps]
    labels = {f.family: f.label for f in ranked.families}
    run_s = _runner(ctx, fin, reps, weights, min(SENS_SCREEN_PATHS, ctx.paths))
    recorder = ReadRecorder.of(ctx.params)
    base_s = run_s(recorder)
    # only what the run reads can change it (see ReadRecorder): ~66 of 84 for the examples
    names = [n for n, p in PARAMS.items()
             if p.low < p.high and n not in SENS_EXCLUDED and n in recorder.read]  # fmt: skip
    # the matching / entry-gate parameters whose ends change the career targets (no engine run
    # to find them); those ends compare the options of the re-chosen targets
    choices = rechoices(ctx, SENS_EXCLUDED)
    names += sorted({n for n, _ in choices} - set(names))
    screen_paths = min(SENS_SCREEN_PATHS, ctx.paths)
    hook_s = target_hook(ctx, fin, reps, weights, screen_paths, choices, labels)
    # index 0 is the recommendation: the question is what moves *it* (its family, its risk)
    screened = one_at_a_time(ctx.params, names, run_s, base_s, fams, labels, 0, hook_s)
    keep = [s.name for s in top(screened, SENS_TOP + 2)]
    if not keep:
        return []
    n_confirm = min(SENS_CONFIRM_PATHS, ctx.paths)
    run_c = _runner(ctx, fin, reps, weights, n_confirm)
    hook_c = target_hook(ctx, fin, reps, weights, n_confirm, choices, labels)
    confirmed = top(
        one_at_a_time(ctx.params, keep, run_c, run_c(ctx.params), fams, labels, 0, hook_c),
        SENS_TOP,
    )
    fields = [k for k in SensitivityEntry.model_fields if k != "paths"]
    return [
        SensitivityEntry(**{k: getattr(s, k) for k in fields}, paths=n_confirm) for s in confirmed
    ]
