-- Checks made on arrival, in the database (a client cannot skip them), and routing.
-- Error codes of class "SC" are the central's own refusals; the station maps them to operator messages.

-- A month's partition of central.documents, made when the first document of that month arrives.
CREATE FUNCTION central.ensure_document_partition(ts timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    first_day timestamptz := date_trunc('month', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('documents_%s', to_char(ts AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    IF to_regclass('central.' || part) IS NOT NULL THEN
        RETURN part;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('central.documents partitions'));
    IF to_regclass('central.' || part) IS NULL THEN
        EXECUTE format('CREATE TABLE central.%I PARTITION OF central.documents FOR VALUES FROM (%L) TO (%L)',
                       part, first_day, first_day + interval '1 month');
    END IF;
    RETURN part;
END $$;

-- Pages: the bytes that arrived are the bytes the station hashed.
CREATE FUNCTION central.check_page() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.content IS NOT NULL THEN
        IF octet_length(NEW.content) <> NEW.size
           OR encode(sha256(NEW.content), 'hex') <> NEW.sha256 THEN
            RAISE EXCEPTION USING ERRCODE = 'SC001',
                MESSAGE = format('page %s: content does not match its SHA-256/size', NEW.id),
                DETAIL = format('expected %s (%s bytes), got %s (%s bytes)', NEW.sha256, NEW.size,
                                encode(sha256(NEW.content), 'hex'), octet_length(NEW.content));
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pages_check BEFORE INSERT ON central.pages FOR EACH ROW EXECUTE FUNCTION central.check_page();

-- Fields: one searchable row per non-empty field of a new document.
CREATE FUNCTION central.document_fields() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO central.fields (document_id, station_id, name, value)
    SELECT NEW.id, NEW.station_id, key, value FROM jsonb_each_text(NEW.fields) WHERE value IS NOT NULL AND value <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER documents_fields AFTER INSERT ON central.documents FOR EACH ROW EXECUTE FUNCTION central.document_fields();

-- Batch complete: every document and page must be there; then route its documents and notify.
CREATE FUNCTION central.batch_arrived() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n_docs integer;
    n_pages integer;
    dept text;
BEGIN
    SELECT count(*) INTO n_docs FROM central.documents WHERE batch_id = NEW.id AND station_id = NEW.station_id;
    SELECT count(*) INTO n_pages FROM central.pages WHERE batch_id = NEW.id AND station_id = NEW.station_id;
    IF n_docs <> NEW.document_count OR n_pages <> NEW.page_count THEN
        RAISE EXCEPTION USING ERRCODE = 'SC004',
            MESSAGE = format('batch %s incomplete: %s/%s documents, %s/%s pages arrived',
                             NEW.id, n_docs, NEW.document_count, n_pages, NEW.page_count);
    END IF;
    INSERT INTO central.routing (document_id, received_at, department)
    SELECT id, received_at, department FROM central.documents WHERE batch_id = NEW.id
    ON CONFLICT DO NOTHING;
    FOR dept IN SELECT DISTINCT department FROM central.documents WHERE batch_id = NEW.id LOOP
        PERFORM pg_notify('documents_ready', json_build_object(
            'department', dept, 'batch_id', NEW.id, 'station_id', NEW.station_id)::text);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER batches_arrived AFTER INSERT ON central.batches FOR EACH ROW EXECUTE FUNCTION central.batch_arrived();

-- Audit chain: each event's hash must match its canonical text, and it must link to the station's
-- current central head. A replayed event is skipped; a broken chain is refused and named.
CREATE FUNCTION central.audit_event_arrives() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    head text;
    c jsonb;
BEGIN
    IF EXISTS (SELECT 1 FROM central.audit_events WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    IF encode(sha256(convert_to(NEW.prev_hash || E'\n' || NEW.canonical, 'UTF8')), 'hex') <> NEW.hash THEN
        RAISE EXCEPTION USING ERRCODE = 'SC002',
            MESSAGE = format('audit event %s of station %s: hash does not match its content', NEW.id, NEW.station_id);
    END IF;
    c := NEW.canonical::jsonb;
    IF c->>'id' IS DISTINCT FROM NEW.id::text OR c->>'station_id' IS DISTINCT FROM NEW.station_id
       OR c->>'kind' IS DISTINCT FROM NEW.kind THEN
        RAISE EXCEPTION USING ERRCODE = 'SC002',
            MESSAGE = format('audit event %s: columns differ from the hashed content', NEW.id);
    END IF;
    SELECT h.hash INTO head FROM central.audit_heads h WHERE h.station_id = NEW.station_id FOR UPDATE;
    IF NOT FOUND THEN
        head := repeat('0', 64);
    END IF;
    IF NEW.prev_hash <> head THEN
        RAISE EXCEPTION USING ERRCODE = 'SC003',
            MESSAGE = format('audit chain of station %s broken at event %s (seq %s): it links to %s, the central chain ends at %s',
                             NEW.station_id, NEW.id, NEW.seq, left(NEW.prev_hash, 12), left(head, 12));
    END IF;
    INSERT INTO central.audit_heads (station_id, hash, seq) VALUES (NEW.station_id, NEW.hash, NEW.seq)
    ON CONFLICT (station_id) DO UPDATE SET hash = EXCLUDED.hash, seq = EXCLUDED.seq, updated_at = clock_timestamp();
    RETURN NEW;
END $$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON central.audit_events
    FOR EACH ROW EXECUTE FUNCTION central.audit_event_arrives();

-- A "corrected" event for a document already central and closed before the correction is an
-- amendment: recorded next to the original, and re-routed if the department changed.
CREATE FUNCTION central.audit_event_amends() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    doc record;
BEGIN
    IF NEW.kind <> 'corrected' OR NEW.document_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT d.id, d.department, b.closed_at INTO doc
    FROM central.documents d JOIN central.batches b ON b.id = d.batch_id
    WHERE d.id = NEW.document_id AND d.station_id = NEW.station_id;
    IF NOT FOUND OR doc.closed_at IS NULL OR NEW.at <= doc.closed_at THEN
        RETURN NULL;
    END IF;
    INSERT INTO central.amendments (id, document_id, station_id, at, operator, doc_type, department, fields)
    VALUES (NEW.id, NEW.document_id, NEW.station_id, NEW.at, NEW.operator, NEW.data->>'doc_type',
            NEW.data->>'department', coalesce(NEW.data->'fields', '{}'::jsonb))
    ON CONFLICT DO NOTHING;
    IF NEW.data->>'department' IS NOT NULL THEN
        UPDATE central.routing SET department = NEW.data->>'department'
        WHERE document_id = NEW.document_id AND taken_at IS NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER audit_events_amend AFTER INSERT ON central.audit_events
    FOR EACH ROW EXECUTE FUNCTION central.audit_event_amends();
