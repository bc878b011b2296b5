/*
 * gare_criteri.c - the checks of a tender's award rules that need no
 * database: OEPV criteria (LAW.md 4.1-4.2, art. 108 D.Lgs. 36/2023) and
 * the order of the deadlines.  Pure, so the unit tests call them directly
 * (tests/unit/modules/sua/gare_test.c).
 *
 * The economic formulas are those oepv.h computes (lineare, bilineare,
 * concava, inversa), with the parameters each needs: the bilinear X is one
 * of ANAC's 0.80, 0.85, 0.90; the concave alpha a decimal in (0, 1).  LAW.md
 * 4.1 finds no general cap on the economic points in the 2023 text, only
 * the 30 % cap for labour-intensive contracts (art. 108 c.4): that one is
 * enforced when the tender says "manodopera": true.  Points are integers
 * and add up to 100.
 */
#include <stdio.h>
#include <string.h>

#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/oepv.h"

#define ECON_CAP_MANODOPERA 30

static int
fail(struct av_err *err, const char *prefix, const char *path, const char *msg)
{
	char f[GARA_FIELD_LEN];

	if (path[0] != '\0')
		snprintf(f, sizeof(f), "%s.%s", prefix, path);
	else
		snprintf(f, sizeof(f), "%s", prefix);
	return av_fail(err, AV_EUNPROC, f, "%s", msg);
}

static int
only_keys(json_t *o, const char *const *keys, const char **bad)
{
	const char *k;
	json_t *v;
	size_t i;
	int ok;

	json_object_foreach(o, k, v)
	{
		ok = 0;
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				ok = 1;
		if (!ok) {
			*bad = k;
			return 0;
		}
	}
	return 1;
}

static int
name_ok(json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL && strlen(s) <= GARA_CRITERIO_NOME_MAX &&
	       s[strspn(s, " \t\n")] != '\0';
}

/* A decimal "0.5", "0.25" strictly between 0 and 1 (at most 6 digits). */
static int
alpha_ok(const char *s)
{
	size_t n, i;
	int nonzero = 0;

	if (s == NULL || strncmp(s, "0.", 2) != 0)
		return 0;
	n = strlen(s);
	if (n < 3 || n > 8)
		return 0;
	for (i = 2; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		nonzero |= s[i] != '0';
	}
	return nonzero;
}

static int
points(json_t *v, json_int_t min, json_int_t *out)
{
	if (!json_is_integer(v))
		return 0;
	*out = json_integer_value(v);
	return *out >= min && *out <= 100;
}

