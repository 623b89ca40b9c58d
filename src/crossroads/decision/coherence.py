"""One coherent recommendation: the ranking and the acceptability analysis must agree.

The weighted sum (or TOPSIS) ranks options on the *median* outcomes and the stated weights; SMAA
(:mod:`.smaa`) asks how often each option ranks first when the weights and the outcomes vary. A
trial found the two contradicting each other in 4 of 15 runs: the headline named an option that
was first in 4 % of the samples while another was first in 72 %. The rule here (documented in
``docs/decision.md`` §4a) decides top-down, in the order a person decides:

1. The **kind of path** first — microtasks only, a hybrid, a career, freelancing: the article's
   fork. A kind's acceptability is the share of SMAA samples in which *some* option of that kind
   ranks first (the sum of its options' shares; each sample counts once, so nothing is counted
   twice). The recommended kind is the one most often first. When the two most acceptable kinds
   are within the **tie margin** of each other, the advice says plainly that they are tied, and
   the kind of the best-scoring option is kept.
2. Within that kind, the **family** (the target: a hybrid towards *this* career) most often first,
   unless the top two families are within the tie margin, in which case the best-scoring family
   of the two is kept and the advice says the target is a close call (``family_tie``).
3. Within the recommended family, the best-scoring option is kept unless it is a small minority
   — first in under :data:`SPLIT_MINORITY` (half) as many samples as a sibling, and clearly
   fewer (beyond the tie margin) — in which case that sibling is recommended. Splits of one path
   share their first places among themselves, so 38 % against 49 % is no reason to overrule the
   score, 10 % against 78 % is.

Why kinds before families (session 3's review): near-identical options split their first places
among themselves, so comparing *families* alone punishes whichever kind has been split into more
targets. On ``career-changer`` the single option "microtasks only" (first in 32 %, score 0.556,
9th of 11) beat the best hybrid (score 0.675, the top) because hybrids' 49 % was divided between
two targets (24 % and 20 %) — the headline named an option that the ranking put near the bottom
while some hybrid was first in half of the samples. Summing within a kind is fair: the share
answers "in how many of the plausible worlds is some hybrid the best thing to do?".

The tie margin is ``max(2 × SE of the difference, MIN_MARGIN)``; the SE of a share ``p`` over
``S`` samples is ``√(p(1−p)/S)``, and the difference of two shares of one multinomial has
variance ``(p₁ + p₂ − (p₁ − p₂)²) / S``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Smallest difference of acceptability (share of SMAA samples) treated as a real difference.
#: An assumption (range 0.02–0.20): below 5 points, "first in 41 % vs 37 %" is not a preference.
MIN_MARGIN = 0.05


#: Within one family, the best-scoring split gives way to a sibling only when its own share of
#: first places is below this fraction of the sibling's (e.g. 10 % against 78 %). An assumption
#: (range 0.25–1; 1 = always the sibling most often first).
SPLIT_MINORITY = 0.5


@dataclass(frozen=True)
class Reconciled:
    """The recommended option and, when it applies, the tie that the advice must state."""

    index: int  # index of the recommended option (into the finalists)
    family: str
    tied_with: str | None  # the other *kind* when the top two kinds are tied, else None
    overruled: int | None  # index of the best-scoring option when SMAA overruled it, else None
    margin: float  # tie margin between the two most acceptable kinds (0 with one kind)
    kind: str = ""
    family_tied_with: str | None = None  # the other family of the kind when the top two are tied


def kind_of_family(family: str) -> str:
    """The kind part of a family id (``hybrid:43-4051.00`` → ``hybrid``; ``microtask`` stays)."""
    return family.split(":", 1)[0]


def share_diff_margin(p1: float, p2: float, samples: int, min_margin: float = MIN_MARGIN) -> float:
    """The tie margin for two shares of the same SMAA samples (see the module docstring)."""
    var = max(p1 + p2 - (p1 - p2) ** 2, 0.0) / max(samples, 1)
    return max(2.0 * math.sqrt(var), min_margin)


def _totals(groups: Sequence[str], p_first: Sequence[float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for g, p in zip(groups, p_first, strict=True):
        out[g] = out.get(g, 0.0) + float(p)
    return out


def _pick_group(
    totals: dict[str, float], preferred: str, samples: int, min_margin: float
) -> tuple[str, str | None, float]:
    """The most acceptable group; when the top two are tied, ``preferred`` if it is one of them.

    Returns ``(group, tied_with, margin)``; ``tied_with`` is the other of the tied two.
    """
    ranked = sorted(totals, key=lambda g: (-totals[g], g != preferred))
    top = ranked[0]
    if len(ranked) == 1:
        return top, None, 0.0
    second = ranked[1]
    margin = share_diff_margin(totals[top], totals[second], samples, min_margin)
    if totals[top] - totals[second] >= margin:
        return top, None, margin
    group = preferred if preferred in (top, second) else top
    return group, (second if group == top else top), margin


def reconcile(
    scores: Sequence[float],
    p_first: Sequence[float],
    families: Sequence[str],
    samples: int,
    min_margin: float = MIN_MARGIN,
) -> Reconciled:
    """Apply the rule of the module docstring to the finalists.

    ``scores`` are the ranking's scores (higher is better), ``p_first`` each option's SMAA share
    of first places, ``families`` each option's family (its kind is the part before ``:``); all
    three are indexed alike.
    """
    n = len(scores)
    if n == 0 or len(p_first) != n or len(families) != n:
        raise ValueError("scores, p_first and families must be non-empty and of the same length")

    def best_of(idx: Sequence[int]) -> int:
        return max(idx, key=lambda i: (scores[i], -i))

    best = best_of(range(n))
    kinds = [kind_of_family(f) for f in families]
    kind, tied_kind, kind_margin = _pick_group(_totals(kinds, p_first), kinds[best], samples,
                                               min_margin)  # fmt: skip
    in_kind = [i for i in range(n) if kinds[i] == kind]
    fam_totals = _totals([families[i] for i in in_kind], [p_first[i] for i in in_kind])
    family, tied_family, _ = _pick_group(fam_totals, families[best_of(in_kind)], samples,
                                         min_margin)  # fmt: skip
    members = [i for i in in_kind if families[i] == family]
    most = max(members, key=lambda i: (p_first[i], scores[i]))
    by_score = best_of(members)
    p_most, p_score = float(p_first[most]), float(p_first[by_score])
    m_in = share_diff_margin(p_most, p_score, samples, min_margin)
    minority = p_most - p_score >= m_in and p_score < SPLIT_MINORITY * p_most
    pick = most if minority else by_score
    return Reconciled(
        index=pick,
        family=family,
        tied_with=tied_kind,
        overruled=best if pick != best else None,
        margin=kind_margin,
        kind=kind,
        family_tied_with=tied_family,
    )
