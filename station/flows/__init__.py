"""The application layer: the only place that strings the stages together.

A scan job (source -> batch scan -> store -> page pool), import/process/resume on one page pool,
the fax watch, and the batch rules (stop, jam/continue, split, merge, close). The ``station``
commands and the desk call these functions, nothing lower.
"""
