"""US benefit cliffs on the finalists' run: which options' earnings pass a SNAP or Medicaid limit
and leave the person with less (the rules and figures live in :mod:`crossroads.money.benefits`).

Why after the ranking and outside it: a cliff is information the person needs about the path
(the advice says so for the options that cross it), not a criterion the article weighs, and the
benefits are not added to the projected cash (a person may not claim them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..advice import BenefitCliff, MoneyTerms, OptionAdvice

if TYPE_CHECKING:
    from crossroads.profile import Profile


def worth_showing(p_paths: float, loss: float, params: Any, fx: float) -> bool:
    """Whether a cliff clears the text's display thresholds (registry ``cliff_display_min_share``
    and ``cliff_display_min_loss``, the latter in USD and converted with ``fx``, USD per unit of the
    person's currency). Below them the line costs the reader more than it tells: the student's
    "5% of the futures, about 6 USD a month" does not change what to do. The JSON keeps it.
    """
    min_loss = float(params["cliff_display_min_loss"]) / (fx if fx > 0 else 1.0)
    return p_paths >= float(params["cliff_display_min_share"]) and loss >= min_loss


def with_benefit_cliffs(
    profile: Profile,
    sim: Any,
    entries: list[OptionAdvice],
    money: MoneyTerms | None,
    currency: str,
    only: str | None = None,
) -> tuple[list[OptionAdvice], MoneyTerms | None]:
    """The entries with ``benefit_cliff`` set where a cliff is crossed, and the money terms with
    the household's programme limits (unchanged outside the US).

    ``only``: check that option alone (quick mode checks the recommendation, the one the short
    text and the report quote; a cohort row shows none, and the check costs ~1.5 ms an option).
    """
    from crossroads.money import benefits as bn

    h = bn.household(profile, sim.params, float(sim.setup.fx))
    if h is None:
        return entries, money
    ids = {o.id: k for k, o in enumerate(sim.options)}
    out: list[OptionAdvice] = []
    for e in entries:
        k = ids.get(e.id) if only is None or e.id == only else None
        hit = bn.option_hits(sim, k, profile) if k is not None else None
        text = bn.describe(hit, currency) if hit is not None else ""
        if hit is None or not text:
            out.append(e)
            continue
        cliff = BenefitCliff(
            p_paths=hit.p_paths,
            months_p50=list(hit.months_p50),
            programmes=list(hit.programmes),
            loss_p50=round(hit.loss_p50, 2),
            text=text,
            displayed=worth_showing(hit.p_paths, hit.loss_p50, sim.params, float(sim.setup.fx)),
        )
        out.append(e.model_copy(update={"benefit_cliff": cliff}))
    if money is not None:
        cr = getattr(sim.setup, "cash", None)
        other = float(cr.other[0]) if cr is not None and len(cr.other) else 0.0
        note = bn.household_note(h, other, currency, float(sim.setup.fx))
        money = money.model_copy(update={"benefits": note})
    return out, money
