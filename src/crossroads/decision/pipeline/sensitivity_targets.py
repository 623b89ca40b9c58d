"""Stage 7b, continued — the sensitivity of the *choice* of career targets (issue 12 §5).

The one-at-a-time sensitivity (:mod:`.sensitivity_stage`) re-simulates the finalists with one
registry parameter at an end of its range, but the finalists' career targets were chosen before
the engine ran, from the matching and entry-gate assumptions (:func:`..candidates.career_targets`).
For career-changer the weight of skill levels against skill coverage
(``match_level_use_weight``) at 1 makes Tutors a target and drops Telemarketers: moving the
parameter on the old targets measured a question nobody would face.

Here the target choice is re-run at each end of every parameter it reads (a ``ReadRecorder``
tells which: 12 for the bundled examples). Choosing targets needs no engine (about 5 ms), so only
the ends where the chosen *set* changes, or the same targets fit differently (the fit is a
criterion), cost an engine run of their own. Where the set changes, the representatives of the
sensitivity are compared with, for each target that enters, its career option and the
same-shaped versions (same microtask and learning hours, same switching rule) of the
representatives, on the same draws. The winner is taken among the options that exist at that
end (an option towards a target that is no longer chosen cannot be recommended), and the entry
names the target that enters.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from crossroads.options import Option
from crossroads.params import PARAMS

from ..candidates import Target, family_label, family_of, kind_label, plain_title
from ..engine import COL, evaluate, rank_scores
from ..sensitivity import EndHook, EndResult, ReadRecorder
from .context import Context, attributes, simulate_options
from .finalists import Finals
from .options_stage import choose_targets, proxy_fit

if TYPE_CHECKING:
    from crossroads.params import Parameters

    from ..criteria import Attributes


@dataclasses.dataclass(frozen=True)
class Rechoice:
    """The career targets chosen at one end of a parameter's range, against the base run's."""

    targets: list[Target]  # as chosen at that end, best first
    added: list[Target]  # not among the base targets
    dropped: list[Target]  # base targets no longer chosen
    proxy_fit: float  # the microtask proxy's fit at that end (the fit criterion of microtasks)


def rechoices(ctx: Context, excluded: frozenset[str]) -> dict[tuple[str, float], Rechoice]:
    """Every (parameter, end) at which the chosen set of career targets differs from the base's,
    or the same targets (or the microtask proxy) fit differently — the fit is a criterion, and
    a matching weight that only re-scores the same targets still changes it.

    Empty when the person named the targets (``--target``: nothing is chosen) or none was
    chosen. A parameter the choice never reads cannot change it, so only those are moved.
    """
    if ctx.explicit_targets or not ctx.targets:
        return {}
    recorder = ReadRecorder.of(ctx.params)
    choose_targets(ctx, None, ctx.n_targets, recorder)
    base = set(ctx.targets)
    out: dict[tuple[str, float], Rechoice] = {}
    for name in sorted(recorder.read):
        spec = PARAMS.get(name)
        if spec is None or not spec.low < spec.high or name in excluded:
            continue
        for end in (spec.low, spec.high):
            if end == float(ctx.params[name]):
                continue
            prm = ctx.params.replace(**{name: end})
            new, _ = choose_targets(ctx, None, ctx.n_targets, prm)
            codes = {t.code for t in new}
            px = _proxy_fit(ctx, prm)
            refit = px != ctx.proxy_fit or any(
                t.fit != ctx.targets[t.code].fit for t in new if t.code in base
            )
            if codes != base or refit:
                added = [t for t in new if t.code not in base]
                dropped = [t for c, t in ctx.targets.items() if c not in codes]
                out[(name, float(end))] = Rechoice(new, added, dropped, px)
    return out


def _proxy_fit(ctx: Context, params: Parameters) -> float:
    """The microtask proxy's fit at ``params`` (the base run's when it has none)."""
    from crossroads.errors import InputError

    if ctx.proxy is None:
        return ctx.proxy_fit
    try:
        return proxy_fit(ctx, params)
    except InputError:
        return ctx.proxy_fit


def entering(ch: Rechoice) -> tuple[Target | None, str | None]:
    """The target an entry names, and the plain title of the one it replaces: the new
    best-fitting target when it is new, else the best-fitting new one; none when a target only
    drops out (fewer qualify at that end)."""
    dropped = plain_title(ch.dropped[0].title) if ch.dropped else None
    if not ch.added:
        return None, dropped
    if ch.targets[0].code == ch.added[0].code:
        return ch.added[0], None
    return ch.added[0], dropped


def _shaped(option: Option, t: Target, hours: float) -> Option | None:
    """``option``'s policy towards target ``t`` instead (None: no freelance market there)."""
    from crossroads.freelance import has_market

    if option.kind == "career":
        return Option.career(t.code, hours, t.title)
    if option.freelance or option.kind == "freelance":
        if not has_market(t.code):
            return None
        if option.kind == "freelance":
            return Option.freelance_path(t.code, hours, t.title)
    if option.kind != "hybrid":
        return None
    keep = not option.stop_microtask_when_hired
    return Option.hybrid(
        option.microtask_hours, option.learning_hours, t.code, keep, t.title, option.freelance
    )


