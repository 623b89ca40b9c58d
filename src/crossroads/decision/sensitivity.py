"""Which assumptions matter for *this* person: a measured one-at-a-time sensitivity.

A fixed list of "assumptions that mattered most" says nothing: for one trial profile none of the
listed microtask parameters changed the answer over its whole range. Here every registry
parameter that the simulation uses is moved, one at a time, to each end of its plausible range;
the finalists are re-simulated on the *same* random numbers (common random numbers, so the change
is the parameter's, not luck's), re-ranked, and the parameter is scored by what it does to the
answer:

1. does the recommended **family** change (the decision a person makes)?
2. how far does the recommended option's **shortfall probability** move?
3. how far does its **score** move?

Screening runs on few paths; the parameters that come out on top are then re-checked on more
paths (the pipeline's "confirm" step) before they are reported, so a list entry is never an
artefact of 500 paths. The engine call itself is passed in (``evaluate``), which keeps this
module free of the pipeline's internals and testable with a toy model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossroads.params import PARAMS, Parameters

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Outcome:
    """What one simulation of the finalists gives the sensitivity: scores and shortfall risks."""

    scores: FloatArray  # (options,) higher is better
    p_shortfall: FloatArray  # (options,)


@dataclass(frozen=True)
class Sensitivity:
    """What moving one assumption to each end of its range does to the recommendation."""

    name: str
    label: str
    unit: str
    source: str
    value: float
    low: float
    high: float
    family_low: str
    family_high: str
    changes_family: bool
    p_shortfall: float  # the recommended option's, at the value used
    p_shortfall_low: float
    p_shortfall_high: float
    score_change: float  # largest |Δ score| of the recommended option over the two ends
    text: str
    #: the career target that enters the comparison at each end when the parameter changes the
    #: choice of targets (matching, entry gate), else None; with its O*NET title
    target_low: str | None = None
    target_high: str | None = None
    target_low_title: str | None = None
    target_high_title: str | None = None

    @property
    def impact(self) -> tuple[int, float, float]:
        """Sort key, larger = matters more: family change first, then shortfall, then score."""
        shift = max(
            abs(self.p_shortfall_low - self.p_shortfall),
            abs(self.p_shortfall_high - self.p_shortfall),
        )
        return (int(self.changes_family), round(shift, 4), round(self.score_change, 4))


@dataclass(frozen=True)
class EndResult:
    """One end of a range evaluated by the caller's hook instead of ``evaluate`` — the end where
    the parameter changes the career targets, so other options are compared than in the base run.

    ``p_shortfall`` is the recommended option's (the new winner's when the recommended option's
    target is no longer chosen), ``score_shift`` the absolute change of that option's score.
    ``target`` is the O*NET-SOC code of the target that enters the comparison (None when one only
    drops out), ``replaces`` the title of the one it pushes out (None when it becomes the
    best-fitting target), ``family_label`` the plain name of the winning family (it may be new to
    the caller's labels) and ``follows`` its kind of path ("a hybrid") when it leads to the target
    that enters (the sentence then names the target once).
    """

    family: str
    family_label: str
    p_shortfall: float
    score_shift: float
    target: str | None
    target_title: str | None
    replaces: str | None = None
    follows: str | None = None


#: ``at_end(name, value)``: an :class:`EndResult` when that end must be judged another way than
#: by ``evaluate`` on the same options, else None.
EndHook = Callable[[str, float], EndResult | None]


class ReadRecorder(Parameters):
    """Parameters that remember which names were read (item access, attribute access, ``in``).

    Why: a parameter that a run never reads cannot change that run — the code takes the same
    branches and computes the same numbers whatever its value — so moving it one at a time is an
    engine call that is known in advance to change nothing. The base run of the sensitivity is
    made with a recorder, and only the names it read are moved. :meth:`replace` returns a
    recorder sharing the same record, so reads from a derived copy count too. (This also keeps out
    parameters whose *override* switches a model — ``income_tax_rate`` for a US profile, whose
    taxes come from tenforty unless the person overrides the flat rate: moving it measured the
    switch, not the rate.) Scanning the whole mapping (``dict(p)``, ``items()``) counts as
    reading every name, which only makes the restriction weaker, never wrong.
    """

    def __init__(
        self, values: Mapping[str, float], overridden: set[str], read: set[str] | None = None
    ) -> None:
        super().__init__(values, overridden)
        self.read: set[str] = set() if read is None else read

    def __getitem__(self, key: str) -> float:
        self.read.add(key)
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> float:
        if not name.startswith("_") and name != "read":
            self.read.add(name)
        return super().__getattr__(name)

    def replace(self, **changes: float) -> Parameters:
        values = dict(self._values)
        values.update({k: float(v) for k, v in changes.items()})
        return ReadRecorder(values, self.overridden | set(changes), self.read)

    def as_dict(self) -> dict[str, float]:
        self.read.update(self._values)
        return super().as_dict()

    @classmethod
    def of(cls, params: Parameters) -> ReadRecorder:
        """A recorder with the values and overrides of ``params``."""
        return cls(dict(params._values), set(params.overridden))


def _num(v: float) -> str:
    """A parameter value as a person reads it: three significant digits ("0.13", not "0.12987"),
    whole numbers from 100 up ("2,200", never "2.2e+03")."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


#: Words a shortened label must not end on.
_DANGLING = frozenset(
    "a an the of to in on at by for from with and or than per relative as its their".split()  # noqa: SIM905
)


def plain_label(doc: str, name: str) -> str:
    """A parameter's plain name: the first clause of its documentation ("Median per-worker
    effective hourly wage, unpaid work counted"), not its code name. At most 60 characters: the
    code name and the value follow on the same line of the first screen."""
    first = re.split(r"(?<=[a-z%)])\.\s|\s\(|:\s|;\s", doc.strip(), maxsplit=1)[0]
    first = first.strip().rstrip(".")
    if not first:
        return name.replace("_", " ")
    if len(first) <= 60:
        return first
    comma = first[:60].rfind(", ")
    if comma >= 20:  # "Hourly wage penalty of a part-time job, applied in full below …"
        return first[:comma]
    # cut between words and never on a word that leaves the phrase hanging ("relative to the…")
    words = first[:57].rsplit(" ", 1)[0].split()
    while len(words) > 1 and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",") + "…"


