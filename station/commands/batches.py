"""``station batches [BATCH]``: list the batches in the local store, or show one."""

from __future__ import annotations

import argparse

from station.i18n import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batches", help=say("Stapel im lokalen Speicher anzeigen", "list batches in the local store"))
    p.add_argument("batch", nargs="?", help=say("diesen Stapel im Einzelnen zeigen", "show this batch in detail"))
    p.add_argument("--resume", action="store_true",
                   help=say("unterbrochene Stapel fertig verarbeiten", "finish processing interrupted batches"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from station.config import load_settings
    from station.store import Store

    settings = load_settings()
    with Store.open(settings) as store:
        if args.resume:
            from station.store.ingest import resume

            done = resume(store, settings)
            print(say(f"{len(done)} Stapel fortgesetzt.", f"{len(done)} batch(es) resumed."))
        if args.batch:
            batch = store.load_batch(args.batch)
            print(f"{batch.id}  {batch.source}  {batch.state}  {batch.started_at}")
            for doc in batch.documents:
                live = [p for p in doc.pages if not p.deleted]
                review = say("prüfen", "check") if doc.needs_review else "ok"
                print(f"  {doc.ord + 1:3d}. {doc.doc_type or '-':20s} {len(live):3d} S.  "
                      f"{say('Eingang', 'received')} {doc.received_at}  {review}")
            loose = [p for p in batch.loose_pages]
            if loose:
                print(say(f"  {len(loose)} Seiten außerhalb von Dokumenten (Trennblätter, Leerseiten, gelöscht)",
                          f"  {len(loose)} pages outside documents (separators, blank, deleted)"))
            return 0
        for batch in store.list_batches():
            print(f"{batch.id}  {batch.source:8s} {batch.state:12s} {batch.page_count:4d} "
                  f"{say('Seiten', 'pages')} {batch.document_count:3d} {say('Dok.', 'docs')}  {batch.started_at}")
    return 0
