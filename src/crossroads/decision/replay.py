"""Re-create the live run behind an advice document (``plan --advice A.json``, a stored advice).

Why this is exact: the engine's random draws of a path depend only on the seed and the path
index, and each option is simulated from those draws alone, so simulating some of the advised
options again with the advice's paths, seed and horizon reproduces their arrays bit for bit
(tested against the advice's own run).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .advice import Advice, AdviceRun

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.profile import Profile


def check_belongs(profile: Profile, advice: Advice) -> None:
    """InputError naming ``advice`` when the document was made for another profile."""
    from crossroads.errors import InputError

    if advice.profile_name != profile.name:
        raise InputError.one(
            "advice", f"was made for {advice.profile_name!r}, not for {profile.name!r}"
        )
    if advice.currency != profile.currency:
        raise InputError.one(
            "advice", f"is in {advice.currency}, the profile in {profile.currency}"
        )


def replay_run(
    profile: Profile,
    advice: Advice,
    option_ids: Sequence[str] | None = None,
    catalog: Catalog | None = None,
) -> AdviceRun:
    """Simulate ``option_ids`` (default: every advised option) exactly as the advice did."""
    from crossroads.options import parse_option
    from crossroads.simulation import simulate

    check_belongs(profile, advice)
    ids = list(option_ids) if option_ids is not None else [o.id for o in advice.options]
    options = [parse_option(i, profile, catalog) for i in ids]
    sim = simulate(
        profile,
        options,
        paths=advice.paths,
        seed=advice.seed,
        horizon=advice.horizon_months,
        catalog=catalog,
    )
    return AdviceRun(sim, tuple(options))
