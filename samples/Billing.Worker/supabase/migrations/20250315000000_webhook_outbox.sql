-- An outbox the worker drains: webhook deliveries are written in the same transaction as the billing change that
-- caused them, and the worker sends them afterwards, so no event is lost when the worker is down.
create schema billing_worker;

create table billing_worker.webhook_outbox (
    id bigint generated always as identity primary key,
    event_type text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    delivered_at timestamptz,
    attempts integer not null default 0 check (attempts >= 0)
);

create index webhook_outbox_undelivered_idx
    on billing_worker.webhook_outbox (created_at)
    where delivered_at is null;

alter table billing_worker.webhook_outbox enable row level security;

comment on table billing_worker.webhook_outbox is 'Webhook deliveries waiting for the billing worker.';
