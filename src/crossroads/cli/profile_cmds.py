"""CLI commands (placeholder until its owner fills it)."""

from .app import app  # noqa: F401
