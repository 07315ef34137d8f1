"""Routers by resource: health, triage, model."""
