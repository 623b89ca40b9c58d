"""Render :class:`ReportData` into ONE self-contained HTML file, and export charts as PNG/SVG.

Why this design:

* **Offline.** The Vega/Vega-Lite/vega-embed bundle is inlined (see :mod:`.bundle`), the specs are
  inlined as JSON, the stylesheet is inline and uses system fonts only. There is no ``<script src>``,
  no ``<link rel=stylesheet>``, no web font — the file works from a USB stick with no network.
* **No drifting numbers.** Every number in the text is printed by :func:`num`, which looks it up by
  a dotted path in the JSON document it came from (``advise --json`` for the advice) and writes
  that path and the raw value into ``data-src``/``data-path``/``data-value`` attributes, so a
  test can check each one against ``advise --json``.
* **Accessible.** Every chart is a ``<figure>`` with a heading, a visible description (also the
  SVG's ``aria-label``) and, where it helps, the numbers as a table.
"""

from __future__ import annotations

import html as _html
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .bundle import javascript_bundle
from .charts import ChartSpec
from .inputs import ReportData

TEMPLATES = Path(__file__).resolve().parent / "templates"


# --------------------------------------------------------------------------------------------
# Numbers, always traced back to their source document
# --------------------------------------------------------------------------------------------


def lookup(doc: Any, path: str) -> Any:
    """Value at a dotted path (``options.0.metrics.p_shortfall``) inside a JSON-like document."""
    cur = doc
    if path == "":
        return cur
    for part in path.split("."):
        if isinstance(cur, Mapping):
            cur = cur[part]
        elif isinstance(cur, Sequence) and not isinstance(cur, str):
            cur = cur[int(part)]
        else:
            raise KeyError(path)
    return cur


def fmt_number(value: Any, kind: str, currency: str = "") -> str:
    """Format one number the way the report shows it (``None`` reads as "never"/"n/a").

    kinds: ``pct`` (a 0..1 probability shown as %), ``money``, ``months``, ``score``, ``hours``,
    ``level``, ``int``, ``auto``.
    """
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "never" if kind == "months" else "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    v = float(value)
    if kind == "pct":
        return f"{100 * v:.1f}%"
    if kind == "money":
        from crossroads.world.fmt import money

        return money(v, currency) if currency else f"{v:,.0f}"
    if kind == "months":
        return f"{v:g}" if v == int(v) else f"{v:.1f}"
    if kind == "score":
        return f"{v:.3f}"
    if kind in ("hours", "level"):
        return f"{v:.1f}"
    if kind == "int":
        return f"{int(v):,}"
    # auto
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


class Numbers:
    """The template's ``num(src, path, kind)``: a formatted number wrapped in a traceable span."""

    def __init__(self, docs: Mapping[str, Any], currency: str) -> None:
        self.docs = docs
        self.currency = currency

    def __call__(self, src: str, path: str, kind: str = "auto") -> Markup:
        value = lookup(self.docs[src], path)
        return self.span(src, path, value, kind)

    def span(
        self, src: str, path: str, value: Any, kind: str = "auto", text: str | None = None
    ) -> Markup:
        """Wrap an already looked-up value (the template iterates documents itself)."""
        raw = json.dumps(value)
        if text is None:
            text = fmt_number(value, kind, self.currency)
        return Markup(
            f'<span class="num" data-src="{_html.escape(src)}" data-path="{_html.escape(path)}" '
            f'data-kind="{kind}" data-value="{_html.escape(raw)}">{_html.escape(text)}</span>'
        )

    def measure(self, src: str, path: str, unit: str) -> Markup:
        """A criterion value with its unit, formatted by the unit (not guessed from the key).

        The unit decides: the currency (``12,345 USD``, never ``USD USD``), a currency rate
        (``3,929 USD/month``), ``probability`` (a percentage), ``months`` (``9 months``, or
        ``never`` alone), shares (a percentage), anything else a plain number then the unit.
        """
        value = lookup(self.docs[src], path)
        cur = self.currency
        u = (unit or "").strip()
        if cur and u == cur:
            return self.span(src, path, value, "money")
        if cur and u.startswith(cur + "/"):
            if value is None:
                return self.span(src, path, value, "money")
            return self.span(src, path, value, "money") + Markup(_html.escape(u[len(cur) :]))
        if u == "probability" or u.startswith("share of"):
            out = self.span(src, path, value, "pct")
            return (
                out if u == "probability" else out + Markup(" " + _html.escape(u[len("share ") :]))
            )
        if u == "months":
            out = self.span(src, path, value, "months")
            return out if value is None else out + Markup(" months")
        out = self.span(src, path, value, "auto")
        return out + Markup(" " + _html.escape(u)) if u else out

    def month_of(self, src: str, path: str) -> Markup:
        """``month 9`` for a 1-based month, or ``no month within the horizon`` when it never happens."""
        value = lookup(self.docs[src], path)
        if value is None:
            return self.span(src, path, value, "months", text="no month within the horizon")
        return Markup("month ") + self.span(src, path, value, "months")

    def any(self, src: str, path: str, value: Any, kind: str = "auto") -> Markup:
        """Render any JSON value (string, number, list, dict) with every number traced."""
        if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
            return self.span(src, path, value, kind)
        if isinstance(value, str):
            return Markup(_html.escape(value))
        if isinstance(value, Mapping):
            items = [
                Markup("<li><span class='k'>{}</span>: {}</li>").format(
                    str(k).replace("_", " "),
                    self.any(src, f"{path}.{k}" if path else str(k), v, _kind_for(str(k))),
                )
                for k, v in value.items()
            ]
            return Markup("<ul class='kv'>") + Markup("").join(items) + Markup("</ul>")
        if isinstance(value, Sequence):
            items = [
                Markup("<li>{}</li>").format(self.any(src, f"{path}.{i}", v, kind))
                for i, v in enumerate(value)
            ]
            return Markup("<ul>") + Markup("").join(items) + Markup("</ul>")
        return Markup(_html.escape(str(value)))


