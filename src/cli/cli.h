/*
 * cli.h - the subcommands of the areavasta binary.
 *
 * Each takes the argv that starts at the subcommand's own name (argv[0] =
 * "init", "import", ...), supports --help, and returns the process exit code:
 * 0 success, 1 failure (message on stderr says what to do), 2 usage error.
 */
#ifndef AV_CLI_H
#define AV_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "core/err.h"
#include "jobs/job.h"

#define EXIT_USAGE 2

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_import(int argc, char **argv); /* dispatches istat | cpv */
int cli_import_istat(int argc, char **argv);
int cli_import_cpv(int argc, char **argv);
int cli_import_bandi(int argc, char **argv); /* europa: calls */
int cli_sync_bandi(int argc, char **argv);   /* europa: SEDIA live */
int cli_sync(int argc, char **argv);         /* dispatches bandi */
int cli_import_popolazione(int argc, char **argv);
int cli_import_adiacenza(int argc, char **argv);
int cli_import_csv(int argc, char **argv); /* dati: tabular store */
int cli_demo(int argc, char **argv);
/* The EU desk's demo data (demo_europa.c). */
struct db;
int demo_europa(struct db *db, const char *pop_file, struct av_err *err);
/* Requisiti for a few demo calls, after demo_bandi (demo_europa.c). */
int demo_europa_requisiti(struct db *db, struct av_err *err);
int cli_rete(int argc, char **argv);
int cli_sua(int argc, char **argv);           /* procedura | anomalia */
int cli_sua_sorteggio(int argc, char **argv); /* sua sorteggio */
int cli_ricevuta(int argc, char **argv);      /* ricevuta verifica */
int cli_valida(int argc, char **argv);
int cli_routes(int argc, char **argv);  /* prints the route table */
int cli_user(int argc, char **argv);    /* add | passwd | list | grant ... */
int cli_audit(int argc, char **argv);   /* verify | checkpoint */
int cli_migrate(int argc, char **argv); /* applies or lists migrations */
/* copy --from SRC --to DST: one installation into a fresh database */
int cli_copy(int argc, char **argv);
/* impostazioni show | set: the installation settings (patron day...) */
int cli_settings(int argc, char **argv);
/* istanza show | set: the installation's identity (AgID header, footer) */
int cli_istanza(int argc, char **argv);
/* export ocds: published data in open formats, on stdout */
int cli_export(int argc, char **argv); /* dispatches ocds */
int cli_export_ocds(int argc, char **argv);
int cli_notifiche(int argc, char **argv); /* smtp | invia */
int cli_europa(int argc, char **argv);    /* digest */

struct db;
struct jw;

/*
 * A "show | set --db FILE CHIAVE VALORE" command on key/value settings
 * (impostazioni, istanza): argv as a subcommand gets it; set stores with
 * actor "system" (and audits), then show's JSON is printed.
 */
struct cli_kv {
	const char *name; /* "impostazioni" */
	void (*usage)(FILE *f);
	int (*set)(struct db *db, const char *actor, const char *key,
	           const char *value, struct av_err *err);
	/* Writes the current values (one object) with w. */
	int (*show)(struct jw *w, struct db *db, struct av_err *err);
};
int cli_kv_command(const struct cli_kv *kv, int argc, char **argv);

/*
 * Prints o as one JSON text and a newline on stdout (flags: jansson's
 * JSON_COMPACT, JSON_INDENT(n)); o stays the caller's.  0, or 1 if it
 * cannot be encoded.
 */
int cli_print_json(const json_t *o, size_t flags);

/*
 * Prints the one JSON value w wrote (into its sbuf) and a newline on
 * stdout: compact when indent is 0, else laid out as JSON_INDENT(indent)
 * (jw_indent).  0, or 1 (reported) if w did not complete a value.
 */
int cli_print_jw(const struct jw *w, int indent);

/* Prints "areavasta: <msg>" (and the detail, if any) to stderr; returns 1. */
int cli_report(const struct av_err *err);

