/*
 * termini.c - the legal minimum time limits as a calculator (see termini.h).
 *
 * The numbers are the dated rows of law_terms (law_tables.c): this file only
 * chooses one row (procedure, phase, reduction, transmission date) and
 * counts it on the installation's calendar with lt_term_end, the same
 * counting the procedure advisor (rules.c) uses, so both always agree.  The
 * reductions have no code in the table, only their condition's Italian
 * text: riduzioni[] ties a code to a word of that text, and the unit test
 * checks that every reduced row matches exactly one code.
 */
#include <stdio.h>
#include <string.h>

#include "modules/sua/termini.h"

const char *const sua_termini_riduzioni[] = {"urgenza", "preinformazione",
                                             "subcentrale", NULL};

/* A reduction's code and the word that identifies its law_terms rows. */
static const struct {
	const char *code;
	const char *needle;
} riduzioni[] = {
    {"urgenza", "urgenza"},
    {"preinformazione", "preinformazione"},
    {"subcentrale", "sub-centrale"},
};

#define NRID (sizeof(riduzioni) / sizeof(riduzioni[0]))

/* Short names accepted for a procedure code of law_procs. */
static const struct {
	const char *alias;
	const char *code;
} proc_alias[] = {
    {"negoziata", "competitiva_con_negoziazione"},
};

static const char msg_proc[] =
    "Procedura sconosciuta: usare aperta, ristretta, negoziata "
    "(competitiva con negoziazione), dialogo_competitivo o "
    "partenariato_innovazione";

/* Index in riduzioni of a row's condition, or -1 for the base term. */
static int
row_riduzione(const struct law_term *t)
{
	size_t i;

	if (t->condizione == NULL)
		return -1;
	for (i = 0; i < NRID; i++)
		if (strstr(t->condizione, riduzioni[i].needle) != NULL)
			return (int)i;
	return -2; /* a condition without a code: never chosen */
}

/* The procedure's name for the middle of a sentence: "procedura aperta". */
static void
name_lower(const struct law_proc *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s", p->nome);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
}

static const char *
kind_name(enum law_term_kind k)
{
	return k == TERM_OFFERTE ? "offerte" : "domande";
}

/* "" and NULL are both absent. */
static int
absent(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static int
text_ok(const char *s, const char *field, struct av_err *err)
{
	if (strlen(s) > SUA_TERMINI_TEXT_MAX)
		return av_fail(err, AV_EINVAL, field,
		               "Valore troppo lungo (al massimo %d caratteri)",
		               SUA_TERMINI_TEXT_MAX);
	return AV_OK;
}

static int
parse_proc(const char *s, const struct law_proc **out, struct av_err *err)
{
	size_t i;

	if (absent(s))
		return av_fail(err, AV_EINVAL, "procedura",
		               "Indicare la procedura (aperta, ristretta, "
		               "negoziata, ...)");
	if (text_ok(s, "procedura", err) != AV_OK)
		return err->code;
	for (i = 0; i < sizeof(proc_alias) / sizeof(proc_alias[0]); i++)
		if (strcmp(s, proc_alias[i].alias) == 0)
			s = proc_alias[i].code;
	*out = law_proc_get(s);
	if (*out == NULL)
		return av_fail(err, AV_EINVAL, "procedura", msg_proc);
	return AV_OK;
}

static int
parse_invio(const char *s, struct lt_date *d, struct av_err *err)
{
	struct av_err e = AV_ERR_INIT;

	if (absent(s))
		return av_fail(err, AV_EINVAL, "invio",
		               "Indicare la data di invio del bando o degli "
		               "inviti (AAAA-MM-GG o gg/mm/aaaa)");
	if (strlen(s) > 10)
		return av_fail(err, AV_EINVAL, "invio",
		               "Data di invio troppo lunga: usare AAAA-MM-GG o "
		               "gg/mm/aaaa");
	if (lt_parse_date(s, strlen(s), d, "invio", &e) == AV_OK)
		return AV_OK;
	/* Its own message for a nonexistent day or year; the form, both. */
	if (strncmp(e.msg, "Data non valida", 15) == 0)
		return av_fail(err, AV_EINVAL, "invio",
		               "Data di invio non valida: usare AAAA-MM-GG o "
		               "gg/mm/aaaa");
	return av_fail(err, e.code, "invio", "%s", e.msg);
}

/* *kind: -1 when absent. */
static int
parse_fase(const char *s, int *kind, struct av_err *err)
{
	*kind = -1;
	if (absent(s))
		return AV_OK;
	if (text_ok(s, "fase", err) != AV_OK)
		return err->code;
	if (strcmp(s, "offerte") == 0)
		*kind = TERM_OFFERTE;
	else if (strcmp(s, "domande") == 0)
		*kind = TERM_DOMANDE;
	else
		return av_fail(err, AV_EINVAL, "fase",
		               "Fase sconosciuta: usare offerte o domande "
		               "(di partecipazione)");
	return AV_OK;
}

/* *rid: -1 for the base term. */
static int
parse_riduzione(const char *s, int *rid, struct av_err *err)
{
	size_t i;

	*rid = -1;
	if (absent(s) || strcmp(s, "nessuna") == 0)
		return AV_OK;
	if (text_ok(s, "riduzione", err) != AV_OK)
		return err->code;
	for (i = 0; i < NRID; i++)
		if (strcmp(s, riduzioni[i].code) == 0)
			*rid = (int)i;
	if (*rid < 0)
		return av_fail(err, AV_EINVAL, "riduzione",
		               "Riduzione sconosciuta: usare urgenza, "
		               "preinformazione, subcentrale o nessuna");
	return AV_OK;
}

/* The reductions of proc/kind valid on date, as "a, b" into buf. */
static void
list_riduzioni(const char *proc, enum law_term_kind kind, const char *date,
               char *buf, size_t len)
{
	size_t i, n = 0;
	int r;

	buf[0] = '\0';
	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *t = &law_terms[i];

		if (strcmp(t->proc, proc) != 0 || t->kind != kind ||
		    !law_valid(t->valid_from, t->valid_to, date))
			continue;
		r = row_riduzione(t);
		if (r < 0 || strstr(buf, riduzioni[r].code) != NULL)
			continue;
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
		         riduzioni[r].code);
	}
}

