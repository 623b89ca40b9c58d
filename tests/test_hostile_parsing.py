"""Hostile profile files (issue 13): each ends as an InputError naming the field or the file.

Nothing here may raise anything but InputError, take more than a moment, or use more than a few
MB: the alias bomb, deep nesting in all three formats, huge numbers, impossible dates, YAML 1.1
surprises, BOMs, and 100,000 misspelt keys. The last test fuzzes the parser with Hypothesis.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.errors import InputError
from crossroads.profile import CRITERIA, load_profile, profile_from_data
from crossroads.profile_io import (
    MAX_DEPTH,
    MAX_PROFILE_BYTES,
    parse_text,
    screen_data,
)

BASE = """\
name: Alex
country: US
money:
  savings: 9000
  monthly_expenses: 2200
time:
  hours_per_week: 30
"""

BASE_JSON = {
    "name": "Alex",
    "country": "US",
    "money": {"savings": 9000, "monthly_expenses": 2200},
    "time": {"hours_per_week": 30},
}

BASE_TOML = """\
name = "Alex"
country = "US"
[money]
savings = 9000
monthly_expenses = 2200
[time]
hours_per_week = 30
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _problems(path: Path) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        load_profile(path)
    return {e.field: e.reason for e in info.value.errors}


def alias_bomb(levels: int = 10) -> str:
    """Nested aliases that would expand to 9**levels values, under an unknown key (< 1 KB)."""
    lines = ["a0: &a0 {" + ", ".join(f"k{j}: lol" for j in range(9)) + "}"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} {{" + ", ".join(f"k{j}: *a{i - 1}" for j in range(9)) + "}")
    return BASE + "junk:\n  " + "\n  ".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    text = alias_bomb()
    assert len(text.encode()) < 1200
    p = _write(tmp_path, "bomb.yaml", text)
    tracemalloc.start()
    t0 = time.perf_counter()
    problems = _problems(p)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "alias" in problems["<file>"]
    assert elapsed < 0.5, elapsed  # generous for a shared 2-core box; it takes milliseconds
    assert peak < 5 * 2**20, peak


def test_a_few_aliases_and_a_merge_key_are_fine(tmp_path: Path) -> None:
    text = BASE.replace("money:\n  savings: 9000\n  monthly_expenses: 2200\n", "")
    text += (
        "money:\n  <<: {savings: 9000, monthly_expenses: 2200}\n  monthly_expenses: 2500\n"
        "priorities:\n  earnings: &top 5\n  career_growth: *top\n"
    )
    p = load_profile(_write(tmp_path, "m.yaml", text))
    assert p.money.savings == 9000 and p.money.monthly_expenses == 2500  # explicit key wins
    assert p.priorities.career_growth == 5


def test_a_bad_merge_is_refused_clearly(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, "m.yaml", BASE + "risk:\n  <<: 3\n"))
    assert "merge key" in problems["<file>"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 100_000])
def test_deep_yaml_is_refused(tmp_path: Path, depth: int) -> None:
    text = BASE + "junk: " + "[" * depth + "]" * depth + "\n"
    assert "nest" in _problems(_write(tmp_path, "d.yaml", text))["<file>"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_json_is_refused(tmp_path: Path, depth: int) -> None:
    text = json.dumps(BASE_JSON)[:-1] + ', "junk": ' + "[" * depth + "]" * depth + "}"
    problems = _problems(_write(tmp_path, "d.json", text))
    assert any("nested" in r for r in problems.values()), problems


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000])
def test_deep_toml_is_refused(tmp_path: Path, depth: int) -> None:
    text = BASE_TOML.replace(
        'country = "US"', 'country = "US"\njunk = ' + "[" * depth + "]" * depth
    )
    problems = _problems(_write(tmp_path, "d.toml", text))
    assert any("nested" in r for r in problems.values()), problems


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".yaml", BASE.replace("savings: 9000", "savings: " + "9" * 5001)),
        (".json", json.dumps(BASE_JSON).replace("9000", "9" * 5001)),
        (".yaml", BASE.replace("savings: 9000", "savings: 1.0e+308")),
        (".json", json.dumps(BASE_JSON).replace("9000", "1e308")),
        (".yaml", BASE.replace("savings: 9000", "savings: 99999999999999999999")),
    ],
)
def test_huge_numbers_are_refused_against_their_field(
    tmp_path: Path, suffix: str, text: str
) -> None:
    problems = _problems(_write(tmp_path, "n" + suffix, text))
    assert set(problems) == {"money.savings"}, problems
    assert "far beyond" in problems["money.savings"]


