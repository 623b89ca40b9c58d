"""Plain JSON values from the core's objects: the one place every ``--json`` document is shaped.

Why here and not in a face: the CLI's ``--json``, the web API and the cohort files must be the
same document byte for byte, so the conversion (NaN and infinities as ``null``, NumPy scalars as
numbers, tuples as lists, keys as strings) lives in the core.
"""

from __future__ import annotations

import json
import math
from typing import Any


def jsonable(obj: Any) -> Any:
    """``obj`` with NaN/inf as None, NumPy scalars as Python numbers and every key a string."""
    if isinstance(obj, float):
        return None if (math.isnan(obj) or math.isinf(obj)) else obj
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalar
        return jsonable(obj.item())
    return obj


def jsonable_object(obj: dict[str, Any]) -> dict[str, Any]:
    """:func:`jsonable` for a document (a mapping at the top), typed as one."""
    return {str(k): jsonable(v) for k, v in obj.items()}


def dumps(obj: Any) -> str:
    """The document as printed by every ``--json`` (indented, UTF-8, stable key order)."""
    return json.dumps(jsonable(obj), indent=2, ensure_ascii=False)
