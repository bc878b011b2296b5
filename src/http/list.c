/*
 * list.c - the list pattern of list.h: page parameters, keyset cursors,
 * bounded totals and the answer's envelope.
 *
 * A cursor is base64url (libsodium, no padding) of
 *   "1" US name US fingerprint US type value [US type value ...]
 * (US = 0x1F, which no value may contain: texts are valid UTF-8 without
 * control characters).  It is not secret and needs no signature: its values
 * are bound as parameters of a constant statement, and checked for type and
 * size here, so a forged one can only ask for a page that exists anyway.
 * The fingerprint (8 bytes of BLAKE2b over the list's name and filters) is
 * what makes a cursor from another list or another search a 400 instead of
 * a page of the wrong thing.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jw.h"

#define US '\x1f'
#define EXACT_CAP ((int64_t)1 << 62) /* "no cap": more than any table */

struct list_val
list_int(int64_t v)
{
	struct list_val x;

	memset(&x, 0, sizeof(x));
	x.type = 'i';
	x.i = v;
	return x;
}

struct list_val
list_text(const char *s)
{
	struct list_val x;
	size_t n = s ? utf8_cut(s, LIST_TEXT_MAX) : 0;

	memset(&x, 0, sizeof(x));
	x.type = 's';
	if (n > 0)
		memcpy(x.s, s, n);
	return x;
}

void
list_fingerprint(const char *name, const char *filters, char out[13])
{
	unsigned char h[6];
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)name,
	                          strlen(name) + 1);
	crypto_generichash_update(&st, (const unsigned char *)filters,
	                          strlen(filters));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 13, h, sizeof(h));
}

