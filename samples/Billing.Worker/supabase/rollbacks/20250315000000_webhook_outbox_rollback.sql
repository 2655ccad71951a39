-- Undoes 20250315000000_webhook_outbox: the index, policies and comment go with the table.
drop table billing_worker.webhook_outbox;

drop schema billing_worker;
