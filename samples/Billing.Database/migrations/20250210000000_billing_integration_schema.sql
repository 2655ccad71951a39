-- Migration 20250210000000_billing_integration_schema
--
-- Initial schema of the billing integration (Stripe-style payment provider) for the Supabase app:
--   schema billing
--   types  billing.subscription_status, billing.invoice_status
--   func   billing.set_updated_at() (keeps updated_at current; reused by later migrations)
--   tables billing.customers, billing.subscriptions, billing.invoices, billing.payment_events
--
-- Access model: signed-in users (role authenticated) may read their own customer record,
-- subscriptions and invoices; they write nothing. All writes come from the backend (webhook
-- handler, checkout flow) as service_role. Row level security is enabled on every table.
-- anon gets no access to the schema.
--
-- Requires the Supabase roles anon, authenticated, service_role and the function auth.uid();
-- on plain PostgreSQL run ../supabase-shim.sql first.
-- Schema only, no data. The tool runs the file in one transaction, so it has no BEGIN/COMMIT
-- and no CONCURRENTLY (every index is on a table created in this same migration).
-- Reversed exactly by 20250210000000_billing_integration_schema_rollback.sql.

create schema billing;

comment on schema billing is 'Billing integration: payment-provider customers, subscriptions, invoices and webhook events.';

-- Types ------------------------------------------------------------------------------------------

-- Mirrors the provider's subscription lifecycle.
create type billing.subscription_status as enum (
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused'
);

comment on type billing.subscription_status is 'Subscription lifecycle state as reported by the payment provider.';

create type billing.invoice_status as enum (
  'draft',
  'open',
  'paid',
  'uncollectible',
  'void'
);

comment on type billing.invoice_status is 'Invoice state as reported by the payment provider.';

-- Trigger function -------------------------------------------------------------------------------

create function billing.set_updated_at()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

comment on function billing.set_updated_at() is 'BEFORE UPDATE trigger function: sets updated_at to the transaction time.';

-- Customers --------------------------------------------------------------------------------------

