"""`make bench`: run every benchmark section and print one JSON object as the last line.

Each ``benchmarks/bench_*.py`` module exposes ``run() -> dict[str, float]``; sections are run in
name order in this one process so that ratios inside a section are measured in the same run.
A section that fails reports ``"<section>_error"`` instead of aborting the others.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    results: dict[str, object] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            section = module.run()
            print(f"# {name}: {json.dumps(section)}", file=sys.stderr)
            results.update(section)
        except Exception:  # report, keep going
            traceback.print_exc()
            results[f"{name}_error"] = traceback.format_exc(limit=1).strip().splitlines()[-1]
    print(json.dumps(results, sort_keys=True))
    return 1 if any(k.endswith("_error") for k in results) else 0


if __name__ == "__main__":
    sys.exit(main())
