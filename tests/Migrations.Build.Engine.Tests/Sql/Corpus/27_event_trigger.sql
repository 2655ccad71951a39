-- expect-statements: 2
CREATE OR REPLACE FUNCTION public.log_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $log$
DECLARE
    obj record;
BEGIN
    FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        RAISE NOTICE '% on %', obj.command_tag, obj.object_identity;
    END LOOP;
END;
$log$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl();
