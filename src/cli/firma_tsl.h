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

#endif