def test_huge_toml_integer_names_its_line(tmp_path: Path) -> None:
    problems = _problems(
        _write(tmp_path, "n.toml", BASE_TOML.replace("savings = 9000", "savings = " + "9" * 5001))
    )
    assert "line 4" in problems["<file>"] and "5,001 digits" in problems["<file>"]


def test_a_400_digit_assumption_is_refused(tmp_path: Path) -> None:
    problems = _problems(
        _write(tmp_path, "a.yaml", BASE + "assumptions:\n  mt_wage_median: " + "9" * 400 + "\n")
    )
    assert "assumptions.mt_wage_median" in problems


def test_other_faces_get_the_same_number_bounds() -> None:
    data = {**BASE_JSON, "money": {"savings": 10**5000, "monthly_expenses": 1e300}}
    with pytest.raises(InputError) as info:
        profile_from_data(data)
    fields = {e.field for e in info.value.errors}
    assert fields == {"money.savings", "money.monthly_expenses"}


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        ("2026-02-30", "not a calendar date"),
        ("2026-13-01", "not a calendar date"),
        ("2025-02-29", "not a calendar date"),
        ("9999-12-31", "outside the dates"),
        ("1900-01-01", "outside the dates"),
    ],
)
def test_impossible_or_implausible_as_of(tmp_path: Path, as_of: str, words: str) -> None:
    problems = _problems(_write(tmp_path, "d.yaml", BASE + f"as_of: {as_of}\n"))
    assert words in problems["as_of"], problems


def test_a_leap_day_that_exists_is_fine(tmp_path: Path) -> None:
    p = load_profile(_write(tmp_path, "d.yaml", BASE + "as_of: 2024-02-29\n"))
    assert p.as_of is not None and p.as_of.isoformat() == "2024-02-29"


def test_a_date_shaped_name_is_text(tmp_path: Path) -> None:
    # YAML 1.2 has no timestamps: an (impossible) date as a name is just a name.
    p = load_profile(_write(tmp_path, "n.yaml", BASE.replace("name: Alex", "name: 2025-02-29")))
    assert p.name == "2025-02-29"


def test_yaml_12_numbers(tmp_path: Path) -> None:
    problems = _problems(
        _write(tmp_path, "s.yaml", BASE.replace("savings: 9000", "savings: 1:30:00"))
    )
    assert "1:30:00" in problems["money.savings"]  # text, not 5,400
    p = load_profile(_write(tmp_path, "o.yaml", BASE.replace("savings: 9000", "savings: 012000")))
    assert p.money.savings == 12000  # not octal 5120
    p = load_profile(_write(tmp_path, "u.yaml", BASE.replace("savings: 9000", "savings: 9_000")))
    assert p.money.savings == 9000
    p = load_profile(_write(tmp_path, "c.yaml", BASE.replace("country: US", "country: NO")))
    assert p.country == "NO"  # Norway, not false


@pytest.mark.parametrize(
    ("name", "text"),
    [("b.yaml", BASE), ("b.json", json.dumps(BASE_JSON)), ("b.toml", BASE_TOML)],
)
def test_bom_is_accepted_in_every_format(tmp_path: Path, name: str, text: str) -> None:
    p = _write(tmp_path, name, "\ufeff" + text)
    assert load_profile(p).name == "Alex"


