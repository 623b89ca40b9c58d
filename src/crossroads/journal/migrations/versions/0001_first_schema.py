"""First journal schema: person, entry (work, learn, apply, cash), clock.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_MIN = (
    "paid_minutes",
    "unpaid_searching_minutes",
    "unpaid_qualification_minutes",
    "unpaid_returned_minutes",
    "unpaid_rejected_minutes",
    "unpaid_waiting_minutes",
    "unpaid_payment_admin_minutes",
    "unpaid_other_minutes",
)


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False, server_default=""),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("owner", "name", name="uq_person_owner_name"),
    )
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("person.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("natural_key", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("platform", sa.String(100), nullable=True),
        sa.Column("task_type", sa.String(100), nullable=True),
        sa.Column("requester", sa.String(200), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        *[sa.Column(name, sa.Float(), nullable=True) for name in _MIN],
        sa.Column("earnings", sa.Float(), nullable=True),
        sa.Column("bonus", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("status", sa.String(10), nullable=True),
        sa.Column("skills", sa.String(500), nullable=True),
        sa.Column("course", sa.String(200), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=True),
        sa.Column("milestone", sa.String(20), nullable=True),
        sa.Column("occupation", sa.String(200), nullable=True),
        sa.Column("employer", sa.String(200), nullable=True),
        sa.Column("channel", sa.String(100), nullable=True),
        sa.Column("stage", sa.String(20), nullable=True),
        sa.Column("balance", sa.Float(), nullable=True),
        sa.UniqueConstraint("person_id", "natural_key", name="uq_entry_person_key"),
    )
    op.create_index("ix_entry_person_kind_date", "entry", ["person_id", "kind", "date"])
    op.create_table(
        "clock",
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("person.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("platform", sa.String(100), nullable=False),
        sa.Column("task_type", sa.String(100), nullable=True),
        sa.Column("requester", sa.String(200), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("clock")
    op.drop_index("ix_entry_person_kind_date", table_name="entry")
    op.drop_table("entry")
    op.drop_table("person")
