-- expect-statements: 2
SELECT 42, 3.14159, .5, 5., 1e10, 6.02e+23, 1.6E-19, 0x1F, 0o755, 0b1010, 1_000_000, 0xFF_FF;
INSERT INTO billing.limits (max_cents, ratio) VALUES (9_999_999, 0.000_1);
