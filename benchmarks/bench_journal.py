"""The journal's throughput (issue 14): a messy spreadsheet import, and logging one entry at a time.

* ``journal_import_rows_per_s`` — rows per second (wall) importing a 10,000-row CSV with the mess
  a real export has (a BOM, semicolons, day-first and written-out dates, decimal commas, currency
  symbols, an extra column, 1 % bad rows that go to the rejects file) into an empty SQLite journal,
  in one transaction; ``journal_import_cpu_s`` its process CPU time and
  ``journal_import_rows_per_cpu_s`` the rate per CPU second (what a loaded machine cannot blur).
* ``journal_reimport_stored`` — rows stored when the same file is imported again (must be 0:
  natural keys make an import idempotent); ``journal_import_rejected`` — rows rejected (100).
* ``journal_log_per_s`` — single ``log work`` calls per second (each its own committed, durable
  transaction, as the CLI and the web app write them).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

ROWS = 10_000
LOGS = 300

_DATES = ("{d:02d}.11.2026", "2026-11-{d:02d}", "Nov {d}, 2026")
_MONEY = ("${v:.2f}", "{v:.2f} €", "{c}")


def _messy_csv(path: Path, rows: int) -> None:
    rng = random.Random(7)
    lines = [
        "\ufeffDate;Site;Task Type;Paid Minutes;Unpaid Searching Minutes;Reward;Currency;"
        "Status;Colour"
    ]
    for i in range(rows):
        day = 1 + i % 28
        date = rng.choice(_DATES).format(d=day)
        value = rng.uniform(0.2, 12.0)
        money = rng.choice(_MONEY).format(v=value, c=f"{value:.2f}".replace(".", ","))
        cur = "EUR" if "€" in money else "USD"
        paid = rng.randint(5, 90)
        if i % 100 == 99:  # 1 % bad rows: a month 13 and a word for money
            date, money = "2026-13-40", "lots"
        lines.append(
            f"{date};Site{i % 7};task{i % 5};{paid};{rng.randint(0, 30)};{money};{cur};"
            f"{rng.choice(('approved', 'pending', ''))};x{i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run() -> dict[str, float]:
    from crossroads.journal import JournalStore

    mapping = {"Site": "platform", "Reward": "earnings"}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "export.csv"
        _messy_csv(src, ROWS)
        j = JournalStore(f"sqlite:///{Path(tmp) / 'bench.sqlite'}").journal()
        cpu, t = time.process_time(), time.perf_counter()
        first = j.import_csv(src, mapping=mapping, rejects=Path(tmp) / "rejects.csv")
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        again = j.import_csv(src, mapping=mapping)
        log = JournalStore(f"sqlite:///{Path(tmp) / 'log.sqlite'}").journal()
        t = time.perf_counter()
        for i in range(LOGS):
            log.log_work(platform="Prolific", paid_minutes=30 + i % 20, earnings=4.5)
        log_wall = time.perf_counter() - t
    return {
        "journal_import_rows_per_s": round(ROWS / wall, 1),
        "journal_import_cpu_s": round(cpu, 3),
        "journal_import_rows_per_cpu_s": round(ROWS / cpu, 1),
        "journal_import_rejected": float(first["rejected"]),
        "journal_reimport_stored": float(again["stored"]),
        "journal_log_per_s": round(LOGS / log_wall, 1),
        "journal_load_average_1min": round(os.getloadavg()[0], 2),
    }