-- user_id is the id of the Supabase user (auth.users.id). There is deliberately no foreign key to
-- auth.users: that table belongs to Supabase Auth, it does not exist on the plain PostgreSQL
-- databases the migrations are verified on (the shim provides no auth.users), and a foreign key
-- into a schema owned by another service couples this migration to that service's internals.
-- Deleting a user is handled by the backend (detach the provider customer, then delete the row).
create table billing.customers (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  stripe_customer_id text not null,
  email text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_pkey primary key (id),
  constraint customers_user_id_key unique (user_id),
  constraint customers_stripe_customer_id_key unique (stripe_customer_id),
  constraint customers_stripe_customer_id_check check (stripe_customer_id ~ '^cus_[A-Za-z0-9]+$'),
  constraint customers_email_check check (email is null or email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  constraint customers_metadata_check check (jsonb_typeof(metadata) = 'object')
);

create trigger customers_set_updated_at
  before update on billing.customers
  for each row
  when (old.* is distinct from new.*)
  execute function billing.set_updated_at();

comment on table billing.customers is 'One payment-provider customer per Supabase user.';
comment on column billing.customers.user_id is 'Supabase user id (auth.users.id); no foreign key, see the migration that created it.';
comment on column billing.customers.stripe_customer_id is 'Provider customer id (cus_...).';

-- Subscriptions ----------------------------------------------------------------------------------

create table billing.subscriptions (
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  stripe_subscription_id text not null,
  stripe_price_id text not null,
  status billing.subscription_status not null default 'incomplete',
  quantity integer not null default 1,
  current_period_start timestamptz,
  current_period_end timestamptz,
  trial_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscriptions_pkey primary key (id),
  constraint subscriptions_customer_id_fkey foreign key (customer_id)
    references billing.customers (id) on delete cascade,
  constraint subscriptions_stripe_subscription_id_key unique (stripe_subscription_id),
  constraint subscriptions_stripe_subscription_id_check check (stripe_subscription_id ~ '^sub_[A-Za-z0-9]+$'),
  constraint subscriptions_quantity_check check (quantity > 0),
  constraint subscriptions_period_check check (current_period_end > current_period_start),
  constraint subscriptions_canceled_at_check check (status <> 'canceled' or canceled_at is not null),
  constraint subscriptions_metadata_check check (jsonb_typeof(metadata) = 'object')
);

-- Foreign key column: used by ON DELETE CASCADE from customers and by the RLS policy.
create index subscriptions_customer_id_idx on billing.subscriptions (customer_id);

-- At most one live subscription per customer.
create unique index subscriptions_one_live_per_customer_idx on billing.subscriptions (customer_id)
  where status in ('trialing', 'active', 'past_due');

create trigger subscriptions_set_updated_at
  before update on billing.subscriptions
  for each row
  when (old.* is distinct from new.*)
  execute function billing.set_updated_at();

comment on table billing.subscriptions is 'Provider subscriptions of a customer; kept in sync by the webhook handler.';
comment on column billing.subscriptions.cancel_at_period_end is 'True when the customer cancelled and the subscription ends at current_period_end.';

-- Invoices ---------------------------------------------------------------------------------------

-- Invoices are accounting records: a customer that has invoices cannot be deleted (restrict),
-- and an invoice outlives the subscription it was raised for (set null).
create table billing.invoices (
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  subscription_id uuid,
  stripe_invoice_id text not null,
  number text,
  status billing.invoice_status not null default 'draft',
  currency text not null,
  amount_due bigint not null,
  amount_paid bigint not null default 0,
  period_start timestamptz,
  period_end timestamptz,
  due_at timestamptz,
  paid_at timestamptz,
  hosted_invoice_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoices_pkey primary key (id),
  constraint invoices_customer_id_fkey foreign key (customer_id)
    references billing.customers (id) on delete restrict,
  constraint invoices_subscription_id_fkey foreign key (subscription_id)
    references billing.subscriptions (id) on delete set null,
  constraint invoices_stripe_invoice_id_key unique (stripe_invoice_id),
  constraint invoices_stripe_invoice_id_check check (stripe_invoice_id ~ '^in_[A-Za-z0-9]+$'),
  constraint invoices_currency_check check (currency ~ '^[a-z]{3}$'),
  constraint invoices_amount_due_check check (amount_due >= 0),
  constraint invoices_amount_paid_check check (amount_paid >= 0 and amount_paid <= amount_due),
  constraint invoices_period_check check (period_end >= period_start),
  constraint invoices_paid_at_check check (status <> 'paid' or paid_at is not null)
);

create index invoices_customer_id_idx on billing.invoices (customer_id);

create index invoices_subscription_id_idx on billing.invoices (subscription_id);

-- Dunning and reminders look only at open invoices, a small fraction of the table.
create index invoices_open_due_at_idx on billing.invoices (due_at)
  where status = 'open';

create trigger invoices_set_updated_at
  before update on billing.invoices
  for each row
  when (old.* is distinct from new.*)
  execute function billing.set_updated_at();

comment on table billing.invoices is 'Provider invoices; amounts are in the smallest currency unit (cents).';
comment on column billing.invoices.currency is 'Lower-case ISO 4217 code, as the provider sends it (e.g. usd, eur).';
comment on column billing.invoices.amount_due is 'Amount due in the smallest currency unit.';

-- Payment events ---------------------------------------------------------------------------------

-- Raw webhook events. The handler inserts with ON CONFLICT (provider, provider_event_id) DO NOTHING,
-- so a redelivered event is stored and processed once.
create table billing.payment_events (
  id uuid not null default gen_random_uuid(),
  provider text not null default 'stripe',
  provider_event_id text not null,
  event_type text not null,
  customer_id uuid,
  livemode boolean not null default false,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  processing_error text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint payment_events_pkey primary key (id),
  constraint payment_events_customer_id_fkey foreign key (customer_id)
    references billing.customers (id) on delete set null,
  constraint payment_events_provider_event_id_key unique (provider, provider_event_id),
  constraint payment_events_provider_check check (provider in ('stripe')),
  constraint payment_events_event_type_check check (event_type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  constraint payment_events_payload_check check (jsonb_typeof(payload) = 'object'),
  constraint payment_events_attempts_check check (attempts >= 0)
);

create index payment_events_customer_id_idx on billing.payment_events (customer_id);

-- The processing queue: events not yet handled, oldest first.
create index payment_events_unprocessed_idx on billing.payment_events (received_at)
  where processed_at is null;

create trigger payment_events_set_updated_at
  before update on billing.payment_events
  for each row
  when (old.* is distinct from new.*)
  execute function billing.set_updated_at();

comment on table billing.payment_events is 'Webhook events from the payment provider, stored once per provider event id.';
comment on column billing.payment_events.provider_event_id is 'Provider event id (evt_...); unique per provider, the idempotency key.';
comment on column billing.payment_events.payload is 'The event body exactly as received.';

-- Row level security -----------------------------------------------------------------------------

alter table billing.customers enable row level security;
alter table billing.subscriptions enable row level security;
alter table billing.invoices enable row level security;
alter table billing.payment_events enable row level security;

-- (select auth.uid()) is evaluated once per statement rather than once per row.
create policy customers_select_own on billing.customers
  for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy subscriptions_select_own on billing.subscriptions
  for select
  to authenticated
  using (
    customer_id in (
      select c.id from billing.customers c where c.user_id = (select auth.uid())
    )
  );

create policy invoices_select_own on billing.invoices
  for select
  to authenticated
  using (
    customer_id in (
      select c.id from billing.customers c where c.user_id = (select auth.uid())
    )
  );

-- payment_events has no policy for authenticated: users never see raw webhook payloads.

-- service_role bypasses RLS on Supabase; these policies state the backend's access explicitly and
-- keep it working where the role lacks BYPASSRLS.
create policy customers_service_role_all on billing.customers
  for all
  to service_role
  using (true)
  with check (true);

create policy subscriptions_service_role_all on billing.subscriptions
  for all
  to service_role
  using (true)
  with check (true);

create policy invoices_service_role_all on billing.invoices
  for all
  to service_role
  using (true)
  with check (true);

create policy payment_events_service_role_all on billing.payment_events
  for all
  to service_role
  using (true)
  with check (true);

-- Privileges -------------------------------------------------------------------------------------

grant usage on schema billing to authenticated, service_role;

grant select on billing.customers, billing.subscriptions, billing.invoices to authenticated;

grant select, insert, update, delete
  on billing.customers, billing.subscriptions, billing.invoices, billing.payment_events
  to service_role;
