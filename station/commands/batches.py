"""``station batches [BATCH]``: list the batches in the local store, or show one."""

from __future__ import annotations

import argparse

from typing import TYPE_CHECKING

from station.i18n import say

if TYPE_CHECKING:
    from station.store.local import Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batches", help=say("Stapel im lokalen Speicher anzeigen", "list batches in the local store"))
    p.add_argument("batch", nargs="?", help=say("diesen Stapel im Einzelnen zeigen", "show this batch in detail"))
    p.add_argument("--resume", action="store_true",
                   help=say("unterbrochene Stapel fertig verarbeiten (mit STAPEL: nur diesen)",
                            "finish processing interrupted batches (with BATCH: only that one)"))
    p.add_argument("--close", metavar=say("STAPEL", "BATCH"), action="append", default=[],
                   help=say("geprüften Stapel abschließen und zur Übertragung einreihen (mehrfach möglich)",
                            "close a checked batch and queue it for sending (may be repeated)"))
    p.add_argument("--force", action="store_true",
                   help=say("mit --close: auch mit ungeprüften Dokumenten abschließen",
                            "with --close: close even with documents left to check"))
    p.add_argument("--finish", metavar=say("STAPEL", "BATCH"), action="append", default=[],
                   help=say("liegengebliebenen Stapel fertig machen (trennen, klassifizieren)",
                            "finish a stranded batch (separate, classify)"))
    p.add_argument("--delete", metavar=say("STAPEL", "BATCH"), action="append", default=[],
                   help=say("nicht abgeschlossenen Stapel löschen (mit --yes)", "delete a batch never closed (with --yes)"))
    p.add_argument("--yes", action="store_true", help=say("Löschen bestätigen", "confirm the deletion"))
    p.set_defaults(func=run)


def _close(store: Store, batch_id: str, force: bool) -> None:
    """What "Stapel abschließen" does in the desk application (``flows.batch.close_batch``)."""
    from station.flows.batch import close_batch

    close_batch(store, batch_id, force=force)
    print(say(f"Stapel {batch_id} abgeschlossen.", f"Batch {batch_id} closed."))


def _waiting_errors(store: Store) -> dict[str, str]:
    """Why a closed batch has not reached the central store yet (a held-back batch: its reason),
    by batch id, in the operator's language."""
    from station.sync.outbox import in_language

    return {i.batch_id: in_language(i.last_error) for i in store.outbox_pending() if i.last_error}


def run(args: argparse.Namespace) -> int:
    # imported here: every command module is loaded for ``station --help``
    from station.config import load_settings
    from station.flows.batch import delete_batch, finish_batch, recover_stranded
    from station.flows.process import process_batch, resume
    from station.store.local import Store

    settings = load_settings()
    with Store.open(settings) as store:
        if args.resume and args.batch:
            process_batch(store, settings, args.batch)
            print(say(f"Stapel {args.batch} verarbeitet.", f"Batch {args.batch} processed."))
        elif args.resume:
            done = resume(store, settings) + recover_stranded(store, settings)
            print(say(f"{len(done)} Stapel fortgesetzt.", f"{len(done)} batch(es) resumed."))
        for batch_id in args.finish:
            finish_batch(store, settings, batch_id)
            print(say(f"Stapel {batch_id} verarbeitet.", f"Batch {batch_id} processed."))
        for batch_id in args.delete:
            pages = delete_batch(store, batch_id, confirm=args.yes)
            print(say(f"Stapel {batch_id} gelöscht ({pages} Seiten).", f"Batch {batch_id} deleted ({pages} pages)."))
        for batch_id in args.close:
            _close(store, batch_id, args.force)
        waiting = _waiting_errors(store)
        if args.batch:
            batch = store.load_batch(args.batch)
            print(f"{batch.id}  {batch.source}  {batch.state}  {batch.started_at}")
            if batch.id in waiting:
                print("  " + say("Nicht übertragen: ", "Not sent: ") + waiting[batch.id])
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
            if batch.purged_at:  # deleted, or past retention: only the audit chain remembers it
                continue
            print(f"{batch.id}  {batch.source:8s} {batch.state:12s} {batch.page_count:4d} "
                  f"{say('Seiten', 'pages')} {batch.document_count:3d} {say('Dok.', 'docs')}  {batch.started_at}")
            if batch.id in waiting:
                print("    " + say("Nicht übertragen: ", "Not sent: ") + waiting[batch.id])
    return 0
