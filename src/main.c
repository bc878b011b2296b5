/*
 * main.c - subcommand dispatch only; each subcommand lives in src/cli/.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli/cli.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "version.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
    {"init", cli_init, "crea o aggiorna la base dati"},
    {"migrate", cli_migrate, "applica le modifiche di schema (--status)"},
    {"copy", cli_copy,
     "copia un'installazione in una base dati nuova (SQLite, PostgreSQL)"},
    {"serve", cli_serve, "avvia il server HTTP (API e interfaccia web)"},
    {"import", cli_import, "importa dati (istat, cpv)"},
    {"demo", cli_demo, "crea una base dati dimostrativa con dati reali"},
    {"rete", cli_rete, "gestisce l'adesione delle Province alla rete"},
    {"sua", cli_sua, "calcoli della Stazione Unica Appaltante"},
    {"valida", cli_valida, "valida codici (cf, piva, cig, cup, cpv)"},
    {"user", cli_user, "gestisce gli utenti (add, passwd, list)"},
    {"audit", cli_audit,
     "verifica il registro di audit e ne firma i checkpoint"},
    {"routes", cli_routes, "elenca le risorse HTTP servite"},
    {"impostazioni", cli_settings,
     "impostazioni dell'installazione (santo patrono, proroga festivi, OCDS)"},
    {"istanza", cli_istanza,
     "identità dell'installazione (ente, contatti, note legali)"},
    {"export", cli_export, "esporta i dati pubblicati (ocds)"},
    {"notifiche", cli_notifiche,
     "notifiche: server SMTP delle e-mail, avvisi agli utenti"},
    {"ricevuta", cli_ricevuta,
     "verifica la ricevuta firmata di un'offerta (verifica FILE)"},
    {"sync", cli_sync, "scarica i bandi dal portale europeo (bandi)"},
    {"europa", cli_europa,
     "Servizio Europa: riepilogo settimanale dei bandi (digest)"},
    {"tableschema", cli_tableschema,
     "valida un CSV con uno schema Frictionless (Table Schema)"},
    {"pcp", cli_pcp,
     "PCP ANAC via PDND: configurazione, verifica, JWS, eForms, schede"},
    {"firma", cli_firma,
     "verifica le firme digitali (CAdES .p7m, PAdES), elenco di fiducia"},
    {"spid", cli_spid, "accesso con SPID e CIE (config, show)"},
    {"idp-prova", cli_idp_prova,
     "IdP SPID/CIE di prova per demo e test (mai in produzione)"},
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "uso: areavasta COMANDO [OPZIONI]\n\ncomandi:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'areavasta COMANDO --help' descrive ogni comando.\n");
}

/*
 * The commands get a private copy of argv; in the original, which ps and
 * /proc/PID/cmdline show, a password inside a PostgreSQL target
 * ("postgresql://u:PW@h/db", "password=PW") is overwritten.  PGPASSWORD or
 * ~/.pgpass keep it out of argv altogether (docs/operations.md).
 *
 * The copy is reachable until exit, not a leak: argv_copy is volatile, or
 * the compiler drops this never-read store and LeakSanitizer reports the
 * copy once the command's frame is gone.
 */
static char **volatile argv_copy;

static char **
hide_db_passwords(int argc, char **argv)
{
	char **copy = xcalloc((size_t)argc + 1, sizeof(*copy));
	int i;

	argv_copy = copy;
	for (i = 0; i < argc; i++) {
		char *value = argv[i];

		copy[i] = xstrdup(argv[i]);
		if (strncmp(value, "--", 2) == 0 && strchr(value, '=') != NULL)
			value = strchr(value, '=') + 1; /* --db=TARGET */
		db_target_hide_password(value);
	}
	return copy;
}

static void *
json_xmalloc(size_t n)
{
	return xmalloc(n);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("areavasta %s\n", AREAVASTA_VERSION);
		return 0;
	}
	/*
	 * Every file the program creates (the database and its -wal/-shm,
	 * the audit key, exports) holds personal or secret data: private to
	 * its user (0600, directories 0700) whatever umask it inherited.
	 */
	umask(077);
	argv = hide_db_passwords(argc, argv);
	/* Before any thread starts and before any other jansson call. */
	json_set_alloc_funcs(json_xmalloc, free);
	json_object_seed(0);
	if (sodium_init() < 0) {
		fprintf(stderr, "areavasta: cannot initialise libsodium\n");
		return 1;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "areavasta: comando sconosciuto '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
