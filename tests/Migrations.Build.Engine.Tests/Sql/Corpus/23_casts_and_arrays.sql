-- expect-statements: 3
SELECT '2025-01-01'::date, 1::text::int, CAST('42' AS integer), '{1,2,3}'::int[];
SELECT (ARRAY[1, 2, 3])[1:2], (string_to_array('a;b;c', ';'))[2];
SELECT $1::uuid FROM (VALUES (1)) AS v(x) WHERE x = ANY ('{1,2}');
