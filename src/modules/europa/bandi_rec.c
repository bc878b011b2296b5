/*
 * bandi_rec.c - the importers' shared pieces (bandi_rec.h): owned strings
 * of a record, SEDIA dates, programme codes, checksums.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/legal_time.h"
#include "core/xmalloc.h"
#include "core/parse.h"
#include "modules/europa/bandi_rec.h"

void
eu_rec_init(struct eu_rec *r)
{
	memset(r, 0, sizeof(*r));
	eu_bando_init(&r->b);
}

void
eu_rec_release(struct eu_rec *r)
{
	size_t i;

	for (i = 0; i < r->nowned; i++)
		free(r->owned[i]);
	r->nowned = 0;
	json_decref(r->src);
	r->src = NULL;
}

const char *
eu_rec_take(struct eu_rec *r, char *s)
{
	if (s == NULL)
		return NULL;
	if (r->nowned == EU_REC_OWNED_MAX) {
		free(s);
		return NULL;
	}
	r->owned[r->nowned++] = s;
	return s;
}

int
eu_brussels_17(int y, int m, int d, int64_t *at, struct av_err *err)
{
	struct lt_date dt = {y, m, d};

	/* Belgium and Italy keep the same zone and EU summer time: the
	   Rome conversion is Brussels' too. */
	return lt_from_local(dt, 17, 0, 0, at, NULL, err);
}

static int
digits(const char *s, size_t n, int *out)
{
	int64_t v;

	if (parse_i64(s, n, 0, 9999, &v) != 0 || strspn(s, "0123456789") < n)
		return -1;
	*out = (int)v;
	return 0;
}

