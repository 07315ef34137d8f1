"""Suggestion records: what was suggested for which note, and what the call-taker decided.

`record` builds the rows, `secret` keeps the note-text HMAC key, `models` and `migrations`
define the tables, `store` reads and writes them through SQLAlchemy, `spool` keeps records
on local disk while the store is unreachable and `recorder` ties store and spool together.
"""
