"""The offline Vega / Vega-Lite / vega-embed JavaScript bundle that makes the report self-contained.

Why vendored: ``vl_convert.javascript_bundle()`` builds the bundle at run time and takes about
3.4 s on this machine — more than the whole report budget (3 s). The bundle it produces is
deterministic for a given vl-convert version, so it is written once into ``static/`` (with its
sha256 in ``static/VENDORED.txt``) and read from there. If the file is missing (e.g. a stripped
install) we fall back to building it, which is slower but still offline.

Regenerate after upgrading vl-convert-python::

    .venv/bin/python -m crossroads.report.bundle --write
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
BUNDLE_PATH = STATIC / "vega-bundle.js"
VENDORED_TXT = STATIC / "VENDORED.txt"


@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Return the bundle's source (a classic script setting ``window.vegaEmbed``)."""
    if BUNDLE_PATH.exists():
        return BUNDLE_PATH.read_text(encoding="utf-8")
    import vl_convert as vlc  # slow path: ~3.4 s

    return str(vlc.javascript_bundle())  # type: ignore[call-arg]  # snippet is optional at run time


def recorded_sha256() -> str | None:
    """The sha256 written in VENDORED.txt when the bundle was vendored (None if absent)."""
    if not VENDORED_TXT.exists():
        return None
    for line in VENDORED_TXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("sha256 "):
            return line.split()[1]
    return None


def file_sha256() -> str:
    """The sha256 of the vendored file as it is now on disk."""
    return hashlib.sha256(BUNDLE_PATH.read_bytes()).hexdigest()


def write_vendored() -> str:
    """Rebuild the bundle with the installed vl-convert and record its version and hash."""
    from importlib.metadata import version

    import vl_convert as vlc

    src = str(vlc.javascript_bundle())  # type: ignore[call-arg]
    BUNDLE_PATH.write_text(src, encoding="utf-8")
    digest = file_sha256()
    VENDORED_TXT.write_text(
        "vega-bundle.js: the offline Vega + Vega-Lite + vega-embed bundle, written by\n"
        f"vl_convert.javascript_bundle() (vl-convert-python {version('vl-convert-python')}; "
        f"vega {vlc.get_vega_version()},\n"
        f"vega-lite 6.4 (default), vega-embed {vlc.get_vega_embed_version()}).\n"
        "Vendored because building it at run time takes ~3.4 s, more than the whole report budget.\n"
        "Regenerate: .venv/bin/python -m crossroads.report.bundle --write\n"
        f"sha256 {digest}\n"
        f"bytes {BUNDLE_PATH.stat().st_size}\n",
        encoding="utf-8",
    )
    javascript_bundle.cache_clear()
    return digest


if __name__ == "__main__":  # pragma: no cover
    if "--write" in sys.argv:
        print(write_vendored())
    else:
        print(f"vendored sha256 {recorded_sha256()} on disk {file_sha256()}")
