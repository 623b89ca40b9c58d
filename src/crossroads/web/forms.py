"""The questionnaire of ``crossroads assess`` as a multi-step web form.

Why reuse :func:`crossroads.assess.build_questions`: the terminal and the browser ask the same
questions, with the same parsers, limits and O*NET level examples, so a profile made in either
face is the same profile. This module only groups the questions into steps, turns the posted
text into answers (keeping the reason of each refusal for the inline error) and assembles the
profile data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crossroads.assess import Question, build_questions, catalog_anchors
from crossroads.errors import FieldError, InputError

__all__ = ["STEPS", "Step", "answers_to_data", "parse_step", "steps_for"]


@dataclass(frozen=True)
class Step:
    """One page of the form: a title, a plain-language intro and the questions on it."""

    slug: str
    title: str
    intro: str
    sections: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(
        "about",
        "About you",
        "Who you are and where you live: the country decides which "
        "microtask platforms will accept you.",
        ("About you",),
    ),
    Step(
        "money",
        "Money",
        "Amounts in your own currency. Rough figures are fine; you can change them later.",
        ("Money (per month, in your currency)",),
    ),
    Step(
        "time",
        "Time and risk",
        "How many hours a week you can give, how far ahead to look, "
        "and how much risk of running short of cash you can live with.",
        ("Time", "Risk"),
    ),
    Step(
        "priorities",
        "What matters to you",
        "0 means it does not matter to you, 5 means it "
        "is essential. The advice weighs the options by these.",
        ("Priorities (0 = does not matter ... 5 = essential)",),
    ),
    Step(
        "skills",
        "Your soft skills",
        "Rate yourself on O*NET's 0–7 scale. Each level has an "
        "example from O*NET, the US occupational database. Leave a skill empty if unsure.",
        ("Soft skills (O*NET level scale 0-7)",),
    ),
)


def questions(defaults: Mapping[str, Any] | None = None) -> list[Question]:
    return build_questions(catalog_anchors(), defaults)


def steps_for(qs: list[Question]) -> list[tuple[Step, list[Question]]]:
    """Each step with its questions, in order (the optional work styles/values are not asked)."""
    return [(s, [q for q in qs if q.section in s.sections]) for s in STEPS]


def shown_value(q: Question, answers: Mapping[str, Any]) -> str:
    """What the input box shows: the saved answer, else the default, else empty."""
    v = answers.get(q.key, q.default)
    if v is None:
        return ""
    if q.key == "risk.max_shortfall_probability" and isinstance(v, (int, float)):
        return f"{v * 100:g}%"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def parse_step(
    qs: list[Question], form: Mapping[str, str], answers: dict[str, Any]
) -> dict[str, str]:
    """Parse the posted ``form`` into ``answers`` (in place); return field → reason for refusals.

    A valid answer is kept even when another on the same page is refused, so nothing typed is
    lost; a refused one keeps its earlier value.
    """
    errors: dict[str, str] = {}
    for q in qs:
        raw = form.get(q.key)
        if raw is None:
            continue
        text = str(raw).strip()
        if text == "":
            if q.optional:
                answers[q.key] = None
                continue
            if q.default is not None:
                answers[q.key] = q.default
                continue
            errors[q.key] = "an answer is needed here"
            continue
        try:
            value = q.parse(text)
        except ValueError as exc:
            errors[q.key] = str(exc)
            continue
        if q.check is not None:
            problem = q.check(value, {**answers})
            if problem:
                errors[q.key] = problem
                continue
        answers[q.key] = value
    return errors


def answers_to_data(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as profile data (unanswered optional fields left out)."""
    data: dict[str, Any] = {"skills": {}}
    for key, value in answers.items():
        if key == "extras" or value is None:
            continue
        if "." in key:
            section, sub = key.split(".", 1)
            data.setdefault(section, {})[sub] = value
        else:
            data[key] = value
    return data


def missing(qs: list[Question], answers: Mapping[str, Any]) -> list[FieldError]:
    """Required questions without an answer or a default."""
    return [
        FieldError(q.key, "an answer is needed here")
        for q in qs
        if not q.optional and q.when is None and answers.get(q.key) is None and q.default is None
    ]


def finish(qs: list[Question], answers: dict[str, Any]) -> Any:
    """The validated Profile from the answers (defaults filled in), or InputError naming fields."""
    from crossroads.profile import profile_from_data

    full = {q.key: q.default for q in qs if q.default is not None and q.when is None}
    full.update({k: v for k, v in answers.items()})
    gaps = missing(qs, full)
    if gaps:
        raise InputError(gaps, "questionnaire")
    return profile_from_data(answers_to_data(full), "questionnaire")


def flatten_profile(data: Mapping[str, Any]) -> dict[str, Any]:
    """Profile data → dotted answers (to edit an imported profile in the form)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key in ("money", "time", "risk", "priorities", "skills"):
            for sub, v in value.items():
                flat[f"{key}.{sub}"] = v
        elif key in ("name", "country", "currency"):
            flat[key] = value
    return flat
