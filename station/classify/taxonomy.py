"""The document types live in the shared vocabulary (``station.taxonomy``); this name stays for
callers that import them from the classifier."""

from station.taxonomy import FALLBACK_ID, TAXONOMY_FILE, DocTypeInfo, department, info, load_taxonomy, type_ids

__all__ = ["FALLBACK_ID", "TAXONOMY_FILE", "DocTypeInfo", "department", "info", "load_taxonomy", "type_ids"]
