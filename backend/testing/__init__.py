"""Tooling shared by tests and scripts (never imported by the application)."""