def _options(
    ctx: Context, fin: Finals, reps: list[int], ch: Rechoice
) -> tuple[list[Option], list[Attributes], list[Attributes]]:
    """The representatives, then each entering target's career option and shaped versions of
    them; their attributes at the end (fits as re-chosen) and in the base run."""
    opts = [fin.options[i] for i in reps]
    seen = {o.id for o in opts}
    for t in ch.added:
        for o in [Option.career(t.code, ctx.hours, t.title)] + [
            s for r in opts[: len(reps)] if r.target is not None and (s := _shaped(r, t, ctx.hours))
        ]:
            if o.id not in seen:
                seen.add(o.id)
                opts.append(o)
    # a copy: attributes() notes missing catalog values, which are not the advice's own notes
    end_ctx = dataclasses.replace(
        ctx,
        targets={**ctx.targets, **{t.code: t for t in ch.targets}},
        proxy_fit=ch.proxy_fit,
        notes=[],
        warnings=[],
    )
    at_end = [attributes(end_ctx, o) for o in opts]
    at_base = [fin.ev.attrs[i] for i in reps] + at_end[len(reps) :]
    return opts, at_end, at_base


def scores_and_shortfall(
    ctx: Context,
    opts: list[Option],
    attrs: list[Attributes],
    weights: NDArray[np.float64],
    band: NDArray[np.float64],
    paths: int,
    params: Parameters,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One sensitivity run: ``opts`` re-simulated at ``params`` on the run's draws, their banded
    scores and shortfall probabilities (both the parameter stage and the target ends use it)."""
    sim = simulate_options(ctx, opts, paths=paths, params=params)
    ev = evaluate(opts, sim, attrs, ctx.profile)
    scores = rank_scores(ev.matrix, weights, ctx.method, band)
    return scores, ev.matrix[:, COL["p_shortfall"]].copy()


def target_hook(
    ctx: Context,
    fin: Finals,
    reps: list[int],
    weights: NDArray[np.float64],
    paths: int,
    choices: dict[tuple[str, float], Rechoice],
    labels: dict[str, str],
) -> EndHook:
    """The :data:`..sensitivity.EndHook` of the ends in ``choices`` (the others: None). An end
    whose targets are the same, re-fitted, compares the representatives with their new fits
    and names no target (``entering`` gives none)."""
    base_scores: dict[tuple[str, ...], NDArray[np.float64]] = {}

    def at_end(name: str, end: float) -> EndResult | None:
        ch = choices.get((name, float(end)))
        if ch is None:
            return None
        opts, attrs_end, attrs_base = _options(ctx, fin, reps, ch)
        chosen = {t.code for t in ch.targets}
        ok = np.array([o.target is None or o.target in chosen for o in opts])
        if not ok.any():
            return None
        s_end, p_end = scores_and_shortfall(
            ctx, opts, attrs_end, weights, fin.band, paths, ctx.params.replace(**{name: end})
        )
        key = tuple(o.id for o in opts)
        if key not in base_scores:  # the same options at the base values: scores are normalised
            base_scores[key] = scores_and_shortfall(
                ctx, opts, attrs_base, weights, fin.band, paths, ctx.params
            )[0]
        win = int(np.argmax(np.where(ok, s_end, -np.inf)))
        ref = 0 if ok[0] else win
        fam = family_of(opts[win])
        titles = {t.code: t.title for t in [*ctx.targets.values(), *ch.targets]}
        label = labels.get(fam) or family_label(opts[win], titles.get(opts[win].target or ""))
        t, replaces = entering(ch)
        follows = kind_label(opts[win].kind) if t and opts[win].target == t.code else None
        return EndResult(
            family=fam,
            family_label=label,
            p_shortfall=float(p_end[ref]),
            score_shift=abs(float(s_end[ref]) - float(base_scores[key][0])),
            target=t.code if t else None,
            target_title=plain_title(t.title) if t else None,
            replaces=replaces,
            follows=follows,
        )

    return at_end
