/*
 * feed.c - the Atom feed (RFC 4287) of the published audit checkpoints, for
 * citizens and Comuni who want every new checkpoint delivered to them and
 * kept outside the installation: a feed reader is a copy the server cannot
 * rewrite.
 *
 * Each entry's content is the checkpoint's JSON as text, the same object as
 * GET /api/v1/audit/checkpoint, so a saved entry is a file that
 * `areavasta audit verify --checkpoint` reads.  Atom wants permanent,
 * globally unique ids without us knowing the host name we are served under:
 * they are name-based UUIDs (RFC 9562 version 8) from SHA-256 of the
 * public key (the feed) and of each signature (its entry).  Links are
 * relative references, resolved against the feed's own URL.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "db/db.h"
#include "json/jw.h"

#define FEED_TITLE "Registro di audit: checkpoint pubblicati"

/* Text with &, < and > escaped (enough for element content). */
static void
xml_text(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sbuf_addstr(sb, "&amp;");
			break;
		case '<':
			sbuf_addstr(sb, "&lt;");
			break;
		case '>':
			sbuf_addstr(sb, "&gt;");
			break;
		default:
			sbuf_addch(sb, *s);
		}
	}
}

/* "urn:uuid:" and a version-8 UUID from SHA-256(label || data). */
static void
add_uuid(struct sbuf *sb, const char *label, const unsigned char *data,
         size_t len)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[33];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)label,
	                          strlen(label));
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80); /* version 8 */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC variant */
	sodium_bin2hex(hex, sizeof(hex), h, 16);
	sbuf_addf(sb, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
	          hex + 12, hex + 16, hex + 20);
}

#define CP_TEXT_MAX 1024 /* one checkpoint's JSON: about 350 bytes */

static int
add_entry(struct sbuf *sb, const struct audit_checkpoint *cp,
          struct av_err *err)
{
	struct sbuf text = SBUF_INIT(CP_TEXT_MAX);
	struct jw w;

	jw_init(&w, &text);
	audit_checkpoint_write(&w, cp);
	if (jw_finish(&w) != AV_OK) {
		sbuf_release(&text);
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	sbuf_addstr(sb, "<entry><id>");
	add_uuid(sb, "areavasta-audit-checkpoint\n", cp->signature,
	         AUDIT_SIG_BYTES);
	sbuf_addf(sb,
	          "</id><title>Checkpoint: il registro termina alla voce n."
	          " %lld</title><updated>%s</updated>",
	          (long long)cp->seq, cp->time);
	sbuf_addstr(sb, "<link rel=\"alternate\" type=\"text/html\""
	                " href=\"/registro.html\"/><content type=\"text\">");
	xml_text(sb, text.buf);
	sbuf_addstr(sb, "</content></entry>\n");
	sbuf_release(&text);
	return AV_OK;
}

int
audit_feed_atom(struct db *db, const unsigned char pk[AUDIT_PK_BYTES],
                struct sbuf *out, struct av_err *err)
{
	struct db_param p[3] = {P_I64(AUDIT_FEED_ENTRIES), P_I64(0),
	                        P_I64(INT64_MAX)};
	char pk_hex[2 * AUDIT_PK_BYTES + 1], now[AUDIT_TIME_LEN + 1];
	struct audit_checkpoint cp;
	struct db_cursor *c;
	int r, first = 1;

	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, AUDIT_PK_BYTES);
	sbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                 "<feed xmlns=\"http://www.w3.org/2005/Atom\""
	                 " xml:lang=\"it\">\n<id>");
	add_uuid(out, "areavasta-audit-feed\n", pk, AUDIT_PK_BYTES);
	sbuf_addf(out,
	          "</id>\n<title>" FEED_TITLE "</title>\n"
	          "<subtitle>Checkpoint firmati (Ed25519) del registro di"
	          " audit con la chiave pubblica %s. Conservane copie fuori"
	          " dal server e verificale con areavasta audit"
	          " verify.</subtitle>\n"
	          "<author><name>areavasta</name></author>\n"
	          "<link rel=\"self\" type=\"application/atom+xml\""
	          " href=\"/api/v1/audit/checkpoints.atom\"/>\n"
	          "<link rel=\"alternate\" type=\"text/html\""
	          " href=\"/registro.html\"/>\n",
	          pk_hex);
	if (db_query(db, &audit_sql[Q_AUDIT_CP_LIST], p, 3, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (audit_checkpoint_from_row(c, &cp, err) != AV_OK)
			break;
		/* Newest first: the first entry's time is the feed's. */
		if (first)
			sbuf_addf(out, "<updated>%s</updated>\n", cp.time);
		first = 0;
		if (add_entry(out, &cp, err) != AV_OK)
			break;
	}
	db_cursor_close(c);
	if (r < 0 || err->code != AV_OK)
		return err->code;
	if (first) {
		audit_time_now(now);
		sbuf_addf(out, "<updated>%s</updated>\n", now);
	}
	sbuf_addstr(out, "</feed>\n");
	if (sbuf_err(out))
		return av_fail(err, AV_ETOOBIG, NULL, "Errore interno.");
	return AV_OK;
}
