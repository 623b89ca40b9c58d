"""Reading the values people actually type or export from spreadsheets.

Why lenient here and strict elsewhere: a journal is filled by hand and from files made by other
tools (a platform's CSV, a spreadsheet saved in a German locale). Dates come as ISO, day/month/
year, month names or with a time; amounts as ``$1,234.50``, ``1.234,50 €`` or ``3,10``. Each
parser accepts the unambiguous forms, refuses the rest with a reason (which becomes a
``FieldError`` naming the field), and never guesses silently between two readings: ``03/04/2026``
is refused unless a day-first or month-first order was chosen, because both are real dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re

_CURRENCY_SIGNS = "$€£¥₹₱₦₩₺₽₴₫฿₪"
_CODES = re.compile(r"\b[A-Z]{3}\b")
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class ParseError(ValueError):
    """A value that cannot be read; the message is the reason shown beside the field name."""


def parse_number(value: object, *, allow_negative: bool = False) -> float:
    """A finite number from a float/int or a string with currency signs, codes and separators.

    ``1,234.50`` / ``1.234,50`` / ``1 234,50`` / ``3,10`` / ``$12`` / ``12 USD`` / ``(5.00)``
    (accounting negative) are read; ``1,234`` (ambiguous thousands vs decimal) is read as
    1234 only when the group has exactly three digits, as spreadsheets print thousands.
    """
    if isinstance(value, bool):
        raise ParseError(f"must be a number, got {value!r}")
    if isinstance(value, (int, float)) or isinstance(value, str) and _PLAIN.fullmatch(value):
        x = float(value)
    else:
        text = str(value).strip()
        if not text:
            raise ParseError("is empty")
        neg = text.startswith("(") and text.endswith(")")
        if neg:
            text = text[1:-1].strip()
        text = _CODES.sub("", text)
        for sign in _CURRENCY_SIGNS:
            text = text.replace(sign, "")
        text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "").strip()
        if text.startswith("-"):
            neg, text = not neg, text[1:].strip()
        elif text.startswith("+"):
            text = text[1:].strip()
        text = text.replace(" ", "")
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+", text):  # exponent (our own export)
            return _finish(float(text) * (-1 if neg else 1), value, allow_negative)
        if not re.fullmatch(r"[0-9.,]+", text or "x") or not re.search(r"[0-9]", text):
            raise ParseError(f"must be a number, got {str(value)!r}")
        text = _normalise_separators(text, str(value))
        try:
            x = float(text)
        except ValueError:
            raise ParseError(f"must be a number, got {str(value)!r}") from None
        x = -x if neg else x
    return _finish(x, value, allow_negative)


def _finish(x: float, value: object, allow_negative: bool) -> float:
    if not math.isfinite(x):
        raise ParseError(f"must be a finite number, got {value!r}")
    if x < 0 and not allow_negative:
        raise ParseError(f"must be zero or more, got {x:g}")
    return x


def _normalise_separators(text: str, original: str) -> str:
    """Decide which of '.' and ',' is the decimal mark and drop the grouping marks."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if dec == "." else "."
        if text.count(dec) > 1:
            raise ParseError(f"must be a number, got {original!r}")
        return text.replace(group, "").replace(dec, ".")
    if commas:
        parts = text.split(",")
        if commas == 1 and len(parts[1]) != 3:
            return text.replace(",", ".")  # 3,10 -> 3.10 (decimal comma)
        if all(len(p) == 3 for p in parts[1:]) and parts[0]:
            return text.replace(",", "")  # 1,234 or 1,234,567 -> grouping
        raise ParseError(f"must be a number, got {original!r}")
    if dots > 1:
        parts = text.split(".")
        if all(len(p) == 3 for p in parts[1:]) and parts[0]:
            return text.replace(".", "")  # 1.234.567 (European grouping)
        raise ParseError(f"must be a number, got {original!r}")
    return text


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}


def parse_date(value: object, *, dayfirst: bool | None = None) -> dt.date:
    """A calendar date from a date, a datetime or text in the usual forms.

    ISO ``2026-11-23`` (also with a time), ``2026/11/23``, ``23.11.2026`` (dotted = day first),
    ``23 Nov 2026``, ``Nov 23, 2026``, and ``11/23/2026`` or ``23/11/2026`` when only one reading
    is a valid date (or ``dayfirst`` decides).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        raise ParseError("is empty")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # fast path: ISO
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    if m:
        return _ymd(int(m[1]), int(m[2]), int(m[3]), text)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?: .*)?", text)
    if m:
        return _ymd(_year(m[3]), int(m[2]), int(m[1]), text)
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?: .*)?", text)
    if m:
        a, b, y = int(m[1]), int(m[2]), _year(m[3])
        readings = []
        if dayfirst is not False and 1 <= b <= 12:
            readings.append((y, b, a))
        if dayfirst is not True and 1 <= a <= 12:
            readings.append((y, a, b))
        valid = {r for r in readings if _valid(*r)}
        if len(valid) == 1:
            return dt.date(*valid.pop())
        if not valid:
            raise ParseError(f"is not a valid date: {text!r}")
        raise ParseError(
            f"is ambiguous: {text!r} can be day/month or month/day; use YYYY-MM-DD "
            "(or --dayfirst / --monthfirst for the whole import)"
        )
    m = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4})(?:[ T].*)?", text)
    if m and m[2].lower() in _MONTHS:
        return _ymd(int(m[3]), _MONTHS[m[2].lower()], int(m[1]), text)
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})(?:[ T].*)?", text)
    if m and m[1].lower() in _MONTHS:
        return _ymd(int(m[3]), _MONTHS[m[1].lower()], int(m[2]), text)
    raise ParseError(f"is not a date (use YYYY-MM-DD): {text!r}")


def parse_datetime(value: object) -> dt.datetime:
    """A point in time, UTC-aware (``2026-11-23 14:05``, ISO with ``T``, seconds optional).

    A time without an offset is the machine's local time (what people type and spreadsheets
    hold); one with an offset (``…+05:30``, ``…Z``) is taken as given.
    """
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ParseError(f"is not a date and time (use YYYY-MM-DD HH:MM): {text!r}") from None
    return parsed.astimezone(dt.UTC)  # a naive value is read as local time


def local_naive(value: dt.datetime) -> dt.datetime:
    """The local wall-clock time of an aware datetime (a naive one is already local)."""
    return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if len(text) == 2 else y


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _ymd(y: int, m: int, d: int, text: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ParseError(f"is not a valid date: {text!r}") from None


def parse_text(value: object, *, max_len: int) -> str:
    """Trimmed text without control characters (they would reach terminals and HTML)."""
    text = str(value).strip()
    if any(ord(ch) < 32 and ch not in "\t" for ch in text) or "\x7f" in text:
        raise ParseError("contains control characters")
    if len(text) > max_len:
        raise ParseError(f"is longer than {max_len} characters")
    return text


def parse_currency(value: object) -> str:
    """An ISO 4217 code (``usd`` -> ``USD``); a sign such as ``$`` is refused as ambiguous."""
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise ParseError(f"must be a 3-letter ISO 4217 code such as USD or EUR, got {str(value)!r}")
    return text
