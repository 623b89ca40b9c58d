"""Wage levels for the person's country: OEWS occupations moved to another country's pay level.

Why an approximation, and which one. Occupation-level wages outside the US are not bundled (ONS
ASHE, Destatis, PSA, PLFS … differ in form and licence), but ILOSTAT publishes every country's
average monthly earnings of employees in 2021 PPP $ and the World Bank the PPP conversion factor.
For a person outside the US an occupation's hourly wage distribution is taken as

    OEWS percentile (USD/h) × (country's average ÷ US average, same survey year, 2021 PPP $)
                            × the country's 2021 PPP factor (LCU per international $)
                            × ``intl_wage_structure_factor`` (assumption, default 1, range 0.7–2)

in the country's currency. Since both averages are in 2021 PPP $, the first two factors reduce to
"local average earnings in local currency per US dollar of US average earnings" in the survey
year: the occupation keeps its *US* place in the wage structure. That is the named weakness:
clerical and customer-service jobs usually sit higher in the distribution of poorer countries than
in the US, so the structure factor's range runs above 1. Every wage shown says so, and a person
can override any target's wage (``targets: [{code, wage_hourly}]`` or ``--target CODE=WAGE``).

Countries without an ILOSTAT national total are refused for careers (with the override named)
rather than guessed. :func:`entry_wage` — the all-occupations entry wage (OEWS P10 moved the same
way) — is the core figure other models use (the money model's fallback job).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from crossroads.errors import FieldError, InputError
from crossroads.params import WEEKS_PER_MONTH

if TYPE_CHECKING:
    from crossroads.profile import Profile

__all__ = [
    "CountryWages",
    "EntryWage",
    "country_wages",
    "entry_wage",
    "has_country_data",
    "international_table",
]

#: Full-time hours per week used to turn an hourly wage into a monthly one (OEWS's 2,080 h/year).
FULLTIME_HOURS = 40.0


@lru_cache(maxsize=1)
def international_table() -> dict[str, Any]:
    """The packaged table built by ``scripts/build_international.py`` (countries, sources, OEWS)."""
    text = (
        resources.files("crossroads")
        .joinpath("data/international.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class CountryWages:
    """How a country's general wage level compares with the US, and how to reach its currency."""

    country: str
    name: str
    currency: str  # the national currency of the PPP factor
    year: int  # ILOSTAT survey year used
    survey: str
    earnings_ppp: float  # country's average monthly earnings, 2021 PPP $
    us_earnings_ppp: float  # US average of the same year (or the nearest year)
    us_year: int
    ppp_factor: float  # LCU per international $ (2021)
    ppp_year: int
    region: str | None

    @property
    def relative_level(self) -> float:
        """Country's average earnings ÷ the US average (both in 2021 PPP $, same year)."""
        return self.earnings_ppp / self.us_earnings_ppp

    @property
    def lcu_per_usd_of_wage(self) -> float:
        """Local currency per US dollar of an OEWS wage: relative level × PPP factor."""
        return self.relative_level * self.ppp_factor

    @property
    def average_monthly_lcu(self) -> float:
        """The country's ILOSTAT average monthly earnings in its own currency (PPP $ × factor)."""
        return self.earnings_ppp * self.ppp_factor

    def describe(self) -> str:
        """The approximation in one sentence, for the advice beside every wage."""
        return (
            f"wages for {self.name}: US OEWS wages × {self.relative_level:.3f} (ILOSTAT average monthly "
            f"earnings {self.earnings_ppp:,.0f} vs US {self.us_earnings_ppp:,.0f}, 2021 PPP $, "
            f"{self.year}{'' if self.us_year == self.year else f' / US {self.us_year}'}; {self.survey}) "
            f"× PPP factor {self.ppp_factor:.4g} {self.currency} per international $ ({self.ppp_year}, World "
            f"Bank) — an approximation that keeps the US occupational wage structure; override a "
            f"target's wage with targets: [{{code, wage_hourly}}] or --target CODE=WAGE"
        )


def has_country_data(country: str) -> bool:
    """True when ILOSTAT has a national average and the World Bank a PPP factor for ``country``."""
    c = international_table()["countries"].get(country.upper())
    return bool(c and c.get("ppp_lcu_per_intl_dollar") and c.get("earnings_ppp2021"))


