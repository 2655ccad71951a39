-- expect-statements: 2
;
SET lock_timeout = '5s'; -- trailing comment; with a semicolon
;;
SET statement_timeout = 0;
-- trailing comment at end of file with a 'quote and a $$ dollar
/* and a block comment */
