"""The web face: a local FastAPI app over the core (``crossroads serve``).

``create_app(WebConfig(data_dir=...))`` builds the app (pages, JSON API under ``/api``, security);
see docs/web.md.
"""

from __future__ import annotations

from .app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
