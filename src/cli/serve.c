/*
 * serve.c - `areavasta serve`: migrate the database, publish an audit
 * checkpoint and start the publisher that makes one every interval, start
 * the background-job workers (after failing the jobs a crash left
 * running), start the HTTP server, wait for SIGINT/SIGTERM, stop cleanly.
 *
 * The signals are blocked before the daemon's threads start, so they inherit
 * the mask and only the main thread, in sigwait(), ever sees them.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <stdlib.h>

#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/xmalloc.h"
#include "core/file.h"
#include "core/log.h"
#include "core/parse.h"
#include "db/db.h"
#include "http/server.h"
#include "http/static.h"
#include "modules/notifiche/notifiche.h"
#include "modules/istanza/istanza.h"
#include "http/upload.h"
#include "identity/auth_policy.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"
#include "identity/test_idp.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/pcp/ciclo_fasi.h"
#include "modules/sua/fase_hook.h"

#define DEFAULT_WEB_DIR "web/dist"
#define CACHE_SIZE_DEFAULT_MB 32 /* the answer cache (src/http/cache.h) */
#define CACHE_SIZE_MAX_MB 4096

static void
serve_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta serve --db FILE [--listen ADDR:PORT]"
	        " [--web DIR] [--threads N]\n"
	        "                       [--trusted-proxy ADDR[,ADDR...]]"
	        " [--tls-cert FILE --tls-key FILE]\n\n"
	        "  --db FILE          base dati (creata/migrata se serve)\n"
	        "  --listen ADDR:PORT indirizzo di ascolto (predefinito"
	        " 127.0.0.1:8080; porta 0 = una libera)\n"
	        "  --web DIR          cartella dell'interfaccia web"
	        " (predefinita %s se esiste)\n"
	        "  --no-web           nessuna interfaccia web, solo API\n"
	        "  --threads N        thread del server (predefinito 2 x"
	        " core)\n"
	        "  --tls-cert FILE --tls-key FILE  HTTPS con certificato e"
	        " chiave PEM\n"
	        "  --audit-key FILE   chiave Ed25519 dei checkpoint di audit"
	        " (predefinita FILE.audit-key accanto alla base dati; creata"
	        " se manca; in produzione tenerla fuori dalla cartella della"
	        " base dati, ad es. /etc/areavasta/audit-key)\n"
	        "  --checkpoint-interval SECONDI  un checkpoint di audit"
	        " firmato e pubblicato ogni SECONDI (predefinito %d = 15"
	        " minuti, massimo %d; 0 = solo all'avvio)\n"
	        "  --trusted-proxy ADDR[,ADDR...]  proxy (es. nginx) di cui"
	        " credere X-Forwarded-For,\n"
	        "                     -Proto e -Host; indirizzi IP o reti"
	        " CIDR (es. 127.0.0.1,10.0.0.0/8);\n"
	        "                     senza, quelle intestazioni sono"
	        " ignorate\n"
	        "  --password-hashes N  verifiche di password contemporanee"
	        " (predefinito: una per\n"
	        "                     core; oltre, 503 con Retry-After)\n"
	        "  --cache-size MB    memoria per le risposte pubbliche già"
	        " pronte (predefinito %d;\n"
	        "                     0 = nessuna cache)\n"
	        "  --data-dir DIR     cartella dei file caricati (blobs/,"
	        " tmp/; predefinita la\n"
	        "                     cartella della base dati)\n"
	        "  --upload-max BYTE  limite di ogni file caricato, sotto"
	        " quello delle singole risorse\n"
	        "  --job-workers N    elaborazioni in background"
	        " contemporanee (predefinito: una ogni\n"
	        "                     due core, da 1 a 4; massimo %d)\n"
	        "  --strong-auth-level 0|2|3  livello SPID minimo delle"
	        " operazioni che lo\n"
	        "                     chiedono (apertura delle buste: 2);"
	        " 3 lo alza per tutte;\n"
	        "                     0 (predefinito) = nessun controllo."
	        " In produzione: 2 o 3\n"
	        "  --spid-cie-only RUOLO[,RUOLO...]  ruoli che non possono"
	        " accedere con la\n"
	        "                     password, solo con SPID/CIE (es."
	        " operator,sua_officer)\n"
	        "  --idp-di-prova     serve anche l'IdP SPID/CIE di prova"
	        " (solo demo e test,\n"
	        "                     SP su 127.0.0.1; mai in produzione:"
	        " docs/spid-cie.md)\n",
	        DEFAULT_WEB_DIR, AUDIT_CHECKPOINT_INTERVAL_DEF,
	        AUDIT_CHECKPOINT_INTERVAL_MAX, CACHE_SIZE_DEFAULT_MB,
	        JOB_WORKERS_MAX);
}

