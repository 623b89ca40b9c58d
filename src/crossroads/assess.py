"""The self-assessment questionnaire (issue #4 §1), with its input and output injected.

Why a separate module with no terminal library: the same logic serves a person at a terminal,
answers piped on stdin (tests, scripts) and any other face. It asks about money, time, risk,
priorities and the 15 soft skills of :data:`crossroads.catalog.skills.SOFT_SKILLS` on O*NET's 0-7
level scale, shown with O*NET's own behavioural anchors (read through the catalog), then optional
O*NET work styles and work values.

Guarantees that make it safe to use:

* every answer is checked on the spot and re-asked with the reason when wrong;
* progress is saved after *every* answer to ``<output>.partial.json`` (atomically), so leaving
  with ``q`` or Ctrl-D (EOF) loses nothing and the same command resumes;
* the result is validated by the :class:`~crossroads.profile.Profile` model and written
  atomically (temporary file + ``os.replace``), so the output is either the old file or a valid
  new profile, never half of one;
* an existing output profile supplies the defaults, so re-running ``assess`` updates a profile.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroads.catalog.skills import SKILL_BY_KEY, SOFT_SKILLS
from crossroads.errors import CrossroadsError, InputError
from crossroads.profile import (
    CRITERIA,
    DEFAULT_PRIORITIES,
    WORK_STYLES,
    WORK_VALUES,
    Profile,
    load_profile,
    normalise_country,
    normalise_currency,
    profile_from_data,
    resolve_occupation,
)
from crossroads.requirements import EDUCATION_LEVELS, education_level, education_names

__all__ = ["Question", "Questionnaire", "build_questions", "catalog_anchors", "state_path"]

STATE_VERSION = 1
QUIT_WORDS = frozenset({"q", "quit", "exit"})
SKIP = "skip"

Ask = Callable[[str], "str | None"]  # prompt -> answer line, or None at end of input
Say = Callable[[str], None]
Anchors = Callable[[str], Mapping[float, str]]

# What each criterion means, in the person's words (the prompt must be understandable alone).
CRITERION_TEXT: dict[str, str] = {
    "earnings": "Earnings — how much you make over the horizon and at the end",
    "quick_payout": "Quick payout — how soon the first money arrives and covers your costs",
    "financial_safety": "Financial safety — a low chance of running short of cash",
    "career_growth": "Career growth — raises, promotion, better roles over time",
    "job_security": "Job security — steady income, low risk of losing it or of automation",
    "flexibility": "Flexibility — control over when you work",
    "autonomy": "Autonomy — control over what work you take and at what rate",
    "low_barrier": "Low barrier — little money and time needed before the first income",
    "low_competition": "Low competition — not many others chasing the same work",
    "little_ongoing_learning": "Little ongoing learning — not having to keep studying",
    "fit": "Fit — work that matches your skills and work style",
}

# O*NET work style definitions (content model 1.C, CC BY 4.0), phrased about the person.
WORK_STYLE_TEXT: dict[str, str] = {
    "achievement_effort": "setting personally challenging goals and working hard to master tasks",
    "persistence": "keeping going in the face of obstacles",
    "initiative": "willingly taking on responsibilities and challenges",
    "leadership": "willingness to lead, take charge, and offer opinions and direction",
    "cooperation": "being pleasant with others and displaying a good-natured, cooperative attitude",
    "concern_for_others": "being sensitive to others' needs and feelings, understanding and helpful",
    "social_orientation": "preferring to work with others rather than alone",
    "self_control": "keeping composure and emotions in check, even in very difficult situations",
    "stress_tolerance": "accepting criticism and dealing calmly with high-stress situations",
    "adaptability_flexibility": "being open to change and to considerable variety at work",
    "dependability": "being reliable, responsible, and fulfilling obligations",
    "attention_to_detail": "being careful about detail and thorough in completing tasks",
    "integrity": "being honest and ethical",
    "independence": "developing your own ways of doing things with little or no supervision",
    "innovation": "creativity and alternative thinking to develop new ideas and answers",
    "analytical_thinking": "analysing information and using logic to address problems",
}

# O*NET work values (content model 1.B.2, CC BY 4.0), phrased as what the work offers.
WORK_VALUE_TEXT: dict[str, str] = {
    "achievement": "results-oriented work that uses your strongest abilities and gives a feeling of accomplishment",
    "working_conditions": "job security and good working conditions",
    "recognition": "advancement, potential for leadership, and prestige",
    "relationships": "serving others and working with co-workers in a friendly, non-competitive setting",
    "support": "supportive management that stands behind its employees",
    "independence": "working on your own and making decisions",
}


# --------------------------------------------------------------------------------------------
# Answer parsers: text -> value, or ValueError whose message is the reason shown to the person
# --------------------------------------------------------------------------------------------


def _number(text: str) -> float:
    cleaned = text.strip().replace(",", "").replace("_", "").lstrip("$€£")
    try:
        x = float(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number (write e.g. 1500 or 1,500)") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return x


def _ranged(
    low: float | None, high: float | None, *, low_open: bool = False
) -> Callable[[str], float]:
    def parse(text: str) -> float:
        x = _number(text)
        if low is not None and (x <= low if low_open else x < low):
            raise ValueError(
                f"must be {'more than' if low_open else 'at least'} {low:g} (got {x:g})"
            )
        if high is not None and x > high:
            raise ValueError(f"must be at most {high:g} (got {x:g})")
        return x

    return parse


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        x = _number(text)
        if not x.is_integer():
            raise ValueError(f"must be a whole number of months (got {x:g})")
        if not low <= x <= high:
            raise ValueError(f"must be between {low} and {high} (got {x:g})")
        return int(x)

    return parse


def _probability(text: str) -> float:
    t = text.strip()
    if t.endswith("%"):
        x = _number(t[:-1]) / 100
    else:
        x = _number(t)
        if x > 1:
            raise ValueError(
                f"give a fraction between 0 and 1 or a percentage like {x:g}% (got {x:g})"
            )
    if not 0 <= x <= 1:
        raise ValueError("must be between 0 and 1 (0% to 100%)")
    return x


def _name(text: str) -> str:
    t = text.strip()
    if not t:
        raise ValueError("must not be empty")
    if len(t) > 200:
        raise ValueError("is too long (at most 200 characters)")
    return t


def _yes_no(text: str) -> bool:
    t = text.strip().lower()
    if t in ("y", "yes"):
        return True
    if t in ("n", "no"):
        return False
    raise ValueError("answer y or n")


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One question; ``key`` is the dotted profile path its answer goes to.

    ``default`` is used when the person presses Enter; with ``optional`` an Enter without a
    default means "skip" (the field is left out of the profile). ``check`` sees the answers so far
    for rules across fields (the cash floor may not exceed the savings).
    """

    key: str
    section: str
    prompt: str
    parse: Callable[[str], Any]
    default: Any = None
    optional: bool = False
    help: str = ""
    check: Callable[[Any, Mapping[str, Any]], str | None] | None = None
    when: Callable[[Mapping[str, Any]], bool] | None = None


