-- expect-statements: 3
SELECT U&'d\0061t\+000061' AS data;
SELECT U&'d!0061t!+000061' UESCAPE '!' AS data_with_custom_escape;
CREATE TABLE billing.U&"d\0061ta" (U&"c!006Fl" int UESCAPE '!');
