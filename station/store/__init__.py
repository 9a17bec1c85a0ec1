"""The local store: records in SQLite, page images as content-addressed files, an audit chain.

``Store.open(settings)`` is the one entry point; see ``local.py`` for how pages are made durable.
"""

from station.store.documents import DocumentPlan, OutboxItem
from station.store.local import RecoveryReport, Store, store_paths
from station.store.records import StoredBatch, StoredDocument, StoredPage

__all__ = ["DocumentPlan", "OutboxItem", "RecoveryReport", "Store", "StoredBatch", "StoredDocument", "StoredPage", "store_paths"]
