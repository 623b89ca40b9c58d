"""How often an occupation's work is actually *offered* remotely: the share of its job postings.

Why separate from Dingel–Neiman: D–N says whether the work *can* be done from home (task
feasibility); a remote job seeker can only be hired into postings that *offer* remote work, and
those shares differ widely between occupations that are all feasible (25 % of customer service
representatives' ads, 11 % of computer user support specialists', 2021Q3–2022Q1, N1a-N1h).

Model (docs/methodology.md §3, "Remote postings"): the hire hazard of an employee career is
multiplied by ``(r_occ / r_all) ** remote_posting_elasticity``, clipped to [0.25, 4], where
``r_occ`` is the occupation's remote share of postings — a cited figure where the evidence has one
(:data:`CITED`), else its SOC group's named assumption (``remote_posting_share_<group>``, with a
range, moved by the sensitivity analysis) — and ``r_all`` the share over all postings
(``remote_posting_share_all``). ``remote_competition_factor`` stays the effect of remote search for
an occupation with the average remote share. Freelance paths are not affected (a marketplace is
remote by construction), nor is the fallback's local job.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Cited remote shares of job ads (%, JobsEQ, 2021Q3-2022Q1; evidence N1a-N1h) by SOC code prefix.
CITED: dict[str, tuple[float, str]] = {
    "43-4051": (25.4, "N1a"),  # Customer Service Representatives
    "15-1252": (21.6, "N1b"),  # Software Developers (with QA analysts and testers)
    "15-1253": (21.6, "N1b"),
    "11-3021": (13.4, "N1c"),  # Computer and Information Systems Managers
    "41-3091": (14.3, "N1d"),  # Sales Representatives of Services, Except …
    "15-1299": (19.4, "N1e"),  # Computer Occupations, All Other
    "15-1232": (10.8, "N1f"),  # Computer User Support Specialists
    "13-1111": (13.6, "N1g"),  # Management Analysts
    "41-3021": (34.2, "N1h"),  # Insurance Sales Agents
}

#: SOC major group -> the registry parameter of its remote posting share (named assumptions).
GROUPS: dict[str, str] = {
    "43": "remote_posting_share_office",
    "41": "remote_posting_share_sales",
    "11": "remote_posting_share_business",
    "13": "remote_posting_share_business",
    "15": "remote_posting_share_computer",
}
OTHER = "remote_posting_share_other"
CLIP = (0.25, 4.0)


def posting_share(code: str, params: Mapping[str, float]) -> tuple[float, str]:
    """(remote share of the occupation's postings in %, where it comes from: an id or a param)."""
    cited = CITED.get(code[:7])
    if cited is not None:
        return cited
    name = GROUPS.get(code[:2], OTHER)
    return float(params[name]), name


def remote_posting_factor(code: str, params: Mapping[str, float]) -> tuple[float, str]:
    """(hire-hazard multiplier, note) from the occupation's remote share of postings."""
    share, src = posting_share(code, params)
    ref = float(params["remote_posting_share_all"])
    eta = float(params["remote_posting_elasticity"])
    rel = min(CLIP[1], max(CLIP[0], share / ref)) if ref > 0 else 1.0
    f = float(rel**eta)
    note = (
        f"{code}: {share:g} % of its job ads offer remote work ({src}) against {ref:g} % of all "
        f"ads: hire chance x{f:.2f} (remote_posting_elasticity {eta:g})"
    )
    return f, note
