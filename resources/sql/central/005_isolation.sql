-- Isolation between stations and departments (issue #18), beyond "a row names its own station":
--   * a page may only be added to a document (and batch) of the inserting station;
--   * departments see a page only if it belongs to the routed document's own station and batch;
--   * notifications carry the batch id only (anyone may LISTEN to any channel; the look-up behind
--     the id is protected by row-level security);
--   * station roles create month partitions only through ensure_document_partition, within two years
--     of today;
--   * routing.taken_by is set by the server from the role that takes the document, never by the client.

-- Whether the asking station owns document ``doc`` of batch ``batch``. SECURITY INVOKER on purpose:
-- the look-up runs under the station's own row-level security, so it can see only its own documents
-- and learns nothing about anyone else's.
CREATE FUNCTION central.my_document(doc uuid, batch uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM central.documents d
                   WHERE d.id = doc AND d.batch_id = batch AND d.station_id = (SELECT central.my_station()))
$$;
REVOKE ALL ON FUNCTION central.my_document(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.my_document(uuid, uuid) TO scan_station;

DROP POLICY station_writes ON central.pages;
CREATE POLICY station_writes ON central.pages FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()) AND central.my_document(document_id, batch_id));

-- A document may not join a batch another station already sent (the owner is checked by the server,
-- which can see every batch; the station learns only "refused").
CREATE FUNCTION central.batch_free_for_me(batch uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT NOT EXISTS (SELECT 1 FROM central.batches b JOIN central.stations s ON s.station_id = b.station_id
                       WHERE b.id = batch AND s.role_name <> session_user)
$$;
REVOKE ALL ON FUNCTION central.batch_free_for_me(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.batch_free_for_me(uuid) TO scan_station;

DROP POLICY station_writes ON central.documents;
CREATE POLICY station_writes ON central.documents FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()) AND central.batch_free_for_me(batch_id));

-- Departments: a page (or field) of a routed document only if it is that document's own.
DROP POLICY department_reads ON central.pages;
CREATE POLICY department_reads ON central.pages FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r JOIN central.documents d ON d.id = r.document_id
                   WHERE r.document_id = pages.document_id AND d.station_id = pages.station_id
                     AND d.batch_id = pages.batch_id));
DROP POLICY department_reads ON central.fields;
CREATE POLICY department_reads ON central.fields FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r JOIN central.documents d ON d.id = r.document_id
                   WHERE r.document_id = fields.document_id AND d.station_id = fields.station_id));

-- Batch complete: route only the arriving station's own documents, announce the batch id only.
CREATE OR REPLACE FUNCTION central.batch_arrived() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n_docs integer;
    n_pages integer;
BEGIN
    SELECT count(*) INTO n_docs FROM central.documents WHERE batch_id = NEW.id AND station_id = NEW.station_id;
    SELECT count(*) INTO n_pages FROM central.pages WHERE batch_id = NEW.id AND station_id = NEW.station_id;
    IF n_docs <> NEW.document_count OR n_pages <> NEW.page_count THEN
        RAISE EXCEPTION USING ERRCODE = 'SC004',
            MESSAGE = format('batch %s incomplete: %s/%s documents, %s/%s pages arrived',
                             NEW.id, n_docs, NEW.document_count, n_pages, NEW.page_count);
    END IF;
    INSERT INTO central.routing (document_id, received_at, department)
    SELECT id, received_at, department FROM central.documents WHERE batch_id = NEW.id AND station_id = NEW.station_id
    ON CONFLICT DO NOTHING;
    -- Every role may LISTEN on any channel, so the payload is an id and nothing else; a department
    -- reads what is its own through central.department_queue (row-level security).
    PERFORM pg_notify('documents_ready', NEW.id::text);
    RETURN NULL;
END $$;

-- Partitions: every role but the schema's owner (the admin: archiving, tests) may ask only for months
-- within two years of today.
CREATE OR REPLACE FUNCTION central.ensure_document_partition(ts timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    first_day timestamptz := date_trunc('month', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('documents_%s', to_char(ts AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    IF NOT pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'central'), 'MEMBER')
       AND (ts IS NULL OR ts < now() - interval '2 years' OR ts > now() + interval '2 years') THEN
        RAISE EXCEPTION USING ERRCODE = 'SC005',
            MESSAGE = format('no partition for %s: received dates must lie within two years of today', ts);
    END IF;
    IF to_regclass('central.' || part) IS NOT NULL THEN
        RETURN part;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('central.documents partitions'));
    IF to_regclass('central.' || part) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE TABLE central.%I PARTITION OF central.documents FOR VALUES FROM (%L) TO (%L)',
                           part, first_day, first_day + interval '1 month');
        EXCEPTION WHEN duplicate_table THEN
            NULL;  -- made by a desk that held the lock just before us
        END;
    END IF;
    RETURN part;
END $$;
REVOKE CREATE ON SCHEMA central FROM PUBLIC, scan_station, scan_department;

-- Taking a document: the server stamps who and when; a client's values for either are overwritten.
REVOKE UPDATE ON central.routing FROM scan_department;
GRANT UPDATE (taken_at) ON central.routing TO scan_department;

CREATE FUNCTION central.routing_taken() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.taken_at IS DISTINCT FROM OLD.taken_at OR NEW.taken_by IS DISTINCT FROM OLD.taken_by THEN
        IF NEW.taken_at IS NULL THEN
            NEW.taken_by := NULL;
        ELSE
            NEW.taken_at := clock_timestamp();
            NEW.taken_by := current_user;
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER routing_taken BEFORE UPDATE ON central.routing FOR EACH ROW EXECUTE FUNCTION central.routing_taken();

CREATE OR REPLACE FUNCTION central.take_document(doc uuid) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE central.routing SET taken_at = clock_timestamp()  -- taken_by: the routing_taken trigger
    WHERE document_id = doc AND taken_at IS NULL;
    RETURN FOUND;
END $$;