def _floor_check(value: Any, answers: Mapping[str, Any]) -> str | None:
    savings = answers.get("money.savings")
    if isinstance(savings, (int, float)) and value > savings:
        return (
            f"is above your savings ({savings:g}): you would already be short before month 1; "
            "use 0 (never run out) or a negative number for credit you can draw on"
        )
    return None


def _education(text: str) -> str:
    """An O*NET education level (key or O*NET name) -> its profile key."""
    level = education_level(text)
    if level is None:
        raise ValueError(f"not an education level; use one of: {', '.join(education_names())}")
    return EDUCATION_LEVELS[level - 1][0]


def _experience(text: str) -> list[dict[str, Any]]:
    """'43-6014 = 4; customer service representative = 1' -> [{occupation, years}, ...]."""
    out: list[dict[str, Any]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        occ, sep, years = part.rpartition("=")
        if not sep or not occ.strip():
            raise ValueError(f"write 'occupation = years' (got {part!r})")
        y = _number(years)
        if y < 0:
            raise ValueError(f"years must be >= 0 (got {years.strip()!r})")
        out.append({"occupation": resolve_occupation(occ.strip()), "years": y})
    if not out:
        raise ValueError("write 'occupation = years', several separated by ';'")
    return out


def _extras_wanted(answers: Mapping[str, Any]) -> bool:
    return answers.get("extras") is True


def _anchor_help(skill: str, anchors: Anchors) -> str:
    info = SKILL_BY_KEY[skill]
    lines = [f"{info.title} — {info.description}"]
    try:
        anchor_map = dict(anchors(skill))
    except (ImportError, LookupError, OSError, CrossroadsError):
        anchor_map = {}
    if anchor_map:
        lines.append("  O*NET examples of each level:")
        for level in sorted(anchor_map):
            lines.append(f"    {level:g} = {anchor_map[level]}")
    lines.append("  0 = none ... 7 = the highest level O*NET rates. Enter = skip (not rated).")
    return "\n".join(lines)


def build_questions(anchors: Anchors, defaults: Mapping[str, Any] | None = None) -> list[Question]:
    """Every question in order; ``defaults`` (dotted path -> value) override the built-in ones."""
    d: dict[str, Any] = {
        "name": "Me",
        "country": "US",
        "currency": "USD",
        "money.other_monthly_income": 0,
        "money.cash_floor": 0,
        "money.learning_budget": 0,
        "time.hours_per_week": 20,
        "time.horizon_months": 36,
        "risk.max_shortfall_probability": 0.10,
        "extras": False,
    }
    d.update({f"priorities.{c}": DEFAULT_PRIORITIES[c] for c in CRITERIA})
    d.update(defaults or {})

    qs: list[Question] = [
        Question("name", "About you", "Your name (or a nickname)", _name, d["name"]),
        Question(
            "country",
            "About you",
            "Country you live in (2-letter ISO code, e.g. US, GB, IN)",
            normalise_country,
            d["country"],
            help="The country decides which microtask platforms accept you.",
        ),
        Question(
            "currency",
            "About you",
            "Currency of your amounts (ISO code, e.g. USD, EUR)",
            normalise_currency,
            d["currency"],
            help="Catalog wages are in USD; amounts in another currency are treated as USD-equivalent.",
        ),
        Question(
            "money.savings",
            "Money (per month, in your currency)",
            "Savings: cash available now",
            _ranged(0, None),
            d.get("money.savings"),
            help="Savings cannot be negative; credit you can draw on is asked as the cash floor.",
        ),
        Question(
            "money.monthly_expenses",
            "Money (per month, in your currency)",
            "Essential expenses per month",
            _ranged(0, None),
            d.get("money.monthly_expenses"),
        ),
        Question(
            "money.other_monthly_income",
            "Money (per month, in your currency)",
            "Other income per month that continues anyway (stipend, partner, benefits)",
            _ranged(0, None),
            d["money.other_monthly_income"],
        ),
        Question(
            "money.cash_floor",
            "Money (per month, in your currency)",
            "Lowest cash you accept (0 = never run out; negative = credit you can draw on)",
            _ranged(None, None),
            d["money.cash_floor"],
            check=_floor_check,
        ),
        Question(
            "money.learning_budget",
            "Money (per month, in your currency)",
            "Money available for courses and exams (total)",
            _ranged(0, None),
            d["money.learning_budget"],
        ),
        Question(
            "time.hours_per_week",
            "Time",
            "Hours per week for paid work, learning and job search",
            _ranged(0, 112, low_open=True),
            d["time.hours_per_week"],
        ),
        Question(
            "time.horizon_months",
            "Time",
            "How many months ahead to look (1-120)",
            _whole(1, 120),
            d["time.horizon_months"],
        ),
        Question(
            "risk.max_shortfall_probability",
            "Risk",
            "Highest acceptable chance of running short of cash (e.g. 10%)",
            _probability,
            d["risk.max_shortfall_probability"],
        ),
    ]
    for c in CRITERIA:
        qs.append(
            Question(
                f"priorities.{c}",
                "Priorities (0 = does not matter ... 5 = essential)",
                CRITERION_TEXT[c],
                _ranged(0, 5),
                d[f"priorities.{c}"],
            )
        )
    for s in SOFT_SKILLS:
        qs.append(
            Question(
                f"skills.{s}",
                "Soft skills (O*NET level scale 0-7)",
                f"Your level in {SKILL_BY_KEY[s].title} (0-7)",
                _ranged(0, 7),
                d.get(f"skills.{s}"),
                optional=True,
                help=_anchor_help(s, anchors),
            )
        )
    qs.append(
        Question(
            "education",
            "Education and experience",
            "Your highest education (e.g. high_school, some_college, bachelors_degree; Enter = skip)",
            _education,
            d.get("education"),
            optional=True,
            help="O*NET's education levels: " + ", ".join(education_names()) + ". It decides which "
            "careers' typical entrants you match (docs/profile.md).",
        )
    )
    qs.append(
        Question(
            "experience",
            "Education and experience",
            "Related work experience as 'occupation = years; ...' (code or title; Enter = skip)",
            _experience,
            d.get("experience"),
            optional=True,
            help="For example: 43-6014 = 4; customer service representative = 1. An O*NET-SOC code or "
            "a title `crossroads occupations --search` finds.",
        )
    )
    qs.append(
        Question(
            "extras",
            "Optional: work styles and values",
            "Answer the optional O*NET work styles and work values questions? (y/n)",
            _yes_no,
            d["extras"],
            help="They refine the fit of occupations and the autonomy/flexibility criteria.",
        )
    )
    for k, title in WORK_STYLES.items():
        qs.append(
            Question(
                f"work_styles.{k}",
                "Work styles (1 = not like me ... 5 = very much like me)",
                f"{title}: {WORK_STYLE_TEXT[k]} (1-5)",
                _ranged(1, 5),
                d.get(f"work_styles.{k}"),
                optional=True,
                when=_extras_wanted,
            )
        )
    for k, title in WORK_VALUES.items():
        qs.append(
            Question(
                f"work_values.{k}",
                "Work values (1 = does not matter ... 7 = extremely important)",
                f"{title}: {WORK_VALUE_TEXT[k]} (1-7)",
                _ranged(1, 7),
                d.get(f"work_values.{k}"),
                optional=True,
                when=_extras_wanted,
            )
        )
    return qs


def catalog_anchors() -> Anchors:
    """Anchors from the packaged catalog (O*NET level scale anchors), or none if unavailable.

    The questionnaire stays usable when the catalog cannot be loaded: it then shows the skill's
    O*NET description without the level examples.
    """
    cache: dict[str, Mapping[float, str]] = {}

    def anchors(skill: str) -> Mapping[float, str]:
        if skill not in cache:
            from crossroads.catalog import get_catalog

            cache[skill] = get_catalog().level_anchors(skill)
        return cache[skill]

    return anchors


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def state_path(output: Path) -> Path:
    """Where the progress of a questionnaire writing ``output`` is kept."""
    return output.with_name(output.name + ".partial.json")


def atomic_write(path: Path, text: str, *, private: bool = False) -> None:
    """Write ``text`` so that ``path`` is either the old file or the complete new one.

    :func:`crossroads.safeio.atomic_write` does the work (temporary file with mode 0600 beside
    ``path``, fsync, rename, the old file's mode kept); ``private`` makes the result 0600 too,
    for the saved progress, which holds the person's answers.
    """
    from crossroads.safeio import atomic_write as _write

    _write(path, text, mode=0o600 if private else None)


def render_profile(profile: Profile, output: Path, existing: str | None) -> str:
    """The text to write for ``profile`` at ``output``: format by suffix, nothing else lost.

    A new file is the plain YAML (or JSON) of the profile. An existing file is updated in place:
    YAML through ruamel.yaml's round-trip mode, so every comment, every field the questionnaire
    does not ask about (``assumptions``, ``as_of``, unrated skills) and the key order stay; JSON
    by updating the parsed document. TOML cannot be written back without losing comments, so it
    is refused up front (see :func:`check_assess_output`).
    """
    fmt = _output_format(output)
    data = profile.to_data()
    if fmt == "json":
        doc: Any = json.loads(existing.lstrip("\ufeff")) if existing else {}
        _deep_update(doc, data)
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if not existing:
        return profile.to_yaml()
    from io import StringIO

    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    doc = rt.load(existing)
    _deep_update(doc, data)
    buf = StringIO()
    rt.dump(doc, buf)
    return buf.getvalue()


def _deep_update(doc: Any, new: Mapping[str, Any]) -> None:
    """Set every answer in ``doc`` (sections merged key by key, nothing else removed)."""
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(doc.get(key), Mapping):
            _deep_update(doc[key], value)
        else:
            doc[key] = value


def _output_format(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml", ""):
        return "yaml"
    raise InputError.one(
        "output",
        f"assess writes .yaml, .yml or .json, not {suffix!r} (TOML cannot be updated without "
        "losing its comments; convert it or write a .yaml file)",
    )


def check_assess_output(output: Path) -> None:
    """Refuse an output the questionnaire could not write, before the first question."""
    from crossroads.safeio import check_output

    _output_format(output)
    check_output(output, field="output", force=True)


def _flatten(profile: Profile) -> dict[str, Any]:
    data = profile.to_data()
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                flat[f"{key}.{sub}"] = v
        else:
            flat[key] = value
    if profile.work_styles or profile.work_values:
        flat["extras"] = True
    return flat


# --------------------------------------------------------------------------------------------
# The questionnaire
# --------------------------------------------------------------------------------------------


@dataclass
class Questionnaire:
    """Drives the questions through ``ask``/``say`` and writes the profile to ``output``.

    ``run()`` returns True when the profile was written, False when the person left (``q`` or
    end of input) — the progress is saved either way and the next ``run()`` resumes it.
    """

    output: Path
    ask: Ask
    say: Say
    restart: bool = False
    anchors: Anchors | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.output = Path(self.output)
        self.state = state_path(self.output)
        defaults: dict[str, Any] = {}
        self._existing: Profile | None = None
        check_assess_output(self.output)
        if self.output.exists():
            # Re-running updates a profile: its values become the defaults. A broken file is
            # reported rather than overwritten, so nothing of the person's is lost.
            self._existing = load_profile(self.output)
            defaults = _flatten(self._existing)
        self.questions = build_questions(self.anchors or catalog_anchors(), defaults)
        self._by_key = {q.key: q for q in self.questions}
        if self.restart:
            self.state.unlink(missing_ok=True)
        self.resumed = self._load_state()

    # -- state --

    def _load_state(self) -> int:
        if not self.state.exists():
            return 0
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError.one(
                "<state>",
                f"saved progress in {self.state} cannot be read ({exc}); run with --restart to "
                "discard it",
            ) from None
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            raise InputError.one(
                "<state>", f"{self.state} is not a saved questionnaire; run with --restart"
            )
        self.answers = {k: v for k, v in answers.items() if k in self._by_key}
        return len(self.answers)

    def save(self) -> None:
        """Persist the answers so far (called after every answer)."""
        atomic_write(
            self.state,
            json.dumps(
                {"version": STATE_VERSION, "output": str(self.output), "answers": self.answers},
                indent=1,
            ),
            private=True,
        )

    # -- flow --

    def pending(self) -> list[Question]:
        """Questions still to answer, given the answers so far (optional sections included)."""
        return [
            q
            for q in self.questions
            if q.key not in self.answers and (q.when is None or q.when(self.answers))
        ]

    def _total(self) -> int:
        return sum(1 for q in self.questions if q.when is None or q.when(self.answers))

    def run(self) -> bool:
        """Ask until the profile is complete and written (True) or the person leaves (False)."""
        if self.resumed:
            self.say(
                f"Resuming: {self.resumed} answer(s) saved in {self.state} "
                "(use --restart to start over)."
            )
        else:
            self.say(
                "crossroads self-assessment. Enter = accept the [default], ? = help, "
                "q = stop (progress is saved; run the same command to resume)."
            )
        section = ""
        while True:
            todo = self.pending()
            if not todo:
                result = self._finish()
                if result is not None:
                    return result
                section = ""
                continue
            q = todo[0]
            if q.section != section:
                section = q.section
                self.say(f"\n== {section} ==")
            if not self._ask_one(q):
                self.save()
                return False

    def _ask_one(self, q: Question) -> bool:
        if q.help:
            self.say(q.help)
        shown = SKIP if q.default is None and q.optional else q.default
        if isinstance(shown, bool):
            shown = "y" if shown else "n"
        default_text = (
            f" [{shown:g}]"
            if isinstance(shown, float)
            else (f" [{shown}]" if shown is not None else "")
        )
        number = self._total() - len(self.pending()) + 1
        while True:
            line = self.ask(f"({number}/{self._total()}) {q.prompt}{default_text}: ")
            if line is None:
                return False
            text = line.strip()
            if text.lower() in QUIT_WORDS:
                return False
            if text == "?":
                self.say(q.help or "No more help for this question.")
                continue
            if text == "":
                if q.default is not None:
                    value: Any = q.default
                elif q.optional:
                    value = None
                else:
                    self.say("  ! an answer is needed here")
                    continue
            elif q.optional and text.lower() == SKIP:
                value = None
            else:
                try:
                    value = q.parse(text)
                except ValueError as exc:
                    self.say(f"  ! {exc}")
                    continue
            if value is not None and q.check is not None:
                problem = q.check(value, self.answers)
                if problem:
                    self.say(f"  ! {problem}")
                    continue
            self.answers[q.key] = value
            self.save()
            return True

    def to_data(self) -> dict[str, Any]:
        """The answers as profile data (skipped optional answers left out)."""
        data: dict[str, Any] = {"skills": {}, "work_styles": {}, "work_values": {}}
        for key, value in self.answers.items():
            if key == "extras" or value is None:
                continue
            if "." in key:
                section, sub = key.split(".", 1)
                data.setdefault(section, {})[sub] = value
            else:
                data[key] = value
        return {k: v for k, v in data.items() if v != {} or k == "skills"}

    def _merged(self, profile: Profile) -> Profile:
        """The answers on top of the existing profile's other fields (they must still fit)."""
        if self._existing is None:
            return profile
        data = self._existing.to_data()
        _deep_update(data, profile.to_data())
        return profile_from_data(data, str(self.output))

    def _finish(self) -> bool | None:
        try:
            profile = profile_from_data(self.to_data(), "questionnaire")
            self._merged(profile)
        except InputError as exc:
            redo = [e for e in exc.errors if e.field in self.answers]
            if not redo:
                raise
            self.say("Some answers do not fit together:")
            for e in exc.errors:
                self.say(f"  ! {e}")
            for e in redo:
                del self.answers[e.field]
            self.save()
            return None
        existing = self.output.read_text(encoding="utf-8") if self.output.exists() else None
        text = render_profile(self._merged(profile), self.output, existing)
        atomic_write(self.output, text)
        self.state.unlink(missing_ok=True)
        self.say(f"\nWrote {self.output}. Check it with: crossroads validate {self.output}")
        return True
