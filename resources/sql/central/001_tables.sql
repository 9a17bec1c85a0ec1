-- Central store: what the stations send. Every row is keyed by the UUID made on the station, so a
-- replayed send is harmless (INSERT ... ON CONFLICT DO NOTHING). Rows are never updated by stations:
-- a correction after sync arrives as an amendment, derived from the station's audited "corrected" event.

CREATE SCHEMA IF NOT EXISTS central;

CREATE TABLE central.stations (
    station_id  text PRIMARY KEY,
    role_name   name NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE central.departments (
    department  text PRIMARY KEY,
    role_name   name NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Documents and pages of a batch may arrive over several bounded transactions; the batch row comes
-- last and marks the batch complete (a trigger checks the counts, then routes and notifies).
CREATE TABLE central.batches (
    id              uuid PRIMARY KEY,
    station_id      text NOT NULL REFERENCES central.stations,
    name            text NOT NULL DEFAULT '',
    source          text NOT NULL DEFAULT '',
    operator        text NOT NULL DEFAULT '',
    created_at      timestamptz,
    closed_at       timestamptz,
    document_count  integer NOT NULL CHECK (document_count >= 0),
    page_count      integer NOT NULL CHECK (page_count >= 0),
    arrived_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX batches_station ON central.batches (station_id, closed_at);

-- Partitioned by the month the letter was received: 3.5 million documents a year stay fast, old
-- months can be detached and archived. Partitions are made on demand by ensure_document_partition().
CREATE TABLE central.documents (
    id           uuid NOT NULL,
    received_at  timestamptz NOT NULL,
    station_id   text NOT NULL,
    batch_id     uuid NOT NULL,
    position     integer NOT NULL,
    doc_type     text NOT NULL,
    department   text NOT NULL,
    confidence   real,
    fields       jsonb NOT NULL DEFAULT '{}'::jsonb,
    page_count   integer NOT NULL CHECK (page_count >= 0),
    arrived_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX documents_batch ON central.documents (batch_id);
CREATE INDEX documents_id ON central.documents (id);

-- One row per index field, for look-ups such as "all mail of customer 1234567".
CREATE TABLE central.fields (
    document_id  uuid NOT NULL,
    station_id   text NOT NULL,
    name         text NOT NULL,
    value        text NOT NULL,
    PRIMARY KEY (document_id, name)
);
CREATE INDEX fields_lookup ON central.fields (name, value);

CREATE TABLE central.pages (
    id           uuid PRIMARY KEY,
    document_id  uuid NOT NULL,
    batch_id     uuid NOT NULL,
    station_id   text NOT NULL,
    position     integer NOT NULL,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint NOT NULL CHECK (size >= 0),
    media_type   text NOT NULL DEFAULT 'image/png',
    content      bytea,
    reference    text,
    arrived_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (content IS NOT NULL OR reference IS NOT NULL)
);
CREATE INDEX pages_document ON central.pages (document_id, position);
CREATE INDEX pages_batch ON central.pages (batch_id);

-- The stations' audit hash chains (docs/INTERFACES.md "Audit events"). canonical is the exact JSON
-- text that was hashed, so the central can re-check every hash on its own.
CREATE TABLE central.audit_events (
    id           uuid PRIMARY KEY,
    station_id   text NOT NULL,
    seq          bigint NOT NULL,
    at           timestamptz NOT NULL,
    kind         text NOT NULL,
    operator     text NOT NULL DEFAULT '',
    batch_id     uuid,
    document_id  uuid,
    page_hashes  jsonb NOT NULL DEFAULT '[]'::jsonb,
    data         jsonb NOT NULL DEFAULT '{}'::jsonb,
    canonical    text NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    arrived_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (station_id, hash)
);
CREATE INDEX audit_events_document ON central.audit_events (document_id);

-- Where each station's chain ends centrally: the next event must link to this hash.
CREATE TABLE central.audit_heads (
    station_id  text PRIMARY KEY,
    hash        text NOT NULL,
    seq         bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A document corrected after it was synced: the correction, never an overwrite.
CREATE TABLE central.amendments (
    id           uuid PRIMARY KEY,            -- the "corrected" audit event's id
    document_id  uuid NOT NULL,
    station_id   text NOT NULL,
    at           timestamptz NOT NULL,
    operator     text NOT NULL DEFAULT '',
    doc_type     text,
    department   text,
    fields       jsonb NOT NULL DEFAULT '{}'::jsonb,
    arrived_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX amendments_document ON central.amendments (document_id, at);

-- Routing: which department a complete document is ready for, and whether it was taken.
CREATE TABLE central.routing (
    document_id  uuid PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    department   text NOT NULL,
    ready_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    taken_at     timestamptz,
    taken_by     text
);
CREATE INDEX routing_queue ON central.routing (department, received_at) WHERE taken_at IS NULL;
