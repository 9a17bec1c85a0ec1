"""Scan station core: capture, clean, read, classify, index, keep and sync mailroom documents.

This package is a library with a CLI on top. It never imports Qt: the desk application in ``ui/``
is one front end over it, the ``station`` command another.
"""

__version__ = "0.1.0"