/*
 * The row of proc for kind (-1: the only phase) and reduction rid on date,
 * or a refusal saying why the law has none.
 */
static int
find_row(const struct law_proc *p, int kind, int rid, const char *date,
         const struct law_term **out, struct av_err *err)
{
	const struct law_term *first = NULL;
	int has[2] = {0, 0};
	char list[96], nm[64];
	size_t i;

	name_lower(p, nm, sizeof(nm));
	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *t = &law_terms[i];

		if (strcmp(t->proc, p->code) != 0)
			continue;
		if (first == NULL ||
		    strcmp(t->valid_from, first->valid_from) < 0)
			first = t;
		if (law_valid(t->valid_from, t->valid_to, date))
			has[t->kind] = 1;
	}
	if (first == NULL)
		return av_fail(
		    err, AV_EINVAL, "procedura",
		    "Nessun termine minimo di legge per: %s (%s); la "
		    "stazione appaltante fissa un termine adeguato "
		    "(art. 92 d.lgs. 36/2023)",
		    nm, p->rif);
	if (!has[TERM_OFFERTE] && !has[TERM_DOMANDE])
		return av_fail(err, AV_EINVAL, "invio",
		               "Nessun termine di legge per questa data: i "
		               "termini del d.lgs. 36/2023 si applicano dal "
		               "%.2s/%.2s/%.4s",
		               first->valid_from + 8, first->valid_from + 5,
		               first->valid_from);
	if (kind < 0) {
		if (has[TERM_OFFERTE] && has[TERM_DOMANDE])
			return av_fail(
			    err, AV_EINVAL, "fase",
			    "%s: due termini, indicare la fase: domande "
			    "(dalla trasmissione del bando) o offerte "
			    "(dall'invio degli inviti)",
			    p->nome);
		kind = has[TERM_OFFERTE] ? TERM_OFFERTE : TERM_DOMANDE;
	} else if (!has[kind]) {
		return av_fail(err, AV_EINVAL, "fase",
		               "%s: nessun termine per le %s; usare "
		               "fase=%s",
		               p->nome,
		               kind == TERM_OFFERTE
		                   ? "offerte"
		                   : "domande di partecipazione",
		               kind_name(kind == TERM_OFFERTE ? TERM_DOMANDE
		                                              : TERM_OFFERTE));
	}
	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *t = &law_terms[i];

		if (strcmp(t->proc, p->code) == 0 && (int)t->kind == kind &&
		    law_valid(t->valid_from, t->valid_to, date) &&
		    row_riduzione(t) == rid) {
			*out = t;
			return AV_OK;
		}
	}
	if (rid < 0) /* a reduced term without its base: not in the tables */
		return av_fail(err, AV_EINVAL, "fase",
		               "Nessun termine ordinario per: %s (%s)", nm,
		               kind_name((enum law_term_kind)kind));
	list_riduzioni(p->code, (enum law_term_kind)kind, date, list,
	               sizeof(list));
	if (list[0] == '\0')
		return av_fail(err, AV_EINVAL, "riduzione",
		               "Riduzione '%s' non applicabile a: %s (%s); la "
		               "legge non prevede riduzioni del termine%s",
		               riduzioni[rid].code, nm,
		               kind_name((enum law_term_kind)kind),
		               first->uncertain ? " (termini incerti nel testo "
		                                  "vigente: nessuna riduzione "
		                                  "caricata)"
		                                : "");
	return av_fail(err, AV_EINVAL, "riduzione",
	               "Riduzione '%s' non applicabile a: %s (%s); "
	               "riduzioni previste: %s",
	               riduzioni[rid].code, nm,
	               kind_name((enum law_term_kind)kind), list);
}

