-- Delivery date and registered mail (issue #19). A batch carries the day its post reached the mailroom
-- (Posteingangsdatum): the legal date of receipt of every document in it, whatever day it was scanned.
-- A registered letter (Einschreiben) carries its UPU S10 tracking number, checked here too, indexed and
-- searchable. Rows of stations from before this migration keep NULL: their legal date is the scan day.

-- UPU S10: 2 letters, 8 digits, check digit (weights 8,6,4,2,3,5,9,7; 11 - sum mod 11; 10 -> 0, 11 -> 5), 2 letters.
CREATE FUNCTION central.s10_valid(number text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT number ~ '^[A-Z]{2}[0-9]{9}[A-Z]{2}$' AND (
        SELECT CASE 11 - sum(substr(number, 2 + i::int, 1)::int * w) % 11 WHEN 10 THEN 0 WHEN 11 THEN 5
                    ELSE 11 - sum(substr(number, 2 + i::int, 1)::int * w) % 11 END
        FROM unnest(ARRAY[8, 6, 4, 2, 3, 5, 9, 7]) WITH ORDINALITY AS t(w, i)
    ) = substr(number, 11, 1)::int
$$;

-- How an operator or a letter writes it ("RR 12345678 5 DE", "rr-123456785-de") to the stored form.
CREATE FUNCTION central.s10_compact(number text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT upper(regexp_replace(number, '[\s.\-]', '', 'g'))
$$;

ALTER TABLE central.batches
    ADD COLUMN delivery_date date,
    ADD COLUMN delivery_reason text,
    ADD COLUMN delivered_at timestamptz;

ALTER TABLE central.documents
    ADD COLUMN delivery_date date,
    ADD COLUMN registered boolean NOT NULL DEFAULT false,
    ADD COLUMN tracking_number text CHECK (tracking_number IS NULL OR central.s10_valid(tracking_number));

CREATE INDEX documents_tracking_number ON central.documents (tracking_number) WHERE tracking_number IS NOT NULL;
CREATE INDEX documents_delivery_date ON central.documents (delivery_date);

-- Registered mail by tracking number: where is the letter, when was it delivered, when scanned.
-- Row-level security applies (invoker): a station finds its own letters, a department those routed to it.
CREATE FUNCTION central.documents_by_tracking_number(number text)
RETURNS TABLE (document_id uuid, tracking_number text, delivery_date date, received_at timestamptz,
               station_id text, batch_id uuid, doc_type text, department text, page_count integer)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT d.id, d.tracking_number, d.delivery_date, d.received_at, d.station_id, d.batch_id, d.doc_type,
           d.department, d.page_count
    FROM central.documents d
    WHERE d.tracking_number = central.s10_compact(number)
    ORDER BY d.received_at, d.id
$$;

GRANT EXECUTE ON FUNCTION central.s10_valid(text), central.s10_compact(text),
    central.documents_by_tracking_number(text) TO scan_station, scan_department;
