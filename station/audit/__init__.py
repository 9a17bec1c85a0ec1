"""Proof of receipt: verify the hash-chained audit trail and issue receipt certificates.

The store writes the chain (``station.store.audit``); this package only reads it, recomputes it
and reports. Nothing here changes stored evidence.
"""
