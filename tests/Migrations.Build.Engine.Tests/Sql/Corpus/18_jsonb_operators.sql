-- expect-statements: 3
UPDATE billing.event
   SET payload = payload || jsonb_build_object('migrated', true)
 WHERE payload @> '{"kind": "invoice"}'::jsonb
   AND NOT payload ? 'migrated'
   AND (payload #>> '{meta,source}') <> 'legacy';
SELECT payload -> 'lines' -> 0 ->> 'sku', payload #- '{meta}' FROM billing.event WHERE payload ?| array['a', 'b'];
SELECT id FROM billing.event WHERE payload->>'amount' ~ '^[0-9]+$' AND occurred_at >= now() - interval '7 days';