def test_size_limit(tmp_path: Path) -> None:
    p = _write(tmp_path, "big.yaml", BASE + "#" * MAX_PROFILE_BYTES + "\n")
    assert "MB" in _problems(p)["<file>"]


def test_unknown_tags_duplicate_keys_and_complex_keys(tmp_path: Path) -> None:
    tag = _problems(_write(tmp_path, "t.yaml", BASE + "x: !!python/object:os.system ls\n"))
    assert "tag" in tag["<file>"]
    dup = _problems(_write(tmp_path, "d.yaml", BASE + "name: Bob\n"))
    assert "duplicate key 'name'" in dup["<file>"]
    cpx = _problems(_write(tmp_path, "k.yaml", BASE + "? [a, b]\n: 1\n"))
    assert "key" in cpx["<file>"]


def test_all_zero_priorities_are_refused(tmp_path: Path) -> None:
    zeros = ", ".join(f"{c}: 0" for c in CRITERIA)
    problems = _problems(_write(tmp_path, "z.yaml", BASE + f"priorities: {{{zeros}}}\n"))
    assert "every priority is 0" in problems["priorities"]


def test_control_characters_in_name_are_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "e.yaml", BASE.replace("name: Alex", 'name: "Alex\\e[31m"'))
    assert "control characters" in _problems(p)["name"]


def test_validation_is_linear_in_unknown_keys(tmp_path: Path) -> None:
    def seconds(n: int) -> float:
        text = BASE + "skills:\n" + "".join(f"  bogus_{i}: 3\n" for i in range(n))
        p = _write(tmp_path, f"s{n}.yaml", text)
        # CPU time of this process: wall time on a shared, loaded machine measures the others;
        # a collection first, so a garbage-collector pass left by other tests is not timed
        gc.collect()
        t0 = time.process_time()
        with pytest.raises(InputError) as info:
            load_profile(p)
        assert len(info.value.errors) == n
        assert "... and" in info.value.message()
        return time.process_time() - t0

    # best of three each: one slow run (a GC pass, a context switch) must not decide the ratio
    small = min(seconds(2_000) for _ in range(3))
    large = min(seconds(20_000) for _ in range(3))
    # 10x the keys: linear gives ~10x; quadratic would give ~100x. Generous for noisy timings.
    assert large < 30 * max(small, 0.01), (small, large)


def test_screen_data_does_not_change_its_input() -> None:
    data = {"money": {"savings": 10**40}}
    clean, errors = screen_data(data)
    assert data == {"money": {"savings": 10**40}} and clean == {"money": {}}
    assert [e.field for e in errors] == ["money.savings"]


# --- fuzz: random structures and random bytes never end in anything but InputError ---

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates().map(str),
)
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=10), kids, max_size=4)
    ),
    max_leaves=30,
)


def _dump(data: Any, fmt: str) -> str:
    import yaml

    if fmt == "json":
        return json.dumps(data, default=str)
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.dictionaries(st.sampled_from([*BASE_JSON, "money", "skills", "as_of", "x"]), trees),
        trees,
    ),
    st.sampled_from(["yaml", "json"]),
)
def test_fuzz_structures(data: Any, fmt: str) -> None:
    try:
        text = _dump(data, fmt)
    except (ValueError, TypeError):
        return
    t0 = time.perf_counter()
    try:
        parsed = parse_text(text, fmt)
        profile_from_data(parsed.data)
    except InputError:
        pass
    assert time.perf_counter() - t0 < 5


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(
            st.sampled_from(list("[]{}:,-&*!<>|'\"#\n ?%@`\\\ufeff0123456789.eE+_aZ=")),
            max_size=200,
        ).map(str.encode),
    ),
    st.sampled_from(["x.yaml", "x.json", "x.toml"]),
)
def test_fuzz_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes, name: str) -> None:
    p = tmp_path_factory.mktemp("fuzz") / name
    p.write_bytes(raw)
    t0 = time.perf_counter()
    with contextlib.suppress(InputError):
        load_profile(p)
    assert time.perf_counter() - t0 < 5
