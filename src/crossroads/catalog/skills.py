"""The 35 O*NET skills: snake_case names (the profile's keys), O*NET titles and element ids.

The order is O*NET's content-model order, which is also the column order of every skill matrix
in the catalog, so ``SKILLS[i]`` names column ``i``. Descriptions are O*NET 29.0's own
(CC BY 4.0, USDOL/ETA).
"""

from __future__ import annotations

from typing import NamedTuple


class Skill(NamedTuple):
    key: str
    title: str
    element_id: str
    description: str


SKILL_INFO: tuple[Skill, ...] = (
    Skill(
        "reading_comprehension",
        "Reading Comprehension",
        "2.A.1.a",
        "Understanding written sentences and paragraphs in work-related documents.",
    ),
    Skill(
        "active_listening",
        "Active Listening",
        "2.A.1.b",
        "Giving full attention to what other people are saying, taking time to understand the points being made, asking questions as appropriate, and not interrupting at inappropriate times.",
    ),
    Skill(
        "writing",
        "Writing",
        "2.A.1.c",
        "Communicating effectively in writing as appropriate for the needs of the audience.",
    ),
    Skill(
        "speaking", "Speaking", "2.A.1.d", "Talking to others to convey information effectively."
    ),
    Skill("mathematics", "Mathematics", "2.A.1.e", "Using mathematics to solve problems."),
    Skill("science", "Science", "2.A.1.f", "Using scientific rules and methods to solve problems."),
    Skill(
        "critical_thinking",
        "Critical Thinking",
        "2.A.2.a",
        "Using logic and reasoning to identify the strengths and weaknesses of alternative solutions, conclusions, or approaches to problems.",
    ),
    Skill(
        "active_learning",
        "Active Learning",
        "2.A.2.b",
        "Understanding the implications of new information for both current and future problem-solving and decision-making.",
    ),
    Skill(
        "learning_strategies",
        "Learning Strategies",
        "2.A.2.c",
        "Selecting and using training/instructional methods and procedures appropriate for the situation when learning or teaching new things.",
    ),
    Skill(
        "monitoring",
        "Monitoring",
        "2.A.2.d",
        "Monitoring/Assessing performance of yourself, other individuals, or organizations to make improvements or take corrective action.",
    ),
    Skill(
        "social_perceptiveness",
        "Social Perceptiveness",
        "2.B.1.a",
        "Being aware of others' reactions and understanding why they react as they do.",
    ),
    Skill(
        "coordination",
        "Coordination",
        "2.B.1.b",
        "Adjusting actions in relation to others' actions.",
    ),
    Skill(
        "persuasion",
        "Persuasion",
        "2.B.1.c",
        "Persuading others to change their minds or behavior.",
    ),
    Skill(
        "negotiation",
        "Negotiation",
        "2.B.1.d",
        "Bringing others together and trying to reconcile differences.",
    ),
    Skill("instructing", "Instructing", "2.B.1.e", "Teaching others how to do something."),
    Skill(
        "service_orientation",
        "Service Orientation",
        "2.B.1.f",
        "Actively looking for ways to help people.",
    ),
    Skill(
        "complex_problem_solving",
        "Complex Problem Solving",
        "2.B.2.i",
        "Identifying complex problems and reviewing related information to develop and evaluate options and implement solutions.",
    ),
    Skill(
        "operations_analysis",
        "Operations Analysis",
        "2.B.3.a",
        "Analyzing needs and product requirements to create a design.",
    ),
    Skill(
        "technology_design",
        "Technology Design",
        "2.B.3.b",
        "Generating or adapting equipment and technology to serve user needs.",
    ),
    Skill(
        "equipment_selection",
        "Equipment Selection",
        "2.B.3.c",
        "Determining the kind of tools and equipment needed to do a job.",
    ),
    Skill(
        "installation",
        "Installation",
        "2.B.3.d",
        "Installing equipment, machines, wiring, or programs to meet specifications.",
    ),
    Skill(
        "programming", "Programming", "2.B.3.e", "Writing computer programs for various purposes."
    ),
    Skill(
        "operations_monitoring",
        "Operations Monitoring",
        "2.B.3.g",
        "Watching gauges, dials, or other indicators to make sure a machine is working properly.",
    ),
    Skill(
        "operation_and_control",
        "Operation and Control",
        "2.B.3.h",
        "Controlling operations of equipment or systems.",
    ),
    Skill(
        "equipment_maintenance",
        "Equipment Maintenance",
        "2.B.3.j",
        "Performing routine maintenance on equipment and determining when and what kind of maintenance is needed.",
    ),
    Skill(
        "troubleshooting",
        "Troubleshooting",
        "2.B.3.k",
        "Determining causes of operating errors and deciding what to do about it.",
    ),
    Skill(
        "repairing", "Repairing", "2.B.3.l", "Repairing machines or systems using the needed tools."
    ),
    Skill(
        "quality_control_analysis",
        "Quality Control Analysis",
        "2.B.3.m",
        "Conducting tests and inspections of products, services, or processes to evaluate quality or performance.",
    ),
    Skill(
        "judgment_and_decision_making",
        "Judgment and Decision Making",
        "2.B.4.e",
        "Considering the relative costs and benefits of potential actions to choose the most appropriate one.",
    ),
    Skill(
        "systems_analysis",
        "Systems Analysis",
        "2.B.4.g",
        "Determining how a system should work and how changes in conditions, operations, and the environment will affect outcomes.",
    ),
    Skill(
        "systems_evaluation",
        "Systems Evaluation",
        "2.B.4.h",
        "Identifying measures or indicators of system performance and the actions needed to improve or correct performance, relative to the goals of the system.",
    ),
    Skill(
        "time_management",
        "Time Management",
        "2.B.5.a",
        "Managing one's own time and the time of others.",
    ),
    Skill(
        "management_of_financial_resources",
        "Management of Financial Resources",
        "2.B.5.b",
        "Determining how money will be spent to get the work done, and accounting for these expenditures.",
    ),
    Skill(
        "management_of_material_resources",
        "Management of Material Resources",
        "2.B.5.c",
        "Obtaining and seeing to the appropriate use of equipment, facilities, and materials needed to do certain work.",
    ),
    Skill(
        "management_of_personnel_resources",
        "Management of Personnel Resources",
        "2.B.5.d",
        "Motivating, developing, and directing people as they work, identifying the best people for the job.",
    ),
)

SKILLS: tuple[str, ...] = tuple(s.key for s in SKILL_INFO)
SKILL_INDEX: dict[str, int] = {k: i for i, k in enumerate(SKILLS)}
SKILL_BY_KEY: dict[str, Skill] = {s.key: s for s in SKILL_INFO}
SKILL_BY_TITLE: dict[str, Skill] = {s.title: s for s in SKILL_INFO}

#: The social and process skills that soft-skills remote careers rely on (issue #4's list): the
#: questionnaire asks these first.
SOFT_SKILLS: tuple[str, ...] = (
    "active_listening",
    "speaking",
    "writing",
    "reading_comprehension",
    "social_perceptiveness",
    "coordination",
    "persuasion",
    "negotiation",
    "instructing",
    "service_orientation",
    "critical_thinking",
    "complex_problem_solving",
    "judgment_and_decision_making",
    "time_management",
    "monitoring",
)

#: O*NET's level scale (LV) bounds.
LEVEL_MIN, LEVEL_MAX = 0.0, 7.0
