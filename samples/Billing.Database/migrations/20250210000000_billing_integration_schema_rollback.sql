-- Rollback of 20250210000000_billing_integration_schema
--
-- Removes everything the forward migration created, in reverse order: privileges, policies,
-- triggers, indexes, tables, the trigger function, the types and last the schema. Comments,
-- constraints and the row level security setting go with the object they belong to.
-- Plain DROP without IF EXISTS or CASCADE: if the database is not in the state the forward left
-- (objects missing, or something new depending on them), the rollback fails and its transaction
-- is rolled back instead of silently dropping more or less than intended.
-- DESTRUCTIVE: all billing data is lost.

-- Privileges -------------------------------------------------------------------------------------

revoke select, insert, update, delete
  on billing.customers, billing.subscriptions, billing.invoices, billing.payment_events
  from service_role;

revoke select on billing.customers, billing.subscriptions, billing.invoices from authenticated;

revoke usage on schema billing from authenticated, service_role;

-- Row level security policies --------------------------------------------------------------------

drop policy payment_events_service_role_all on billing.payment_events;
drop policy invoices_service_role_all on billing.invoices;
drop policy subscriptions_service_role_all on billing.subscriptions;
drop policy customers_service_role_all on billing.customers;

drop policy invoices_select_own on billing.invoices;
drop policy subscriptions_select_own on billing.subscriptions;
drop policy customers_select_own on billing.customers;

-- Payment events ---------------------------------------------------------------------------------

drop trigger payment_events_set_updated_at on billing.payment_events;
drop index billing.payment_events_unprocessed_idx;
drop index billing.payment_events_customer_id_idx;
drop table billing.payment_events;

-- Invoices ---------------------------------------------------------------------------------------

drop trigger invoices_set_updated_at on billing.invoices;
drop index billing.invoices_open_due_at_idx;
drop index billing.invoices_subscription_id_idx;
drop index billing.invoices_customer_id_idx;
drop table billing.invoices;

-- Subscriptions ----------------------------------------------------------------------------------

drop trigger subscriptions_set_updated_at on billing.subscriptions;
drop index billing.subscriptions_one_live_per_customer_idx;
drop index billing.subscriptions_customer_id_idx;
drop table billing.subscriptions;

-- Customers --------------------------------------------------------------------------------------

drop trigger customers_set_updated_at on billing.customers;
drop table billing.customers;

-- Trigger function, types, schema ----------------------------------------------------------------

drop function billing.set_updated_at();

drop type billing.invoice_status;
drop type billing.subscription_status;

drop schema billing;