int
eu_sedia_date(const char *s, int64_t *at, char fuso[EU_FUSO_MAX],
              const char *field, struct av_err *err)
{
	int y, mo, d, h = 0, mi = 0, se = 0, off = 0, sign = 1, oh, om;
	size_t n = s ? strlen(s) : 0, p;
	struct lt_date dt;
	int64_t days;

	if (n < 10 || n > 40 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		goto bad;
	dt = (struct lt_date){y, mo, d};
	if (!lt_date_valid(dt))
		goto bad;
	if (n == 10) {
		snprintf(fuso, EU_FUSO_MAX, "Europe/Brussels");
		return eu_brussels_17(y, mo, d, at, err);
	}
	if (n < 19 || (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se) || h > 23 || mi > 59 || se > 59)
		goto bad;
	p = 19;
	if (s[p] == '.') {
		p++;
		while (p < n && isdigit((unsigned char)s[p]))
			p++;
	}
	if (s[p] == 'Z' && p + 1 == n) {
		off = 0;
	} else if ((s[p] == '+' || s[p] == '-') &&
	           (n - p == 5 || (n - p == 6 && s[p + 3] == ':'))) {
		sign = s[p] == '-' ? -1 : 1;
		if (digits(s + p + 1, 2, &oh) ||
		    digits(s + p + (n - p == 5 ? 3 : 4), 2, &om) || oh > 14 ||
		    om > 59)
			goto bad;
		off = sign * (oh * 3600 + om * 60);
	} else {
		goto bad;
	}
	if (off == 0 && mi == 0 && se == 0 && (h == 0 || h == 17)) {
		snprintf(fuso, EU_FUSO_MAX, "Europe/Brussels");
		return eu_brussels_17(y, mo, d, at, err);
	}
	days = lt_days(dt);
	*at = days * 86400 + h * 3600 + mi * 60 + se - off;
	if (off == 0)
		snprintf(fuso, EU_FUSO_MAX, "UTC");
	else
		snprintf(fuso, EU_FUSO_MAX, "%c%02d:%02d", sign < 0 ? '-' : '+',
		         (sign * off) / 3600, ((sign * off) % 3600) / 60);
	return AV_OK;
bad:
	return av_fail(err, AV_EINVAL, field, "Data non valida: '%.40s'.",
	               s ? s : "");
}

/* sedia_framework_programme_ids.csv (../shared/data/eu-calls), the ids
   rated "high" and "medium" there. */
static const struct {
	const char *id, *codice, *nome;
} programmi[] = {
    {"43108390", "HORIZON", "Horizon Europe"},
    {"31045243", "H2020", "Horizon 2020 (2014-2020)"},
    {"43152860", "DIGITAL", "Digital Europe Programme"},
    {"43252405", "LIFE",
     "Programme for the Environment and Climate Action (LIFE)"},
    {"43251589", "CERV", "Citizens, Equality, Rights and Values"},
    {"43251814", "CREA", "Creative Europe"},
    {"43353764", "ERASMUS+", "Erasmus+"},
    {"43251567", "CEF", "Connecting Europe Facility"},
    {"43332642", "EU4H", "EU4Health"},
    {"44181033", "EDF", "European Defence Fund"},
    {"43252476", "SMP", "Single Market Programme"},
    {"43089234", "INNOVFUND", "Innovation Fund"},
    {"43392145", "EMFAF", "European Maritime, Fisheries and Aquaculture Fund"},
    {"43254019", "ESF+", "European Social Fund+ (direct strands)"},
    {"43254037", "ESC", "European Solidarity Corps"},
    {"44773066", "JTM", "Just Transition Mechanism"},
    {"43298203", "UCPM", "Union Civil Protection Mechanism"},
    {"43298664", "AGRIP", "Promotion of agricultural products"},
    {"43298916", "EURATOM", "Euratom Research and Training Programme"},
    {"43252368", "ISF", "Internal Security Fund"},
    {"43252386", "JUST", "Justice Programme"},
    {"43252449", "RFCS", "Research Fund for Coal and Steel"},
    {"44416173", "I3", "Interregional Innovation Investments (I3)"},
    {"43637601", "PPPA", "Pilot Projects and Preparatory Actions"},
    {"45532249", "EUBA", "EU Bodies and Agencies"},
    {"31059643", "COSME", "COSME (2014-2020)"},
};

void
eu_programma(const char *id, const char **codice, const char **nome)
{
	size_t i;

	*codice = *nome = NULL;
	for (i = 0; id && i < sizeof(programmi) / sizeof(programmi[0]); i++)
		if (strcmp(programmi[i].id, id) == 0) {
			*codice = programmi[i].codice;
			*nome = programmi[i].nome;
			return;
		}
}

const char *
eu_programma_nome(const char *codice)
{
	size_t i;

	for (i = 0; codice && i < sizeof(programmi) / sizeof(programmi[0]); i++)
		if (strcmp(programmi[i].codice, codice) == 0)
			return programmi[i].nome;
	return NULL;
}

void
eu_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
eu_checksum_copy(const char *s, char out[65])
{
	size_t i;

	if (s == NULL || strlen(s) != 64 ||
	    strspn(s, "0123456789abcdefABCDEF") != 64)
		return 0;
	for (i = 0; i < 64; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[64] = '\0';
	return 1;
}

void
eu_recs_release(struct eu_recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		eu_rec_release(&rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

struct eu_rec *
eu_recs_push(struct eu_recs *rs)
{
	if (rs->n == rs->alloc) {
		rs->alloc = rs->alloc ? rs->alloc * 2 : 64;
		rs->v = xrealloc(rs->v, rs->alloc * sizeof(rs->v[0]));
	}
	eu_rec_init(&rs->v[rs->n]);
	return &rs->v[rs->n++];
}

struct key_ix {
	const char *fonte, *chiave;
	size_t i;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key_ix *x = a, *y = b;
	int c = strcmp(x->fonte, y->fonte);

	if (c == 0)
		c = strcmp(x->chiave, y->chiave);
	if (c == 0)
		c = x->i < y->i ? -1 : x->i > y->i;
	return c;
}

void
eu_recs_dedupe(struct eu_recs *rs, struct eu_import_stats *st)
{
	struct key_ix *ix;
	char *drop;
	size_t i, j, k, out;

	if (rs->n < 2)
		return;
	ix = xcalloc(rs->n, sizeof(*ix));
	drop = xcalloc(rs->n, 1);
	for (i = 0; i < rs->n; i++)
		ix[i] = (struct key_ix){rs->v[i].b.fonte, rs->v[i].b.chiave, i};
	qsort(ix, rs->n, sizeof(*ix), key_cmp);
	for (i = 0; i < rs->n; i = j) {
		size_t best = ix[i].i;

		for (j = i + 1;
		     j < rs->n && strcmp(ix[j].fonte, ix[i].fonte) == 0 &&
		     strcmp(ix[j].chiave, ix[i].chiave) == 0;
		     j++)
			if (rs->v[ix[j].i].score > rs->v[best].score)
				best = ix[j].i;
		for (k = i; k < j; k++)
			if (ix[k].i != best)
				drop[ix[k].i] = 1;
	}
	for (i = 0, out = 0; i < rs->n; i++) {
		if (drop[i]) {
			eu_rec_release(&rs->v[i]);
			st->duplicati++;
			continue;
		}
		if (out != i)
			rs->v[out] = rs->v[i];
		out++;
	}
	rs->n = out;
	free(ix);
	free(drop);
}