def one_at_a_time(
    params: Parameters,
    names: Iterable[str],
    evaluate: Callable[[Parameters], Outcome],
    base: Outcome,
    families: Sequence[str],
    family_labels: dict[str, str],
    recommended: int,
    at_end: EndHook | None = None,
) -> list[Sensitivity]:
    """Every parameter in ``names`` at its low and high end, ranked by :attr:`Sensitivity.impact`.

    ``evaluate(params)`` must simulate the same finalists (same order, same random numbers) and
    return their :class:`Outcome`; ``base`` is the outcome at ``params``; ``recommended`` is the
    index of the recommended option and ``families[i]`` each option's family. ``at_end`` (the
    pipeline's re-choice of the career targets) judges the ends where the options themselves
    change; the entry then names the target that enters, and both kinds are ranked together.
    """
    out: list[Sensitivity] = []
    # A change of family is judged against the winner of the base run itself (on few paths it
    # can differ from the recommendation, which the coherence rule may also have chosen over the
    # score); the shortfall and score moves are the recommended option's.
    fam0 = families[int(np.argmax(base.scores))]
    s0 = float(base.scores[recommended])
    p0 = float(base.p_shortfall[recommended])
    for name in names:
        spec = PARAMS[name]
        value = float(params[name])
        ends: list[_End] = []
        for end in (spec.low, spec.high):
            if end == value:
                ends.append(_End(fam0, p0, 0.0))
                continue
            r = at_end(name, end) if at_end is not None else None
            if r is not None:  # a hook's end; it names a target only when the targets changed
                labels = {**family_labels, r.family: r.family_label}
                named = r if r.target or r.replaces else None
                ends.append(_End(r.family, r.p_shortfall, r.score_shift, named, labels))
                continue
            o = evaluate(params.replace(**{name: end}))
            win = int(np.argmax(o.scores))
            ends.append(
                _End(
                    families[win],
                    float(o.p_shortfall[recommended]),
                    abs(float(o.scores[recommended]) - s0),
                )
            )
        lo, hi = ends
        label = plain_label(spec.doc, name)
        out.append(
            Sensitivity(
                name=name,
                label=label,
                unit=spec.unit,
                source=spec.source,
                value=value,
                low=spec.low,
                high=spec.high,
                family_low=lo.family,
                family_high=hi.family,
                changes_family=(lo.family != fam0 or hi.family != fam0),
                p_shortfall=p0,
                p_shortfall_low=lo.p,
                p_shortfall_high=hi.p,
                score_change=max(lo.shift, hi.shift),
                text=_sentence(
                    label,
                    name,
                    spec.unit,
                    value,
                    (spec.low, lo),
                    (spec.high, hi),
                    fam0,
                    p0,
                    family_labels,
                ),  # fmt: skip
                target_low=lo.retarget.target if lo.retarget else None,
                target_high=hi.retarget.target if hi.retarget else None,
                target_low_title=lo.retarget.target_title if lo.retarget else None,
                target_high_title=hi.retarget.target_title if hi.retarget else None,
            )
        )
    out.sort(key=lambda s: s.impact, reverse=True)
    return out


