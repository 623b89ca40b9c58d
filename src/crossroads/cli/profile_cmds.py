"""Profile commands: ``example`` (bundled profiles), ``validate`` and the ``assess`` questionnaire.

These are thin shells: the logic lives in :mod:`crossroads.profile` and :mod:`crossroads.assess`.
Bad input propagates as :class:`~crossroads.errors.InputError`, which ``main.py`` prints (every
problem, with its field path) before exiting 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app, print_json


@app.command("example")
def example_cmd(
    name: Annotated[
        str | None,
        typer.Argument(help="Which example: cash-now, career-changer (default), student, dana."),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", "-l", help="List the bundled examples with a description.")
    ] = False,
    cohort: Annotated[
        bool,
        typer.Option(
            "--cohort", help="Print the bundled example cohort (CSV) for `crossroads cohort`."
        ),
    ] = False,
) -> None:
    """Print a bundled example profile (commented YAML) to stdout.

    Start from one: `crossroads example cash-now > me.yaml`, edit it, then
    `crossroads validate me.yaml`.
    """
    from crossroads.profile import example_description, example_names, example_text

    if cohort:
        from crossroads.cohort.example import example_cohort_text

        sys.stdout.write(example_cohort_text())
        return
    if list_:
        names = example_names()
        width = max(len(n) for n in names)
        for n in names:
            default = " (default)" if n == "career-changer" else ""
            sys.stdout.write(f"{n:<{width}}  {example_description(n)}{default}\n")
        return
    sys.stdout.write(example_text(name or "career-changer"))


@app.command("validate")
def validate_cmd(
    profile: Annotated[Path, typer.Argument(help="Profile file (.yaml, .yml, .toml or .json).")],
    json_: Annotated[
        bool, typer.Option("--json", help="Print the validated profile as one JSON document.")
    ] = False,
) -> None:
    """Check a profile file: print OK and a short summary, or every problem (exit 2)."""
    from crossroads.profile import load_profile
    from crossroads.world.currency import fx_for_profile
    from crossroads.world.fmt import money

    p = load_profile(profile)
    if json_:
        print_json(p.to_data())
        return
    m, t = p.money, p.time
    net = m.monthly_expenses - m.other_monthly_income
    runway = (
        f"{(m.savings - m.cash_floor) / net:.1f} months of runway without earnings"
        if net > 0
        else "other income covers expenses"
    )
    rated = len(p.skills)
    cur, cc = p.currency, p.country
    lines = [
        f"OK: {profile}",
        f"  {p.name} — {p.country}, amounts in {p.currency}"
        + ("" if cur == "USD" else f" ({fx_for_profile(p).describe()})"),
        f"  money: savings {money(m.savings, cur, cc)}, expenses {money(m.monthly_expenses, cur, cc)}/month, "
        f"other income {money(m.other_monthly_income, cur, cc)}/month, floor {money(m.cash_floor, cur, cc)} "
        f"({runway})",
        f"  time: {t.hours_per_week:g} h/week over {t.horizon_months} months",
        f"  skills rated: {rated} of 35; top priorities: "
        + ", ".join(_top_priorities(p.priorities.as_dict())),
        f"  risk: at most {p.risk.max_shortfall_probability:.0%} chance of running short",
    ]
    for w in p.current_work:
        lines.append(
            f"  already works on {w.platform}: {w.hours_per_week:g} h/week, "
            f"{money(w.earnings_per_month, cur, cc)}/month (no onboarding for it)"
        )
    for t_ in p.targets:
        lines.append(
            f"  own wage for target {t_.code}: {money(t_.wage_hourly, cur, cc, cents=True)}/h"
        )
    if p.assumptions:
        lines.append(f"  assumptions overridden: {', '.join(sorted(p.assumptions))}")
    sys.stdout.write("\n".join(lines) + "\n")


def _top_priorities(pr: dict[str, float], n: int = 3) -> list[str]:
    ranked = sorted(pr.items(), key=lambda kv: -kv[1])
    return [f"{k} ({v:g})" for k, v in ranked[:n]]


@app.command("assess")
def assess_cmd(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the profile (YAML).")
    ] = Path("profile.yaml"),
    restart: Annotated[
        bool, typer.Option("--restart", help="Discard saved progress and start over.")
    ] = False,
) -> None:
    """Answer a questionnaire (money, time, priorities, soft skills on O*NET's 0-7 scale).

    Enter accepts the default shown in brackets, ? shows help, q or Ctrl-D stops.

    Progress is saved after every answer to OUTPUT.partial.json; the same command resumes it.

    Answers can be piped on stdin, one per line. Exit 0 = profile written, 1 = stopped early.
    """
    from crossroads.assess import Questionnaire, state_path

    def ask(prompt: str) -> str | None:
        if sys.stdin.isatty():
            try:
                return input(prompt)
            except EOFError:
                sys.stdout.write("\n")
                return None
        sys.stdout.write(prompt)
        line = sys.stdin.readline()
        if line == "":
            sys.stdout.write("\n")
            return None
        sys.stdout.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\r\n")

    def say(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    q = Questionnaire(output=output, ask=ask, say=say, restart=restart)
    try:
        done = q.run()
    except KeyboardInterrupt:
        # Every answer given so far is already saved; say so before main.py reports exit 130.
        say(
            f"\nInterrupted. Progress saved to {state_path(output)}; run the same command to resume."
        )
        raise
    if not done:
        say(f"Stopped. Progress saved to {state_path(output)}; run the same command to resume.")
        raise typer.Exit(1)