def _nearest(by_year: dict[str, Any], year: int) -> tuple[int, Any]:
    years = sorted(int(y) for y in by_year)
    best = min(years, key=lambda y: (abs(y - year), -y))
    return best, by_year[str(best)]


@lru_cache(maxsize=512)
def country_wages(country: str) -> CountryWages:
    """The wage level of ``country``; InputError naming ``country`` when there is no data."""
    table = international_table()
    code = country.upper()
    c = table["countries"].get(code)
    if not has_country_data(code):
        raise InputError(
            FieldError(
                "country",
                f"{code}: no ILOSTAT average earnings (or no World Bank PPP factor) for this country, so "
                "career wages cannot be put into its wage level. Careers are refused rather than guessed: "
                "give each career target's hourly wage in your currency (targets: [{code: 43-4051.00, "
                "wage_hourly: ...}] in the profile, or --target CODE=WAGE)",
            )
        )
    assert c is not None
    year, rec = _nearest(c["earnings_ppp2021"], 9999)  # the latest year
    us = table["countries"]["US"]["earnings_ppp2021"]
    us_year, us_rec = _nearest(us, year)
    return CountryWages(
        country=code,
        name=str(c["name"]),
        currency=str(c["currency"]),
        year=year,
        survey=str(rec["survey"]),
        earnings_ppp=float(rec["ppp2021"]),
        us_earnings_ppp=float(us_rec["ppp2021"]),
        us_year=us_year,
        ppp_factor=float(c["ppp_lcu_per_intl_dollar"]),
        ppp_year=int(table["ppp_year"]),
        region=c.get("region"),
    )


@dataclass(frozen=True)
class EntryWage:
    """An all-occupations entry wage in local currency (OEWS P10 moved to the country)."""

    country: str
    currency: str
    hourly: float
    monthly: float
    note: str


def entry_wage(
    country: str,
    *,
    structure_factor: float = 1.0,
    hours_per_week: float = FULLTIME_HOURS,
    percentile: str = "p10",
    on: Any = None,
) -> EntryWage:
    """The country's all-occupations entry wage in its own currency, per hour and per month.

    US: OEWS May 2025 all-occupations P10 (USD 15.00/h). Elsewhere the same wage moved by
    :func:`country_wages`, and never below the national statutory minimum wage in force on ``on``
    (default today; :mod:`crossroads.world.minimum_wage`). ``hours_per_week`` (default full time,
    40) turns it into a month (× 52/12). Raises InputError naming ``country`` when the country has
    no data. Used by the money model's fallback job ("take any available local job").
    """
    table = international_table()
    oews = table["oews_all_occupations_hourly"]
    if percentile not in oews:
        raise InputError(
            FieldError("percentile", f"must be one of {sorted(oews)}, got {percentile!r}")
        )
    usd = float(oews[percentile])
    code = country.upper()
    if code == "US":
        hourly, cur, note = (
            usd,
            "USD",
            f"OEWS May 2025 all occupations {percentile}: {usd:.2f} USD/h",
        )
    else:
        cw = country_wages(code)
        hourly = usd * cw.lcu_per_usd_of_wage * structure_factor
        cur = cw.currency
        note = f"OEWS May 2025 all occupations {percentile} ({usd:.2f} USD/h); {cw.describe()}"
    from crossroads.world.minimum_wage import minimum_wage

    mw = minimum_wage(code, on)
    if mw is not None and mw.currency == cur and mw.hourly > hourly:
        hourly = mw.hourly
        note += f"; raised to the {mw.describe().removesuffix(' floors employee wages')}"
    return EntryWage(code, cur, hourly, hourly * hours_per_week * WEEKS_PER_MONTH, note)


def target_override(profile: Profile, code: str) -> float | None:
    """The person's own hourly wage for career target ``code`` (profile ``targets``), if given."""
    for t in getattr(profile, "targets", None) or ():
        if str(getattr(t, "code", "")) == code:
            return float(t.wage_hourly)
    return None


