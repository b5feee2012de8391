-- The least-privilege role the programs can run as (rt_app): it reads and
-- writes rows of rt's tables and nothing else: no CREATE, ALTER, DROP or
-- TRUNCATE, no schema changes.  Migrations run as the database owner
-- (`rt-store init`).  Run as a superuser or a role with CREATEROLE, in the
-- rt database; idempotent.  rt-db applies it to the private cluster.
--
--	psql -v ON_ERROR_STOP=1 -d rt -f sql/roles.sql
--
-- Give rt_app a password for TCP connections out of band (ALTER ROLE
-- rt_app PASSWORD ...; keep it in ~/.pgpass, never on a command line).

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rt_app') THEN
		CREATE ROLE rt_app LOGIN;
	END IF;
	EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO rt_app',
	    current_database());
END;
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO rt_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rt_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO rt_app;
-- Tables that migrations create later (as the database owner) get the
-- same grants; the migrations table itself stays read-only for rt_app.
DO $$
DECLARE
	owner text := (SELECT pg_get_userbyid(datdba) FROM pg_database
	               WHERE datname = current_database());
BEGIN
	EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
	    'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rt_app', owner);
	EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
	    'GRANT USAGE, SELECT ON SEQUENCES TO rt_app', owner);
	IF to_regclass('public.rt_migrations') IS NOT NULL THEN
		REVOKE INSERT, UPDATE, DELETE ON rt_migrations FROM rt_app;
	END IF;
END;
$$;
