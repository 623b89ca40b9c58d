"""``crossroads log …``, ``crossroads clock …`` and ``crossroads journal …``: the journal's CLI.

A thin face over :class:`crossroads.journal.Journal`: each command parses its options, makes one
journal call and renders the result (``--json`` prints the API's own dict). ``--db URL`` (or
``CROSSROADS_DB``) chooses the database and ``--person NAME`` the person on every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from .app import app, console, print_json

DB_HELP = "Journal database: a file path or SQLAlchemy URL (default: $CROSSROADS_DB, else the user data dir)."
PERSON_HELP = "Whose journal (default: the one local person, 'me')."

log_app = typer.Typer(
    help="Log what really happened: work, learning, applications, cash.", no_args_is_help=True
)
clock_app = typer.Typer(
    help="A work timer that keeps running when the shell closes.", no_args_is_help=True
)
journal_app = typer.Typer(
    help="Your journal: summary, list, edit, delete, import, export, advice history.",
    invoke_without_command=True,
)
app.add_typer(log_app, name="log")
app.add_typer(clock_app, name="clock")
app.add_typer(journal_app, name="journal")

DbOpt = typer.Option(None, "--db", help=DB_HELP)
PersonOpt = typer.Option(None, "--person", help=PERSON_HELP)
JsonOpt = typer.Option(False, "--json", help="Print one JSON document.")


def open_journal(db: str | None, person: str | None, create: bool = True) -> Any:
    """The person's journal through the service object when it exists, else the store directly."""
    from crossroads import Crossroads

    return Crossroads(db=db).journal(person, create=create)


