-- Rollback of 20250301000000_add_invoice_line_items
--
-- Removes what the forward migration created, in reverse order: the line items table (privileges,
-- policies, trigger, index, table), then the invoices check constraint and the amount_tax column.
-- The trigger function billing.set_updated_at() belongs to 20250210000000_billing_integration_schema
-- and stays. Plain DROP without IF EXISTS or CASCADE, so an unexpected state fails the rollback.
-- DESTRUCTIVE: all invoice line items and invoice tax amounts are lost.

-- Invoice line items -----------------------------------------------------------------------------

revoke select, insert, update, delete on billing.invoice_line_items from service_role;

revoke select on billing.invoice_line_items from authenticated;

drop policy invoice_line_items_service_role_all on billing.invoice_line_items;
drop policy invoice_line_items_select_own on billing.invoice_line_items;

drop trigger invoice_line_items_set_updated_at on billing.invoice_line_items;
drop index billing.invoice_line_items_invoice_id_idx;
drop table billing.invoice_line_items;

-- Invoices: tax amount ---------------------------------------------------------------------------

alter table billing.invoices
  drop constraint invoices_amount_tax_check;

alter table billing.invoices
  drop column amount_tax;
