"""The HTTP service: `create_app(settings)` builds a FastAPI app that serves triage suggestions.

Run it with ``uvicorn --factory call_nlp.api.main:create_app``; nothing is loaded at import.
"""