def _drop_none(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def _logged(entry: dict[str, Any], json_out: bool) -> None:
    if json_out:
        print_json(entry)
        return
    console.print(
        f"logged {entry['kind']} entry {entry['id']}: {escape(_summary(entry))}", highlight=False
    )


def _summary(e: dict[str, Any]) -> str:
    k = e["kind"]
    if k == "work":
        mins = (e.get("paid_minutes") or 0) + (e.get("unpaid_minutes") or 0)
        wage = e.get("effective_hourly_wage")
        w = f", {wage:.2f} {e.get('currency')}/h effective" if wage is not None else ""
        task = f" {e['task_type']}" if e.get("task_type") else ""
        return (
            f"{e['platform']}{task}, {mins:g} min ({e.get('unpaid_minutes') or 0:g} unpaid), "
            f"{(e.get('earnings') or 0) + (e.get('bonus') or 0):g} {e.get('currency')} {e.get('status')}{w}"
        )
    if k == "learn":
        what = e.get("skills") or e.get("course") or "study"
        return f"{what}: {e.get('hours'):g} h, cost {e.get('cost') or 0:g}, {e.get('milestone')}"
    if k == "apply":
        who = " at ".join(x for x in (e.get("occupation"), e.get("employer")) if x) or "(unnamed)"
        return f"{e.get('stage')}: {who}" + (f" via {e['channel']}" if e.get("channel") else "")
    return f"cash balance {e.get('balance'):g} {e.get('currency')}"


# ------------------------------------------------------------------------------------------ log
@log_app.command("work")
def log_work(
    platform: str = typer.Option(..., "--platform", "-p", help="Platform, e.g. Prolific."),
    earnings: str = typer.Option(
        "0", "--earnings", "--earned", help="Money earned (platform currency)."
    ),
    task_type: str | None = typer.Option(None, "--task-type", "-t", help="Kind of task."),
    requester: str | None = typer.Option(None, "--requester", help="Requester or client."),
    date: str | None = typer.Option(
        None, "--date", help="Day (default: today, or the start's day)."
    ),
    start: str | None = typer.Option(None, "--start", help="Start time, e.g. '2026-11-23 09:00'."),
    end: str | None = typer.Option(None, "--end", help="End time; with --start gives the minutes."),
    paid_minutes: str | None = typer.Option(
        None, "--paid-minutes", "--minutes", help="Paid minutes."
    ),
    unpaid_minutes: str | None = typer.Option(
        None, "--unpaid-minutes", help="Total unpaid minutes."
    ),
    searching: str | None = typer.Option(
        None, "--unpaid-searching", help="Unpaid minutes searching for tasks."
    ),
    qualification: str | None = typer.Option(
        None, "--unpaid-qualification", help="… qualifications, screeners."
    ),
    returned: str | None = typer.Option(
        None, "--unpaid-returned", help="… returned or abandoned tasks."
    ),
    rejected: str | None = typer.Option(
        None, "--unpaid-rejected", help="… work that was rejected."
    ),
    waiting: str | None = typer.Option(None, "--unpaid-waiting", help="… waiting for tasks."),
    payment_admin: str | None = typer.Option(
        None, "--unpaid-payment-admin", help="… payments, admin."
    ),
    bonus: str | None = typer.Option(None, "--bonus", help="Bonus earned."),
    currency: str | None = typer.Option(
        None, "--currency", help="ISO code (default: your currency)."
    ),
    status: str | None = typer.Option(
        None, "--status", help="pending (default), approved or rejected."
    ),
    note: str | None = typer.Option(None, "--note", help="Free text."),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Log a microtask work session: paid and unpaid minutes by category, earnings, status."""
    fields = _drop_none(
        platform=platform,
        earnings=earnings,
        task_type=task_type,
        requester=requester,
        date=date,
        started_at=start,
        ended_at=end,
        paid_minutes=paid_minutes,
        unpaid_minutes=unpaid_minutes,
        unpaid_searching_minutes=searching,
        unpaid_qualification_minutes=qualification,
        unpaid_returned_minutes=returned,
        unpaid_rejected_minutes=rejected,
        unpaid_waiting_minutes=waiting,
        unpaid_payment_admin_minutes=payment_admin,
        bonus=bonus,
        currency=currency,
        status=status,
        note=note,
    )
    _logged(open_journal(db, person).add("work", fields), json_out)


@log_app.command("learn")
def log_learn(
    hours: str = typer.Option(..., "--hours", help="Hours of study."),
    skill: list[str] = typer.Option([], "--skill", help="Skill studied (repeatable)."),
    course: str | None = typer.Option(None, "--course", help="Course or material."),
    cost: str | None = typer.Option(None, "--cost", help="Money spent."),
    milestone: str | None = typer.Option(
        None, "--milestone", help="started, progress (default), module_done, certificate."
    ),
    date: str | None = typer.Option(None, "--date", help="Day (default: today)."),
    note: str | None = typer.Option(None, "--note"),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Log study time, cost and milestones."""
    fields = _drop_none(
        hours=hours,
        skills=", ".join(skill) if skill else None,
        course=course,
        cost=cost,
        milestone=milestone,
        date=date,
        note=note,
    )
    _logged(open_journal(db, person).add("learn", fields), json_out)


@log_app.command("apply")
def log_apply(
    stage: str = typer.Option(
        "application", "--stage", help="application (default), interview, offer, hire, rejection."
    ),
    occupation: str | None = typer.Option(
        None, "--occupation", help="Occupation (title or O*NET-SOC code)."
    ),
    employer: str | None = typer.Option(None, "--employer"),
    channel: str | None = typer.Option(None, "--channel", help="Job board, referral, marketplace…"),
    date: str | None = typer.Option(None, "--date", help="Day (default: today)."),
    note: str | None = typer.Option(None, "--note"),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Log a job-search event: an application, interview, offer, hire or rejection."""
    fields = _drop_none(
        stage=stage, occupation=occupation, employer=employer, channel=channel, date=date, note=note
    )
    _logged(open_journal(db, person).add("apply", fields), json_out)


@log_app.command("cash")
def log_cash(
    balance: str = typer.Option(..., "--balance", help="Cash now (negative = debt)."),
    currency: str | None = typer.Option(None, "--currency"),
    date: str | None = typer.Option(None, "--date", help="Day (default: today)."),
    note: str | None = typer.Option(None, "--note"),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Log a cash balance check-in (compared with the plan's cash band)."""
    fields = _drop_none(balance=balance, currency=currency, date=date, note=note)
    _logged(open_journal(db, person).add("cash", fields), json_out)


# ---------------------------------------------------------------------------------------- clock
@clock_app.command("start")
def clock_start(
    platform: str = typer.Option(..., "--platform", "-p"),
    task_type: str | None = typer.Option(None, "--task-type", "-t"),
    requester: str | None = typer.Option(None, "--requester"),
    ago: str | None = typer.Option(
        None, "--ago", help="The session began MINUTES ago (you started the timer late)."
    ),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Start the work timer (kept in the journal database: closing the shell does not stop it)."""
    c = open_journal(db, person).clock_start(
        platform, task_type=task_type, requester=requester, ago_minutes=ago
    )
    if json_out:
        print_json(c)
        return
    console.print(
        f"clock started on {escape(c['platform'])} at {c['started_at']}; "
        "stop it with `crossroads clock stop --earned X`",
        highlight=False,
    )


@clock_app.command("stop")
def clock_stop(
    earned: str = typer.Option("0", "--earned", "--earnings", help="Money earned in the session."),
    unpaid_minutes: str | None = typer.Option(
        None, "--unpaid-minutes", help="Unpaid minutes within it."
    ),
    bonus: str | None = typer.Option(None, "--bonus"),
    status: str | None = typer.Option(None, "--status"),
    note: str | None = typer.Option(None, "--note"),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Stop the timer and log the session (elapsed time = paid + unpaid minutes)."""
    e = open_journal(db, person).clock_stop(
        earned=earned, unpaid_minutes=unpaid_minutes, bonus=bonus, status=status, note=note
    )
    _logged(e, json_out)


@clock_app.command("status")
def clock_status(
    db: str | None = DbOpt, person: str | None = PersonOpt, json_out: bool = JsonOpt
) -> None:
    """Show the running timer, if any."""
    c = open_journal(db, person).clock_status()
    if json_out:
        print_json(c)
    elif c is None:
        console.print("no timer is running")
    else:
        console.print(
            f"running on {escape(c['platform'])} since {c['started_at']} ({c['minutes']:g} min)",
            highlight=False,
        )


# -------------------------------------------------------------------------------------- journal
@journal_app.callback()
def journal_summary(
    ctx: typer.Context,
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Your journal's summary: effective hourly wage (unpaid time counted), by platform, and more."""
    ctx.obj = {"db": db, "person": person}
    if ctx.invoked_subcommand is not None:
        return
    stats = open_journal(db, person).stats()
    if json_out:
        print_json(stats)
        return
    render_stats(stats)


def _ctx_opts(
    ctx: typer.Context, db: str | None, person: str | None
) -> tuple[str | None, str | None]:
    obj = ctx.obj or {}
    return db if db is not None else obj.get("db"), person if person is not None else obj.get(
        "person"
    )


def _fmt(x: float | None, unit: str = "") -> str:
    return "—" if x is None else f"{x:,.2f}{unit}"


def render_stats(s: dict[str, Any]) -> None:
    """The Rich summary of :meth:`Journal.stats`."""
    cur = s["currency"]
    w = s["work"]
    console.print(
        f"[bold]Journal of {escape(s['person'])}[/] — {sum(s['entries'].values())} entries "
        f"({', '.join(f'{v} {k}' for k, v in s['entries'].items())})",
        highlight=False,
    )
    if w["sessions"]:
        share = s["unpaid_share"]
        console.print(
            f"Effective hourly wage: [bold]{_fmt(s['effective_hourly_wage'])} {cur}/h[/] over "
            f"{w['hours']:,.1f} h ({_fmt(share * 100 if share is not None else None)} % unpaid); "
            f"paid time only: {_fmt(w['paid_hourly_wage'])} {cur}/h",
            highlight=False,
        )
        m = w["money"]
        console.print(
            f"Money: {m['approved']:,.2f} approved, {m['pending']:,.2f} pending, "
            f"{m['rejected']:,.2f} rejected ({cur}); trend: {s['trend']['direction']}",
            highlight=False,
        )
        t = Table(title="By platform", show_edge=False)
        for col in ("platform", "sessions", "hours", "unpaid %", f"{cur}/h"):
            t.add_column(col, justify="left" if col == "platform" else "right")
        for g in s["by_platform"]:
            t.add_row(
                escape(g["platform"]),
                str(g["sessions"]),
                f"{g['hours']:.1f}",
                _fmt(g["unpaid_share"] * 100 if g["unpaid_share"] is not None else None),
                _fmt(g["effective_hourly_wage"]),
            )
        console.print(t)
        cats = [
            f"{k.replace('_', ' ')} {v['share_of_time'] * 100:.1f} %"
            for k, v in s["unpaid_by_category"].items()
            if v["minutes"]
        ]
        if cats:
            console.print(
                "Unpaid time by category (share of all time): " + "; ".join(cats), highlight=False
            )
    else:
        console.print(
            "No work sessions yet: `crossroads log work --platform P --minutes N --earned X` "
            "or `crossroads clock start --platform P`."
        )
    le = s["learning"]
    if le["sessions"]:
        console.print(
            f"Learning: {le['hours']:g} h over {le['weeks']:.1f} weeks "
            f"({_fmt(le['pace_hours_per_week'])} h/week), cost {le['cost']:,.2f}",
            highlight=False,
        )
    js = s["job_search"]
    if js["applications"] or js["interviews"] or js["offers"]:
        console.print(
            f"Job search: {js['applications']} applications → {js['interviews']} interviews → "
            f"{js['offers']} offers → {js['hires']} hires",
            highlight=False,
        )
    if s["cash"]["latest"]:
        c = s["cash"]["latest"]
        console.print(f"Cash: {c['balance']:,.2f} {cur} on {c['date']}", highlight=False)
    for wmsg in s["warnings"]:
        console.print(f"[yellow]warning[/]: {escape(wmsg)}", highlight=False)


@journal_app.command("list")
def journal_list(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--kind", help="work, learn, apply or cash."),
    since: str | None = typer.Option(None, "--since", help="From this day on (YYYY-MM-DD)."),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """List entries (oldest first)."""
    db, person = _ctx_opts(ctx, db, person)
    rows = open_journal(db, person).entries(kind=kind, since=since)
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("no entries")
        return
    t = Table(show_edge=False)
    for col in ("id", "date", "kind", "entry"):
        t.add_column(col, justify="right" if col == "id" else "left")
    for e in rows:
        t.add_row(str(e["id"]), str(e["date"]), e["kind"], escape(_summary(e)))
    console.print(t)


@journal_app.command("edit")
def journal_edit(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., help="Entry id (from `crossroads journal list`)."),
    changes: list[str] = typer.Argument(
        ..., help="field=value pairs, e.g. status=approved earnings=3.50"
    ),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Change fields of an entry (e.g. a session's status once the platform approves it)."""
    from crossroads.errors import InputError

    fields: dict[str, Any] = {}
    for c in changes:
        k, sep, v = c.partition("=")
        if not sep or not k.strip():
            raise InputError.one("changes", f"expected field=value, got {c!r}")
        fields[k.strip()] = v
    db, person = _ctx_opts(ctx, db, person)
    e = open_journal(db, person, create=False).edit(entry_id, **fields)
    if json_out:
        print_json(e)
    else:
        console.print(f"entry {e['id']} now: {escape(_summary(e))}", highlight=False)


@journal_app.command("delete")
def journal_delete(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., help="Entry id."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Delete an entry (asks first)."""
    db, person = _ctx_opts(ctx, db, person)
    j = open_journal(db, person, create=False)
    e = j.get(entry_id)
    if not yes and not typer.confirm(
        f"Delete {e['kind']} entry {e['id']} ({_summary(e)})?", default=False
    ):
        console.print("nothing deleted")
        raise typer.Exit(1)
    j.delete(entry_id)
    if json_out:
        print_json(e)
    else:
        console.print(f"deleted entry {e['id']}")


@journal_app.command("import")
def journal_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV file (or a JSON export)."),
    map_: list[str] = typer.Option(
        [], "--map", help="column=field (repeatable), e.g. 'Reward=earnings'."
    ),
    kind: str = typer.Option(
        "work", "--kind", help="Kind of the rows when the file has no kind column."
    ),
    rejects: Path | None = typer.Option(
        None, "--rejects", help="Write rejected rows here (row, field, reason)."
    ),
    dayfirst: bool = typer.Option(False, "--dayfirst", help="Read 03/04/2026 as 3 April."),
    monthfirst: bool = typer.Option(False, "--monthfirst", help="Read 03/04/2026 as March 4."),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Import a CSV: every row stored or rejected with its reason; one transaction; no duplicates."""
    from crossroads.errors import InputError
    from crossroads.journal.io import parse_mapping

    if dayfirst and monthfirst:
        raise InputError.one("dayfirst", "choose --dayfirst or --monthfirst, not both")
    db, person = _ctx_opts(ctx, db, person)
    res = open_journal(db, person).import_csv(
        file,
        mapping=parse_mapping(map_),
        kind=kind,
        rejects=rejects,
        dayfirst=True if dayfirst else (False if monthfirst else None),
    )
    if json_out:
        print_json(res)
        return
    console.print(
        f"{res['rows']} rows: {res['stored']} stored, {res['duplicates']} already in the journal, "
        f"{res['rejected']} rejected ({res['rows_per_second'] or 0:,.0f} rows/s)",
        highlight=False,
    )
    for r in res["rejects"][:10]:
        console.print(
            f"  row {r['row']}: {escape(r['field'])}: {escape(r['reason'])}", highlight=False
        )
    if len(res["rejects"]) > 10:
        console.print(
            f"  … {len(res['rejects']) - 10} more"
            + (f" in {res['rejects_file']}" if rejects else "")
        )
    if res["ignored_columns"]:
        console.print(
            "ignored columns: " + escape(", ".join(res["ignored_columns"])), highlight=False
        )


@journal_app.command("export")
def journal_export(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write here (default: stdout)."
    ),
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
) -> None:
    """Export every entry (CSV or JSON); importing it into an empty journal restores it exactly."""
    import sys

    db, person = _ctx_opts(ctx, db, person)
    text = open_journal(db, person, create=False).export(output, format=fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        console.print(f"wrote {output}", markup=False, highlight=False)


@journal_app.command("history")
def journal_history(
    ctx: typer.Context,
    db: str | None = DbOpt,
    person: str | None = PersonOpt,
    json_out: bool = JsonOpt,
) -> None:
    """How the advice changed over time (every `advise --journal` run)."""
    db, person = _ctx_opts(ctx, db, person)
    runs = open_journal(db, person, create=False).history()
    if json_out:
        print_json(runs)
        return
    if not runs:
        console.print("no advice with the journal yet: `crossroads advise me.yaml --journal`")
        return
    t = Table(show_edge=False)
    for col in ("when", "entries", "recommendation", "wage used", "P(short)"):
        t.add_column(col)
    for r in runs:
        res = r["results"]
        wage = res.get("microtask_wage_after")
        ps = res.get("p_shortfall")
        t.add_row(
            r["created_at"],
            str(r["entries_used"]),
            escape(str(res.get("recommendation_label") or r["recommendation"])),
            "—" if wage is None else f"{wage:.2f}",
            "—" if ps is None else f"{ps * 100:.0f} %",
        )
    console.print(t)
