"""The record tables as the code reads and writes them (the schema is built by `migrations`).

Append-only: the store inserts rows and never updates or deletes them. A review's primary
key is its suggestion's id, so the database itself refuses a second review.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

ID_CHARS = 36
LABEL_CHARS = 64
CALL_ID_CHARS = 128
REVIEWER_CHARS = 128
DISTRICT_CHARS = 128

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

suggestions = Table(
    "suggestion_records",
    metadata,
    Column("suggestion_id", String(ID_CHARS), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("call_id", String(CALL_ID_CHARS), nullable=True, index=True),
    Column("model_version", String(200), nullable=False),
    Column("model_run_id", String(200), nullable=True),
    Column("model_sha256", String(LABEL_CHARS), nullable=False),
    Column("policy_version", String(200), nullable=False),
    Column("policy_digest", String(LABEL_CHARS), nullable=False),
    Column("lexicon_version", String(200), nullable=False),
    Column("lexicon_digest", String(LABEL_CHARS), nullable=False),
    Column("text_hmac", String(LABEL_CHARS), nullable=False, index=True),
    Column("text_chars", Integer, nullable=False),
    Column("text_stored", String(16), nullable=False),
    Column("text", Text, nullable=True),
    Column("response_model", String(LABEL_CHARS), nullable=False),
    Column("needs_review", Boolean, nullable=False),
    Column("rule", String(200), nullable=False),
    Column("crisis_type", String(LABEL_CHARS), nullable=False),
    Column("crisis_type_confidence", Float, nullable=False),
    Column("crisis_type_overridden", Boolean, nullable=False),
    Column("violence_risk", String(LABEL_CHARS), nullable=False),
    Column("violence_risk_confidence", Float, nullable=False),
    Column("violence_risk_overridden", Boolean, nullable=False),
    Column("probabilities", JSON, nullable=False),
    Column("cues", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("medical_needs", JSON, nullable=False),
    Column("district", String(DISTRICT_CHARS), nullable=True, index=True),  # schema version 2
    Column("margin", Float, nullable=True, index=True),  # schema version 3 (uncertainty.margin)
    Column("incident_type", String(512), nullable=True),  # schema version 4 (NENA EIDO intake)
)

reviews = Table(
    "suggestion_reviews",
    metadata,
    Column("suggestion_id", String(ID_CHARS), ForeignKey("suggestion_records.suggestion_id"), primary_key=True),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("response_model", String(LABEL_CHARS), nullable=False),
    Column("crisis_type", String(LABEL_CHARS), nullable=True),
    Column("violence_risk", String(LABEL_CHARS), nullable=True),
    Column("reason", Text, nullable=True),
    Column("reviewer", String(REVIEWER_CHARS), nullable=False),
    Column("reviewer_verified", Boolean, nullable=False),
    Column("reviewer_role", String(32), nullable=True),
)
