-- expect-statements: 3
CREATE FUNCTION billing.add(a integer, b integer) RETURNS integer
    AS 'select $1 + $2;'
    LANGUAGE sql IMMUTABLE RETURNS NULL ON NULL INPUT;
CREATE FUNCTION billing.echo(t text) RETURNS text LANGUAGE sql RETURN t || '; done';
SELECT billing.add(1, 2), billing.echo('it''s');
