/*
 * pcp_ciclo.c - `areavasta pcp ciclo --db DB --gara ID --ambiente AMB
 * --cf CF [--ruolo RP|DRP] [--loa 3|4] [--idp SPID|CIE|...] [--attesa S]`:
 * takes a SUA tender through its PCP lifecycle (modules/pcp/ciclo.h)
 * against the configured endpoints, in this process: the same job kind
 * the server runs, run again after each wait (polls, backoff) until the
 * lifecycle completes, waits for the tender to move on, stops on an ANAC
 * error, or --attesa seconds (default 600) have gone by; then prints the
 * timeline (JSON).  The RUP is given by hand (a CLI has no SPID session)
 * and checked as the API checks a session's.  Exit 0 (completato or
 * attesa_gara), 1 (errore, or still running at the time limit).  It
 * takes the tender's lease as the server's runs do (pcp_ciclo_cli_lease):
 * refused, exit 1 and a message, while the server drives the tender.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/pcp/ciclo.h"

static void
ciclo_usage(FILE *f)
{
	fprintf(f, "uso: areavasta pcp ciclo --db DB --gara ID --ambiente"
	           " collaudo|attestazione|esercizio\n"
	           "       --cf CODICE_FISCALE_RUP [--ruolo RP|DRP] [--loa 3|4]"
	           " [--idp SPID|CIE|CNS|EIDAS]\n"
	           "       [--attesa SECONDI]\n\n"
	           "Porta la gara attraverso il ciclo di vita PCP (ANAC):"
	           " crea-appalto, presa-carico,\n"
	           "conferma, CIG, pubblicazione, schede successive; stampa"
	           " la cronologia.\n");
}

static int
print_timeline(struct db *db, int64_t gara, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(1u << 20);
	struct sbuf ind = SBUF_INIT(1u << 21);
	struct jw w;
	int rc;

	jw_init(&w, &sb);
	rc = pcp_ciclo_write(&w, db, gara, err);
	if (rc == AV_OK && jw_finish(&w) == AV_OK) {
		jw_indent(&ind, sb.buf, sb.len, 2);
		fwrite(ind.buf, 1, ind.len, stdout);
		fputc('\n', stdout);
	}
	sbuf_release(&sb);
	sbuf_release(&ind);
	return rc;
}

int
cli_pcp_ciclo(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"gara", required_argument, 0, 'g'},
	    {"ambiente", required_argument, 0, 'a'},
	    {"cf", required_argument, 0, 'F'},
	    {"ruolo", required_argument, 0, 'r'},
	    {"loa", required_argument, 0, 'l'},
	    {"idp", required_argument, 0, 'i'},
	    {"attesa", required_argument, 0, 't'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	struct pcp_actor actor;
	const char *path = NULL, *ambiente = NULL;
	int64_t gara = 0, attesa = 600, deadline, lease_id = 0;
	char stato[16] = "";
	struct db *db;
	json_t *in;
	int c, rc = AV_OK;

	memset(&actor, 0, sizeof(actor));
	str_copy(actor.role, sizeof(actor.role), "RP");
	str_copy(actor.loa, sizeof(actor.loa), "3");
	str_copy(actor.idp_type, sizeof(actor.idp_type), "SPID");
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'g':
			if (parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			              &gara) != 0)
				gara = -1;
			break;
		case 'a':
			ambiente = optarg;
			break;
		case 'F':
			str_copy(actor.codice_fiscale,
			         sizeof(actor.codice_fiscale), optarg);
			break;
		case 'r':
			str_copy(actor.role, sizeof(actor.role), optarg);
			break;
		case 'l':
			str_copy(actor.loa, sizeof(actor.loa), optarg);
			break;
		case 'i':
			str_copy(actor.idp_type, sizeof(actor.idp_type),
			         optarg);
			break;
		case 't':
			if (parse_i64(optarg, strlen(optarg), 0, 86400,
			              &attesa) != 0)
				gara = -1;
			break;
		case 'h':
			ciclo_usage(stdout);
			return 0;
		default:
			ciclo_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || gara <= 0 || ambiente == NULL ||
	    optind != argc - 1) {
		ciclo_usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli_db_exists(path) || (db = cli_open_db(path, 0)) == NULL)
		return 1;
	if (db_tx_begin(db, &err) != AV_OK ||
	    pcp_ciclo_avvia_cli(db, gara, ambiente, &actor, &err) != AV_OK ||
	    db_tx_commit(db, &err) != AV_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "areavasta: %s%s%s%s\n", err.msg,
		        err.field[0] != '\0' ? " (campo " : "", err.field,
		        err.field[0] != '\0' ? ")" : "");
		db_close(db);
		return 1;
	}
	if (pcp_ciclo_cli_lease(db, gara, &lease_id, &err) != AV_OK) {
		fprintf(stderr, "areavasta: %s\n", err.msg);
		db_close(db);
		return 1;
	}
	in = json_pack("{s:I}", "gara_id", (json_int_t)gara);
	deadline = (int64_t)time(NULL) + attesa;
	for (;;) {
		struct job_ctx ctx;
		json_t *res = NULL;
		int64_t next = 0, now;

		job_ctx_init(&ctx, db);
		ctx.id = lease_id; /* the lease's holder; ente NULL: the CLI */
		rc = job_run(&ctx, "pcp_ciclo", in, &res, &err);
		json_decref(res);
		if (rc != AV_OK)
			break;
		if (pcp_ciclo_stato(db, gara, stato, sizeof(stato), &next,
		                    &err) != AV_OK) {
			rc = err.code;
			break;
		}
		now = (int64_t)time(NULL);
		if (strcmp(stato, "in_corso") != 0 || now >= deadline)
			break;
		fprintf(stderr, "ciclo PCP: in attesa di PCP fino a %lld\n",
		        (long long)next);
		sleep((unsigned)(next > now
		                     ? (next < deadline ? next : deadline) - now
		                     : 1));
	}
	json_decref(in);
	pcp_ciclo_cli_release(db, gara, lease_id, rc == AV_OK);
	if (rc != AV_OK)
		fprintf(stderr, "areavasta: %s\n", err.msg);
	else
		rc = print_timeline(db, gara, &err);
	db_close(db);
	return rc == AV_OK && (strcmp(stato, "completato") == 0 ||
	                       strcmp(stato, "attesa_gara") == 0)
	           ? 0
	           : 1;
}
