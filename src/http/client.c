/*
 * client.c - who the client is: its address, whether it reached us over
 * HTTPS and under which host name, read from the connection or, only when
 * the peer is a configured trusted proxy (serve --trusted-proxy), from the
 * X-Forwarded-For / -Proto / -Host headers the proxy sets.
 *
 * Behind nginx every connection comes from nginx, so without this the
 * throttling, the audit log and the access log would see one client, the
 * Origin check would compare https://host with http://host and refuse every
 * browser write, and cookies would lack Secure.  Forwarded headers from any
 * other peer are ignored: anyone can send them.
 *
 * X-Forwarded-For is read from the right (the end the trusted proxy
 * appended): trusted addresses are skipped, the first untrusted one is the
 * client.  Whatever a client wrote further left is never believed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/request.h"

#define PROXIES_MAX 32
#define FORWARDED_FOR_MAX 1024 /* bytes of X-Forwarded-For we read */
#define FORWARDED_HOST_MAX 255

struct net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned prefix; /* bits */
};

static struct net proxies[PROXIES_MAX];
static size_t nproxies;
static int tls_enabled;

int
http_tls_enabled(void)
{
	return tls_enabled;
}

void
http_set_tls_enabled(int on)
{
	tls_enabled = on;
}

size_t
http_trusted_proxy_count(void)
{
	return nproxies;
}

/* Parses "1.2.3.4", "::1", with an optional "/prefix". */
static int
parse_net(const char *s, size_t len, struct net *n)
{
	char text[INET6_ADDRSTRLEN + 8];
	char *slash;
	unsigned max, prefix;

	if (len == 0 || len >= sizeof(text))
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	slash = strchr(text, '/');
	if (slash != NULL)
		*slash = '\0';
	memset(n, 0, sizeof(*n));
	if (inet_pton(AF_INET, text, n->addr) == 1) {
		n->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, text, n->addr) == 1) {
		n->family = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	prefix = max;
	if (slash != NULL) {
		const char *p = slash + 1;

		if (*p == '\0' || strlen(p) > 3 ||
		    strspn(p, "0123456789") != strlen(p))
			return -1;
		prefix = 0;
		for (; *p; p++)
			prefix = prefix * 10 + (unsigned)(*p - '0');
		if (prefix > max)
			return -1;
	}
	n->prefix = prefix;
	return 0;
}

int
http_set_trusted_proxies(const char *list, struct av_err *err)
{
	const char *p = list;

	nproxies = 0;
	if (list == NULL)
		return AV_OK;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (nproxies == PROXIES_MAX)
			return av_fail(err, AV_EINVAL, "trusted-proxy",
			               "--trusted-proxy accetta al più %d"
			               " indirizzi",
			               PROXIES_MAX);
		if (parse_net(p, len, &proxies[nproxies]) != 0)
			return av_fail(err, AV_EINVAL, "trusted-proxy",
			               "--trusted-proxy: '%.*s' non è un"
			               " indirizzo IP o una rete CIDR"
			               " (es. 127.0.0.1, 10.0.0.0/8, ::1)",
			               (int)(len > 64 ? 64 : len), p);
		nproxies++;
		p += len;
		if (*p == ',')
			p++;
	}
	if (nproxies == 0)
		return av_fail(err, AV_EINVAL, "trusted-proxy",
		               "--trusted-proxy vuole almeno un indirizzo");
	return AV_OK;
}

/* Whether the first prefix bits of a and b agree. */
static int
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[whole] ^ b[whole]) & (0xFFu << (8 - rest)) & 0xFFu) == 0;
}

static int
is_trusted(const struct net *a)
{
	size_t i;

	for (i = 0; i < nproxies; i++)
		if (proxies[i].family == a->family &&
		    prefix_equal(proxies[i].addr, a->addr, proxies[i].prefix))
			return 1;
	return 0;
}

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes plain IPv4. */
static void
unmap(struct net *a)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0,    0,
	                                         0, 0, 0, 0, 0xff, 0xff};

	if (a->family == AF_INET6 && memcmp(a->addr, mapped, 12) == 0) {
		memmove(a->addr, a->addr + 12, 4);
		memset(a->addr + 4, 0, 12);
		a->family = AF_INET;
	}
}

static void
net_text(const struct net *a, char *out, size_t n)
{
	if (inet_ntop(a->family, a->addr, out, (socklen_t)n) == NULL)
		snprintf(out, n, "unknown");
}

static int
peer_of(struct req *r, struct net *peer)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	    r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	memset(peer, 0, sizeof(*peer));
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET) {
		peer->family = AF_INET;
		memcpy(peer->addr, &((const struct sockaddr_in *)sa)->sin_addr,
		       4);
	} else if (sa->sa_family == AF_INET6) {
		peer->family = AF_INET6;
		memcpy(peer->addr,
		       &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	} else {
		return -1;
	}
	unmap(peer);
	return 0;
}

