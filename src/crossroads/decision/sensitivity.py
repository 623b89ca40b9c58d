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

    @property
    def impact(self) -> tuple[int, float, float]:
        """Sort key, larger = matters more: family change first, then shortfall, then score."""
        shift = max(
            abs(self.p_shortfall_low - self.p_shortfall),
            abs(self.p_shortfall_high - self.p_shortfall),
        )
        return (int(self.changes_family), round(shift, 4), round(self.score_change, 4))


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


def plain_label(doc: str, name: str) -> str:
    """A parameter's plain name: the first clause of its documentation ("Median per-worker
    effective hourly wage, unpaid work counted"), not its code name. At most 60 characters: the
    code name and the value follow on the same line of the first screen."""
    first = re.split(r"(?<=[a-z%)])\.\s|\s\(|:\s|;\s", doc.strip(), maxsplit=1)[0]
    first = first.strip().rstrip(".")
    if not first:
        return name.replace("_", " ")
    return first if len(first) <= 60 else first[:57].rstrip() + "…"


def one_at_a_time(
    params: Parameters,
    names: Iterable[str],
    evaluate: Callable[[Parameters], Outcome],
    base: Outcome,
    families: Sequence[str],
    family_labels: dict[str, str],
    recommended: int,
) -> list[Sensitivity]:
    """Every parameter in ``names`` at its low and high end, ranked by :attr:`Sensitivity.impact`.

    ``evaluate(params)`` must simulate the same finalists (same order, same random numbers) and
    return their :class:`Outcome`; ``base`` is the outcome at ``params``; ``recommended`` is the
    index of the recommended option and ``families[i]`` each option's family.
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
        ends: list[tuple[str, float, float]] = []
        for end in (spec.low, spec.high):
            if end == value:
                ends.append((fam0, p0, s0))
                continue
            o = evaluate(params.replace(**{name: end}))
            win = int(np.argmax(o.scores))
            ends.append(
                (families[win], float(o.p_shortfall[recommended]), float(o.scores[recommended]))
            )
        (f_lo, p_lo, s_lo), (f_hi, p_hi, s_hi) = ends
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
                family_low=f_lo,
                family_high=f_hi,
                changes_family=(f_lo != fam0 or f_hi != fam0),
                p_shortfall=p0,
                p_shortfall_low=p_lo,
                p_shortfall_high=p_hi,
                score_change=max(abs(s_lo - s0), abs(s_hi - s0)),
                text=_sentence(
                    label,
                    name,
                    spec.unit,
                    value,
                    spec.low,
                    spec.high,
                    fam0,
                    f_lo,
                    f_hi,
                    p0,
                    p_lo,
                    p_hi,
                    family_labels,
                ),
            )
        )
    out.sort(key=lambda s: s.impact, reverse=True)
    return out


def _pct(p: float) -> str:
    return f"{100 * p:.0f}%"


def _sentence(
    label: str,
    name: str,
    unit: str,
    value: float,
    low: float,
    high: float,
    fam0: str,
    f_lo: str,
    f_hi: str,
    p0: float,
    p_lo: float,
    p_hi: float,
    names: dict[str, str],
) -> str:
    """One plain sentence: what the ends of the range do to the answer (an end that changes
    nothing is left out, unless neither does anything; two ends that lead to the same other
    family are said once: the text is read on the first screen, where every line counts)."""
    if f_lo == f_hi != fam0:
        return (
            f"{label} ({name}, now {value:g} {unit}): at either end ({low:g} and {high:g} {unit}) "
            f"the recommendation becomes {names.get(f_lo, f_lo)}."
        )
    parts: list[str] = []
    for end, fam, p in ((low, f_lo, p_lo), (high, f_hi, p_hi)):
        bit = f"at {end:g} {unit}"
        if fam != fam0:
            parts.append(f"{bit} the recommendation becomes {names.get(fam, fam)}")
        elif abs(p - p0) >= 0.005:
            parts.append(
                f"{bit} the shortfall risk of the recommended option is {_pct(p)} (now {_pct(p0)})"
            )
    if not parts:
        parts = [f"from {low:g} to {high:g} {unit} nothing changes"]
    return f"{label} ({name}, now {value:g} {unit}): {'; '.join(parts)}."


def top(sens: Sequence[Sensitivity], n: int = 4, min_shift: float = 0.02) -> list[Sensitivity]:
    """The few that matter: any that changes the family, else those moving the shortfall by at
    least ``min_shift`` (2 points by default), at most ``n``."""
    keep = [s for s in sens if s.changes_family or s.impact[1] >= min_shift]
    return list(keep[:n])
