"""Reproduce issue 13's hostile inputs against the real ``crossroads`` console script.

Each case writes its files into a fresh temporary directory, runs the CLI in a subprocess with a
memory cap (``RLIMIT_AS``) and a timeout, and checks four things: no Python traceback reached the
user, the exit code is the one the issue asks for, the run stayed within its time and memory, and
(where the case is about files) nothing was lost or left behind. The script prints one line per
failing case and the totals, so the counts before and after the hardening can be compared:

    PYTHONPATH=src python scripts/hostile_repro.py            # all cases
    PYTHONPATH=src python scripts/hostile_repro.py -k alias   # cases whose name contains "alias"

Why a script and not only tests: it runs the installed entry point exactly as a user would, with
the real process limits, and it is what the issue's note quotes ("counts before and after").
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PROFILE = """\
# my profile (a comment that must survive)
name: Alex
country: US
currency: USD
money:
  savings: 9000
  monthly_expenses: 2200
  cash_floor: 1000
time:
  hours_per_week: 30
  horizon_months: 24
skills:
  speaking: 4
  writing: 4
"""

PROFILE_JSON = (
    '{"name": "Alex", "country": "US", "money": {"savings": 9000, "monthly_expenses": 2200},'
    ' "time": {"hours_per_week": 30, "horizon_months": 24}}'
)

PROFILE_TOML = """\
name = "Alex"
country = "US"
[money]
savings = 9000
monthly_expenses = 2200
[time]
hours_per_week = 30
horizon_months = 24
"""

FAST = ["--paths", "200"]


def alias_bomb() -> str:
    """The 905-byte-class billion-laughs document, under an unknown key."""
    lines = ["a0: &a0 {" + ", ".join(f"k{j}: lol" for j in range(9)) + "}"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} {{" + ", ".join(f"k{j}: {prev}" for j in range(9)) + "}")
    return PROFILE + "junk:\n  " + "\n  ".join(lines) + "\n"


def with_line(key: str, value: str) -> Callable[[str], str]:
    """A transform of PROFILE that sets a top-level (``key``) or money (``money.key``) value."""

    def edit(text: str) -> str:
        if key.startswith("money."):
            return text.replace(
                "money:\n", f"money:\n  {key.split('.', 1)[1]}: {value}\n", 1
            ).replace("  savings: 9000\n", "", 1 if key == "money.savings" else 0)
        return text + f"{key}: {value}\n"

    return edit


@dataclass
class Case:
    """One hostile input: files to write, the argv, the exit codes accepted and extra checks."""

    name: str
    argv: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)
    expect: tuple[int, ...] = (2,)
    check: Callable[[Path, str, str], str | None] | None = None
    timeout: float = 60.0
    mem_gb: float = 3.0
    max_seconds: float | None = None  # stricter than timeout: a slow success is a failure
    sigint_after: float | None = None
    dirs: tuple[str, ...] = ()
    modes: dict[str, int] = field(default_factory=dict)
    no_dac: bool = False  # root ignores file modes: drop CAP_DAC_OVERRIDE so EACCES is real


def intact(name: str, text: str) -> Callable[[Path, str, str], str | None]:
    def check(d: Path, out: str, err: str) -> str | None:
        p = d / name
        if not p.exists():
            return f"{name} was deleted"
        if p.read_text(encoding="utf-8", errors="replace") != text:
            return f"{name} was changed"
        return None

    return check


def absent(*names: str) -> Callable[[Path, str, str], str | None]:
    def check(d: Path, out: str, err: str) -> str | None:
        left = [n for n in names if (d / n).exists()]
        return f"left behind: {left}" if left else None

    return check


def no_control(d: Path, out: str, err: str) -> str | None:
    return "a terminal escape reached the output" if "\x1b" in out + err else None


def says(*words: str) -> Callable[[Path, str, str], str | None]:
    def check(d: Path, out: str, err: str) -> str | None:
        missing = [w for w in words if w not in out + err]
        return f"message lacks {missing}" if missing else None

    return check


def both(*checks: Callable[[Path, str, str], str | None]) -> Callable[[Path, str, str], str | None]:
    def check(d: Path, out: str, err: str) -> str | None:
        for c in checks:
            problem = c(d, out, err)
            if problem:
                return problem
        return None

    return check


def assess_kept(d: Path, out: str, err: str) -> str | None:
    text = (d / "me.yaml").read_text(encoding="utf-8")
    problems = [w for w in ("# my profile", "as_of", "assumptions", "writing") if w not in text]
    mode = (d / "me.yaml").stat().st_mode & 0o777
    if mode != 0o644:
        problems.append(f"mode {oct(mode)}")
    return f"assess dropped {problems}" if problems else None


def assess_json(d: Path, out: str, err: str) -> str | None:
    import json

    try:
        json.loads((d / "new.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"new.json is not JSON ({exc})"
    return None


def no_hidden_tmp(d: Path, out: str, err: str) -> str | None:
    left = [p.name for p in d.iterdir() if p.name.endswith(".tmp")]
    return f"temporary files left: {left}" if left else None


def cases() -> list[Case]:
    P = {"me.yaml": PROFILE}
    deep = 20_000
    answers = "\n" * 200  # accept every default, then end of input
    full = PROFILE + "as_of: 2026-06-01\nassumptions:\n  mt_wage_median: 2\n"
    out: list[Case] = [
        # --- parsing: the worst ---
        Case(
            "alias-bomb",
            ["validate", "bomb.yaml"],
            {"bomb.yaml": alias_bomb()},
            max_seconds=10,
            mem_gb=1.5,
        ),
        Case(
            "date-feb30",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "as_of: 2026-02-30\n"},
            check=says("as_of"),
        ),
        Case(
            "date-month13",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "as_of: 2026-13-01\n"},
            check=says("as_of"),
        ),
        Case(
            "name-date",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("name: Alex", "name: 2025-02-29")},
            expect=(0, 2),
        ),
        Case(
            "deep-yaml",
            ["validate", "d.yaml"],
            {"d.yaml": PROFILE + "junk: " + "[" * deep + "]" * deep + "\n"},
        ),
        Case(
            "deep-yaml-map",
            ["validate", "d.yaml"],
            {"d.yaml": PROFILE + "junk: " + "{a: " * deep + "1" + "}" * deep + "\n"},
        ),
        Case(
            "deep-json",
            ["validate", "d.json"],
            {"d.json": PROFILE_JSON[:-1] + ', "junk": ' + "[" * 100_000 + "]" * 100_000 + "}"},
        ),
        Case(
            "deep-toml",
            ["validate", "d.toml"],
            {
                "d.toml": PROFILE_TOML.replace(
                    'country = "US"', 'country = "US"\njunk = ' + "[" * deep + "]" * deep
                )
            },
        ),
        Case(
            "assumption-400-digits",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "assumptions:\n  mt_wage_median: " + "9" * 400 + "\n"},
            check=says("assumptions.mt_wage_median"),
        ),
        Case(
            "savings-5001-digits",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("savings: 9000", "savings: " + "9" * 5001)},
            check=says("money.savings"),
        ),
        Case(
            "savings-json-5001-digits",
            ["validate", "me.json"],
            {"me.json": PROFILE_JSON.replace("9000", "9" * 5001)},
            check=says("money.savings"),
        ),
        Case(
            "as_of-9999",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "as_of: 9999-12-31\n"},
            check=says("as_of"),
        ),
        Case(
            "as_of-1900",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "as_of: 1900-01-01\n"},
            check=says("as_of"),
        ),
        Case(
            "savings-1e308",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("savings: 9000", "savings: 1.0e+308")},
            check=says("money.savings"),
        ),
        Case(
            "expenses-1e300",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("monthly_expenses: 2200", "monthly_expenses: 1.0e+300")},
            check=says("money.monthly_expenses"),
        ),
        Case("bom-yaml", ["validate", "me.yaml"], {"me.yaml": "\ufeff" + PROFILE}, expect=(0,)),
        Case(
            "bom-json", ["validate", "me.json"], {"me.json": "\ufeff" + PROFILE_JSON}, expect=(0,)
        ),
        Case(
            "bom-toml", ["validate", "me.toml"], {"me.toml": "\ufeff" + PROFILE_TOML}, expect=(0,)
        ),
        Case(
            "sexagesimal",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("savings: 9000", "savings: 1:30:00")},
            check=says("money.savings"),
        ),
        Case(
            "octal-yaml11",
            ["validate", "--json", "me.yaml"],
            {"me.yaml": PROFILE.replace("savings: 9000", "savings: 012000")},
            expect=(0,),
            check=says('"savings": 12000'),
        ),
        Case(
            "merge-key",
            ["validate", "me.yaml"],
            {
                "me.yaml": PROFILE.replace(
                    "money:\n",
                    "base: &b\n  savings: 9000\n  monthly_expenses: 2200\nmoney:\n  <<: *b\n",
                    1,
                ).replace(
                    "  savings: 9000\n  monthly_expenses: 2200\n  cash_floor", "  cash_floor", 1
                )
            },
            expect=(0, 2),
            check=says("base"),
        ),
        Case(
            "merge-key-plain",
            ["validate", "me.yaml"],
            {"me.yaml": "defaults: &d {savings: 9000, monthly_expenses: 2200}\n"},
            expect=(2,),
        ),
        Case(
            "country-markup",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("country: US", 'country: "[us]"')},
            check=says("[us]"),
        ),
        Case(
            "name-escapes",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE.replace("name: Alex", 'name: "Alex\\e[31mRED\\e]0;pwned\\a"')},
            expect=(0, 2),
            check=no_control,
        ),
        Case(
            "name-escapes-error",
            ["validate", "me.yaml"],
            {
                "me.yaml": PROFILE.replace("name: Alex", 'name: "Alex\\e[31m"').replace(
                    "country: US", "country: ZZ\\e[2J"
                )
            },
            check=no_control,
        ),
        Case(
            "unknown-skills-100k",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "".join(f"  bogus_{i}: 3\n" for i in range(100_000))},
            max_seconds=20,
            check=says("skills.bogus_0"),
        ),
        Case(
            "huge-file",
            ["validate", "big.yaml"],
            {"big.yaml": PROFILE + "#" * (11 << 20) + "\n"},
            check=says("MB"),
        ),
        Case("not-utf8", ["validate", "me.yaml"], {"me.yaml": b"name: \xff\xfe\n"}),
        Case("binary-json", ["validate", "me.json"], {"me.json": os.urandom(2000)}),
        Case("list-toplevel", ["validate", "me.yaml"], {"me.yaml": "- a\n- b\n"}),
        Case(
            "custom-tag",
            ["validate", "me.yaml"],
            {"me.yaml": PROFILE + "x: !!python/object:os.system ls\n"},
        ),
        Case("key-is-list", ["validate", "me.yaml"], {"me.yaml": PROFILE + "? [a, b]\n: 1\n"}),
        Case(
            "zero-priorities",
            ["advise", "me.yaml", *FAST],
            {
                "me.yaml": PROFILE
                + "priorities: {"
                + ", ".join(
                    f"{c}: 0"
                    for c in (
                        "earnings",
                        "quick_payout",
                        "financial_safety",
                        "career_growth",
                        "job_security",
                        "flexibility",
                        "autonomy",
                        "low_barrier",
                        "low_competition",
                        "little_ongoing_learning",
                        "fit",
                    )
                )
                + "}\n"
            },
            check=says("priorities"),
        ),
        # --- options ---
        Case(
            "option-markup",
            ["simulate", "me.yaml", "--option", "career:[/x]", *FAST],
            P,
            check=says("[/x]"),
        ),
        Case(
            "option-markup-bold",
            ["simulate", "me.yaml", "--option", "[bold]x", *FAST],
            P,
            check=says("[bold]x"),
        ),
        Case(
            "simulate-seed-neg",
            ["simulate", "me.yaml", "--option", "microtask", "--seed", "-1", *FAST],
            P,
            check=says("seed"),
        ),
        Case(
            "advise-seed-neg", ["advise", "me.yaml", "--seed", "-1", *FAST], P, check=says("seed")
        ),
        Case(
            "seed-huge",
            ["simulate", "me.yaml", "--option", "microtask", "--seed", "9" * 60, *FAST],
            P,
            expect=(0, 2),
        ),
        Case(
            "advise-paths-1e6",
            ["advise", "me.yaml", "--paths", "1000000"],
            P,
            check=says("--paths"),
            mem_gb=3.0,
            max_seconds=30,
        ),
        Case(
            "simulate-paths-1e6",
            ["simulate", "me.yaml", "--option", "microtask", "--paths", "1000000"],
            {"me.yaml": PROFILE.replace("horizon_months: 24", "horizon_months: 120")},
            expect=(0, 2),
            mem_gb=3.0,
            max_seconds=40,
        ),
        Case(
            "target-not-teleworkable",
            ["advise", "me.yaml", *FAST, "--target", "27-2011.00"],
            P,
            expect=(0,),
            check=says("teleworkable"),
        ),
        Case(
            "target-bogus",
            ["advise", "me.yaml", *FAST, "--target", "[red]x"],
            P,
            check=says("[red]x"),
        ),
        Case("horizon-0", ["simulate", "me.yaml", "--option", "microtask", "--horizon", "0"], P),
        # --- outputs ---
        Case(
            "report-onto-profile",
            ["report", "me.yaml", "-o", "me.yaml", *FAST],
            P,
            check=intact("me.yaml", PROFILE),
            max_seconds=15,
        ),
        Case(
            "plan-onto-profile",
            ["plan", "me.yaml", "-o", "me.yaml", "--format", "md", *FAST],
            P,
            check=intact("me.yaml", PROFILE),
            max_seconds=15,
        ),
        Case(
            "plan-ics-onto-profile",
            ["plan", "me.yaml", "--ics", "me.yaml", *FAST],
            P,
            check=intact("me.yaml", PROFILE),
            max_seconds=15,
        ),
        Case("report-dev-full", ["report", "me.yaml", "-o", "/dev/full", *FAST], P, expect=(1,)),
        Case(
            "plan-dev-full",
            ["plan", "me.yaml", "-o", "/dev/full", "--format", "md", *FAST],
            P,
            expect=(1,),
        ),
        Case(
            "report-onto-dir",
            ["report", "me.yaml", "-o", "outdir", *FAST],
            P,
            dirs=("outdir",),
            max_seconds=15,
        ),
        Case(
            "report-png-file",
            ["report", "me.yaml", "-o", "r.html", "--png", "afile", *FAST],
            {**P, "afile": "x"},
            check=absent("r.html"),
            max_seconds=15,
        ),
        Case(
            "report-unwritable-dir",
            ["report", "me.yaml", "-o", "ro/r.html", *FAST],
            P,
            dirs=("ro",),
            modes={"ro": 0o555},
            expect=(1,),
            max_seconds=15,
            no_dac=True,
        ),
        Case(
            "plan-ics-and-dir",
            ["plan", "me.yaml", "--ics", "ok.ics", "-o", "outdir", *FAST],
            P,
            dirs=("outdir",),
            check=absent("ok.ics"),
            max_seconds=15,
        ),
        Case(
            "report-overwrite-foreign",
            ["report", "me.yaml", "-o", "notes.html", *FAST],
            {**P, "notes.html": "<p>my own notes</p>"},
            check=intact("notes.html", "<p>my own notes</p>"),
        ),
        Case(
            "assess-keeps-fields",
            ["assess", "-o", "me.yaml"],
            {"me.yaml": full},
            expect=(0,),
            check=assess_kept,
            timeout=90,
        ),
        Case(
            "assess-json",
            ["assess", "-o", "new.json"],
            {},
            expect=(0,),
            check=assess_json,
            timeout=90,
        ),
        Case(
            "assess-ctrl-c",
            ["assess", "-o", "x.yaml"],
            {},
            expect=(130,),
            sigint_after=2.5,
            check=no_hidden_tmp,
        ),
        Case("early-ctrl-c", ["advise", "me.yaml"], P, expect=(130,), sigint_after=0.25),
        Case("import-ctrl-c", ["advise", "me.yaml"], P, expect=(130,), sigint_after=0.6),
        Case(
            "late-ctrl-c",
            ["report", "me.yaml", "-o", "r.html"],
            P,
            expect=(130,),
            sigint_after=4.0,
            check=absent("r.html"),
        ),
    ]
    for c in out:
        if c.name == "assess-json":  # a new profile: the questions without a default need answers
            c.files = {**c.files, "__stdin__": "Alex\nUS\n\n9000\n2200\n" + answers}
        elif c.name.startswith("assess") and c.name != "assess-ctrl-c":
            c.files = {**c.files, "__stdin__": answers}
        if c.name == "assess-ctrl-c":
            c.files = {"__stdin__": ""}
    return out


def _limit(mem_gb: float) -> Callable[[], None]:
    def apply() -> None:
        cap = int(mem_gb * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        os.setsid()

    return apply


def run_case(case: Case, exe: str) -> tuple[Case, list[str], float]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        d = Path(tmp)
        stdin = None
        for name, content in case.files.items():
            if name == "__stdin__":
                stdin = content
                continue
            p = d / name
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8")
            p.chmod(0o644)
        for name in case.dirs:
            (d / name).mkdir()
        for name, mode in case.modes.items():
            (d / name).chmod(mode)
        env = {**os.environ, "COLUMNS": "120"}
        env.pop("CROSSROADS_DEBUG", None)
        t0 = time.perf_counter()
        prefix: list[str] = []
        if case.no_dac and os.geteuid() == 0 and shutil.which("setpriv"):
            prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
        proc = subprocess.Popen(
            [*prefix, exe, *case.argv],
            cwd=d,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_limit(case.mem_gb),
        )
        problems: list[str] = []
        try:
            if case.sigint_after is not None:
                time.sleep(case.sigint_after)
                os.killpg(proc.pid, signal.SIGINT)
            out, err = proc.communicate(
                input=stdin if isinstance(stdin, str) else None, timeout=case.timeout
            )
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            problems.append(f"timed out after {case.timeout:.0f} s")
        elapsed = time.perf_counter() - t0
        if "Traceback (most recent call last)" in err or "Traceback (most recent call last)" in out:
            last = [line for line in err.strip().splitlines() if line.strip()][-1:] or ["?"]
            problems.append(f"TRACEBACK ({last[0][:120]})")
        if proc.returncode not in case.expect and not any(
            p.startswith("timed out") for p in problems
        ):
            problems.append(f"exit {proc.returncode}, expected {'/'.join(map(str, case.expect))}")
        if case.max_seconds is not None and elapsed > case.max_seconds:
            problems.append(f"took {elapsed:.1f} s (limit {case.max_seconds:g} s)")
        if case.check is not None:
            for name in case.modes:
                (d / name).chmod(0o755)
            try:
                problem = case.check(d, out, err)
            except Exception as exc:  # noqa: BLE001 - a broken postcondition is a failure to report
                problem = f"check failed: {exc!r}"
            if problem:
                problems.append(problem)
        for name in case.modes:
            (d / name).chmod(0o755)
        shutil.rmtree(d, ignore_errors=True)
    return case, problems, elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", default="", help="only cases whose name matches this regular expression")
    ap.add_argument("-j", type=int, default=2, help="cases run at once")
    ap.add_argument("--exe", default=shutil.which("crossroads") or "crossroads")
    args = ap.parse_args()
    import re

    chosen = [c for c in cases() if re.search(args.k, c.name)]
    tracebacks = wrong_exit = other = failing = 0
    with ThreadPoolExecutor(max_workers=args.j) as pool:
        for case, problems, elapsed in pool.map(lambda c: run_case(c, args.exe), chosen):
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {case.name:<28} {elapsed:6.1f} s  {'; '.join(problems)}", flush=True)
            tracebacks += any(p.startswith("TRACEBACK") for p in problems)
            wrong_exit += any(p.startswith(("exit", "timed out")) for p in problems)
            other += any(not p.startswith(("TRACEBACK", "exit", "timed out")) for p in problems)
            failing += bool(problems)
    print(
        f"\n{len(chosen)} cases, {failing} failing: {tracebacks} with a traceback, {wrong_exit} with "
        f"a wrong exit code or timeout, {other} with another failed check (lost file, slow, message)"
    )
    return 0 if tracebacks == wrong_exit == other == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
