-- expect-statements: 3
-- migrations:disable-file MIG0308 data and schema are changed together on purpose
CREATE TABLE billing.currency (code char(3) PRIMARY KEY, name text NOT NULL);

-- migrations:disable MIG0303 new empty table, no lock concern
CREATE INDEX currency_name ON billing.currency (name);

INSERT INTO billing.currency VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
