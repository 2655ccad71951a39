-- Migration 20250301000000_add_invoice_line_items
--
-- Invoice detail for the billing integration:
--   billing.invoices gains amount_tax (bigint, default 0), with a non-negative check
--   billing.invoice_line_items: the lines of a provider invoice, one row per provider line item
--
-- Line items follow the rules of the other billing tables: row level security (users read the
-- lines of their own invoices, service_role writes), and updated_at is kept by the existing
-- trigger function billing.set_updated_at() from 20250210000000_billing_integration_schema.
--
-- billing.invoices already holds rows, so this migration touches it gently:
--   * ADD COLUMN with a constant default is a catalog-only change on PostgreSQL 11+ (no rewrite);
--   * the check constraint is added NOT VALID, so taking the lock does not also scan the table.
--     Every existing row has the default 0, so the constraint holds; it is enforced for all new
--     and updated rows and can be validated later with ALTER TABLE ... VALIDATE CONSTRAINT.
-- No index is created on an existing table (that would need CONCURRENTLY, outside a transaction).
-- Schema only, no data; no BEGIN/COMMIT (the tool wraps the file in a transaction).
-- Reversed exactly by 20250301000000_add_invoice_line_items_rollback.sql.

-- Invoices: tax amount ---------------------------------------------------------------------------

alter table billing.invoices
  add column amount_tax bigint not null default 0;

alter table billing.invoices
  add constraint invoices_amount_tax_check check (amount_tax >= 0) not valid;

comment on column billing.invoices.amount_tax is 'Tax included in amount_due, in the smallest currency unit.';

-- Invoice line items -----------------------------------------------------------------------------

create table billing.invoice_line_items (
  id uuid not null default gen_random_uuid(),
  invoice_id uuid not null,
  stripe_line_item_id text not null,
  stripe_price_id text,
  description text not null,
  currency text not null,
  quantity integer not null default 1,
  unit_amount bigint not null,
  amount bigint not null,
  proration boolean not null default false,
  period_start timestamptz,
  period_end timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoice_line_items_pkey primary key (id),
  constraint invoice_line_items_invoice_id_fkey foreign key (invoice_id)
    references billing.invoices (id) on delete cascade,
  constraint invoice_line_items_stripe_line_item_id_key unique (stripe_line_item_id),
  constraint invoice_line_items_currency_check check (currency ~ '^[a-z]{3}$'),
  constraint invoice_line_items_quantity_check check (quantity > 0),
  constraint invoice_line_items_period_check check (period_end >= period_start)
);

-- Foreign key column: loading an invoice's lines, ON DELETE CASCADE, and the RLS policy.
create index invoice_line_items_invoice_id_idx on billing.invoice_line_items (invoice_id);

create trigger invoice_line_items_set_updated_at
  before update on billing.invoice_line_items
  for each row
  when (old.* is distinct from new.*)
  execute function billing.set_updated_at();

comment on table billing.invoice_line_items is 'Lines of a provider invoice; deleted with the invoice.';
comment on column billing.invoice_line_items.amount is 'Line total in the smallest currency unit after discounts; negative for credits.';
comment on column billing.invoice_line_items.unit_amount is 'Price per unit in the smallest currency unit; negative for credit lines.';

-- Row level security -----------------------------------------------------------------------------

alter table billing.invoice_line_items enable row level security;

-- The subquery reads billing.invoices and billing.customers under their own policies, so a user
-- reaches exactly the lines of the invoices they can see.
create policy invoice_line_items_select_own on billing.invoice_line_items
  for select
  to authenticated
  using (
    invoice_id in (
      select i.id
      from billing.invoices i
      join billing.customers c on c.id = i.customer_id
      where c.user_id = (select auth.uid())
    )
  );

create policy invoice_line_items_service_role_all on billing.invoice_line_items
  for all
  to service_role
  using (true)
  with check (true);

-- Privileges -------------------------------------------------------------------------------------

grant select on billing.invoice_line_items to authenticated;

grant select, insert, update, delete on billing.invoice_line_items to service_role;