def local_wage_factor(
    profile: Profile, code: str, oews_median_usd: float, fx_usd: float, structure_factor: float
) -> tuple[float, str]:
    """Multiplier of an OEWS wage distribution (USD) for where the person lives, in USD-equivalent.

    The engine computes in USD and divides by the profile's rate, so the factor returned is
    ``local wage in the profile's currency × fx_usd ÷ OEWS wage``. Three cases:

    * a ``targets: [{code, wage_hourly}]`` override: the person's wage is the median, the OEWS
      shape is kept around it;
    * the US: 1 (OEWS itself);
    * elsewhere: :class:`CountryWages` × ``structure_factor`` — InputError naming ``country`` (with
      the override named) when the country has no ILOSTAT data.
    """
    own = target_override(profile, code)
    cur = str(getattr(profile, "currency", "USD"))
    if own is not None:
        factor = own * fx_usd / oews_median_usd
        return factor, (
            f"{code}: your own wage {own:,.2f} {cur}/h (targets) taken as the median; the spread "
            "of OEWS is kept around it"
        )
    country = str(getattr(profile, "country", "US")).upper()
    if country == "US":
        return 1.0, ""
    cw = country_wages(country)
    if cw.currency == cur:
        fx_local = fx_usd
    else:
        from crossroads.world.currency import ecb_rate_to_usd

        rate = ecb_rate_to_usd(cw.currency)
        if rate is None:
            raise InputError(
                FieldError(
                    "targets",
                    f"{code}: wages in {country} are in {cw.currency}, which has no bundled exchange rate, and "
                    f"your amounts are in {cur}: give the target's hourly wage in {cur} (targets: [{{code: "
                    f"{code}, wage_hourly: ...}}] or --target {code}=WAGE)",
                )
            )
        fx_local = rate.usd_per_unit
    factor = cw.lcu_per_usd_of_wage * structure_factor * fx_local
    extra = "" if structure_factor == 1 else f" × intl_wage_structure_factor {structure_factor:g}"
    return factor, cw.describe() + extra


def scale_wage(wq: Any, factor: float) -> Any:
    """A wage quantile function (simulation.career.WageQuantile) multiplied by ``factor``.

    Log wages shift by ln(factor); the top-tail cap scales with them, so the shape is unchanged.
    """
    import dataclasses
    import math

    return dataclasses.replace(wq, y=wq.y + math.log(factor), cap=float(wq.cap) * factor)


def careers_refused(profile: Profile, codes: list[str]) -> tuple[str, list[str]]:
    """Why careers ``codes`` cannot be simulated for this person's country, and which ones.

    ``("", [])`` when they all can.

    A country without ILOSTAT data gets careers only for targets with the person's own wage.
    """
    country = str(getattr(profile, "country", "US")).upper()
    if country == "US" or has_country_data(country):
        return "", []
    missing = [c for c in codes if target_override(profile, c) is None]
    if not missing:
        return "", []
    return (
        f"careers are left out for {country}: ILOSTAT publishes no average earnings for it, so wages "
        f"cannot be put into its wage level (not guessed). Give your own hourly wage for a target "
        f"(targets: [{{code: {missing[0]}, wage_hourly: ...}}] in the profile, or --target "
        f"{missing[0]}=WAGE) to include it"
    ), missing


def apply_target_wages(profile: Profile, targets: Any) -> tuple[Any, tuple[str, ...]]:
    """Split ``--target CODE=WAGE`` run targets into plain codes and the profile's ``targets`` wages.

    ``CODE=WAGE`` is the command-line spelling of the profile's ``targets: [{code, wage_hourly}]``
    (hourly wage in the profile's currency). Returns the profile (a copy with the wages added,
    overriding a profile entry for the same code) and the codes. InputError naming ``targets``
    for a wage that is not a positive number.
    """
    from crossroads.profile import TargetWage

    codes: list[str] = []
    wages: dict[str, float] = {}
    errors: list[FieldError] = []
    for t in targets or ():
        text = str(t).strip()
        if "=" not in text:
            codes.append(text)
            continue
        code, _, raw = text.partition("=")
        code = code.strip()
        try:
            wage = float(raw.replace(",", ""))
        except ValueError:
            wage = float("nan")
        if not (wage > 0 and wage < float("inf")):
            errors.append(
                FieldError(
                    "targets",
                    f"--target {text}: the wage after '=' must be a positive "
                    "hourly wage in your currency, e.g. --target 43-4051.00=250",
                )
            )
            continue
        codes.append(code)
        wages[code] = wage
    if errors:
        raise InputError(errors)
    if not wages:
        return profile, tuple(codes)
    kept = [t for t in (getattr(profile, "targets", None) or ()) if t.code not in wages]
    added = [TargetWage(code=c, wage_hourly=w) for c, w in wages.items()]
    return profile.model_copy(update={"targets": kept + added}), tuple(codes)
