-- expect-statements: 3
CREATE FUNCTION public.slugify(input text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    -- a $$ inside this body is just text; so is 'a quote
    RETURN regexp_replace(lower(trim(input)), '[^a-z0-9]+', '-', 'g');
END;
$fn$;

CREATE FUNCTION public.run_dynamic(sql text) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
    EXECUTE format($q$SELECT %L; SELECT 'x';$q$, sql);
END
$body$;

SELECT public.slugify('Hello, World; again');
