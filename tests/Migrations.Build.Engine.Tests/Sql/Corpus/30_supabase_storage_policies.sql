-- expect-statements: 4
INSERT INTO storage.buckets (id, name, public) VALUES ('invoices', 'invoices', false)
ON CONFLICT (id) DO NOTHING;

CREATE POLICY "Users read their own invoice PDFs"
ON storage.objects FOR SELECT TO authenticated
USING (bucket_id = 'invoices' AND (storage.foldername(name))[1] = auth.uid()::text);

CREATE POLICY "Users upload into their folder"
ON storage.objects FOR INSERT TO authenticated
WITH CHECK (bucket_id = 'invoices' AND (storage.foldername(name))[1] = auth.uid()::text);

-- Clean up the old policy (name had a quote: it's fine in a quoted identifier).
DROP POLICY IF EXISTS "Owner's access" ON storage.objects;