#define PEM_MAX (64 * 1024)

/* A PEM file (certificate chain or key) as an owned string, or NULL. */
static char *
read_pem(const char *path)
{
	struct sbuf sb = SBUF_INIT(PEM_MAX);
	struct av_err err = AV_ERR_INIT;

	if (file_read_all(path, &sb, &err) != AV_OK || sb.len == 0) {
		if (err.code == AV_OK)
			av_fail(&err, AV_EINVAL, NULL, "'%s' è vuoto.", path);
		cli_report(&err);
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb, NULL);
}

int
cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"listen", required_argument, 0, 'l'},
	    {"web", required_argument, 0, 'w'},
	    {"no-web", no_argument, 0, 'n'},
	    {"threads", required_argument, 0, 't'},
	    {"strict", no_argument, 0, 's'},
	    {"tls-cert", required_argument, 0, 'C'},
	    {"tls-key", required_argument, 0, 'K'},
	    {"audit-key", required_argument, 0, 'A'},
	    {"trusted-proxy", required_argument, 0, 'P'},
	    {"password-hashes", required_argument, 0, 'H'},
	    {"checkpoint-interval", required_argument, 0, 'I'},
	    {"cache-size", required_argument, 0, 'M'},
	    {"data-dir", required_argument, 0, 'D'},
	    {"upload-max", required_argument, 0, 'U'},
	    {"job-workers", required_argument, 0, 'J'},
	    {"strong-auth-level", required_argument, 0, 1601},
	    {"spid-cie-only", required_argument, 0, 1602},
	    {"idp-di-prova", no_argument, 0, 1603},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct server_config cfg = {"127.0.0.1:8080",
	                            NULL,
	                            NULL,
	                            0,
	                            0,
	                            NULL,
	                            NULL,
	                            (size_t)CACHE_SIZE_DEFAULT_MB << 20};
	struct av_err err = AV_ERR_INIT;
	struct server *srv;
	struct db *db;
	sigset_t set;
	int c, sig, no_web = 0, test_idp = 0;
	const char *tls_cert = NULL, *tls_key = NULL, *audit_key = NULL;
	char key_path[4096];
	char *cert_pem = NULL, *key_pem = NULL;
	int64_t threads, interval = AUDIT_CHECKPOINT_INTERVAL_DEF, level;
	const char *data_dir = NULL;
	char data_dir_buf[4096];
	int64_t upload_max;
	int64_t job_workers = (int64_t)jobs_default_workers();

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cfg.db_path = optarg;
			break;
		case 'l':
			cfg.listen = optarg;
			break;
		case 'w':
			cfg.web_dir = optarg;
			break;
		case 'n':
			no_web = 1;
			break;
		case 't':
			if (parse_i64(optarg, strlen(optarg), 1, 256,
			              &threads) != 0) {
				fprintf(stderr, "areavasta: --threads vuole un"
				                " numero tra 1 e 256\n");
				return EXIT_USAGE;
			}
			cfg.threads = (unsigned)threads;
			break;
		case 's':
			cfg.strict_client = 1;
			break;
		case 'C':
			tls_cert = optarg;
			break;
		case 'K':
			tls_key = optarg;
			break;
		case 'A':
			audit_key = optarg;
			break;
		case 'H':
			if (parse_i64(optarg, strlen(optarg), 1, 256,
			              &threads) != 0) {
				fprintf(stderr,
				        "areavasta: --password-hashes"
				        " vuole un numero tra 1 e 256\n");
				return EXIT_USAGE;
			}
			password_slots_configure((unsigned)threads);
			break;
		case 'P':
			if (server_set_trusted_proxies(optarg, &err) != AV_OK) {
				fprintf(stderr, "areavasta: %s\n", err.msg);
				return EXIT_USAGE;
			}
			break;
		case 'I':
			if (parse_i64(optarg, strlen(optarg), 0,
			              AUDIT_CHECKPOINT_INTERVAL_MAX,
			              &interval) != 0) {
				fprintf(stderr,
				        "areavasta: --checkpoint-interval vuole"
				        " un numero di secondi tra 0 e %d\n",
				        AUDIT_CHECKPOINT_INTERVAL_MAX);
				return EXIT_USAGE;
			}
			break;
		case 'M':
			if (parse_i64(optarg, strlen(optarg), 0,
			              CACHE_SIZE_MAX_MB, &threads) != 0) {
				fprintf(
				    stderr,
				    "areavasta: --cache-size vuole un numero"
				    " di MB tra 0 e %d\n",
				    CACHE_SIZE_MAX_MB);
				return EXIT_USAGE;
			}
			cfg.cache_bytes = (size_t)threads << 20;
			break;
		case 'D':
			data_dir = optarg;
			break;
		case 'U':
			if (parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			              &upload_max) != 0) {
				fprintf(stderr, "areavasta: --upload-max vuole"
				                " un numero di byte\n");
				return EXIT_USAGE;
			}
			upload_set_global_max((uint64_t)upload_max);
			break;
		case 'J':
			if (parse_i64(optarg, strlen(optarg), 1,
			              JOB_WORKERS_MAX, &job_workers) != 0) {
				fprintf(stderr,
				        "areavasta: --job-workers vuole un"
				        " numero tra 1 e %d\n",
				        JOB_WORKERS_MAX);
				return EXIT_USAGE;
			}
			break;
		case 1601: /* identity/auth_policy.h */
			if (parse_i64(optarg, strlen(optarg), 0, 3, &level) !=
			        0 ||
			    auth_policy_set_level((int)level, &err) != AV_OK) {
				fprintf(stderr, "areavasta: --strong-auth-level"
				                " vuole 0, 2 o 3\n");
				return EXIT_USAGE;
			}
			break;
		case 1602:
			if (auth_policy_set_spid_only(optarg, &err) != AV_OK) {
				fprintf(stderr,
				        "areavasta: --spid-cie-only: %s\n",
				        err.msg);
				return EXIT_USAGE;
			}
			break;
		case 1603: /* identity/test_idp.h: demo and tests only */
			test_idp = 1;
			break;
		case 'h':
			serve_usage(stdout);
			return 0;
		default:
			serve_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (cfg.db_path == NULL || optind != argc) {
		serve_usage(stderr);
		return EXIT_USAGE;
	}
	if ((tls_cert == NULL) != (tls_key == NULL)) {
		fprintf(stderr, "areavasta: --tls-cert e --tls-key vanno"
		                " indicati insieme\n");
		return EXIT_USAGE;
	}
	if (tls_cert != NULL) {
		cert_pem = read_pem(tls_cert);
		key_pem = read_pem(tls_key);
		if (cert_pem == NULL || key_pem == NULL) {
			free(cert_pem);
			free(key_pem);
			return 1;
		}
		cfg.tls_cert_pem = cert_pem;
		cfg.tls_key_pem = key_pem;
	}
	{
		/* Refuse a bad --listen before creating any file. */
		const char *colon = strrchr(cfg.listen, ':');
		int64_t port;

		if (colon == NULL || parse_i64(colon + 1, strlen(colon + 1), 0,
		                               65535, &port) != 0) {
			fprintf(stderr,
			        "areavasta: --listen vuole INDIRIZZO:PORTA"
			        " (es. 127.0.0.1:8080), non '%s'\n",
			        cfg.listen);
			return EXIT_USAGE;
		}
	}
	if (no_web)
		cfg.web_dir = NULL;
	else if (cfg.web_dir == NULL && access(DEFAULT_WEB_DIR, R_OK) == 0)
		cfg.web_dir = DEFAULT_WEB_DIR;
	db = cli_open_db(cfg.db_path, 1);
	if (db == NULL)
		return 1;
	/* Every statement of every module now, not at its first request. */
	/* The identity goes into the pages the server sends (no flash). */
	if (sql_tables_prepare(db, &err) != AV_OK ||
	    istanza_publish(db, &err) != AV_OK ||
	    notifiche_riprendi(db, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	db_close(db);
	if (data_dir == NULL && db_target_is_postgres(cfg.db_path)) {
		/* Several nodes share one: nothing to guess it from. */
		fprintf(stderr, "areavasta: con PostgreSQL indicare --data-dir"
		                " (la cartella dei file caricati, condivisa tra"
		                " i nodi: vedi docs/operations.md)\n");
		return EXIT_USAGE;
	}
	if (data_dir == NULL) {
		/* The directory of the database file. */
		const char *slash = strrchr(cfg.db_path, '/');
		int dlen = slash ? (int)(slash - cfg.db_path) : 0;

		snprintf(data_dir_buf, sizeof(data_dir_buf), "%.*s",
		         slash ? (dlen ? dlen : 1) : 1,
		         slash ? cfg.db_path : ".");
		data_dir = data_dir_buf;
	}
	if (upload_set_data_dir(data_dir, &err) != AV_OK) {
		free(cert_pem);
		free(key_pem);
		return cli_report(&err);
	}
	/* SPID/CIE: <data dir>/spid.json, when `areavasta spid config` made
	   it (docs/spid-cie.md); before any thread starts. */
	if (saml_configure(data_dir, &err) != AV_OK ||
	    (test_idp && test_idp_configure(data_dir, &err) != AV_OK) ||
	    saml_idp_schedule(cfg.db_path, (int64_t)time(NULL), &err) !=
	        AV_OK) {
		free(cert_pem);
		free(key_pem);
		return cli_report(&err);
	}
	if (test_idp)
		log_msg("warn", "IdP di prova attivo (--idp-di-prova): solo"
		                " per demo e test, non usare in produzione");
	/*
	 * The checkpoint signing key lives beside, not inside, the database;
	 * PostgreSQL's has no file to sit beside: the data directory's.
	 */
	if (audit_key == NULL && db_target_is_postgres(cfg.db_path)) {
		int n = snprintf(key_path, sizeof(key_path), "%s/audit-key",
		                 data_dir);

		audit_key =
		    n > 0 && (size_t)n < sizeof(key_path) ? key_path : "";
	}
	audit_key =
	    audit_key_path(cfg.db_path, audit_key, key_path, sizeof(key_path));
	if (audit_key_ensure(audit_key, &err) != AV_OK)
		return cli_report(&err);
	if (audit_key_beside_db(audit_key, cfg.db_path)) {
		char msg[1024];

		snprintf(msg, sizeof(msg),
		         "attenzione: la chiave di firma del registro di audit"
		         " '%s' è nella stessa cartella della base dati: chi"
		         " può scrivere la base dati può anche firmare"
		         " checkpoint falsi. In produzione tienila fuori (ad"
		         " esempio /etc/areavasta/audit-key, proprietario root,"
		         " leggibile dal servizio) e indicala con --audit-key;"
		         " vedi docs/operations.md",
		         audit_key);
		log_msg("warn", msg);
	}
	audit_key_configure(audit_key);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	/* Before any thread starts, so that they all inherit the mask. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* a tender that moves on wakes its PCP lifecycle (fase_hook.h) */
	sua_fase_hook_set(pcp_ciclo_sveglia);
	if (audit_publisher_start(cfg.db_path, (unsigned)interval, &err) !=
	        AV_OK ||
	    jobs_start(cfg.db_path, (unsigned)job_workers, &err) != AV_OK ||
	    server_start(&cfg, &srv, &err) != AV_OK) {
		jobs_stop();
		audit_publisher_stop();
		audit_key_release();
		free(cert_pem);
		free(key_pem);
		return cli_report(&err);
	}
	{
		/* Print a URL a person can open: wildcard binds -> loopback. */
		const char *colon = strrchr(cfg.listen, ':');
		int hlen = colon ? (int)(colon - cfg.listen) : 0;
		const char *host = cfg.listen;

		if (hlen == 0 || strncmp(host, "0.0.0.0:", 8) == 0) {
			host = "127.0.0.1";
			hlen = 9;
		}
		printf("areavasta in ascolto su %s://%.*s:%u/ (interfaccia"
		       " web: %s, %zu file)\n",
		       cert_pem ? "https" : "http", hlen, host,
		       (unsigned)server_port(srv),
		       cfg.web_dir ? cfg.web_dir : "nessuna", static_count());
	}
	fflush(stdout);
	/* Until a signal: the identity of the pages follows the database. */
	{
		struct db *rdb = cli_open_db(cfg.db_path, 0);

		for (;;) {
			struct timespec ts = {ISTANZA_REFRESH_S, 0};

			sig = sigtimedwait(&set, NULL, &ts);
			if (sig == SIGINT || sig == SIGTERM)
				break;
			if (rdb != NULL &&
			    istanza_refresh(rdb, &err) != AV_OK) {
				log_msg("warn", err.msg);
				err = (struct av_err)AV_ERR_INIT;
			}
		}
		if (rdb != NULL)
			db_close(rdb);
	}
	log_msg("info",
	        sig == SIGINT ? "stopping on SIGINT" : "stopping on SIGTERM");
	audit_publisher_stop();
	server_stop(srv);
	jobs_stop();
	audit_key_release();
	free(cert_pem);
	if (key_pem)
		sodium_memzero(key_pem, strlen(key_pem));
	free(key_pem);
	return 0;
}
