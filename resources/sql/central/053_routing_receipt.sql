-- The department inbox lists open documents oldest date of receipt first, and searches them by day.
-- The date of receipt is the delivery day (the start of that Berlin day) when the batch has one, else
-- the moment of arrival: computed from the document for every row, it forced a sort of the whole open
-- queue (about a second at 1,000,000 documents). It is kept in the routing row, set once on insert
-- (a document arrives only after its batch is closed, when its delivery date can no longer change;
-- a central correction is followed by a trigger), and indexed per department as the queue reads it.
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS receipt_at timestamptz;
UPDATE central.routing r
SET receipt_at = coalesce(d.delivery_date::timestamp AT TIME ZONE 'Europe/Berlin', d.received_at)
FROM central.documents d
WHERE d.id = r.document_id AND d.received_at = r.received_at AND r.receipt_at IS NULL;

CREATE FUNCTION central.routing_receipt_at() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.receipt_at IS NULL THEN
        SELECT coalesce(d.delivery_date::timestamp AT TIME ZONE 'Europe/Berlin', d.received_at)
        INTO NEW.receipt_at FROM central.documents d
        WHERE d.id = NEW.document_id AND d.received_at = NEW.received_at;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER routing_receipt_at BEFORE INSERT ON central.routing
    FOR EACH ROW EXECUTE FUNCTION central.routing_receipt_at();

CREATE INDEX IF NOT EXISTS routing_open_by_receipt ON central.routing (department, receipt_at, document_id)
    INCLUDE (doc_type, corrected_type) WHERE done_at IS NULL;

-- Should a document's delivery date ever be corrected centrally (by the owner), its routing row follows.
CREATE FUNCTION central.document_receipt_at() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE central.routing
    SET receipt_at = coalesce(NEW.delivery_date::timestamp AT TIME ZONE 'Europe/Berlin', NEW.received_at)
    WHERE document_id = NEW.id AND received_at = NEW.received_at;
    RETURN NULL;
END $$;
CREATE TRIGGER documents_receipt_at AFTER UPDATE OF delivery_date ON central.documents
    FOR EACH ROW WHEN (NEW.delivery_date IS DISTINCT FROM OLD.delivery_date)
    EXECUTE FUNCTION central.document_receipt_at();