/*
 * Parses "[--db FILE] [--audit-key FILE] [--help]", the options of init,
 * audit checkpoint and audit public-key, into *db and *key (left NULL when
 * absent; the caller says which it requires).  Returns -1 to go on, or the
 * exit code: 0 after --help (usage(stdout)), EXIT_USAGE on an unknown
 * option or an operand (usage(stderr)).
 */
int cli_db_key_options(int argc, char **argv, void (*usage)(FILE *),
                       const char **db, const char **key);

/*
 * Opens the database for a subcommand that writes, creating/migrating it
 * when create is non-zero, else requiring that it exists with no pending
 * migration ("run areavasta migrate").  Prints the error and returns NULL
 * on failure.
 */
struct db *cli_open_db(const char *path, int create);
/*
 * 1 if the database can be opened: a SQLite file that exists (else says so
 * on stderr, with the command that creates it), or any PostgreSQL target.
 */
int cli_db_exists(const char *target);
/*
 * Opens an existing database read-only, for the commands that only read:
 * nothing is written (no migration); a schema with pending migrations is
 * refused with a message telling to run `areavasta migrate`.
 */
struct db *cli_open_db_readonly(const char *path);
/*
 * 0 when db has no pending migration, else prints "lo schema della base
 * dati ... non è aggiornato ...; eseguire 'areavasta migrate --db ...'"
 * (target shown with its password masked) and returns 1: the check behind
 * the two above.
 */
int cli_schema_current(struct db *db, const char *target);

/*
 * Every module's SQL table (sql_tables.c): the module's name, its
 * statements and their count.
 */
struct db;
struct sql_def;
struct sql_table {
	const char *module;
	const struct sql_def *defs;
	const size_t *count;
};
extern const struct sql_table sql_tables[];
extern const size_t sql_tables_count;

/*
 * Prepares every statement of every module on db (a migrated database):
 * AV_OK, or the first failure (err->detail names the statement).
 */
int sql_tables_prepare(struct db *db, struct av_err *err);

/*
 * A progress bar on stderr for a job run in-process (job_run): a
 * job_sink's fn and arg.  Draws only when stderr is a terminal, and erases
 * itself at the end, so the summary printed after it stands alone.
 */
struct cli_progress {
	int tty;           /* stderr is a terminal */
	const char *label; /* borrowed: "import ISTAT" */
	int drawn;         /* a bar is on screen */
};
void cli_progress_init(struct cli_progress *p, const char *label);
void cli_progress_fn(void *arg, const struct job_progress *p, int final);
#define CLI_PROGRESS_INTERVAL_MS 100 /* redraws at most this often */

/*
 * Runs the job `kind` in-process on db (job_run) with the bar above, the
 * one way every importer runs its job.  *seconds (may be NULL) receives
 * the wall time, for the summary line.
 */
int cli_job_run(struct db *db, const char *kind, const char *label,
                const json_t *input, json_t **result, double *seconds,
                struct av_err *err);

int cli_tableschema(int argc, char **argv); /* dati: Table Schema */
/* pcp config show|set, pcp check, pcp tracking (issue 17, docs/pcp.md) */
int cli_pcp(int argc, char **argv);
/* pcp eforms: the eForms notices of a tender (modules/pcp/eforms.h) */
int cli_pcp_eforms(int argc, char **argv);
int cli_pcp_scheda(int argc, char **argv);
int cli_pcp_eforms_main(int argc, char **argv); /* eforms, scheda */
int cli_pcp_ciclo(int argc, char **argv);
int cli_firma(int argc, char **argv); /* verifica | tsl */
/* spid config | show: the SPID/CIE Service Provider (docs/spid-cie.md) */
int cli_spid(int argc, char **argv);
/* idp-prova: the files of the test IdP (identity/test_idp.h) */
int cli_idp_prova(int argc, char **argv);
/* `spid idp aggiorna` (spid_idp.c), argv[0] "idp". */
int cli_spid_idp(int argc, char **argv);
#endif
