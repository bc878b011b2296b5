/*
 * istanza.c - the installation's identity (istanza.h): validation,
 * defaults from the instance's Province, storage with its audit record,
 * and the values the static file server puts into every page.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/file.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"
#include "http/static.h"
#include "modules/istanza/istanza.h"
#include "modules/istanza/istanza_sql.h"
#include "modules/registry/registry.h"
#include "valid/valid.h"

enum kind { K_TEXT, K_URL, K_EMAIL, K_PHONE, K_CF, K_COLOUR, K_IMAGE };

static const struct key {
	const char *name;
	enum kind kind;
	size_t max;
	int legal;   /* missing: "da completare" */
	int contact; /* in the footer's column of contacts */
} keys[] = {
    {"ente", K_TEXT, 128, 0, 0},
    {"ente_padre", K_TEXT, 128, 0, 0},
    {"ente_padre_url", K_URL, ISTANZA_VALUE_MAX, 0, 0},
    {"colore", K_COLOUR, 16, 0, 0},
    {"indirizzo", K_TEXT, 256, 0, 1},
    {"telefono", K_PHONE, 32, 0, 1},
    {"email", K_EMAIL, 254, 0, 1},
    {"pec", K_EMAIL, 254, 0, 1},
    {"codice_fiscale", K_CF, 11, 0, 1},
    {"accessibilita_url", K_URL, ISTANZA_VALUE_MAX, 1, 0},
    {"privacy_url", K_URL, ISTANZA_VALUE_MAX, 1, 0},
    {"note_legali_url", K_URL, ISTANZA_VALUE_MAX, 1, 0},
    {"stemma", K_IMAGE, ISTANZA_STEMMA_URI_MAX, 0, 0},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

const char *const istanza_keys[] = {
    "ente",           "ente_padre",
    "ente_padre_url", "colore",
    "indirizzo",      "telefono",
    "email",          "pec",
    "codice_fiscale", "accessibilita_url",
    "privacy_url",    "note_legali_url",
    "stemma",         NULL,
};

/* The primary colours offered: Bootstrap Italia's palette (docs). */
static const char *const colours[] = {"blu", "blu-scuro", "verde", "grigio",
                                      NULL};

#define DEFAULT_COLOUR "blu"

#define PNG_URI "data:image/png;base64,"
#define SVG_URI "data:image/svg+xml;base64,"

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decodes standard base64 (padded) into out (max bytes); returns the bytes
 * written, or (size_t)-1 when s is not base64 or does not fit.
 */
static size_t
b64_decode(const char *s, unsigned char *out, size_t max)
{
	size_t len = strlen(s), i, n = 0;

	if (len % 4 != 0)
		return (size_t)-1;
	for (i = 0; i < len; i += 4) {
		int v[4], k, pad = 0;

		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == len && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad > 0 ||
			           (v[k] = b64_value((unsigned char)s[i + k])) <
			               0) {
				return (size_t)-1;
			}
		}
		if (n + 3 - (size_t)pad > max)
			return (size_t)-1;
		out[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			out[n++] =
			    (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (pad < 1)
			out[n++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	return n;
}

static int
looks_svg(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n && i < 4096; i++)
		if (memcmp(b + i, "<svg", 4) == 0)
			return 1;
	return 0;
}

static int
looks_png(const unsigned char *b, size_t n)
{
	return n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* A crest value: a data: URI of a PNG or SVG whose bytes say so. */
static int
check_image(const char *v, struct av_err *err)
{
	unsigned char *buf;
	int png = strncmp(v, PNG_URI, sizeof(PNG_URI) - 1) == 0;
	int svg = strncmp(v, SVG_URI, sizeof(SVG_URI) - 1) == 0;
	size_t n;

	if (!png && !svg)
		return av_fail(err, AV_EINVAL, "stemma",
		               "Lo stemma deve essere un'immagine PNG o SVG.");
	buf = xmalloc(ISTANZA_STEMMA_MAX);
	n = b64_decode(v + (png ? sizeof(PNG_URI) : sizeof(SVG_URI)) - 1, buf,
	               ISTANZA_STEMMA_MAX);
	if (n == (size_t)-1) {
		free(buf);
		return av_fail(err, AV_EINVAL, "stemma",
		               "Stemma non valido o più grande di %d KiB.",
		               ISTANZA_STEMMA_MAX / 1024);
	}
	if (png ? !looks_png(buf, n) : !looks_svg(buf, n)) {
		free(buf);
		return av_fail(
		    err, AV_EINVAL, "stemma",
		    "Il contenuto dello stemma non è un'immagine %s.",
		    png ? "PNG" : "SVG");
	}
	free(buf);
	return AV_OK;
}

static const struct key *
key_of(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
valid_text(const char *v)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t len = strlen(v), n;
	uint32_t cp;

	while (len > 0) {
		n = utf8_next(s, len, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f)
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

static int
check(const struct key *k, const char *v, struct av_err *err)
{
	size_t len = strlen(v), i;

	if (len > k->max)
		return av_fail(
		    err, AV_EINVAL, k->name,
		    k->kind == K_IMAGE
		        ? "Stemma più grande di 48 KiB."
		        : "Valore troppo lungo (al massimo %zu byte).",
		    k->max);
	if (!valid_text(v))
		return av_fail(err, AV_EINVAL, k->name,
		               "Il valore contiene caratteri non ammessi.");
	switch (k->kind) {
	case K_TEXT:
		return AV_OK;
	case K_URL:
		if ((strncmp(v, "https://", 8) != 0 &&
		     strncmp(v, "http://", 7) != 0) ||
		    strpbrk(v, " \"'<>\\") != NULL || len < 10)
			return av_fail(err, AV_EINVAL, k->name,
			               "Indirizzo web non valido: deve iniziare"
			               " con https:// (o http://).");
		return AV_OK;
	case K_EMAIL: {
		const char *at = strchr(v, '@');

		if (at == NULL || at == v || strchr(at + 1, '@') != NULL ||
		    strchr(at + 1, '.') == NULL ||
		    strpbrk(v, " \"'<>,;") != NULL)
			return av_fail(err, AV_EINVAL, k->name,
			               "Indirizzo di posta non valido.");
		return AV_OK;
	}
	case K_PHONE:
		if (strspn(v, "+0123456789 ./-") != len ||
		    strpbrk(v, "0123456789") == NULL)
			return av_fail(err, AV_EINVAL, k->name,
			               "Numero di telefono non valido: cifre,"
			               " spazi e + . / - soltanto.");
		return AV_OK;
	case K_CF:
		if (valid_piva(v, len, 0) != NULL)
			return av_fail(err, AV_EINVAL, k->name,
			               "Codice fiscale dell'ente non valido:"
			               " 11 cifre con la cifra di controllo.");
		return AV_OK;
	case K_IMAGE:
		return check_image(v, err);
	case K_COLOUR:
		for (i = 0; colours[i] != NULL; i++)
			if (strcmp(v, colours[i]) == 0)
				return AV_OK;
		return av_fail(err, AV_EINVAL, k->name,
		               "Colore non ammesso: usare blu, blu-scuro, verde"
		               " o grigio.");
	}
	return AV_OK;
}

/* The stored value of key into *out (owned), NULL when there is none. */
static int
stored(struct db *db, const char *key, char **out, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_cursor *cur;
	int r;

	*out = NULL;
	if (db_query(db, &istanza_sql[Q_IDENT_GET], p, 1, &cur, err) != AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1 && db_col_text(cur, 0) != NULL)
		*out = xstrdup(db_col_text(cur, 0));
	db_cursor_close(cur);
	return r < 0 ? err->code : AV_OK;
}

/* A value as the audit log records it: an image by its size only. */
static json_t *
audit_value(const struct key *k, const char *v)
{
	char what[64];

	if (v == NULL)
		return json_null();
	if (k->kind != K_IMAGE)
		return json_string(v);
	snprintf(what, sizeof(what), "immagine %s, %zu caratteri",
	         strncmp(v, PNG_URI, sizeof(PNG_URI) - 1) == 0 ? "PNG" : "SVG",
	         strlen(v));
	return json_string(what);
}

int
istanza_set(struct db *db, const char *actor, const char *key,
            const char *value, struct av_err *err)
{
	const struct key *k = key_of(key);
	char *old = NULL;
	int own, dflt = value[0] == '\0';
	json_t *details;

	if (k == NULL)
		return av_fail(err, AV_EINVAL, "chiave",
		               "Chiave sconosciuta: vedere areavasta istanza"
		               " --help.");
	if (!dflt && check(k, value, err) != AV_OK)
		return err->code;
	if (k->kind == K_COLOUR && strcmp(value, DEFAULT_COLOUR) == 0)
		dflt = 1;
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (stored(db, key, &old, err) != AV_OK)
		goto fail;
	if (dflt) {
		struct db_param p[] = {P_TEXT(key)};

		if (db_exec(db, &istanza_sql[Q_IDENT_DELETE], p, 1, NULL,
		            err) != AV_OK)
			goto fail;
	} else {
		struct db_param p[] = {P_TEXT(key), P_TEXT(value),
		                       P_I64((int64_t)time(NULL))};

		if (db_exec(db, &istanza_sql[Q_IDENT_UPSERT], p, 3, NULL,
		            err) != AV_OK)
			goto fail;
	}
	details = json_pack("{s:o, s:o}", "valore",
	                    audit_value(k, dflt ? NULL : value), "precedente",
	                    audit_value(k, old));
	if (details == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto fail;
	}
	{
		struct audit_entry e = {actor,     NULL, "istanza.set",
		                        "istanza", key,  details};

		if (audit_append(db, &e, NULL, err) != AV_OK) {
			json_decref(details);
			goto fail;
		}
	}
	json_decref(details);
	free(old);
	return db_tx_leave(db, own, AV_OK, err);
fail:
	free(old);
	return db_tx_leave(db, own, err->code, err);
}

/* Defaults from the instance's Province (the registry's). */
static int
defaults(struct db *db, char ente[160], char padre[160], struct av_err *err)
{
	struct registry_unit u;
	const char *t = u.tipologia;
	int found;

	ente[0] = padre[0] = '\0';
	if (registry_istanza_unit(db, &u, &found, err) != AV_OK)
		return err->code;
	if (found) {
		/* The unit's kind as ISTAT names it (0001_registry.sql). */
		snprintf(ente, 160, "%s di %s",
		         strcmp(t, "citta_metropolitana") == 0
		             ? "Città metropolitana"
		         : strcmp(t, "libero_consorzio") == 0
		             ? "Libero consorzio comunale"
		         : strcmp(t, "provincia_autonoma") == 0
		             ? "Provincia autonoma"
		             : "Provincia",
		         u.nome);
		snprintf(padre, 160, "Regione %s", u.regione_nome);
	} else {
		snprintf(ente, 160, "Rete delle Province");
	}
	return AV_OK;
}

static void
free_values(char *vals[NKEYS])
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
}

/* Every key's effective value into vals (NKEYS owned strings). */
static int
values(struct db *db, char *vals[NKEYS], struct av_err *err)
{
	char ente[160], padre[160];
	struct db_cursor *cur;
	size_t i;
	int r;

	for (i = 0; i < NKEYS; i++)
		vals[i] = NULL;
	if (defaults(db, ente, padre, err) != AV_OK)
		return err->code;
	if (db_query(db, &istanza_sql[Q_IDENT_LIST], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		for (i = 0; i < NKEYS; i++)
			if (vals[i] == NULL &&
			    strcmp(keys[i].name, db_col_text(cur, 0)) == 0)
				vals[i] = xstrdup(db_col_text(cur, 1));
	}
	db_cursor_close(cur);
	if (r < 0) {
		free_values(vals);
		return err->code;
	}
	for (i = 0; i < NKEYS; i++)
		if (vals[i] == NULL)
			vals[i] = xstrdup(i == 0   ? ente
			                  : i == 1 ? padre
			                  : i == 3 ? DEFAULT_COLOUR
			                           : "");
	return AV_OK;
}

int
istanza_write(struct jw *w, struct db *db, struct av_err *err)
{
	char *v[NKEYS];
	size_t i;

	if (values(db, v, err) != AV_OK)
		return err->code;
	jw_obj(w);
	for (i = 0; i < NKEYS; i++)
		jw_kstr(w, keys[i].name, v[i]);
	jw_karr(w, "da_completare");
	for (i = 0; i < NKEYS; i++)
		if (keys[i].legal && v[i][0] == '\0')
			jw_str(w, keys[i].name);
	jw_arr_end(w);
	jw_obj_end(w);
	free_values(v);
	return AV_OK;
}

int
istanza_stemma_uri(const char *path, char **uri, struct av_err *err)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                             "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct sbuf in = SBUF_INIT(ISTANZA_STEMMA_MAX);
	struct sbuf out = SBUF_INIT(ISTANZA_STEMMA_URI_MAX + 1);
	const unsigned char *b;
	size_t n, i, len;

	*uri = NULL;
	if (file_read_regular(path, &in, err) != AV_OK) {
		int too_big = sbuf_err(&in);

		sbuf_release(&in);
		if (too_big)
			return av_fail(err, AV_EINVAL, "stemma",
			               "Stemma più grande di %d KiB.",
			               ISTANZA_STEMMA_MAX / 1024);
		return err->code;
	}
	b = (const unsigned char *)in.buf;
	n = in.len;
	if (looks_png(b, n))
		sbuf_addstr(&out, PNG_URI);
	else if (looks_svg(b, n))
		sbuf_addstr(&out, SVG_URI);
	else {
		sbuf_release(&in);
		return av_fail(err, AV_EINVAL, "stemma",
		               "Lo stemma deve essere un'immagine PNG o SVG.");
	}
	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)b[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)b[i + 1] << 8;
		if (i + 2 < n)
			v |= b[i + 2];
		q[0] = digits[v >> 18 & 63];
		q[1] = digits[v >> 12 & 63];
		q[2] = i + 1 < n ? digits[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? digits[v & 63] : '=';
		sbuf_add(&out, q, 4);
	}
	sbuf_release(&in);
	if (sbuf_err(&out)) {
		sbuf_release(&out);
		return av_fail(err, AV_EINVAL, "stemma",
		               "Stemma più grande di %d KiB.",
		               ISTANZA_STEMMA_MAX / 1024);
	}
	*uri = sbuf_detach(&out, &len);
	return AV_OK;
}

/* What was last handed to the static server, to skip a useless render. */
static pthread_mutex_t published_lock = PTHREAD_MUTEX_INITIALIZER;
static char *published; /* names and values, NUL-separated */
static size_t published_len;

static int
publish_if_changed(const char *const pn[], const char *const pv[], size_t n,
                   struct av_err *err)
{
	struct sbuf sb = SBUF_INIT((size_t)1 << 20);
	size_t i, len = 0;
	int rc = AV_OK;

	for (i = 0; i < n; i++) {
		sbuf_addstr(&sb, pn[i]);
		sbuf_add(&sb, "", 1);
		sbuf_addstr(&sb, pv[i]);
		sbuf_add(&sb, "", 1);
	}
	pthread_mutex_lock(&published_lock);
	if (sbuf_err(&sb) || published == NULL || sb.len != published_len ||
	    memcmp(sb.buf, published, sb.len) != 0) {
		rc = static_set_values(pn, pv, n, err);
		free(published);
		published = NULL;
		if (rc == AV_OK && !sbuf_err(&sb)) {
			published = sbuf_detach(&sb, &len);
			published_len = len;
		}
	}
	pthread_mutex_unlock(&published_lock);
	sbuf_release(&sb);
	return rc;
}

/* Changes being written (istanza_write_begin), under refresh_lock. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static int writing;

void
istanza_write_begin(void)
{
	pthread_mutex_lock(&refresh_lock);
	writing++;
	pthread_mutex_unlock(&refresh_lock);
}

void
istanza_write_end(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&refresh_lock);
	writing--;
	pthread_mutex_unlock(&refresh_lock);
}

int
istanza_refresh(struct db *db, struct av_err *err)
{
	static uint64_t seen;
	uint64_t gen;
	int rc = AV_OK;

	/* Held while reading and publishing: a change begun meanwhile
	   publishes after this (istanza.h). */
	pthread_mutex_lock(&refresh_lock);
	if (writing > 0)
		goto out; /* not seen: the next refresh looks again */
	if ((rc = db_data_changed(db, err)) != AV_OK)
		goto out;
	gen = db_write_generation();
	if (gen != seen) {
		seen = gen;
		rc = istanza_publish(db, err);
	}
out:
	pthread_mutex_unlock(&refresh_lock);
	return rc;
}

/*
 * The placeholders of the web UI (web/src/layout.html): "{{@KEY}}" the
 * value, "{{@KEY_nascosto}}" "d-none" when the value is empty (the element
 * is not shown), and for links "{{@KEY_href}}" the URL (empty when unset:
 * never a "#" link that leads nowhere) and "{{@KEY_vuoto}}" "d-none" when
 * the URL is set, for the plain-text element shown in the link's place.
 */
int
istanza_publish(struct db *db, struct av_err *err)
{
	char *v[NKEYS];
	char names[4 * NKEYS + 1][48];
	const char *pn[4 * NKEYS + 1], *pv[4 * NKEYS + 1];
	size_t i, n = 0;
	int rc;

	if (values(db, v, err) != AV_OK)
		return err->code;
	for (i = 0; i < NKEYS; i++) {
		snprintf(names[n], sizeof(names[n]), "%s", keys[i].name);
		pn[n] = names[n];
		pv[n++] = v[i];
		snprintf(names[n], sizeof(names[n]), "%s_nascosto",
		         keys[i].name);
		pn[n] = names[n];
		pv[n++] = v[i][0] == '\0' ? "d-none" : "";
		if (keys[i].kind == K_URL) {
			snprintf(names[n], sizeof(names[n]), "%s_href",
			         keys[i].name);
			pn[n] = names[n];
			pv[n++] = v[i];
			snprintf(names[n], sizeof(names[n]), "%s_vuoto",
			         keys[i].name);
			pn[n] = names[n];
			pv[n++] = v[i][0] == '\0' ? "" : "d-none";
		}
		if (keys[i].kind == K_IMAGE) {
			/* the image, or the favicon (never shown) */
			snprintf(names[n], sizeof(names[n]), "%s_src",
			         keys[i].name);
			pn[n] = names[n];
			pv[n++] = v[i][0] == '\0' ? "/favicon.svg" : v[i];
			snprintf(names[n], sizeof(names[n]), "%s_predefinito",
			         keys[i].name);
			pn[n] = names[n];
			pv[n++] = v[i][0] == '\0' ? "" : "d-none";
		}
	}
	/* The footer's column of contacts: hidden while all are empty. */
	snprintf(names[n], sizeof(names[n]), "contatti_nascosto");
	pn[n] = names[n];
	pv[n] = "d-none";
	for (i = 0; i < NKEYS; i++)
		if (keys[i].contact && v[i][0] != '\0')
			pv[n] = "";
	n++;
	rc = publish_if_changed(pn, pv, n, err);
	free_values(v);
	return rc;
}
