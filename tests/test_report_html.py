"""The HTML report is self-contained and every number in it is traceable; PNG/SVG export works.

These tests use the synthetic :func:`crossroads.report.sample.sample_data` so they do not depend
on the engine; tests/test_report_cli.py checks the real report against ``advise --json``.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest

from crossroads.report import write_report_data
from crossroads.report.bundle import file_sha256, recorded_sha256
from crossroads.report.charts import build_charts
from crossroads.report.html import export_images, fmt_number, lookup, render_html
from crossroads.report.sample import sample_data

NUM_SPAN = re.compile(
    r'<span class="num" data-src="([^"]+)" data-path="([^"]*)" data-kind="([^"]+)" data-value="([^"]*)">([^<]*)</span>'
)


@pytest.fixture(scope="module")
def html_text() -> str:
    data = sample_data()
    return render_html(data, build_charts(data))


def test_no_external_resources(html_text: str) -> None:
    lower = html_text.lower()
    assert "<script src" not in lower and re.search(r"<script[^>]*\ssrc=", lower) is None
    assert re.search(r"<link[^>]*rel=[\"']?stylesheet", lower) is None
    assert "@import" not in lower and "@font-face" not in lower
    assert re.search(r"url\(\s*['\"]?https?:", lower) is None
    assert re.search(r"<(img|iframe|audio|video|source)[^>]*\ssrc=[\"']?https?:", lower) is None
    # the bundle is inline: vega-embed is defined in the page itself
    assert "window.vegaEmbed=" in html_text


def test_every_chart_has_a_container_and_description(html_text: str) -> None:
    for c in build_charts(sample_data()):
        assert f'id="chart-{c.id}"' in html_text
        assert f'id="fig-{c.id}-d"' in html_text  # visible caption
        assert f'aria-describedby="fig-{c.id}-d"' in html_text


def test_specs_are_embedded_safely(html_text: str) -> None:
    m = re.search(
        r'<script type="application/json" id="crossroads-specs">(.*?)</script>', html_text, re.S
    )
    assert m is not None
    specs = json.loads(m.group(1))
    assert set(specs) == {c.id for c in build_charts(sample_data())}


def test_every_traced_number_equals_its_source(html_text: str) -> None:
    data = sample_data()
    spans = NUM_SPAN.findall(html_text)
    assert len(spans) > 40
    for src, path, kind, raw, shown in spans:
        value = lookup(data.docs[src], path)
        assert json.loads(raw.replace("&quot;", '"')) == value, (src, path)
        assert shown == fmt_number(value, kind, data.currency).replace("&", "&amp;"), (src, path)


def test_recommendation_and_confidence_are_shown(html_text: str) -> None:
    data = sample_data()
    rec = data.docs["advice"]["options"][0]
    assert rec["label"] in html_text
    assert (
        'data-path="options.0.p_first" data-kind="pct" data-value="0.58">58.0%</span>' in html_text
    )
    # reasons and tipping points in plain language
    for sentence in data.docs["advice"]["explanation"]:
        assert sentence in html_text
    assert "With savings above 5,200 USD the career alone ranks first." in html_text
    assert "seed" in html_text and "--seed 0 --paths 2000" in html_text


def test_warnings_come_first_when_nothing_is_safe() -> None:
    data = sample_data()
    data.docs["advice"]["warnings"] = [
        "No option keeps the chance of running short within your 10% tolerance."
    ]
    text = render_html(data, build_charts(data))
    assert 'id="warnings"' in text
    assert text.index('id="warnings"') < text.index('id="recommendation"')
    assert "No option keeps the chance" in text


def test_no_warning_box_without_warnings(html_text: str) -> None:
    assert 'id="warnings"' not in html_text


def test_fmt_number_kinds() -> None:
    assert fmt_number(0.1234, "pct") == "12.3%"
    assert fmt_number(12345.6, "money", "EUR") == "12,346 EUR"
    assert fmt_number(None, "months") == "never"
    assert fmt_number(None, "money") == "n/a"
    assert fmt_number(3.0, "months") == "3"
    assert fmt_number(2000, "int") == "2,000"


def test_vendored_bundle_matches_its_record() -> None:
    assert recorded_sha256() == file_sha256()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", head[16:24])
    return w, h


def test_png_and_svg_export(tmp_path: Path) -> None:
    data = sample_data()
    charts = build_charts(data)
    written = export_images(charts, png_dir=tmp_path / "png", svg_dir=tmp_path / "svg", scale=1)
    assert len(written) == 2 * len(charts)
    for c in charts:
        w, h = _png_size(tmp_path / "png" / f"{c.id}.png")
        assert 250 <= w <= 2500 and 120 <= h <= 2500, (c.id, w, h)
        svg = (tmp_path / "svg" / f"{c.id}.svg").read_text(encoding="utf-8")
        m = re.search(r'<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"', svg)
        assert m is not None, c.id
        assert 250 <= float(m.group(1)) <= 2500 and 120 <= float(m.group(2)) <= 2500
        assert c.title in svg  # titles are real text in the SVG


def test_write_report_data(tmp_path: Path) -> None:
    out = write_report_data(sample_data(), tmp_path / "sub" / "r.html", svg_dir=tmp_path / "svg")
    assert out.exists() and out.stat().st_size > 500_000  # the inline bundle is ~900 KB
    assert sorted(p.stem for p in (tmp_path / "svg").glob("*.svg")) == sorted(
        c.id for c in build_charts(sample_data())
    )
