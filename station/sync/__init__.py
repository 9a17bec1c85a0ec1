"""Sync: the local outbox to the central PostgreSQL store, exactly once, over unreliable networks.

- ``station.sync.connect``  safe connection settings and operator messages for connection failures
- ``station.sync.schema``   numbered central migrations, station and department roles
- ``station.sync.payload``  plain data that travels
- ``station.sync.outbox``   local store -> payloads (through the store's outbox seam)
- ``station.sync.central``  payloads -> central, idempotent, bounded transactions
- ``station.sync.worker``   ``sync_once``, ``watch`` (backoff + jitter), ``sync_status``
"""
