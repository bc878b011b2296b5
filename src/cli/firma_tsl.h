/*
 * firma_tsl.h - the `firma tsl fonte` and `firma tsl aggiorna` commands
 * (src/cli/firma_tsl.c), reached from `areavasta firma tsl`.
 */
#ifndef AV_CLI_FIRMA_TSL_H
#define AV_CLI_FIRMA_TSL_H

/*
 * argv[0] is "tsl"; when argv[1] is "fonte" or "aggiorna", runs it, sets
 * *handled and returns the exit code; else *handled is 0.
 */
int cli_firma_tsl_sub(int argc, char **argv, int *handled);

struct firma_store_tsl;
/*
 * Parses "--db DB [--help]" followed by exactly `operands` operands, the
 * shape of `firma tsl FILE` and `firma tsl aggiorna`.  Returns -1 to go on
 * (*db set; the operands from argv[optind]), 0 after --help (help on
 * stdout), or fail(missing) / fail("opzione non valida"): the caller's
 * usage error, which prints its own usage.
 */
int firma_tsl_db_args(int argc, char **argv, int operands, const char *help,
                      int (*fail)(const char *msg), const char *missing,
                      const char **db);
/* "elenco di fiducia <done>: N servizi (territorio T, emesso E), sha256 H" */
void firma_tsl_print(const char *done, const struct firma_store_tsl *info);

#endif
