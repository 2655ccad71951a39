-- expect-statements: 3
INSERT INTO billing.note (body) VALUES (E'It\'s a line\nand another; with a tab\there');
INSERT INTO billing.note (body) VALUES (e'backslash \\ then quote \' then done');
SELECT E'\x41\101\u0041' AS letters, E'' AS empty_escape;
