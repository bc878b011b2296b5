/*
 * server.h - the libmicrohttpd daemon: options, limits, and the request
 * pipeline (route, validate, run handler, answer, log).
 */
#ifndef AV_SERVER_H
#define AV_SERVER_H

#include <stdint.h>

#include "core/err.h"

#define SERVER_CONN_MEMORY (64 * 1024) /* headers + buffers per connection */
#define SERVER_CONN_LIMIT 1000
#define SERVER_PER_IP_LIMIT 64 /* 0 (none) behind a trusted proxy */
#define SERVER_IDLE_TIMEOUT_S 30

struct server;

struct server_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:0", ":8080" */
	const char *db_path;
	const char *web_dir;      /* NULL: no UI */
	unsigned threads;         /* 0: 2 x cores, at least 4 */
	int strict_client;        /* MHD_OPTION_STRICT_FOR_CLIENT (tests) */
	const char *tls_cert_pem; /* PEM text, or NULL for plain HTTP */
	const char *tls_key_pem;
	size_t cache_bytes; /* answer cache of public GETs; 0: off */
};

/*
 * The reverse proxies whose X-Forwarded-For/-Proto/-Host are believed
 * ("127.0.0.1,10.0.0.0/8,::1"); once, before server_start.  With proxies
 * configured the per-address connection limit is off (every connection
 * comes from the proxy, which limits clients itself).  AV_EINVAL with an
 * Italian message on a bad list.
 */
int server_set_trusted_proxies(const char *list, struct av_err *err);

int server_start(const struct server_config *cfg, struct server **out,
                 struct av_err *err);
uint16_t server_port(const struct server *s);
void server_stop(struct server *s);

#endif
