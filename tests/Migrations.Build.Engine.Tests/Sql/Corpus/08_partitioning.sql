-- expect-statements: 6
CREATE TABLE billing.event (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamptz NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE billing.event_2025_01 PARTITION OF billing.event
    FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE billing.event_2025_02 PARTITION OF billing.event
    FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE TABLE billing.event_default PARTITION OF billing.event DEFAULT;

CREATE INDEX event_payload_gin ON billing.event USING gin (payload jsonb_path_ops);
CREATE INDEX event_kind ON billing.event ((payload ->> 'kind')) WHERE payload ? 'kind';
