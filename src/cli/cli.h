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

#define EXIT_USAGE 2

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_import(int argc, char **argv); /* dispatches istat | cpv */
int cli_import_istat(int argc, char **argv);
int cli_import_cpv(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_rete(int argc, char **argv);
int cli_sua(int argc, char **argv); /* procedura | anomalia */
int cli_valida(int argc, char **argv);
int cli_routes(int argc, char **argv); /* prints the route table */
int cli_user(int argc, char **argv);   /* add | passwd | list */
int cli_audit(int argc, char **argv);  /* verify | checkpoint */
/* impostazioni show | set: the installation settings (patron day...) */
int cli_settings(int argc, char **argv);

/*
 * Prints o as one JSON text and a newline on stdout (flags: jansson's
 * JSON_COMPACT, JSON_INDENT(n)); o stays the caller's.  0, or 1 if it
 * cannot be encoded.
 */
int cli_print_json(const json_t *o, size_t flags);

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
 * Opens the database for a subcommand, creating/migrating it when create is
 * non-zero, else requiring that it exists and is migrated.  Prints the error
 * and returns NULL on failure.
 */
struct db *cli_open_db(const char *path, int create);

#endif
