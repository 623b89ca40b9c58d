"""Option parsing: ids, hours limits, unknown codes, errors naming `option`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from crossroads.errors import InputError
from crossroads.options import parse_option

if TYPE_CHECKING:
    from crossroads.profile import Profile


def test_microtask_uses_all_hours(example_profile: Callable[[str], Profile]) -> None:
    pr = example_profile("career-changer")
    o = parse_option("microtask", pr)
    assert (
        o.kind == "microtask" and o.microtask_hours == pr.time.hours_per_week and o.target is None
    )


def test_career_and_hybrid(example_profile: Callable[[str], Profile]) -> None:
    pr = example_profile("career-changer")
    c = parse_option("career:43-4051.00", pr)
    assert (
        c.kind == "career"
        and c.learning_hours == pr.time.hours_per_week
        and c.target == "43-4051.00"
    )
    h = parse_option("hybrid:10:20:43-4051.00", pr)
    assert (h.microtask_hours, h.learning_hours, h.stop_microtask_when_hired) == (10, 20, True)
    assert h.id == "hybrid:10:20:43-4051.00"
    k = parse_option("hybrid:10:20:43-4051.00:keep", pr)
    assert k.stop_microtask_when_hired is False and k.id.endswith(":keep")


@pytest.mark.parametrize(
    "text",
    [
        "career:00-0000.00",
        "hybrid:10:40:43-4051.00",
        "hybrid:x:1:43-4051.00",
        "gig",
        "hybrid:10:0:43-4051.00",
        "hybrid:1:2:43-4051.00:maybe",
        "",
    ],
)
def test_bad_options_name_field_option(
    example_profile: Callable[[str], Profile], text: str
) -> None:
    with pytest.raises(InputError) as ei:
        parse_option(text, example_profile("career-changer"))
    assert all(e.field == "option" for e in ei.value.errors)