/*
 * The last element of the comma list s[0, end): its bounds without the
 * white space around it in [*a, *b).  Returns where it starts (after its
 * comma), so that s[0, start - 1) is the rest of the list.
 */
static size_t
last_item(const char *s, size_t end, size_t *a, size_t *b)
{
	size_t start = end;

	while (start > 0 && s[start - 1] != ',')
		start--;
	*a = start;
	*b = end;
	while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
		(*a)++;
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
		(*b)--;
	return start;
}

struct forwarded {
	char list[FORWARDED_FOR_MAX + 1]; /* all X-Forwarded-For, joined */
	size_t len;
	int truncated;
};

/* Joins every X-Forwarded-For header, in order, with commas. */
static enum MHD_Result
collect_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key,
                      const char *value)
{
	struct forwarded *f = cls;
	size_t n;

	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") != 0 || value == NULL)
		return MHD_YES;
	n = strlen(value);
	if (f->len + n + 1 > FORWARDED_FOR_MAX) {
		f->truncated = 1;
		return MHD_NO;
	}
	if (f->len > 0)
		f->list[f->len++] = ',';
	memcpy(f->list + f->len, value, n);
	f->len += n;
	f->list[f->len] = '\0';
	return MHD_YES;
}

/*
 * The client behind trusted proxies: from the right of X-Forwarded-For,
 * skip trusted hops; the first untrusted address is the client.  A
 * malformed entry stops the walk at the last hop we could trust.
 */
static void
client_from_forwarded(struct req *r, struct net *client)
{
	struct forwarded f;
	size_t end;

	memset(&f, 0, sizeof(f));
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND,
	                          collect_forwarded_for, &f);
	if (f.truncated)
		return; /* too long to read from the right: keep the peer */
	end = f.len;
	while (end > 0) {
		size_t a, b, start = last_item(f.list, end, &a, &b);
		struct net hop;

		if (parse_net(f.list + a, b - a, &hop) != 0 ||
		    hop.prefix != (hop.family == AF_INET ? 32u : 128u))
			return;
		unmap(&hop);
		*client = hop;
		if (!is_trusted(&hop))
			return;
		end = start > 0 ? start - 1 : 0;
	}
}

/* The last element of a comma list, trimmed, copied into out. */
static void
last_element(const char *v, char *out, size_t n)
{
	size_t a, b, len;

	last_item(v, strlen(v), &a, &b);
	len = b - a < n ? b - a : 0;
	memcpy(out, v + a, len);
	out[len] = '\0';
}

/* host or host:port, or [v6]:port: letters, digits, . - : [ ] only. */
static int
host_ok(const char *h)
{
	size_t n = strlen(h);

	return n > 0 && n <= FORWARDED_HOST_MAX &&
	       strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "0123456789.-:[]") == n;
}

void
http_client_init(struct req *r)
{
	struct net peer, client;
	const char *proto, *host;
	char value[FORWARDED_HOST_MAX + 1];

	r->https = tls_enabled;
	r->forwarded_host[0] = '\0';
	if (peer_of(r, &peer) != 0) {
		snprintf(r->client_ip, sizeof(r->client_ip), "unknown");
		return;
	}
	client = peer;
	if (nproxies > 0 && is_trusted(&peer)) {
		client_from_forwarded(r, &client);
		proto = req_header(r, "X-Forwarded-Proto");
		if (proto != NULL) {
			last_element(proto, value, sizeof(value));
			r->https = strcasecmp(value, "https") == 0;
		}
		host = req_header(r, "X-Forwarded-Host");
		if (host != NULL) {
			last_element(host, value, sizeof(value));
			if (host_ok(value))
				snprintf(r->forwarded_host,
				         sizeof(r->forwarded_host), "%s",
				         value);
		}
	}
	net_text(&client, r->client_ip, sizeof(r->client_ip));
}

const char *
req_client_ip(const struct req *req)
{
	return req->client_ip;
}

void
req_origin(const struct req *req, char *out, size_t n)
{
	const char *host = req->forwarded_host[0]
	                       ? req->forwarded_host
	                       : req_header(req, MHD_HTTP_HEADER_HOST);

	if (host == NULL || !host_ok(host))
		host = "localhost";
	snprintf(out, n, "%s://%s", req->https ? "https" : "http", host);
}

const char *
req_cookie_attrs(const struct req *req)
{
	return req->https ? "; Path=/; SameSite=Strict; Secure"
	                  : "; Path=/; SameSite=Strict";
}

int
http_origin_ok(struct req *r)
{
	const char *origin = req_header(r, "Origin");
	const char *host = r->forwarded_host[0]
	                       ? r->forwarded_host
	                       : req_header(r, MHD_HTTP_HEADER_HOST);
	const char *scheme = r->https ? "https://" : "http://";
	size_t slen = strlen(scheme);

	if (origin == NULL)
		return 1;
	if (host == NULL)
		return 0;
	return strncmp(origin, scheme, slen) == 0 &&
	       strcmp(origin + slen, host) == 0;
}
