"""Routers by resource: health, triage, model, suggestions (records and reviews), calls."""
