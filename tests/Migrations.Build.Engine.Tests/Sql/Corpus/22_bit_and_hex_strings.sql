-- expect-statements: 3
CREATE TABLE billing.flags (id int PRIMARY KEY, mask bit(8) NOT NULL DEFAULT B'00000000', raw bytea);
INSERT INTO billing.flags VALUES (1, B'10100000', '\xDEADBEEF'), (2, X'0F'::bit(8), NULL);
SELECT N'national string', n'and another';
