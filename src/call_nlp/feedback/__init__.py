"""What call-takers decided about the suggestions, turned into training data and audit figures.

`source` opens the record store and parses the time range, `export` writes reviewed notes
in the training-data contract (`call-nlp export-reviews`), `audit_report` summarizes
reviews and overrides (`call-nlp audit-report`), and `demo_run` exercises both on a
scripted run of synthetic calls (`call-nlp demo-run`).
"""
