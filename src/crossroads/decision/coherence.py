"""One coherent recommendation: the ranking and the acceptability analysis must agree.

The weighted sum (or TOPSIS) ranks options on the *median* outcomes and the stated weights; SMAA
(:mod:`.smaa`) asks how often each option ranks first when the weights and the outcomes vary. A
trial found the two contradicting each other in 4 of 15 runs: the headline named an option that
was first in 4 % of the samples while another was first in 72 %. The rule here (documented in
``docs/decision.md``):

1. The **family** (microtasks only, a career, a hybrid towards that career…) comes first, because
   that is the choice a person makes; neighbouring hour splits differ by noise more than by substance.
   The recommended family is the one most often first in SMAA.
2. When the two most acceptable families are within the **tie margin** of each other, the
   advice says plainly that they are tied, and the family of the best-scoring option is kept.
3. Within the recommended family, the best-scoring option is kept unless it is a small minority
   — first in under :data:`SPLIT_MINORITY` (half) as many samples as a sibling, and clearly
   fewer (beyond the tie margin) — in which case that sibling is recommended. Splits of one path
   share their first places among themselves, so 38 % against 49 % is no reason to overrule the
   score, 10 % against 78 % is.

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
    tied_with: str | None  # the other family when the top two are tied, else None
    overruled: int | None  # index of the best-scoring option when SMAA overruled it, else None
    margin: float


def share_diff_margin(p1: float, p2: float, samples: int, min_margin: float = MIN_MARGIN) -> float:
    """The tie margin for two shares of the same SMAA samples (see the module docstring)."""
    var = max(p1 + p2 - (p1 - p2) ** 2, 0.0) / max(samples, 1)
    return max(2.0 * math.sqrt(var), min_margin)


def reconcile(
    scores: Sequence[float],
    p_first: Sequence[float],
    families: Sequence[str],
    samples: int,
    min_margin: float = MIN_MARGIN,
) -> Reconciled:
    """Apply the rule of the module docstring to the finalists.

    ``scores`` are the ranking's scores (higher is better), ``p_first`` each option's SMAA share
    of first places, ``families`` each option's family; all three are indexed alike.
    """
    n = len(scores)
    if n == 0 or len(p_first) != n or len(families) != n:
        raise ValueError("scores, p_first and families must be non-empty and of the same length")
    best = max(range(n), key=lambda i: (scores[i], -i))
    fam_p: dict[str, float] = {}
    for f, p in zip(families, p_first, strict=True):
        fam_p[f] = fam_p.get(f, 0.0) + float(p)
    ranked = sorted(fam_p, key=lambda f: (-fam_p[f], f != families[best]))
    top = ranked[0]
    tied_with: str | None = None
    family = top
    if len(ranked) > 1:
        second = ranked[1]
        margin = share_diff_margin(fam_p[top], fam_p[second], samples, min_margin)
        if fam_p[top] - fam_p[second] < margin:
            # Tied: keep the best-scoring option's family if it is one of the two, and say so.
            if families[best] in (top, second):
                family = families[best]
            tied_with = second if family == top else top
    members = [i for i in range(n) if families[i] == family]
    most = max(members, key=lambda i: (p_first[i], scores[i]))
    by_score = max(members, key=lambda i: (scores[i], -i))
    p_most, p_score = float(p_first[most]), float(p_first[by_score])
    m_in = share_diff_margin(p_most, p_score, samples, min_margin)
    minority = p_most - p_score >= m_in and p_score < SPLIT_MINORITY * p_most
    pick = most if minority else by_score
    return Reconciled(
        index=pick,
        family=family,
        tied_with=tied_with,
        overruled=best if pick != best else None,
        margin=share_diff_margin(fam_p[top], fam_p[ranked[1]], samples, min_margin)
        if len(ranked) > 1
        else 0.0,
    )