def _pct(p: float) -> str:
    return f"{100 * p:.0f}%"


@dataclass(frozen=True)
class _End:
    """What one end of a range does: winning family, the recommended option's shortfall risk,
    its |Δ score|, and (ends that re-choose the career targets) the target that enters."""

    family: str
    p: float
    shift: float
    retarget: EndResult | None = None
    labels: dict[str, str] | None = None


def _sentence(
    label: str,
    name: str,
    unit: str,
    value: float,
    low: tuple[float, _End],
    high: tuple[float, _End],
    fam0: str,
    p0: float,
    names: dict[str, str],
) -> str:
    """One plain sentence: what the ends of the range do to the answer (an end that changes
    nothing is left out, unless neither does anything; two ends that lead to the same other
    family are said once: the text is read on the first screen, where every line counts). An end
    that changes the career targets says which target enters, then what the recommendation does."""
    (_, lo), (_, hi) = low, high
    if lo.family == hi.family != fam0 and lo.retarget is None and hi.retarget is None:
        return (
            f"{label} ({name}, now {_num(value)} {unit}): at either end ({_num(low[0])} and {_num(high[0])}) "
            f"the recommendation becomes {names.get(lo.family, lo.family)}."
        )
    parts: list[str] = []
    for end, e in (low, high):
        bit = f"at {_num(end)}"  # the unit was said with the value ("now 0.3 hazard multiplier")
        fam_name = (e.labels or names).get(e.family, e.family)
        if e.retarget is not None:
            t = e.retarget
            if t.target is None:
                enters = f"{bit} {t.replaces} is no longer a career target"
            elif t.replaces:
                enters = f"{bit} {t.target_title} ({t.target}) replaces {t.replaces} as a target"
            else:
                enters = f"{bit} the best career target becomes {t.target_title} ({t.target})"
            if e.family != fam0 and t.follows:
                parts.append(f"{enters}, recommended as {t.follows}")
            elif e.family != fam0:
                parts.append(f"{enters}, and the recommendation becomes {fam_name}")
            else:
                parts.append(f"{enters}; the recommendation stays {names.get(fam0, fam0)}")
        elif e.family != fam0:
            parts.append(f"{bit} the recommendation becomes {fam_name}")
        elif abs(e.p - p0) >= 0.005:
            parts.append(
                f"{bit} the shortfall risk of the recommended option is {_pct(e.p)} (now {_pct(p0)})"
            )
    if not parts:
        parts = [f"from {_num(low[0])} to {_num(high[0])} {unit} nothing changes"]
    return f"{label} ({name}, now {_num(value)} {unit}): {'; '.join(parts)}."


def top(sens: Sequence[Sensitivity], n: int = 4, min_shift: float = 0.02) -> list[Sensitivity]:
    """The few that matter: any that changes the family, else those moving the shortfall by at
    least ``min_shift`` (2 points by default), at most ``n``."""
    keep = [s for s in sens if s.changes_family or s.impact[1] >= min_shift]
    return list(keep[:n])
