"""Catalog record types: occupations, wages, platforms, evidence rows and data sources.

Frozen dataclasses so that the one cached catalog can be shared by every caller without anyone
mutating it. Every value that can be missing is ``None`` and the record's ``missing`` map (or the
field's ``reason``) says why, so faces can show the reason instead of a blank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

PlatformStatus = Literal["open", "closed", "closing", "waitlist"]

#: Statuses under which a *new* worker can sign up (a waitlist accepts sign-ups, admits later).
OPEN_FOR_NEW_WORKERS: frozenset[str] = frozenset({"open", "waitlist"})


@dataclass(frozen=True)
class WagePercentiles:
    """OEWS hourly wage percentiles in USD, exactly the published values.

    The floats are parsed from the published strings (e.g. ``"21.53"``), which are kept in
    ``published`` so that anyone can compare digit for digit; ``decimal(p)`` gives an exact
    :class:`~decimal.Decimal`.
    """

    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    published: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    KEYS = ("p10", "p25", "p50", "p75", "p90")

    def as_dict(self) -> dict[str, float]:
        """``{p10, p25, p50, p75, p90}`` as numbers (the JSON shape of ``occupations --json``)."""
        return {k: getattr(self, k) for k in self.KEYS}

    def decimal(self, key: str) -> Decimal:
        """The exact published value of percentile ``key`` as a Decimal."""
        return (
            Decimal(self.published[key])
            if key in self.published
            else Decimal(repr(getattr(self, key)))
        )

    def quantiles(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(probabilities, wages) pairs for samplers that interpolate the OEWS distribution."""
        return (0.10, 0.25, 0.50, 0.75, 0.90), tuple(getattr(self, k) for k in self.KEYS)


@dataclass(frozen=True)
class Occupation:
    """One O*NET-SOC 2019 occupation with everything crossroads knows about it, and why not."""

    code: str
    soc: str
    title: str
    description: str
    job_zone: int | None
    teleworkable: float | None
    teleworkable_source: str
    wage_hourly: WagePercentiles | None
    wage_note: str
    wage_annual_p50: float | None
    employment: int | None
    growth_pct_2024_34: float | None
    openings_thousands: float | None
    separations_rate_pct: float | None
    ai_eloundou_beta: float | None
    ai_frey_osborne: float | None
    ai_tomlinson: float | None
    skills_im: dict[str, float]
    skills_lv: dict[str, float]
    work_styles: dict[str, float]
    missing: dict[str, str]
    # Extras beyond the architecture contract (all optional for callers):
    work_values: dict[str, float] = field(default_factory=dict)
    skills_not_relevant: tuple[str, ...] = ()
    skills_low_precision: tuple[str, ...] = ()
    ai_eloundou_dv_beta: float | None = None
    ai_frey_osborne_source: str = ""
    oews_code: str | None = None
    ep_code: str | None = None
    ep_note: str = ""
    # Entry requirements and market size (issue 9): BLS EP 2024-34 text categories, verbatim, and
    # (O*NET ETE distributions are loaded lazily: ``Catalog.ete(code)``.)
    ep_employment_thousands: float | None = None
    ep_self_employed_pct: float | None = None
    ep_entry_education: str | None = None
    ep_related_experience: str | None = None
    ep_training: str | None = None

    @property
    def is_teleworkable(self) -> bool:
        """True when Dingel–Neiman rate it at least half teleworkable (binary at O*NET level)."""
        return self.teleworkable is not None and self.teleworkable >= 0.5

    @property
    def has_ratings(self) -> bool:
        """Whether O*NET rated this occupation's skills (879 of 1,016 are)."""
        return bool(self.skills_im)


@dataclass(frozen=True)
class Field:
    """One platform fact: a value (or ``None`` with a reason), its evidence ids, and flags."""

    value: object
    source: tuple[str, ...]
    note: str = ""
    reason: str = ""
    assumption: bool = False
    currency: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class StatusChange:
    """From ``start`` (inclusive; ``None`` = since before the data) the platform has ``status``."""

    start: dt.date | None
    status: PlatformStatus
    note: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class Platform:
    """A microtask platform with dated status, eligibility and payout rules, each field sourced.

    ``status`` is the status on the catalog's platform check date (``Catalog.as_of['platforms']``);
    use :meth:`status_on` for any other date. Ranges are ``(low, high)`` tuples; ``None`` means
    unknown and ``fields[name].reason`` says why.
    """

    id: str
    name: str
    url: str
    status: PlatformStatus
    status_dates: dict[str, str]
    timeline: tuple[StatusChange, ...]
    countries: tuple[str, ...] | None
    countries_kind: Literal["allowlist", "worldwide", "unknown"]
    countries_note: str
    onboarding_wait_days: tuple[float, float] | None
    pay_floor_hourly: float | None
    pay_floor_currency: str | None
    payout_threshold: float | None
    payout_threshold_currency: str | None
    payout_cadence_days: float | None
    payout_delay_days: tuple[float, float] | None
    fee_pct: float | None
    requester_fee_pct: float | None
    fields: dict[str, Field]
    sources: dict[str, tuple[str, ...]]
    #: ``open_marketplace`` | ``study`` | ``rating`` (see platforms.yaml); each has its own rules
    kind: str = "open_marketplace"

    def status_on(self, day: dt.date) -> PlatformStatus:
        """The platform's status on ``day`` (the last timeline entry that started on or before it)."""
        current: PlatformStatus = self.timeline[0].status
        for change in self.timeline:
            if change.start is None or change.start <= day:
                current = change.status
        return current

    def accepts_country(self, country: str) -> bool | None:
        """True/False when the eligibility list decides; ``None`` when eligibility is unknown."""
        if self.countries_kind == "worldwide":
            return True
        if self.countries_kind == "allowlist":
            return country.upper() in (self.countries or ())
        return None

    def is_open_for_new_workers(self, country: str, day: dt.date) -> bool:
        """Would a new worker in ``country`` be able to sign up on ``day``? Unknown eligibility counts as yes."""
        return (
            self.status_on(day) in OPEN_FOR_NEW_WORKERS
            and self.accepts_country(country) is not False
        )


@dataclass(frozen=True)
class Evidence:
    """One row of the microtask evidence table (parameters.csv), verbatim."""

    id: str
    quantity: str
    value: str
    unit: str
    population: str
    year: str
    source_key: str
    note: str

    @property
    def number(self) -> float | None:
        """The value as a number, or None for dates and qualitative values."""
        try:
            return float(self.value.replace(",", ""))
        except ValueError:
            return None


@dataclass(frozen=True)
class Source:
    """A data source: a packaged dataset or a work cited by the evidence."""

    id: str
    title: str
    version: str
    licence: str
    citation: str
    as_of: str
    url: str = ""
    kind: Literal["dataset", "evidence"] = "dataset"
