"""Explicit, ordered schema migrations recorded in a ``schema_version`` table.

Each migration is a function of a connection, applied once, in order, inside one
transaction (PostgreSQL: under an advisory lock, so replicas starting together migrate
once). A migration is never edited after release: change the schema by appending one.
Migration 1 spells its tables out rather than reusing `models`, so it stays what it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    select,
    text,
)

from call_nlp.records.models import schema_version

log = logging.getLogger("call_nlp.records")

#: Any constant shared by every replica; serializes their migrations on PostgreSQL.
_ADVISORY_LOCK = 0x63616C6C  # "call"


class MigrationError(RuntimeError):
    """The database schema cannot be brought to this code's version."""


def _v1_records_and_reviews(conn: Connection) -> None:
    md = MetaData()
    Table(
        "suggestion_records",
        md,
        Column("suggestion_id", String(36), primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("call_id", String(128), nullable=True),
        Column("model_version", String(200), nullable=False),
        Column("model_run_id", String(200), nullable=True),
        Column("model_sha256", String(64), nullable=False),
        Column("policy_version", String(200), nullable=False),
        Column("policy_digest", String(64), nullable=False),
        Column("lexicon_version", String(200), nullable=False),
        Column("lexicon_digest", String(64), nullable=False),
        Column("text_hmac", String(64), nullable=False),
        Column("text_chars", Integer, nullable=False),
        Column("text_stored", String(16), nullable=False),
        Column("text", Text, nullable=True),
        Column("response_model", String(64), nullable=False),
        Column("needs_review", Boolean, nullable=False),
        Column("rule", String(200), nullable=False),
        Column("crisis_type", String(64), nullable=False),
        Column("crisis_type_confidence", Float, nullable=False),
        Column("crisis_type_overridden", Boolean, nullable=False),
        Column("violence_risk", String(64), nullable=False),
        Column("violence_risk_confidence", Float, nullable=False),
        Column("violence_risk_overridden", Boolean, nullable=False),
        Column("probabilities", JSON, nullable=False),
        Column("cues", JSON, nullable=False),
        Column("reasons", JSON, nullable=False),
        Column("medical_needs", JSON, nullable=False),
        Index("ix_suggestion_records_created_at", "created_at"),
        Index("ix_suggestion_records_call_id", "call_id"),
        Index("ix_suggestion_records_text_hmac", "text_hmac"),
    )
    Table(
        "suggestion_reviews",
        md,
        Column("suggestion_id", String(36), ForeignKey("suggestion_records.suggestion_id"), primary_key=True),
        Column("reviewed_at", DateTime(timezone=True), nullable=False),
        Column("decision", String(16), nullable=False),
        Column("response_model", String(64), nullable=False),
        Column("crisis_type", String(64), nullable=True),
        Column("violence_risk", String(64), nullable=True),
        Column("reason", Text, nullable=True),
        Column("reviewer", String(128), nullable=False),
        Column("reviewer_verified", Boolean, nullable=False),
        Column("reviewer_role", String(32), nullable=True),
    )
    md.create_all(conn)


def _v2_record_district(conn: Connection) -> None:
    # nullable, no default: records made before it simply have no district
    conn.execute(text("ALTER TABLE suggestion_records ADD COLUMN district VARCHAR(128)"))
    conn.execute(text("CREATE INDEX ix_suggestion_records_district ON suggestion_records (district)"))


def _v3_record_margin(conn: Connection) -> None:
    # how unsure each suggestion is, for the review queue; filled in for the records already stored
    # (from the probabilities they hold, as a new record computes it)
    from call_nlp.uncertainty import margin

    conn.execute(text("ALTER TABLE suggestion_records ADD COLUMN margin FLOAT"))
    conn.execute(text("CREATE INDEX ix_suggestion_records_margin ON suggestion_records (margin)"))
    md = MetaData()
    table = Table("suggestion_records", md, Column("suggestion_id", String(36), primary_key=True),
                  Column("probabilities", JSON), Column("margin", Float))
    rows = conn.execute(select(table.c.suggestion_id, table.c.probabilities)).all()
    update = table.update().where(table.c.suggestion_id == bindparam("id")).values(margin=bindparam("m"))
    for start in range(0, len(rows), _BACKFILL_BATCH):
        batch = rows[start:start + _BACKFILL_BATCH]
        conn.execute(update, [{"id": row[0], "m": margin(row[1])} for row in batch])


def _v4_record_incident_type(conn: Connection) -> None:
    # nullable: only suggestions made from a NENA EIDO document have one
    conn.execute(text("ALTER TABLE suggestion_records ADD COLUMN incident_type VARCHAR(512)"))


_BACKFILL_BATCH = 1000

#: (version, description, migration), in order. Append only.
MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "suggestion records and reviews", _v1_records_and_reviews),
    (2, "district of a suggestion record (optional)", _v2_record_district),
    (3, "margin of a suggestion record (the review queue's order)", _v3_record_margin),
    (4, "incident type of a suggestion record (from a NENA EIDO document; optional)", _v4_record_incident_type),
)
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, schema_version.name):
        return 0
    return int(conn.execute(select(func.coalesce(func.max(schema_version.c.version), 0))).scalar_one())


def migrate(engine: Engine) -> int:
    """Apply the migrations the database lacks; returns the schema version now in place."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
        schema_version.create(conn, checkfirst=True)
        found = current_version(conn)
        if found > LATEST:
            raise MigrationError(f"database schema version {found} is newer than this code knows ({LATEST})")
        for version, description, apply in MIGRATIONS:
            if version <= found:
                continue
            apply(conn)
            conn.execute(
                schema_version.insert().values(version=version, description=description, applied_at=datetime.now(UTC))
            )
            log.info("record store migrated to schema version %d: %s", version, description)
    return LATEST