def _kind_for(key: str) -> str:
    """Guess how to format a number from its JSON key (``p_*`` probabilities, ``*_income*`` money)."""
    k = key.lower()
    if k.startswith("p_") or k.endswith("probability") or k == "p_first":
        return "pct"
    if "months" in k or k.startswith("month"):
        return "months"
    if any(w in k for w in ("income", "savings", "expenses", "cash", "cost", "budget")):
        return "money"
    if "score" in k:
        return "score"
    return "auto"


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def _script_json(obj: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


def _text_item(item: Any) -> Any:
    """The human sentence of a warning / tipping point when the core gives one, else the item."""
    if isinstance(item, Mapping):
        for key in ("text", "message", "sentence", "description"):
            if isinstance(item.get(key), str):
                return item[key]
    return item


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kind_for"] = _kind_for
    env.filters["text_item"] = _text_item
    env.filters["pretty"] = lambda s: str(s).replace("_", " ")
    return env


def render_html(data: ReportData, charts: Sequence[ChartSpec]) -> str:
    """The whole report as one HTML string (inline bundle, inline specs, inline CSS)."""
    env = _environment()
    template = env.get_template("report.html.j2")
    specs = {c.id: c.spec for c in charts}
    return template.render(
        d=data,
        advice=data.docs.get("advice", {}),
        plan_doc=data.docs.get("plan"),
        charts=charts,
        num=Numbers(data.docs, data.currency),
        specs_json=_script_json(specs),
        bundle=Markup(javascript_bundle()),
    )


# --------------------------------------------------------------------------------------------
# Image export
# --------------------------------------------------------------------------------------------


def chart_files(
    charts: Sequence[ChartSpec], directory: Path, ext: str, scale: float = 2.0
) -> list[tuple[Path, bytes]]:
    """Every chart rendered as ``<directory>/<id>.<ext>`` bytes (png or svg), with vl-convert."""
    import vl_convert as vlc

    out: list[tuple[Path, bytes]] = []
    for c in charts:
        blob = (
            vlc.vegalite_to_png(c.spec, scale=scale)
            if ext == "png"
            else vlc.vegalite_to_svg(c.spec).encode("utf-8")
        )
        out.append((Path(directory) / f"{c.id}.{ext}", blob))
    return out


def export_images(
    charts: Sequence[ChartSpec],
    *,
    png_dir: Path | None = None,
    svg_dir: Path | None = None,
    scale: float = 2.0,
) -> list[Path]:
    """Write every chart as ``<id>.png`` / ``<id>.svg`` (no browser), all of them or none."""
    from crossroads.safeio import Output, check_output_dir, write_all

    files: list[Output] = []
    for directory, ext in ((png_dir, "png"), (svg_dir, "svg")):
        if directory is None:
            continue
        check_output_dir(directory, field=ext)
        files += [
            Output(p, b, ext, owned=True)
            for p, b in chart_files(charts, Path(directory), ext, scale)
        ]
    return write_all(files)
