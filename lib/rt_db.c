/* rt_db: PostgreSQL connections (see rt_db.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_db.h"
#include "rt_err.h"

/* $RT_HOME, or var/ beside the directory of the running program. */
static char *
rt_home(void)
{
	const char *env = getenv("RT_HOME");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return rt_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return rt_xstrdup("var");
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';		/* .../bin */
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';		/* ... */
	else
		return rt_xstrdup("var");
	{
		struct rt_buf b = RT_BUF_INIT;

		rt_buf_addf(&b, "%s/var", exe);
		return b.p;
	}
}

static char describe_buf[512];

const char *
rt_db_describe(const PGconn *conn)
{
	const char *host = PQhost(conn), *port = PQport(conn);
	const char *db = PQdb(conn), *user = PQuser(conn);

	if (host != NULL && host[0] == '/')
		snprintf(describe_buf, sizeof describe_buf,
		    "socket %s/.s.PGSQL.%s, database \"%s\", user \"%s\"",
		    host, port ? port : "5432", db ? db : "?", user ? user : "?");
	else
		snprintf(describe_buf, sizeof describe_buf,
		    "host %s port %s, database \"%s\", user \"%s\"",
		    host && *host ? host : "localhost", port ? port : "5432",
		    db ? db : "?", user ? user : "?");
	return describe_buf;
}

/* The first line of a libpq message, without its newline. */
static const char *
first_line(const char *msg, char *buf, size_t size)
{
	size_t n = strcspn(msg, "\n");

	if (n >= size)
		n = size - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	return buf;
}

static const char *
env_url(const char *name)
{
	const char *url = getenv(name);

	return url != NULL && *url != '\0' ? url : NULL;
}

/* url, or (NULL) the private cluster as `user`. */
static PGconn *
connect_to(const char *url, const char *user)
{
	const char *keys[4], *vals[4];
	struct rt_buf def = RT_BUF_INIT;
	char line[512], *home = NULL;
	PGconn *conn;

	if (url == NULL) {
		home = rt_home();
		rt_buf_addf(&def, "host=%s/run dbname=rt user=%s", home, user);
		url = def.p;
	}
	keys[0] = "dbname";
	vals[0] = url;
	keys[1] = "fallback_application_name";
	vals[1] = rt_err_prog();
	keys[2] = "connect_timeout";
	vals[2] = "10";
	keys[3] = NULL;
	vals[3] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL)
		rt_die(RT_EX_SOFTWARE, "out of memory connecting to PostgreSQL");
	if (PQstatus(conn) != CONNECTION_OK) {
		rt_warnx("PostgreSQL is unavailable at %s: %s", rt_db_describe(conn),
		    first_line(PQerrorMessage(conn), line, sizeof line));
		if (home != NULL)
			rt_warnx("no RT_DATABASE_URL: tried the private cluster in "
			    "'%s' (start it with 'rt-db start')", home);
		PQfinish(conn);
		free(home);
		rt_buf_release(&def);
		exit(RT_EX_UNAVAILABLE);
	}
	free(home);
	rt_buf_release(&def);
	/* Times go in and out as UTC whatever the server's setting. */
	PQclear(PQexec(conn, "SET TIME ZONE 'UTC'; SET client_min_messages = warning"));
	return conn;
}

PGconn *
rt_db_connect(void)
{
	return connect_to(env_url("RT_DATABASE_URL"), "rt_app");
}

PGconn *
rt_db_connect_owner(void)
{
	const char *url = env_url("RT_ADMIN_DATABASE_URL");

	return connect_to(url ? url : env_url("RT_DATABASE_URL"), "rt");
}

int
rt_db_failure_code(PGconn *conn, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(conn) != CONNECTION_OK)
		return RT_EX_UNAVAILABLE;
	if (state == NULL)
		return RT_EX_SOFTWARE;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return RT_EX_UNAVAILABLE;	/* connection, shutdown */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return RT_EX_TEMPFAIL;		/* serialization, deadlock, lock */
	if (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)
		return RT_EX_DATAERR;		/* integrity, data exception */
	return RT_EX_SOFTWARE;
}

PGresult *
rt_db_exec(PGconn *conn, int want, int *code, const char *what,
    const char *sql, int nparams, const char *const *params)
{
	/* lint-sql: the caller's SQL: every call of rt_db_exec is linted */
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL,
	    NULL, 0);
	char line[512];

	if (res != NULL && PQresultStatus(res) == (ExecStatusType)want)
		return res;
	if (code != NULL)
		*code = rt_db_failure_code(conn, res);
	if (PQstatus(conn) != CONNECTION_OK)
		rt_warnx("%s: lost the connection to PostgreSQL at %s: %s", what,
		    rt_db_describe(conn),
		    first_line(PQerrorMessage(conn), line, sizeof line));
	else
		rt_warnx("%s: %s", what, first_line(res ? PQresultErrorMessage(res)
		    : PQerrorMessage(conn), line, sizeof line));
	PQclear(res);
	return NULL;
}
