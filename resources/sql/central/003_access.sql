-- Who may see and do what, enforced by the database (row-level security), not by the client.
--   scan_station     group of the per-station login roles: insert own rows, read back only own rows
--   scan_department  group of the per-department login roles: read own department's documents, take them
-- Login roles are made by `station central add-station NAME` / `add-department NAME`.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scan_station') THEN
        CREATE ROLE scan_station NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scan_department') THEN
        CREATE ROLE scan_department NOLOGIN;
    END IF;
END $$;

-- Invoker functions: current_user is the login role asking (each can read only its own mapping row).
CREATE FUNCTION central.my_station() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT station_id FROM central.stations WHERE role_name = current_user
$$;

CREATE FUNCTION central.my_department() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT department FROM central.departments WHERE role_name = current_user
$$;

REVOKE ALL ON SCHEMA central FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA central FROM PUBLIC;
GRANT USAGE ON SCHEMA central TO scan_station, scan_department;
GRANT EXECUTE ON FUNCTION central.my_station(), central.my_department() TO scan_station, scan_department;
GRANT EXECUTE ON FUNCTION central.ensure_document_partition(timestamptz) TO scan_station;

-- Stations: insert and read back, never update or delete (no privilege at all).
GRANT SELECT, INSERT ON central.batches, central.documents, central.pages, central.audit_events TO scan_station;
GRANT SELECT ON central.audit_heads, central.amendments, central.fields TO scan_station;
GRANT SELECT ON central.stations TO scan_station;
GRANT SELECT ON central.departments TO scan_department;

-- Departments: read what is routed to them.
GRANT SELECT ON central.routing, central.documents, central.pages, central.fields, central.amendments
    TO scan_department;

ALTER TABLE central.batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.pages ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.audit_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.amendments ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.routing ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.stations ENABLE ROW LEVEL SECURITY;
ALTER TABLE central.departments ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_station ON central.stations FOR SELECT TO scan_station
    USING (role_name = current_user);
CREATE POLICY own_department ON central.departments FOR SELECT TO scan_department
    USING (role_name = current_user);

CREATE POLICY station_reads ON central.batches FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_writes ON central.batches FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()));

CREATE POLICY station_reads ON central.documents FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_writes ON central.documents FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()));

CREATE POLICY station_reads ON central.pages FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_writes ON central.pages FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()));

CREATE POLICY station_reads ON central.audit_events FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_writes ON central.audit_events FOR INSERT TO scan_station
    WITH CHECK (station_id = (SELECT central.my_station()));

CREATE POLICY station_reads ON central.audit_heads FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_reads ON central.amendments FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));
CREATE POLICY station_reads ON central.fields FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));

-- Departments see a document (and its pages, fields, amendments) only while it is routed to them.
CREATE POLICY department_reads ON central.routing FOR SELECT TO scan_department
    USING (department = (SELECT central.my_department()));
CREATE POLICY department_reads ON central.documents FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = documents.id));
CREATE POLICY department_reads ON central.pages FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = pages.document_id));
CREATE POLICY department_reads ON central.fields FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = fields.document_id));
CREATE POLICY department_reads ON central.amendments FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = amendments.document_id));

-- The department's work queue: ready, not yet taken, oldest received first; the latest amendment wins.
CREATE VIEW central.department_queue WITH (security_invoker = true) AS
SELECT d.id, d.received_at, r.department, coalesce(a.doc_type, d.doc_type) AS doc_type,
       coalesce(a.fields, d.fields) AS fields, d.page_count, d.station_id, d.batch_id, r.ready_at,
       a.id IS NOT NULL AS amended
FROM central.routing r
JOIN central.documents d ON d.id = r.document_id AND d.received_at = r.received_at
LEFT JOIN LATERAL (
    SELECT am.id, am.doc_type, am.fields FROM central.amendments am
    WHERE am.document_id = d.id ORDER BY am.at DESC LIMIT 1
) a ON true
WHERE r.taken_at IS NULL
ORDER BY d.received_at, d.id;
GRANT SELECT ON central.department_queue TO scan_department;

-- Taking a document out of the queue: only the department it is routed to can, and only once.
GRANT UPDATE (taken_at, taken_by) ON central.routing TO scan_department;
CREATE POLICY department_takes ON central.routing FOR UPDATE TO scan_department
    USING (department = (SELECT central.my_department()) AND taken_at IS NULL)
    WITH CHECK (department = (SELECT central.my_department()));

CREATE FUNCTION central.take_document(doc uuid) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE central.routing SET taken_at = clock_timestamp(), taken_by = current_user
    WHERE document_id = doc AND taken_at IS NULL;
    RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION central.take_document(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.take_document(uuid) TO scan_department;
