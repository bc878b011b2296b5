/*
 * sua_sorteggio.c - `areavasta sua sorteggio --seed S --candidati FILE`:
 * the SUA's public draw recomputed by anyone (src/modules/sua/sorteggio.h).
 *
 * FILE holds one candidate per line (partita IVA, name, whatever the
 * minutes list); blank lines and lines starting with # are skipped, spaces
 * around a line and a trailing CR are dropped; '-' reads standard input.
 * Prints the whole order with each candidate's hash and marks the first N
 * (--estrai) as drawn: the same seed and list always print the same.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/file.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/sua/sorteggio.h"

static const char usage_sorteggio[] =
    "uso: areavasta sua sorteggio --seed SEME --candidati FILE\n"
    "         [--estrai N] [--compatto]\n"
    "  --seed       il seme pubblico fissato prima del sorteggio (es. i\n"
    "               numeri di un'estrazione futura, un valore digitato in\n"
    "               seduta pubblica)\n"
    "  --candidati  un candidato per riga ('-' = standard input); righe\n"
    "               vuote e righe che iniziano con # sono ignorate\n"
    "  --estrai N   quanti estrarre (predefinito: tutti, in ordine)\n"
    "Ordine: SHA-256(seme, a capo, candidato) crescente; si verifica con\n"
    "  printf '%s\\n%s' \"$SEME\" \"$CANDIDATO\" | sha256sum\n";

/* The candidates file can hold at most the draw's cap of longest lines. */
#define CANDIDATI_INPUT_MAX                                                    \
	((size_t)SORTEGGIO_CANDIDATI_MAX * (SORTEGGIO_CANDIDATO_MAX + 2))

static int
usage_error(const char *msg)
{
	fprintf(stderr, "areavasta sua sorteggio: %s\n%s", msg,
	        usage_sorteggio);
	return 2;
}

static int
read_input(const char *path, struct sbuf *sb, struct av_err *err)
{
	char chunk[8192];
	size_t n;

	if (strcmp(path, "-") != 0)
		return file_read_all(path, sb, err);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		sbuf_add(sb, chunk, n);
		if (sbuf_err(sb))
			return av_fail(err, AV_ETOOBIG, "candidati",
			               "Elenco dei candidati troppo grande");
	}
	if (ferror(stdin))
		return av_fail(err, AV_EIO, "candidati",
		               "Lettura dello standard input non riuscita");
	return AV_OK;
}

/* Splits text (NUL-terminated, written in place) into trimmed lines. */
static size_t
split_lines(char *text, const char **ids, size_t max, int *over)
{
	size_t n = 0;
	char *line = text, *next, *end;

	*over = 0;
	for (; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line &&
		       (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (n == max) {
			*over = 1;
			return n;
		}
		ids[n++] = line;
	}
	return n;
}

static json_t *
draw_json(const char *seed, const struct sorteggio_voce *v, size_t n,
          size_t estrai)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "seed", json_string(seed));
	json_object_set_new(o, "algoritmo",
	                    json_string("SHA-256(seme, a capo, candidato), "
	                                "ordine crescente dell'impronta"));
	json_object_set_new(o, "candidati", json_integer((json_int_t)n));
	json_object_set_new(o, "estratti", json_integer((json_int_t)estrai));
	for (i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "posizione",
		                    json_integer((json_int_t)(i + 1)));
		json_object_set_new(e, "candidato", json_string(v[i].id));
		json_object_set_new(e, "hash", json_string(v[i].hash));
		json_object_set_new(e, "estratto", json_boolean(i < estrai));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "ordine", arr);
	return o;
}

int
cli_sua_sorteggio(int argc, char **argv)
{
	enum { O_SEED = 1, O_CAND, O_ESTRAI, O_COMPACT, O_HELP };
	static const struct option opts[] = {
	    {"seed", required_argument, NULL, O_SEED},
	    {"candidati", required_argument, NULL, O_CAND},
	    {"estrai", required_argument, NULL, O_ESTRAI},
	    {"compatto", no_argument, NULL, O_COMPACT},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(CANDIDATI_INPUT_MAX);
	const char *seed = NULL, *path = NULL, **ids = NULL;
	struct sorteggio_voce *v = NULL;
	size_t n, estrai = 0;
	int64_t want = -1;
	int c, compact = 0, over, rc;
	json_t *o;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_SEED:
			seed = optarg;
			break;
		case O_CAND:
			path = optarg;
			break;
		case O_ESTRAI:
			if (parse_i64(optarg, strlen(optarg), 1,
			              SORTEGGIO_CANDIDATI_MAX, &want) != 0)
				return usage_error("--estrai deve essere un "
				                   "numero da 1 a 5000");
			break;
		case O_COMPACT:
			compact = 1;
			break;
		case O_HELP:
			fputs(usage_sorteggio, stdout);
			return 0;
		default:
			return usage_error(
			    "opzione sconosciuta o senza valore");
		}
	}
	if (optind < argc)
		return usage_error("argomento inatteso");
	if (seed == NULL || path == NULL)
		return usage_error("servono --seed e --candidati");
	if (read_input(path, &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		return cli_report(&err);
	}
	if (memchr(sb.buf, '\0', sb.len) != NULL) {
		sbuf_release(&sb);
		return usage_error("l'elenco dei candidati non è un testo");
	}
	ids = xcalloc(SORTEGGIO_CANDIDATI_MAX, sizeof(*ids));
	n = split_lines(sb.buf, ids, SORTEGGIO_CANDIDATI_MAX, &over);
	rc = 2;
	if (over) {
		fprintf(stderr,
		        "areavasta sua sorteggio: più di %d candidati\n",
		        SORTEGGIO_CANDIDATI_MAX);
		goto out;
	}
	v = xcalloc(n > 0 ? n : 1, sizeof(*v));
	if (sorteggio_ordina(seed, ids, n, v, &err) != AV_OK) {
		fprintf(stderr, "areavasta sua sorteggio: %s [%s]\n", err.msg,
		        err.field);
		goto out;
	}
	estrai = want < 0 || (uint64_t)want > n ? n : (size_t)want;
	o = draw_json(seed, v, n, estrai);
	rc = cli_print_json(o, compact ? JSON_COMPACT : JSON_INDENT(2));
	json_decref(o);
out:
	free(v);
	free(ids);
	sbuf_release(&sb);
	return rc;
}
