/*
 * ricevuta.c - `areavasta ricevuta verifica FILE [--chiave FILE |
 * --db DB | --audit-key KEYFILE]`: checks a bid receipt offline
 * (modules/sua/ricevute.h), with no server and no network.
 *
 * The key to check against: --chiave, a file with the platform's public
 * key (64 hex digits, or the JSON of GET /api/v1/ricevute/chiave-pubblica);
 * --audit-key / --db, the installation's key file itself.  Without any,
 * only the signature against the key the receipt carries is checked, and
 * the output says that the key was not compared.  Exit 0 valid, 1 invalid
 * (the reason on stderr), 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/file.h"
#include "core/sbuf.h"
#include "modules/sua/buste.h"
#include "modules/sua/ricevute.h"

static const char usage_ricevuta[] =
    "uso: areavasta ricevuta verifica FILE [--chiave FILE | --db DB |\n"
    "         --audit-key FILE]\n"
    "  --chiave     chiave pubblica della piattaforma (64 cifre esadecimali\n"
    "               o il JSON di GET /api/v1/ricevute/chiave-pubblica)\n"
    "  --db         la base dati: usa la chiave accanto (DB.audit-key)\n"
    "  --audit-key  il file della chiave dell'installazione\n"
    "Esce con 0 se la ricevuta è valida, 1 se non lo è (il motivo su\n"
    "stderr).\n";

static int
usage_error(const char *msg)
{
	fprintf(stderr, "areavasta ricevuta: %s\n%s", msg, usage_ricevuta);
	return 2;
}

/* The public key in a --chiave file: hex, or JSON with chiave_pubblica. */
static int
key_from_file(const char *path, unsigned char pk[32])
{
	struct sbuf sb;
	struct av_err err = AV_ERR_INIT;
	const char *hex;
	json_t *o = NULL;
	size_t n = 0, len;
	int rc = -1;

	sbuf_init(&sb, 4096);
	if (file_read_all(path, &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		return -1;
	}
	hex = sb.buf;
	len = sb.len;
	if (len > 0 && hex[0] == '{') {
		o = json_loadb(sb.buf, sb.len, 0, NULL);
		hex = json_string_value(json_object_get(o, "chiave_pubblica"));
		len = hex ? strlen(hex) : 0;
	}
	while (len > 0 && (hex[len - 1] == '\n' || hex[len - 1] == '\r' ||
	                   hex[len - 1] == ' '))
		len--;
	if (hex && len == 64 &&
	    sodium_hex2bin(pk, 32, hex, len, NULL, &n, NULL) == 0 && n == 32)
		rc = 0;
	json_decref(o);
	sbuf_release(&sb);
	return rc;
}

static int
verifica(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"chiave", required_argument, 0, 'k'},
	    {"db", required_argument, 0, 'd'},
	    {"audit-key", required_argument, 0, 'a'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *chiave = NULL, *db = NULL, *keyfile = NULL;
	unsigned char pk[32];
	int have_pk = 0, c;
	struct sbuf sb;
	struct av_err err = AV_ERR_INIT;
	json_t *content = NULL;
	char keybuf[4200];

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			chiave = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'a':
			keyfile = optarg;
			break;
		case 'h':
			fputs(usage_ricevuta, stdout);
			return 0;
		default:
			return usage_error("opzione non valida");
		}
	}
	if (optind != argc - 1)
		return usage_error("serve il file della ricevuta");
	if (chiave) {
		if (key_from_file(chiave, pk) != 0) {
			fprintf(stderr,
			        "areavasta ricevuta: '%s' non contiene "
			        "una chiave pubblica\n",
			        chiave);
			return 2;
		}
		have_pk = 1;
	} else if (db || keyfile) {
		struct audit_key key;
		const char *path = audit_key_path(db ? db : "", keyfile, keybuf,
		                                  sizeof(keybuf));

		if (audit_key_load(path, &key, &err) != AV_OK)
			return cli_report(&err) + 1;
		memcpy(pk, key.pk, 32);
		audit_key_clear(&key);
		have_pk = 1;
	}
	sbuf_init(&sb, BUSTE_RICEVUTA_MAX);
	if (file_read_all(argv[optind], &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		cli_report(&err);
		return 2;
	}
	if (ricevuta_verify(sb.buf, sb.len, have_pk ? pk : NULL, &content,
	                    &err) != AV_OK) {
		sbuf_release(&sb);
		fprintf(stderr, "ricevuta NON valida: %s\n", err.msg);
		return 1;
	}
	sbuf_release(&sb);
	printf(
	    "ricevuta valida: gara %lld, lotto %lld, offerta %lld, "
	    "operatore %s, presentata_at %lld\n",
	    (long long)json_integer_value(json_object_get(content, "gara")),
	    (long long)json_integer_value(json_object_get(content, "lotto")),
	    (long long)json_integer_value(json_object_get(content, "offerta")),
	    json_string_value(json_object_get(content, "operatore"))
	        ? json_string_value(json_object_get(content, "operatore"))
	        : "?",
	    (long long)json_integer_value(
	        json_object_get(content, "presentata_at")));
	if (!have_pk)
		printf("attenzione: firma verificata con la chiave contenuta "
		       "nella ricevuta; confrontarla con quella pubblicata "
		       "(--chiave)\n");
	json_decref(content);
	return 0;
}

int
cli_ricevuta(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage_ricevuta, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "verifica") == 0)
		return verifica(argc - 1, argv + 1);
	return usage_error("sottocomando sconosciuto");
}
