"""Load the packaged catalog (``crossroads/data``) into a cached :class:`Catalog`.

Why packaged files: the product must work offline on a fresh machine, so it never reads
``../shared``; ``scripts/build_catalog.py`` derives these tables and they are committed. Large
parts that only some commands need (title index, related occupations, sources.bib) load lazily.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import json
import re
import threading
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np

from crossroads.errors import FieldError, InputError

from .model import (
    Evidence,
    Field,
    Occupation,
    Platform,
    Source,
    StatusChange,
    WagePercentiles,
)
from .skills import SKILL_BY_KEY, SKILLS

_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_DATA = "crossroads.data"


def _read_bytes(name: str) -> bytes:
    data = resources.files(_DATA).joinpath(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def _read_json(name: str) -> Any:
    return json.loads(_read_bytes(name))


def _read_yaml(name: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(_read_bytes(name).decode("utf-8"), Loader=loader)  # noqa: S506 (safe loader)


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def _named(values: list[float], names: list[str] | tuple[str, ...]) -> dict[str, float]:
    return dict(zip(names, values, strict=True)) if values else {}


def _occupation(rec: dict[str, Any], styles: list[str], values: list[str]) -> Occupation:
    wh = rec["wage_hourly"]
    wage = (
        WagePercentiles(**{k: float(wh[k]) for k in WagePercentiles.KEYS}, published=dict(wh))
        if wh is not None
        else None
    )
    return Occupation(
        code=rec["code"],
        soc=rec["soc"],
        title=rec["title"],
        description=rec["description"],
        job_zone=rec["job_zone"],
        teleworkable=rec["teleworkable"],
        teleworkable_source=rec["teleworkable_source"],
        wage_hourly=wage,
        wage_note=rec["wage_note"],
        wage_annual_p50=_f(rec["wage_annual_p50"]),
        employment=None if rec["employment"] is None else int(rec["employment"]),
        growth_pct_2024_34=rec["growth_pct_2024_34"],
        openings_thousands=rec["openings_thousands"],
        separations_rate_pct=rec["separations_rate_pct"],
        ai_eloundou_beta=rec["ai_eloundou_beta"],
        ai_frey_osborne=rec["ai_frey_osborne"],
        ai_tomlinson=rec["ai_tomlinson"],
        skills_im=_named(rec["skills_im"], SKILLS),
        skills_lv=_named(rec["skills_lv"], SKILLS),
        work_styles=_named(rec["work_styles"], styles),
        missing=rec["missing"],
        work_values=_named(rec["work_values"], values),
        skills_not_relevant=tuple(rec["skills_not_relevant"]),
        skills_low_precision=tuple(rec["skills_low_precision"]),
        ai_eloundou_dv_beta=rec["ai_eloundou_dv_beta"],
        ai_frey_osborne_source=rec["ai_frey_osborne_source"],
        oews_code=rec["oews_code"],
        ep_code=rec["ep_code"],
        ep_note=rec["ep_note"],
        ep_employment_thousands=rec.get("ep_employment_thousands"),
        ep_self_employed_pct=rec.get("ep_self_employed_pct"),
        ep_entry_education=rec.get("ep_entry_education"),
        ep_related_experience=rec.get("ep_related_experience"),
        ep_training=rec.get("ep_training"),
    )


def _date(text: Any) -> dt.date | None:
    if text is None:
        return None
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(str(text))


def _field(raw: dict[str, Any] | None) -> Field:
    raw = raw or {}
    return Field(
        value=raw.get("value"),
        source=tuple(raw.get("source") or ()),
        note=str(raw.get("note", "")),
        reason=str(raw.get("reason", "")),
        assumption=bool(raw.get("assumption", False)),
        currency=raw.get("currency"),
    )


def _range(v: Any) -> tuple[float, float] | None:
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return (float(v[0]), float(v[1]))
    return (float(v), float(v))


def _platform(raw: dict[str, Any], check_date: dt.date) -> Platform:
    timeline = tuple(
        StatusChange(
            _date(s.get("from")), s["status"], s.get("note", ""), tuple(s.get("source") or ())
        )
        for s in raw["status_timeline"]
    )
    names = (
        "onboarding_wait_days",
        "pay_floor_hourly",
        "payout_threshold",
        "payout_cadence_days",
        "payout_delay_days",
        "fee_pct",
        "requester_fee_pct",
        "fixed_fee_per_payout",
        "max_balance",
    )
    fields = {n: _field(raw.get(n)) for n in names if n in raw}
    c = raw["countries"]
    fields["countries"] = Field(
        c.get("list"), tuple(c.get("source") or ()), c.get("note", ""), c.get("reason", "")
    )
    fields["status"] = Field(
        [s.status for s in timeline], tuple(x for s in timeline for x in s.source)
    )

    def val(name: str) -> Any:
        return fields[name].value if name in fields else None

    status_dates: dict[str, str] = {
        str(s.status): s.start.isoformat() for s in timeline if s.start is not None
    }
    p = Platform(
        id=raw["id"],
        name=raw["name"],
        url=raw.get("url", ""),
        status=timeline[0].status,
        status_dates=status_dates,
        timeline=timeline,
        countries=tuple(c["list"]) if c.get("list") else None,
        countries_kind=c["kind"],
        countries_note=c.get("note") or c.get("reason", ""),
        onboarding_wait_days=_range(val("onboarding_wait_days")),
        pay_floor_hourly=_f(val("pay_floor_hourly")),
        pay_floor_currency=fields["pay_floor_hourly"].currency
        if "pay_floor_hourly" in fields
        else None,
        payout_threshold=_f(val("payout_threshold")),
        payout_threshold_currency=fields["payout_threshold"].currency
        if "payout_threshold" in fields
        else None,
        payout_cadence_days=_f(val("payout_cadence_days")),
        payout_delay_days=_range(val("payout_delay_days")),
        fee_pct=_f(val("fee_pct")),
        requester_fee_pct=_f(val("requester_fee_pct")),
        fields=fields,
        sources={k: f.source for k, f in fields.items()},
        kind=str(raw.get("kind", "open_marketplace")),
    )
    # `status` is the status on the date the table was checked.
    object.__setattr__(p, "status", p.status_on(check_date))
    return p


def _parse_bib(text: str) -> list[dict[str, str]]:
    """Minimal BibTeX reader (entries, brace-delimited fields) — enough for sources.bib."""
    entries: list[dict[str, str]] = []
    for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        i, depth = m.end(), 1
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[m.end() : i - 1]
        entry = {"type": m.group(1).lower(), "key": m.group(2)}
        for fm in re.finditer(r"(\w+)\s*=\s*", body):
            j = fm.end()
            if j < len(body) and body[j] == "{":
                d, k = 1, j + 1
                while k < len(body) and d:
                    d += {"{": 1, "}": -1}.get(body[k], 0)
                    k += 1
                val = body[j + 1 : k - 1]
            else:
                val = re.match(r"[^,\n]*", body[j:]).group(0)  # type: ignore[union-attr]
            name = fm.group(1).lower()
            val = re.sub(r"\\url\s*", "", val)
            if name in _VERBATIM_BIB_FIELDS:
                val = val.replace("\\_", "_").replace("\\&", "&").replace("{", "").replace("}", "")
            else:
                val = _latex_to_text(val)
            entry.setdefault(name, re.sub(r"\s+", " ", val).strip())
        entries.append(entry)
    return entries


#: BibTeX fields that hold addresses or identifiers, kept verbatim (only escapes undone).
_VERBATIM_BIB_FIELDS = frozenset({"url", "doi", "howpublished", "eprint", "isbn", "issn"})


def _latex_to_text(value: str) -> str:
    """BibTeX/LaTeX markup as the plain text a reader expects (``\\pounds18`` → ``£18``,
    ``\\ldots`` → ``…``, ``` ``Low'' ``` → ``“Low”``, ``--`` → ``–``), via pylatexenc, so that
    source titles never show raw backslashes in the report, the web app or the CLI."""
    text = _latex_converter().latex_to_text(value)
    result: str = text.replace("``", "\u201c").replace("''", "\u201d")
    return result


@functools.lru_cache(maxsize=1)
def _latex_converter() -> Any:
    """One pylatexenc converter for every field: building its macro context per value made
    reading sources.bib take ~1.3 s of each fresh process (`crossroads advise` cold start)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    context.add_context_category(
        "crossroads",
        prepend=True,
        macros=[
            MacroTextSpec("pounds", "£"),
            MacroTextSpec("euro", "€"),
            MacroTextSpec("textdollar", "$"),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


class Catalog:
    """Everything crossroads knows, with sources: occupations, platforms, evidence.

    Build it with :func:`get_catalog` (cached). Read-only: records are frozen dataclasses.
    """

    def __init__(self) -> None:
        meta = _read_json("catalog_meta.json")
        self.meta: dict[str, Any] = meta
        styles, values = list(meta["work_style_order"]), list(meta["work_values"])
        self._occ: dict[str, Occupation] = {
            r["code"]: _occupation(r, styles, values) for r in _read_json("occupations.json.gz")
        }
        self._order: list[str] = list(self._occ)
        self.work_style_names: list[str] = list(meta["work_style_order"])
        self.work_style_descriptions: dict[str, str] = dict(meta["work_styles"])
        self.work_value_names: list[str] = list(meta["work_values"])
        self.job_zone_names: dict[int, str] = {int(k): v for k, v in meta["job_zones"].items()}
        self._anchors: dict[str, dict[float, str]] = {
            k: {float(lv): txt for lv, txt in v.items()} for k, v in meta["level_anchors"].items()
        }
        pl = _read_yaml("platforms.yaml")
        self.platforms_checked: dt.date = _date(pl["as_of"]) or dt.date(2026, 11, 25)
        self.platforms: list[Platform] = [
            _platform(p, self.platforms_checked) for p in pl["platforms"]
        ]
        rows = csv.DictReader(
            io.StringIO(_read_bytes("evidence_parameters.csv").decode("utf-8"), newline="")
        )
        self.evidence: dict[str, Evidence] = {
            r["id"]: Evidence(**{k: r[k] or "" for k in Evidence.__dataclass_fields__})
            for r in rows
        }
        self._lock = threading.Lock()
        #: The curated soft-skill remote careers (code -> label, role), from the shared dataset
        #: soft_skill_remote_occupations.csv: the article's "virtual assistant, customer support,
        #: project coordination, content, marketing…" mapped to O*NET-SOC codes.
        self.career_paths: dict[str, tuple[str, str]] = {
            r["code"]: (r["label"], r["role"]) for r in meta.get("career_paths", [])
        }

    # ------------------------------------------------------------------ occupations

    def occupation(self, code: str) -> Occupation:
        """The occupation with O*NET-SOC 2019 ``code``; InputError(field="code") if unknown."""
        c = str(code).strip()
        if not _CODE_RE.match(c):
            hint = (
                f" (did you mean {c}.00?)"
                if re.match(r"^\d{2}-\d{4}$", c) and f"{c}.00" in self._occ
                else ""
            )
            raise InputError(
                FieldError("code", f"'{code}' is not an O*NET-SOC code like 43-4051.00{hint}")
            )
        occ = self._occ.get(c)
        if occ is None:
            raise InputError(
                FieldError(
                    "code",
                    f"unknown O*NET-SOC 2019 code '{c}' (not among the {len(self._occ)} O*NET 29 occupations)",
                )
            )
        return occ

    def soft_skill_careers(self) -> dict[str, str]:
        """Codes of the curated soft-skill remote careers with their labels (not the comparators)."""
        return {
            c: lab for c, (lab, role) in self.career_paths.items() if role.startswith("soft-skill")
        }

    def occupations(self) -> list[Occupation]:
        """All 1,016 occupations in O*NET-SOC code order."""
        return [self._occ[c] for c in self._order]

    def __contains__(self, code: object) -> bool:
        return code in self._occ

    @cached_property
    def _matrix(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        codes = [c for c in self._order if self._occ[c].skills_im]
        im = np.array(
            [[self._occ[c].skills_im[s] for s in SKILLS] for c in codes], dtype=np.float64
        )
        lv = np.array(
            [[self._occ[c].skills_lv[s] for s in SKILLS] for c in codes], dtype=np.float64
        )
        im.setflags(write=False)
        lv.setflags(write=False)
        return codes, im, lv

    def skill_matrix(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(codes, IM (n,35), LV (n,35)) for the O*NET-rated occupations, columns in SKILLS order.

        LV is 0 where O*NET flags the level not relevant (see docs/data.md). Arrays are read-only.
        """
        codes, im, lv = self._matrix
        return list(codes), im, lv

    # ------------------------------------------------------------------ titles

    @cached_property
    def _titles(self) -> dict[str, tuple[str, str, str]]:
        """Per code: (alternate titles, reported titles, curated labels), each normalised and
        joined with newlines so that a substring test over all of them is one ``in``."""
        raw: dict[str, dict[str, list[str]]] = _read_json("titles.json.gz")
        return {
            c: tuple(
                "\n".join(_norm(t) for t in d.get(k, [])) for k in ("alt", "reported", "label")
            )  # type: ignore[misc]
            for c, d in raw.items()
        }

    @cached_property
    def _exact_titles(self) -> dict[str, set[str]]:
        """Normalised alternate/reported title -> codes, for the exact-match rank."""
        out: dict[str, set[str]] = {}
        for code, (alt, rep, _) in self._titles.items():
            for t in (alt + "\n" + rep).split("\n"):
                if t:
                    out.setdefault(t, set()).add(code)
        return out

    @cached_property
    def _norm_titles(self) -> list[tuple[int, str, str]]:
        return [(i, c, _norm(self._occ[c].title)) for i, c in enumerate(self._order)]

    def alternate_titles(self, code: str) -> list[str]:
        """O*NET 29.3 alternate and reported titles of ``code`` (as published; for display)."""
        self.occupation(code)
        raw = _read_json("titles.json.gz").get(code, {})
        return list(raw.get("alt", [])) + list(raw.get("reported", []))

    def search(self, text: str) -> list[str]:
        """Codes whose titles match ``text`` (case-insensitive), best first.

        Ranking: exact title > title starts with > title contains > exact alternate/reported
        title > alternate title contains > reported title contains > curated career label
        (the shared dataset's labels, e.g. "virtual assistant") > every word of the query
        starts a word of one title. Ties: more matching alternate/reported titles first, then the
        lower Job Zone (the easier entry), then the larger employment, then code order — so
        "virtual assistant", a curated label of both secretary codes, lists the Zone 2
        secretaries (43-6014, 1.7 million jobs) before the Zone 3 executive ones (43-6011).
        """
        q = _norm(text or "")
        if not q:
            raise InputError(FieldError("search", "empty search text"))
        words = re.findall(r"\w+", q)
        word_res = [re.compile(rf"\b{re.escape(w)}") for w in words]
        exact = self._exact_titles.get(q, set())
        empty = ("", "", "")
        scored: list[tuple[int, int, int, int, int, str]] = []
        for pos, code, title in self._norm_titles:
            alt, rep, lab = self._titles.get(code, empty)
            if title == q:
                rank = 0
            elif title.startswith(q):
                rank = 1
            elif q in title:
                rank = 2
            elif code in exact:
                rank = 3
            elif q in alt:
                rank = 4
            elif q in rep:
                rank = 5
            elif q in lab:
                rank = 6
            elif (
                word_res
                and all(w in title or w in alt or w in rep or w in lab for w in words)
                and any(
                    all(r.search(t) for r in word_res)
                    for t in [title, *f"{alt}\n{rep}\n{lab}".split("\n")]
                )
            ):
                rank = 7
            else:
                continue
            hits = alt.count(q) + rep.count(q)
            occ = self._occ[code]
            zone = occ.job_zone if occ.job_zone is not None else 9
            scored.append((rank, -hits, zone, -(occ.employment or 0), pos, code))
        scored.sort()
        return [c for *_, c in scored]

    # ------------------------------------------------------------------ related / anchors

    @cached_property
    def _related(self) -> dict[str, list[tuple[str, str]]]:
        return {c: [(r, t) for r, t in v] for c, v in _read_json("related.json.gz").items()}

    @cached_property
    def _ete(self) -> dict[str, dict[str, tuple[float, ...]]]:
        raw = _read_json("ete.json.gz")
        return {c: {k: tuple(v) for k, v in d.items()} for c, d in raw.items()}

    def ete(self, code: str) -> dict[str, tuple[float, ...]]:
        """O*NET ETE distributions of ``code``: scale (RL, RW, PT, OJ) -> % per category ({} if unrated)."""
        return self._ete.get(code, {})

    def related(self, code: str) -> list[tuple[str, str]]:
        """O*NET 29.3 related occupations of ``code`` as (code, tier), in O*NET's index order."""
        self.occupation(code)
        return list(self._related.get(code, []))

    def level_anchors(self, skill: str) -> dict[float, str]:
        """O*NET's behavioural anchors for the LV scale of ``skill`` (level -> example task)."""
        if skill not in SKILL_BY_KEY:
            raise InputError(
                FieldError(
                    "skill",
                    f"unknown O*NET skill '{skill}' (use snake_case, e.g. active_listening)",
                )
            )
        return dict(self._anchors.get(skill, {}))

    # ------------------------------------------------------------------ platforms

    def platform(self, pid: str) -> Platform:
        """The platform with id ``pid`` (mturk, prolific, clickworker, appen, toloka)."""
        for p in self.platforms:
            if p.id == pid:
                return p
        raise InputError(
            FieldError(
                "platform",
                f"unknown platform '{pid}' (known: {', '.join(p.id for p in self.platforms)})",
            )
        )

    def open_platforms(self, country: str, as_of: dt.date | str | None = None) -> list[Platform]:
        """Platforms a *new* worker in ``country`` could join on ``as_of`` (default: today).

        A platform qualifies when its status that day is ``open`` or ``waitlist`` and its country
        rules do not exclude the country (unknown eligibility is included; check
        ``countries_kind``). MTurk therefore drops out from 2026-07-30 (no new customers, E1f)
        and is closed from 2026-09-30 (E1g).
        """
        errors: list[FieldError] = []
        cc = str(country or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", cc):
            errors.append(
                FieldError("country", f"'{country}' is not an ISO 3166-1 alpha-2 code like US")
            )
        try:
            day = _date(as_of) or dt.date.today()
        except (TypeError, ValueError):
            errors.append(FieldError("as_of", f"'{as_of}' is not a date (YYYY-MM-DD)"))
            day = dt.date.today()
        if errors:
            raise InputError(errors)
        return [p for p in self.platforms if p.is_open_for_new_workers(cc, day)]

    # ------------------------------------------------------------------ sources

    @cached_property
    def datasets(self) -> list[Source]:
        """The packaged datasets alone (``sources.yaml``): what ``as_of`` needs.

        Kept apart from :attr:`sources` because every advice reads the datasets' dates while only
        ``crossroads sources`` and the report's reference list need the cited works, whose BibTeX
        to plain text conversion was a third of a second of every cold ``crossroads advise``.
        """
        raw = _read_yaml("sources.yaml")
        return [
            Source(**{k: str(v) for k, v in d.items()}, kind="dataset") for d in raw["datasets"]
        ]

    @cached_property
    def sources(self) -> list[Source]:
        """Every data source: packaged datasets first, then each work the evidence cites."""
        out = list(self.datasets)
        for e in _parse_bib(_read_bytes("sources.bib").decode("utf-8")):
            authors = e.get("author", "")
            title = e.get("title", e["key"])
            venue = (
                e.get("journal")
                or e.get("booktitle")
                or e.get("institution")
                or e.get("publisher")
                or e.get("howpublished", "")
            )
            year = e.get("year", "")
            cite = ". ".join(x for x in (authors, f"({year})" if year else "", title, venue) if x)
            for key in ("doi",):
                if e.get(key):
                    cite += f". doi:{e[key]}"
            out.append(
                Source(
                    id=e["key"],
                    title=title,
                    version=e.get("edition", e.get("year", "")),
                    licence="cited (figures quoted, not redistributed)",
                    citation=cite,
                    as_of=year,
                    url=e.get("url", ""),
                    kind="evidence",
                )
            )
        return out

    @cached_property
    def as_of(self) -> dict[str, str]:
        """Dataset -> as-of date, for reports ("wages as of May 2025")."""
        d = {s.id: s.as_of for s in self.datasets}
        d["platforms"] = self.platforms_checked.isoformat()
        return d

    def evidence_value(self, eid: str) -> float:
        """Numeric value of evidence row ``eid`` (KeyError if absent, ValueError if not numeric)."""
        n = self.evidence[eid].number
        if n is None:
            raise ValueError(f"evidence {eid} is not numeric: {self.evidence[eid].value!r}")
        return n


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cached() -> Catalog:
    return Catalog()


def get_catalog() -> Catalog:
    """The packaged catalog, loaded once per process (thread-safe)."""
    with _lock:
        return _cached()