int
gara_criteri_check(json_t *c, const char *field, struct av_err *err)
{
	static const char *const top[] = {"criteri", "economico", "manodopera",
	                                  NULL};
	static const char *const crit[] = {"nome", "punti", "sottocriteri",
	                                   NULL};
	static const char *const sub[] = {"nome", "punti", NULL};
	static const char *const eco[] = {"punti", "formula",  "x",
	                                  "alpha", "decimali", "arrotondamento",
	                                  NULL};
	json_t *list, *e, *it, *subs, *si, *v;
	json_int_t tech = 0, p, sp, sum, ep;
	const char *bad = NULL, *formula, *s;
	char path[GARA_FIELD_LEN];
	size_t i, j;
	int manodopera = 0;

	if (!json_is_object(c))
		return fail(err, field, "", "I criteri sono un oggetto JSON.");
	if (!only_keys(c, top, &bad))
		return fail(err, field, bad, "Chiave non ammessa.");
	v = json_object_get(c, "manodopera");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return fail(err, field, "manodopera",
			            "manodopera è true o false.");
		manodopera = json_is_true(v);
	}
	list = json_object_get(c, "criteri");
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > GARA_CRITERI_MAX)
		return fail(err, field, "criteri",
		            "Servono da 1 a 60 criteri tecnici, ciascuno con "
		            "nome e punti.");
	json_array_foreach(list, i, it)
	{
		snprintf(path, sizeof(path), "criteri[%zu]", i);
		if (!json_is_object(it))
			return fail(err, field, path,
			            "Un criterio è un oggetto {nome, punti}.");
		if (!only_keys(it, crit, &bad)) {
			snprintf(path, sizeof(path), "criteri[%zu].%s", i, bad);
			return fail(err, field, path, "Chiave non ammessa.");
		}
		snprintf(path, sizeof(path), "criteri[%zu].nome", i);
		if (!name_ok(json_object_get(it, "nome")))
			return fail(err, field, path,
			            "Ogni criterio ha un nome (al massimo 500 "
			            "caratteri).");
		snprintf(path, sizeof(path), "criteri[%zu].punti", i);
		if (!points(json_object_get(it, "punti"), 1, &p))
			return fail(err, field, path,
			            "I punti di un criterio sono un intero da "
			            "1 a 100.");
		tech += p;
		subs = json_object_get(it, "sottocriteri");
		if (subs == NULL || json_is_null(subs))
			continue;
		snprintf(path, sizeof(path), "criteri[%zu].sottocriteri", i);
		if (!json_is_array(subs) ||
		    json_array_size(subs) > GARA_SUBCRITERI_MAX)
			return fail(err, field, path,
			            "I sottocriteri sono una lista (al massimo "
			            "30).");
		sum = 0;
		json_array_foreach(subs, j, si)
		{
			snprintf(path, sizeof(path),
			         "criteri[%zu].sottocriteri[%zu]", i, j);
			if (!json_is_object(si) || !only_keys(si, sub, &bad) ||
			    !name_ok(json_object_get(si, "nome")))
				return fail(err, field, path,
				            "Un sottocriterio è {nome, punti} "
				            "con un nome.");
			snprintf(path, sizeof(path),
			         "criteri[%zu].sottocriteri[%zu].punti", i, j);
			if (!points(json_object_get(si, "punti"), 1, &sp))
				return fail(err, field, path,
				            "I punti di un sottocriterio sono "
				            "un intero da 1 a 100.");
			sum += sp;
		}
		if (json_array_size(subs) > 0 && sum != p) {
			snprintf(path, sizeof(path),
			         "criteri[%zu].sottocriteri", i);
			return fail(err, field, path,
			            "I punti dei sottocriteri devono sommare i "
			            "punti del criterio.");
		}
	}
	e = json_object_get(c, "economico");
	if (!json_is_object(e))
		return fail(err, field, "economico",
		            "Manca l'offerta economica: {punti, formula}.");
	if (!only_keys(e, eco, &bad)) {
		snprintf(path, sizeof(path), "economico.%s", bad);
		return fail(err, field, path, "Chiave non ammessa.");
	}
	if (!points(json_object_get(e, "punti"), 1, &ep))
		return fail(err, field, "economico.punti",
		            "I punti dell'offerta economica sono un intero da "
		            "1 a 100.");
	if (tech + ep != 100)
		return fail(err, field, "economico.punti",
		            "Punti tecnici ed economici devono sommare 100.");
	if (manodopera && ep > ECON_CAP_MANODOPERA)
		return fail(err, field, "economico.punti",
		            "Nei contratti ad alta intensità di manodopera il "
		            "punteggio economico non supera 30 punti su 100 "
		            "(art. 108 c.4).");
	formula = json_string_value(json_object_get(e, "formula"));
	if (formula == NULL || (strcmp(formula, "lineare") != 0 &&
	                        strcmp(formula, "bilineare") != 0 &&
	                        strcmp(formula, "concava") != 0 &&
	                        strcmp(formula, "inversa") != 0))
		return fail(err, field, "economico.formula",
		            "Formula economica: lineare, bilineare, concava o "
		            "inversa.");
	v = json_object_get(e, "x");
	s = json_string_value(v);
	if (strcmp(formula, "bilineare") == 0) {
		if (s == NULL ||
		    (strcmp(s, "0.80") != 0 && strcmp(s, "0.85") != 0 &&
		     strcmp(s, "0.90") != 0))
			return fail(
			    err, field, "economico.x",
			    "Per la formula bilineare X è \"0.80\", "
			    "\"0.85\" o \"0.90\" (Linee guida ANAC n. 2).");
	} else if (v != NULL && !json_is_null(v)) {
		return fail(err, field, "economico.x",
		            "X si indica solo per la formula bilineare.");
	}
	v = json_object_get(e, "alpha");
	s = json_string_value(v);
	if (strcmp(formula, "concava") == 0) {
		if (!alpha_ok(s))
			return fail(
			    err, field, "economico.alpha",
			    "Per la formula concava alpha è un decimale "
			    "tra 0 e 1 esclusi, es. \"0.5\".");
	} else if (v != NULL && !json_is_null(v)) {
		return fail(err, field, "economico.alpha",
		            "alpha si indica solo per la formula concava.");
	}
	v = json_object_get(e, "decimali");
	if (v != NULL && !json_is_null(v) &&
	    (!json_is_integer(v) || json_integer_value(v) < 0 ||
	     json_integer_value(v) > OEPV_DECIMALS_MAX))
		return fail(err, field, "economico.decimali",
		            "I decimali dei punteggi vanno da 0 a 9.");
	v = json_object_get(e, "arrotondamento");
	s = json_string_value(v);
	if (v != NULL && !json_is_null(v) &&
	    (s == NULL ||
	     (strcmp(s, "arrotonda") != 0 && strcmp(s, "tronca") != 0)))
		return fail(err, field, "economico.arrotondamento",
		            "Arrotondamento: arrotonda o tronca.");
	return AV_OK;
}
