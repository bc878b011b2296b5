/*
 * verbale_check.c - the limits of a minute's model (verbale.h) and the
 * UTF-8 to Windows-1252 mapping the renderer prints with.  Checked before
 * rendering so that a bad model is refused with the path of the value,
 * never half-printed.
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/utf8.h"
#include "modules/sua/verbale.h"

struct vcheck {
	struct av_err *err;
	size_t total; /* bytes of text so far */
};

/* Windows-1252 bytes 0x80..0x9f by code point (0: unused in 1252). */
static const uint16_t cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
    0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

static unsigned char
cp1252_of(uint32_t cp)
{
	int i;

	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff))
		return (unsigned char)cp;
	for (i = 0; i < 32; i++)
		if (cp1252_high[i] != 0 && cp1252_high[i] == cp)
			return (unsigned char)(0x80 + i);
	return '?';
}

void
verbale_cp1252(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s != NULL ? strlen(s) : 0, i = 0, o = 0;

	if (n == 0)
		return;
	while (i < len && o + 1 < n) {
		uint32_t cp;
		size_t k = utf8_next(p + i, len - i, &cp);

		if (k == 0) { /* not UTF-8 (checked models never have it) */
			out[o++] = '?';
			i++;
			continue;
		}
		out[o++] = (char)cp1252_of(cp);
		i += k;
	}
	out[o] = '\0';
}

static int
text_ok(struct vcheck *c, const char *s, size_t max, int required,
        const char *path)
{
	size_t len = s != NULL ? strlen(s) : 0, i = 0;

	if (len == 0) {
		if (required)
			return av_fail(
			    c->err, AV_EINVAL, path,
			    "Campo obbligatorio del verbale mancante.");
		return AV_OK;
	}
	if (len > max)
		return av_fail(c->err, AV_EINVAL, path,
		               "Testo del verbale troppo lungo.");
	c->total += len;
	if (c->total > VERBALE_TOTAL_MAX)
		return av_fail(c->err, AV_EINVAL, path,
		               "Il verbale supera la dimensione massima.");
	while (i < len) {
		uint32_t cp;
		size_t k =
		    utf8_next((const unsigned char *)s + i, len - i, &cp);

		if (k == 0 || (cp < 0x20 && cp != '\n' && cp != '\t') ||
		    cp == 0x7f)
			return av_fail(
			    c->err, AV_EINVAL, path,
			    "Il testo contiene caratteri non ammessi.");
		i += k;
	}
	return AV_OK;
}

static int
names_ok(struct vcheck *c, const char *const *v, size_t n, const char *name)
{
	char path[64];
	size_t i;

	if (n > VERBALE_NAMES_MAX)
		return av_fail(c->err, AV_EINVAL, name,
		               "Troppi nomi nell'elenco del verbale.");
	if (n > 0 && v == NULL)
		return av_fail(c->err, AV_EINVAL, name, "Elenco mancante.");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s[%zu]", name, i);
		if (text_ok(c, v[i], VERBALE_SHORT_MAX, 1, path) != AV_OK)
			return c->err->code;
	}
	return AV_OK;
}

static int
table_ok(struct vcheck *c, const struct verbale_tabella *t, const char *base)
{
	char path[256];
	size_t i;

	snprintf(path, sizeof(path), "%s.intestazioni", base);
	if (t->ncol == 0 || t->ncol > VERBALE_COLS_MAX ||
	    t->intestazioni == NULL)
		return av_fail(c->err, AV_EINVAL, path,
		               "Una tabella ha da 1 a 12 colonne.");
	for (i = 0; i < t->ncol; i++) {
		snprintf(path, sizeof(path), "%s.intestazioni[%zu]", base, i);
		if (text_ok(c, t->intestazioni[i], VERBALE_SHORT_MAX, 0,
		            path) != AV_OK)
			return c->err->code;
	}
	snprintf(path, sizeof(path), "%s.righe", base);
	if (t->nrighe > VERBALE_ROWS_MAX || (t->nrighe > 0 && t->celle == NULL))
		return av_fail(c->err, AV_EINVAL, path,
		               "Troppe righe nella tabella del verbale.");
	for (i = 0; i < t->nrighe * t->ncol; i++) {
		snprintf(path, sizeof(path), "%s.righe[%zu][%zu]", base,
		         i / t->ncol, i % t->ncol);
		if (text_ok(c, t->celle[i], VERBALE_TEXT_MAX, 0, path) != AV_OK)
			return c->err->code;
	}
	return AV_OK;
}

