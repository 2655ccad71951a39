-- expect-statements: 3
CREATE TABLE billing.note (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body text NOT NULL
);
CREATE INDEX note_body ON billing.note USING gin (to_tsvector('simple', body));
INSERT INTO billing.note (body) VALUES ('multi
line; text');