/* The base term of t's procedure and phase on date, or 0. */
static int
base_days(const struct law_term *t, const char *date)
{
	size_t i;

	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *b = &law_terms[i];

		if (strcmp(b->proc, t->proc) == 0 && b->kind == t->kind &&
		    b->condizione == NULL &&
		    law_valid(b->valid_from, b->valid_to, date))
			return b->giorni;
	}
	return 0;
}

static void
why_not_working(const struct lt_calendar *cal, int64_t day, char *buf,
                size_t len)
{
	const char *h = lt_holiday_name(cal, day);
	int wd = lt_weekday(day);
	const char *w = wd == 6 ? "sabato" : wd == 7 ? "domenica" : NULL;

	if (lt_is_working_day(cal, day))
		snprintf(buf, len, "%s", "");
	else if (h != NULL && w != NULL)
		snprintf(buf, len, "%s, %s", w, h);
	else
		snprintf(buf, len, "%s", h != NULL ? h : w != NULL ? w : "");
}

int
sua_termini(const struct sua_termini_in *in, struct sua_termini_out *out,
            struct av_err *err)
{
	const struct law_proc *p;
	const struct law_term *t = NULL;
	struct lt_date d;
	char iso[LT_DATE_LEN];
	int kind, rid, base;
	int64_t last;
	const char *da;

	if (parse_proc(in->procedura, &p, err) != AV_OK ||
	    parse_invio(in->invio, &d, err) != AV_OK ||
	    parse_fase(in->fase, &kind, err) != AV_OK ||
	    parse_riduzione(in->riduzione, &rid, err) != AV_OK)
		return err->code;
	lt_format_date_iso(d, iso);
	if (find_row(p, kind, rid, iso, &t, err) != AV_OK)
		return err->code;
	if (lt_term_end(&in->cal, lt_days(d), t->giorni, in->term_flags, &last,
	                "invio", err) != AV_OK)
		return err->code;
	memset(out, 0, sizeof(*out));
	out->term = t;
	out->proc = p;
	out->riduzione = rid >= 0 ? riduzioni[rid].code : NULL;
	out->fase = kind_name(t->kind);
	out->giorni = t->giorni;
	out->invio_day = lt_days(d);
	out->fine_day = out->invio_day + t->giorni;
	out->termine_day = last;
	out->prorogato = last != out->fine_day;
	out->term_flags = in->term_flags;
	why_not_working(&in->cal, out->fine_day, out->motivo,
	                sizeof(out->motivo));
	/* A two-phase procedure's offers run from the invitations. */
	da = t->kind == TERM_DOMANDE || strcmp(p->code, "aperta") == 0
	         ? "dalla data di trasmissione del bando"
	         : "dalla data di invio degli inviti a presentare offerte";
	base = base_days(t, iso);
	if (t->condizione == NULL)
		snprintf(out->regola, sizeof(out->regola),
		         "%s: termine minimo per la ricezione delle %s di %d "
		         "giorni %s",
		         p->nome,
		         t->kind == TERM_OFFERTE ? "offerte"
		                                 : "domande di partecipazione",
		         t->giorni, da);
	else
		snprintf(out->regola, sizeof(out->regola),
		         "%s: termine minimo per la ricezione delle %s ridotto "
		         "a %d giorni (ordinario %d) %s, in caso di %s",
		         p->nome,
		         t->kind == TERM_OFFERTE ? "offerte"
		                                 : "domande di partecipazione",
		         t->giorni, base, da, t->condizione);
	return AV_OK;
}

int
sua_termini_check(const struct sua_termini_in *in, const char *deadline_date,
                  struct av_err *err)
{
	struct sua_termini_out out;
	const char *field = in->field != NULL ? in->field : "scadenza";
	struct lt_date d;
	char min_it[LT_DATE_LEN], nm[64];

	if (sua_termini(in, &out, err) != AV_OK)
		return err->code;
	if (deadline_date == NULL || strlen(deadline_date) != 10 ||
	    deadline_date[4] != '-')
		return av_fail(err, AV_EINVAL, field,
		               "Data di scadenza non valida: usare AAAA-MM-GG");
	if (lt_parse_date(deadline_date, 10, &d, field, err) != AV_OK)
		return err->code;
	if (lt_days(d) >= out.termine_day)
		return AV_OK;
	lt_format_date(lt_date_from_days(out.termine_day), min_it);
	name_lower(out.proc, nm, sizeof(nm));
	return av_fail(err, AV_EINVAL, field,
	               "Scadenza troppo vicina: non può essere anteriore al "
	               "%s (%s, %s%s%s: %d giorni, %s)",
	               min_it, nm, out.fase,
	               out.riduzione != NULL ? ", riduzione " : "",
	               out.riduzione != NULL ? out.riduzione : "", out.giorni,
	               out.term->rif);
}