static int
section_ok(struct vcheck *c, const struct verbale_sezione *s, size_t k)
{
	char path[96];
	size_t i;

	snprintf(path, sizeof(path), "sezioni[%zu].titolo", k);
	if (text_ok(c, s->titolo, VERBALE_SHORT_MAX, 0, path) != AV_OK)
		return c->err->code;
	snprintf(path, sizeof(path), "sezioni[%zu].paragrafi", k);
	if (s->nparagrafi > VERBALE_PARAGRAPHS_MAX ||
	    (s->nparagrafi > 0 && s->paragrafi == NULL))
		return av_fail(c->err, AV_EINVAL, path,
		               "Troppi paragrafi nella sezione.");
	for (i = 0; i < s->nparagrafi; i++) {
		snprintf(path, sizeof(path), "sezioni[%zu].paragrafi[%zu]", k,
		         i);
		if (text_ok(c, s->paragrafi[i], VERBALE_TEXT_MAX, 1, path) !=
		    AV_OK)
			return c->err->code;
	}
	snprintf(path, sizeof(path), "sezioni[%zu].tabelle", k);
	if (s->ntabelle > VERBALE_TABLES_MAX ||
	    (s->ntabelle > 0 && s->tabelle == NULL))
		return av_fail(c->err, AV_EINVAL, path,
		               "Troppe tabelle nella sezione.");
	for (i = 0; i < s->ntabelle; i++) {
		snprintf(path, sizeof(path), "sezioni[%zu].tabelle[%zu]", k, i);
		if (table_ok(c, &s->tabelle[i], path) != AV_OK)
			return c->err->code;
	}
	return AV_OK;
}

int
verbale_check(const struct verbale *v, struct av_err *err)
{
	struct vcheck c = {err, 0};
	size_t i;

	if (text_ok(&c, v->titolo, VERBALE_SHORT_MAX, 1, "titolo") != AV_OK ||
	    text_ok(&c, v->ente, VERBALE_SHORT_MAX, 1, "ente") != AV_OK ||
	    text_ok(&c, v->oggetto, VERBALE_TEXT_MAX, 1, "oggetto") != AV_OK ||
	    text_ok(&c, v->cig, VERBALE_SHORT_MAX, 0, "cig") != AV_OK ||
	    text_ok(&c, v->lotto, VERBALE_SHORT_MAX, 0, "lotto") != AV_OK ||
	    text_ok(&c, v->procedura, VERBALE_SHORT_MAX, 0, "procedura") !=
	        AV_OK ||
	    text_ok(&c, v->criterio, VERBALE_SHORT_MAX, 0, "criterio") !=
	        AV_OK ||
	    text_ok(&c, v->luogo, VERBALE_SHORT_MAX, 0, "luogo") != AV_OK ||
	    text_ok(&c, v->tipo_seduta, VERBALE_SHORT_MAX, 0, "tipo_seduta") !=
	        AV_OK ||
	    text_ok(&c, v->chiusura, VERBALE_TEXT_MAX, 0, "chiusura") !=
	        AV_OK ||
	    names_ok(&c, v->presenti, v->npresenti, "presenti") != AV_OK ||
	    names_ok(&c, v->firme, v->nfirme, "firme") != AV_OK)
		return err->code;
	/* 1970..2200: a session date a person typed, not a sentinel. */
	if (v->seduta_at <= 0 || v->seduta_at > INT64_C(7258118400))
		return av_fail(err, AV_EINVAL, "seduta_at",
		               "Data della seduta non valida.");
	if (v->seduta_numero < 0 || v->seduta_numero > 10000)
		return av_fail(err, AV_EINVAL, "seduta_numero",
		               "Numero della seduta non valido.");
	if (v->nsezioni > VERBALE_SECTIONS_MAX ||
	    (v->nsezioni > 0 && v->sezioni == NULL))
		return av_fail(err, AV_EINVAL, "sezioni",
		               "Troppe sezioni nel verbale.");
	for (i = 0; i < v->nsezioni; i++)
		if (section_ok(&c, &v->sezioni[i], i) != AV_OK)
			return err->code;
	return AV_OK;
}
