-- Proof of receipt (audit part, issue #10): indexes for `station audit verify --central` and central
-- certificates, which look up events by the page hashes they name and by batch, never by scanning a
-- station's whole chain.
CREATE INDEX IF NOT EXISTS audit_events_page_hashes ON central.audit_events USING gin (page_hashes);
CREATE INDEX IF NOT EXISTS audit_events_batch ON central.audit_events (station_id, batch_id);
