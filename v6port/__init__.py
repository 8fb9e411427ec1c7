"""v6port: lint and verify the port declarations of vantage6 algorithm images."""

from __future__ import annotations

__version__ = "0.1.0"
