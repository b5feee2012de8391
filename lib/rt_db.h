/*
 * rt_db: the PostgreSQL connection every program that keeps state uses.
 *
 * Where: RT_DATABASE_URL (a libpq URL or key=value string), else the
 * private cluster of rt-db(1): the Unix socket in $RT_HOME/run, database
 * "rt" (RT_HOME defaults to var/ beside the program's bin/ directory),
 * as the least-privilege role rt_app (sql/roles.sql): rows only, no DDL.
 * Migrations (rt-store init) connect as the database's owner instead:
 * RT_ADMIN_DATABASE_URL, else RT_DATABASE_URL, else the private cluster
 * as its owner, rt.
 * A server that cannot be reached is RT_EX_UNAVAILABLE with a message
 * that names the server tried (never a password).  Every statement with
 * data in it goes through PQexecParams or COPY: no SQL text is ever built
 * from data.
 */
#ifndef RT_DB_H
#define RT_DB_H

#include <libpq-fe.h>

/* Connects or dies (RT_EX_UNAVAILABLE).  Returns a new connection. */
PGconn *rt_db_connect(void);
/* The same, as the owner, for the schema's migrations. */
PGconn *rt_db_connect_owner(void);

/* "host=... port=... database=... user=..." of a connection, for messages. */
const char *rt_db_describe(const PGconn *conn);

/*
 * Runs a statement with text parameters (NULL entries are SQL NULL).
 * Returns the result (new: PQclear it) when its status is `want`; else
 * reports "what: server message" and returns NULL, and *code (if not NULL)
 * gets the exit status the failure asks for: RT_EX_UNAVAILABLE when the
 * connection is gone, RT_EX_DATAERR for a constraint the data broke,
 * RT_EX_TEMPFAIL for a lock or serialization conflict, else RT_EX_SOFTWARE.
 */
PGresult *rt_db_exec(PGconn *conn, int want, int *code, const char *what,
    const char *sql, int nparams, const char *const *params);

/* The exit status for a failed result on conn (see rt_db_exec). */
int rt_db_failure_code(PGconn *conn, const PGresult *res);

/* Embedded migrations: sql/NNN_name.sql, in order (generated at build). */
struct rt_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct rt_migration rt_migrations[];
extern const int rt_nmigrations;

#endif