int
list_cursor_encode(const char *name, const char *fp, const char *key_types,
                   const struct list_val *vals, char *out, size_t n)
{
	struct sbuf raw = SBUF_INIT(LIST_CURSOR_MAX);
	size_t i, need;
	int rc = AV_OK;

	sbuf_addch(&raw, '1');
	sbuf_addch(&raw, US);
	sbuf_addstr(&raw, name);
	sbuf_addch(&raw, US);
	sbuf_addstr(&raw, fp);
	for (i = 0; key_types[i] != '\0'; i++) {
		sbuf_addch(&raw, US);
		sbuf_addch(&raw, key_types[i]);
		if (key_types[i] == 'i')
			sbuf_addf(&raw, "%lld", (long long)vals[i].i);
		else
			sbuf_addstr(&raw, vals[i].s);
	}
	need = sodium_base64_ENCODED_LEN(
	    raw.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (sbuf_err(&raw) || need > n || need > LIST_CURSOR_MAX + 1)
		rc = AV_EINTERNAL;
	else
		sodium_bin2base64(out, n, (const unsigned char *)raw.buf,
		                  raw.len,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sbuf_release(&raw);
	return rc;
}

static int
bad_cursor(struct av_err *err, const char *why)
{
	return av_fail(err, AV_EINVAL, "after",
	               "Il cursore 'after' non è valido: %s. Usa il valore"
	               " 'next' restituito dalla pagina precedente della"
	               " stessa ricerca.",
	               why);
}

/* One "tvalue" field of a decoded cursor into v. */
static int
decode_value(const char *f, size_t len, char type, struct list_val *v)
{
	if (len < 1 || f[0] != type)
		return -1;
	f++;
	len--;
	memset(v, 0, sizeof(*v));
	v->type = type;
	if (type == 'i')
		return parse_i64(f, len, INT64_MIN, INT64_MAX, &v->i);
	if (len > LIST_TEXT_MAX)
		return -1;
	for (size_t k = 0; k < len;) {
		uint32_t cp;
		size_t step =
		    utf8_next((const unsigned char *)f + k, len - k, &cp);

		if (step == 0 || cp < 0x20 || cp == 0x7f)
			return -1;
		k += step;
	}
	memcpy(v->s, f, len);
	return 0;
}

int
list_cursor_decode(const char *cursor, const char *name, const char *fp,
                   const char *key_types, struct list_val *vals,
                   struct av_err *err)
{
	unsigned char raw[LIST_CURSOR_MAX];
	size_t rawlen = 0, clen = strlen(cursor), pos, nfield = 0, i;
	const char *field[3 + LIST_KEYS_MAX];
	size_t flen[3 + LIST_KEYS_MAX];
	size_t nkeys = strlen(key_types);

	if (clen == 0 || clen > LIST_CURSOR_MAX ||
	    sodium_base642bin(raw, sizeof(raw) - 1, cursor, clen, NULL, &rawlen,
	                      NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return bad_cursor(err, "non è un cursore");
	/* Split on US. */
	field[0] = (const char *)raw;
	for (pos = 0; pos <= rawlen; pos++) {
		if (pos < rawlen && raw[pos] != (unsigned char)US)
			continue;
		if (nfield >= 3 + LIST_KEYS_MAX)
			return bad_cursor(err, "troppi valori");
		flen[nfield] =
		    (size_t)((const char *)raw + pos - field[nfield]);
		nfield++;
		if (pos < rawlen && nfield < 3 + LIST_KEYS_MAX)
			field[nfield] = (const char *)raw + pos + 1;
	}
	if (nfield < 3 || flen[0] != 1 || field[0][0] != '1')
		return bad_cursor(err, "versione sconosciuta");
	if (flen[1] != strlen(name) || memcmp(field[1], name, flen[1]) != 0)
		return bad_cursor(err, "appartiene a un altro elenco");
	if (flen[2] != strlen(fp) || memcmp(field[2], fp, flen[2]) != 0)
		return bad_cursor(err, "è stato creato con altri filtri o un"
		                       " altro ordine");
	if (nfield - 3 != nkeys)
		return bad_cursor(err, "numero di valori errato");
	for (i = 0; i < nkeys; i++)
		if (decode_value(field[3 + i], flen[3 + i], key_types[i],
		                 &vals[i]) != 0)
			return bad_cursor(err, "valore non valido");
	return AV_OK;
}

int
list_parse(struct req *req, const struct list_spec *spec, const char *filters,
           struct list_req *out)
{
	struct av_err *err = req_err(req);
	const char *after = req_query(req, "after");

	memset(out, 0, sizeof(*out));
	out->spec = spec;
	list_fingerprint(spec->name, filters, out->fp);
	if (req_query_i64(req, "limit", 1, spec->limit_max, spec->limit_def,
	                  &out->limit) != AV_OK ||
	    req_query_i64(req, "offset", 0, spec->offset_max, 0,
	                  &out->offset) != AV_OK)
		return err->code;
	if (after == NULL)
		return AV_OK;
	if (req_query(req, "offset") != NULL)
		return av_fail(err, AV_EINVAL, "after",
		               "Indica 'after' oppure 'offset', non entrambi.");
	if (list_cursor_decode(after, spec->name, out->fp, spec->key_types,
	                       out->keys, err) != AV_OK)
		return err->code;
	out->after = 1;
	return AV_OK;
}

int
list_cursor(const struct list_req *lr, const struct list_val *vals, char *out,
            size_t n)
{
	return list_cursor_encode(lr->spec->name, lr->fp, lr->spec->key_types,
	                          vals, out, n);
}

static int64_t
count_cap(const struct list_spec *spec)
{
	return spec->count_cap > 0 ? spec->count_cap : EXACT_CAP;
}

int64_t
list_count_limit(const struct list_spec *spec)
{
	/* One more than the cap: exactly cap matches is still exact. */
	return count_cap(spec) + 1;
}

int
list_count_done(const struct list_spec *spec, int64_t *total)
{
	int64_t cap = count_cap(spec);

	if (*total <= cap)
		return 1;
	*total = cap;
	return 0;
}

int
list_count(struct db *db, const struct list_spec *spec, const struct sql_def *q,
           struct db_param *p, size_t np, int64_t *total, int *exact,
           struct av_err *err)
{
	p[np - 1] = P_I64(list_count_limit(spec));
	if (db_query_i64(db, q, p, np, total, NULL, err) != AV_OK)
		return err->code;
	*exact = list_count_done(spec, total);
	return AV_OK;
}

struct jw *
list_begin(struct resp *resp)
{
	return resp_list_begin(resp);
}

void
list_end(struct jw *w, const struct list_req *lr, int64_t total, int exact,
         const char *next)
{
	resp_list_close(w, total, exact, lr->limit, lr->offset, next);
}

void
list_end_estimate(struct jw *w, const struct list_req *lr, int64_t total,
                  const char *next)
{
	resp_list_close(w, total, -1, lr->limit, lr->offset, next);
}

/* <0, 0, >0 as key a sorts before, with or after b (texts by bytes). */
static int
key_cmp(const char *types, const struct list_val *a, const struct list_val *b)
{
	for (size_t i = 0; types[i] != '\0'; i++) {
		int c;

		if (types[i] == 'i')
			c = a[i].i < b[i].i ? -1 : a[i].i > b[i].i;
		else
			c = strcmp(a[i].s, b[i].s);
		if (c != 0)
			return c;
	}
	return 0;
}

void
list_walk_init(struct list_walk *lw, const struct list_req *lr, int desc)
{
	memset(lw, 0, sizeof(*lw));
	lw->lr = lr;
	lw->desc = desc;
}

int
list_walk_row(struct list_walk *lw, const struct list_val *key)
{
	const struct list_req *lr = lw->lr;
	size_t nk = strlen(lr->spec->key_types);

	lw->total++;
	if (lw->more)
		return 0;
	if (lr->after) {
		int c = key_cmp(lr->spec->key_types, key, lr->keys);

		if (lw->desc ? c >= 0 : c <= 0)
			return 0; /* at or before the cursor */
	} else if (lw->skipped < lr->offset) {
		lw->skipped++;
		return 0;
	}
	if (lw->written == lr->limit) {
		lw->more = 1;
		return 0;
	}
	lw->written++;
	memcpy(lw->last, key, nk * sizeof(*key));
	return 1;
}

int
list_walk_tail(struct list_walk *lw, struct jw *w, struct av_err *err)
{
	char next[LIST_CURSOR_MAX + 1];

	if (lw->more &&
	    list_cursor(lw->lr, lw->last, next, sizeof(next)) != AV_OK)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	resp_list_tail(w, lw->total, 1, lw->lr->limit, lw->lr->offset,
	               lw->more ? next : NULL);
	return AV_OK;
}

int
list_walk_end(struct list_walk *lw, struct jw *w, struct av_err *err)
{
	if (list_walk_tail(lw, w, err) != AV_OK)
		return err->code;
	jw_obj_end(w);
	return AV_OK;
}

int
list_like_filter(struct req *req, size_t max, struct sbuf *out)
{
	const char *v = req_query(req, "q");
	size_t i, len;

	if (v == NULL || *v == '\0')
		return AV_OK;
	len = strlen(v);
	if (len > max)
		return av_fail(req_err(req), AV_EINVAL, "q",
		               "La ricerca ha al massimo %zu caratteri.", max);
	sbuf_addch(out, '%');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20)
			return av_fail(req_err(req), AV_EINVAL, "q",
			               "Carattere non ammesso nella ricerca.");
		if (c == '%' || c == '_' || c == '\\')
			sbuf_addch(out, '\\');
		sbuf_addch(out, (char)tolower(c));
	}
	sbuf_addch(out, '%');
	return !sbuf_err(out) ? AV_OK
	                      : av_fail(req_err(req), AV_EINVAL, "q",
	                                "Ricerca troppo lunga.");
}

int
list_query_counted(struct db *db, const struct list_spec *spec,
                   const struct sql_def *q, const struct db_param *p, size_t np,
                   const struct sql_def *cq, struct db_param *cp, size_t cnp,
                   struct db_cursor **page, int64_t *total, int *exact,
                   struct av_err *err)
{
	struct db_batch b[2] = {{q, p, np, NULL}, {cq, cp, cnp, NULL}};
	int r;

	*page = NULL;
	cp[cnp - 1] = P_I64(list_count_limit(spec));
	if (db_query_batch(db, b, 2, err) != AV_OK)
		return err->code;
	r = db_next(b[1].cur, err);
	*total = r == 1 ? db_col_i64(b[1].cur, 0) : 0;
	db_cursor_close(b[1].cur);
	if (r < 0) {
		db_cursor_close(b[0].cur);
		return err->code;
	}
	*exact = list_count_done(spec, total);
	*page = b[0].cur;
	return AV_OK;
}
