/*
 * rules.c - procedure determination (see rules.h).
 *
 * The function reads every legal number from law_tables.c by the regime
 * date; this file holds only the decision logic of LAW.md: regime choice
 * (art. 14), national bands (art. 50), lots (art. 14 c.9-11), time limits
 * (art. 71-75), standstill (art. 18, 55), ANAC contribution, automatic
 * exclusion (art. 54) and qualification (art. 62-63).  Any row flagged
 * UNCERTAIN that contributes to the answer adds a warning naming it.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "modules/sua/rules.h"

static const char *const obj_names[SUA_OBJ__MAX] = {"lavori", "servizi",
                                                    "forniture"};

int
sua_obj_parse(const char *s, enum sua_obj *out)
{
	int i;

	for (i = 0; i < SUA_OBJ__MAX; i++)
		if (strcmp(s, obj_names[i]) == 0) {
			*out = (enum sua_obj)i;
			return 0;
		}
	return -1;
}

const char *
sua_obj_name(enum sua_obj obj)
{
	return obj < SUA_OBJ__MAX ? obj_names[obj] : "?";
}

void
sua_cents_str(int64_t cents, char *buf, size_t len)
{
	int64_t a = cents < 0 ? -cents : cents;

	snprintf(buf, len, "%s%" PRId64 ".%02" PRId64, cents < 0 ? "-" : "",
	         a / 100, a % 100);
}

int
sua_rules_split_lots(struct sua_rules_in *in, size_t n)
{
	size_t i;
	int64_t each, rem;

	if (n == 0 || n > SUA_LOTS_MAX)
		return -1;
	each = in->amount_cents / (int64_t)n;
	rem = in->amount_cents % (int64_t)n;
	for (i = 0; i < n; i++)
		in->lot_cents[i] = each + ((int64_t)i < rem ? 1 : 0);
	in->nlots = n;
	return 0;
}

int
sua_rules_parse_qual(const char *s, struct sua_qual_decl *decl,
                     const char *field, struct av_err *err)
{
	const char *p = s;

	decl->lavori = 0;
	decl->sf = 0;
	if (strcmp(s, "nessuna") == 0) {
		decl->lavori = -1;
		decl->sf = -1;
		return AV_OK;
	}
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == 2 && p[0] == 'L' && p[1] >= '1' && p[1] <= '3' &&
		    decl->lavori == 0)
			decl->lavori = p[1] - '0';
		else if (len == 3 && p[0] == 'S' && p[1] == 'F' &&
		         p[2] >= '1' && p[2] <= '3' && decl->sf == 0)
			decl->sf = p[2] - '0';
		else
			return av_fail(err, AV_EINVAL, field,
			               "Qualificazione non valida: usare L1, "
			               "L2, L3, SF1, SF2, SF3 separati da "
			               "virgola (es. \"L2,SF2\") oppure "
			               "\"nessuna\"");
		p += len;
		if (*p == ',') {
			p++;
			if (*p == '\0')
				return av_fail(err, AV_EINVAL, field,
				               "Qualificazione non valida: "
				               "virgola finale");
		}
	}
	if (decl->lavori == 0 && decl->sf == 0)
		return av_fail(err, AV_EINVAL, field,
		               "Qualificazione vuota: indicare i livelli o "
		               "\"nessuna\"");
	if (decl->lavori == 0)
		decl->lavori = -1;
	if (decl->sf == 0)
		decl->sf = -1;
	return AV_OK;
}

static void
add_ref(struct sua_rules_result *r, const char *ref)
{
	size_t i;

	if (ref == NULL)
		return;
	for (i = 0; i < r->nrefs; i++)
		if (strcmp(r->refs[i], ref) == 0)
			return;
	if (r->nrefs < SUA_REF_MAX)
		r->refs[r->nrefs++] = ref;
}

static void add_warn(struct sua_rules_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_warn(struct sua_rules_result *r, const char *fmt, ...)
{
	va_list ap;
	size_t i;
	char buf[SUA_WARN_LEN];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; i < r->nwarn; i++)
		if (strcmp(r->warnings[i], buf) == 0)
			return;
	if (r->nwarn < SUA_WARN_MAX)
		memcpy(r->warnings[r->nwarn++], buf, sizeof(buf));
}

static void
add_note(struct sua_rules_result *r, const char *note)
{
	if (r->nnotes < SUA_NOTE_MAX)
		r->notes[r->nnotes++] = note;
}

/* Records the use of a row: its reference, and a warning if uncertain. */
static void
use_row(struct sua_rules_result *r, const char *rif, int uncertain,
        const char *note)
{
	add_ref(r, rif);
	if (uncertain)
		add_warn(r, "INCERTO: %s (%s)",
		         note != NULL ? note : "valore da verificare", rif);
}

static enum sua_band_obj
band_obj(enum sua_obj obj)
{
	return obj == SUA_LAVORI ? BAND_LAVORI : BAND_SF;
}

/* The band of art. 50 containing v on date, or NULL (above threshold). */
static const struct law_band *
band_at(enum sua_band_obj bo, int64_t v, int64_t soglia_cents, const char *date)
{
	size_t i;

	for (i = 0; i < law_bands_count; i++) {
		const struct law_band *b = &law_bands[i];
		int64_t to = b->to_cents != 0 ? b->to_cents : soglia_cents;

		if (b->obj != bo ||
		    !law_valid(b->valid_from, b->valid_to, date))
			continue;
		if (v >= b->from_cents && v < to)
			return b;
	}
	return NULL;
}

static void
add_proc(struct sua_rules_result *r, const char *code, const char *rif,
         const char *nota)
{
	struct sua_proc_out *p;
	const struct law_proc *lp = law_proc_get(code);
	size_t i;

	if (lp == NULL)
		AV_BUG("procedure '%s' missing from law_procs", code);
	if (r->nprocs >= SUA_PROC_MAX)
		AV_BUG("too many procedures");
	p = &r->procs[r->nprocs++];
	p->proc = lp;
	p->rif = rif != NULL ? rif : lp->rif;
	p->nota = nota;
	p->nterms = 0;
	add_ref(r, p->rif);
	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *t = &law_terms[i];

		if (strcmp(t->proc, code) != 0 ||
		    !law_valid(t->valid_from, t->valid_to, r->in.date))
			continue;
		if (p->nterms < SUA_TERM_MAX) {
			if (lt_term_end(&r->in.cal, r->date_day, t->giorni,
			                r->in.term_flags,
			                &p->term_last[p->nterms], NULL,
			                NULL) != AV_OK)
				AV_BUG("term of %d days", t->giorni);
			p->terms[p->nterms++] = t;
			add_ref(r, "art. 3 reg. (CEE, Euratom) 1182/71");
		}
		use_row(r, t->rif, t->uncertain, t->note);
	}
}

static void
classify_procs(struct sua_rules_result *r)
{
	if (r->regime_ordinario) {
		const char *why = r->sopra_soglia
		                      ? NULL
		                      : "interesse transfrontaliero certo: "
		                        "procedure ordinarie (art. 48 c.2)";

		add_proc(r, "aperta", NULL, why);
		add_proc(r, "ristretta", NULL, why);
		add_proc(r, "competitiva_con_negoziazione", NULL, NULL);
		add_proc(r, "dialogo_competitivo", NULL, NULL);
		add_proc(r, "partenariato_innovazione", NULL, NULL);
		add_proc(r, "negoziata_senza_pubblicazione", NULL, NULL);
		r->min_operatori = -1;
		return;
	}
	add_proc(r, r->band->proc, r->band->rif, NULL);
	use_row(r, r->band->rif, r->band->uncertain, r->band->note);
	r->min_operatori =
	    r->band->min_operatori > 0 ? r->band->min_operatori : -1;
	r->min_operatori_rif = r->band->rif;
	if (r->band->alt_open == ALT_OPEN_TEXT) {
		add_proc(r, "aperta", r->band->rif,
		         "procedure ordinarie ammesse in alternativa "
		         "(art. 50 c.1 lett. d)");
		add_proc(r, "ristretta", r->band->rif,
		         "procedure ordinarie ammesse in alternativa "
		         "(art. 50 c.1 lett. d)");
	} else if (r->band->alt_open == ALT_OPEN_UNCERTAIN) {
		add_proc(r, "aperta", "art. 71 d.lgs. 36/2023; art. 48 c.4",
		         "alternativa ammessa in via generale secondo ANAC, "
		         "mai come scelta predefinita");
		add_warn(r, "INCERTO: la procedura aperta sotto soglia "
		            "(diversa da art. 50 c.1 lett. d) è indicata come "
		            "alternativa secondo un orientamento ANAC non "
		            "verificato nel dettaglio");
	}
}

static void
classify_lots(struct sua_rules_result *r)
{
	const struct law_param *lim, *quota;
	size_t i, order[SUA_LOTS_MAX], n = r->in.nlots, j;
	int64_t cum = 0;

	r->nlots = n > 0 ? n : 1;
	if (n == 0) {
		r->lots[0].cents = r->total_cents;
		return;
	}
	for (i = 0; i < n; i++)
		r->lots[i].cents = r->in.lot_cents[i];
	if (!r->sopra_soglia)
		return;
	lim =
	    law_param_at(r->in.obj == SUA_LAVORI ? LP_LOTTI_PICCOLI_LAVORI_CENTS
	                                         : LP_LOTTI_PICCOLI_SF_CENTS,
	                 r->in.date);
	quota = law_param_at(LP_LOTTI_PICCOLI_QUOTA_PCT, r->in.date);
	if (lim == NULL || quota == NULL)
		return;
	use_row(r, lim->rif, lim->uncertain, lim->note);
	use_row(r, quota->rif, quota->uncertain, quota->note);
	r->small_limit_cents = lim->value;
	/* Largest quota in cents: floor(total * pct / 100), exact. */
	r->small_quota_cents =
	    (int64_t)((__int128)r->total_cents * quota->value / 100);
	/* Proposal: take the small lots from the smallest up while the
	   cumulated value stays within the quota; the SA chooses. */
	for (i = 0; i < n; i++) {
		order[i] = i;
		r->lots[i].small = r->lots[i].cents < lim->value;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && r->lots[order[j]].cents <
		                         r->lots[order[j - 1]].cents;
		     j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		struct sua_lot_out *l = &r->lots[order[i]];
		const struct law_soglia *s = r->soglia;

		if (!l->small)
			continue;
		/* cum + cents <= total * pct / 100, compared exactly */
		if ((__int128)(cum + l->cents) * 100 >
		    (__int128)r->total_cents * quota->value)
			break;
		cum += l->cents;
		l->exempt = 1;
		l->band = band_at(band_obj(r->in.obj), l->cents, s->cents,
		                  r->in.date);
		if (l->band != NULL)
			add_ref(r, l->band->rif);
	}
	r->exempt_cents = cum;
	add_note(r,
	         "lotti: il valore complessivo di tutti i lotti determina "
	         "la soglia e le norme UE si applicano a ogni lotto (art. 14 "
	         "c.9-10); la deroga per i lotti piccoli (art. 14 c.11) è "
	         "una facoltà: la proposta sceglie i lotti più piccoli, la "
	         "scelta spetta alla stazione appaltante");
}

static void
classify_anac(struct sua_rules_result *r)
{
	size_t i;

	r->anac_available = 1;
	for (i = 0; i < r->nlots; i++) {
		const struct law_anac *a =
		    law_anac_at(r->lots[i].cents, r->in.date);

		r->lots[i].anac = a;
		if (a == NULL) {
			r->anac_available = 0;
			continue;
		}
		use_row(r, a->rif, a->uncertain, a->note);
		r->anac_sa_total_cents += a->sa_cents;
	}
	add_ref(r, "art. 1 c.65 e 67 l. 266/2005");
	if (!r->anac_available)
		add_warn(r,
		         "contributo ANAC non calcolabile: la delibera "
		         "ANAC in vigore alla data %s non è caricata",
		         r->in.date);
}

static void
add_excl_cond(struct sua_rules_result *r, const char *c)
{
	if (r->nesclusione_condizioni < 8)
		r->esclusione_condizioni[r->nesclusione_condizioni++] = c;
}

static void
classify_exclusion(struct sua_rules_result *r)
{
	const struct law_param *p =
	    law_param_at(LP_ANOMALIA_MIN_OFFERTE, r->in.date);

	r->esclusione = SUA_EXCL_NO;
	if (p != NULL)
		use_row(r, p->rif, p->uncertain, p->note);
	if (r->in.obj == SUA_FORNITURE)
		r->esclusione_motivo = "non si applica alle forniture";
	else if (r->sopra_soglia)
		r->esclusione_motivo = "importo pari o superiore alla soglia "
		                       "europea";
	else if (r->in.cross_border)
		r->esclusione_motivo = "interesse transfrontaliero certo";
	else if (r->band != NULL &&
	         strcmp(r->band->proc, "affidamento_diretto") == 0)
		r->esclusione_motivo = "affidamento diretto (art. 50 c.1 lett. "
		                       "a-b)";
	else if (r->in.criterio == SUA_CRIT_OEPV)
		r->esclusione_motivo = "criterio dell'offerta economicamente "
		                       "più vantaggiosa: verifica art. 110";
	else {
		r->esclusione = SUA_EXCL_SI;
		r->esclusione_motivo = "obbligatoria se prevista negli atti di "
		                       "gara, metodo A, B o C dell'All. II.2";
		if (r->in.criterio != SUA_CRIT_PREZZO)
			add_excl_cond(r, "criterio del prezzo più basso");
		add_excl_cond(r, "almeno 5 offerte ammesse");
		add_ref(r, "All. II.2 d.lgs. 36/2023");
		add_warn(r,
		         "INCERTO: testo dell'All. II.2 dopo il correttivo "
		         "(d.lgs. 209/2024) assunto invariato, da verificare "
		         "su Normattiva");
	}
}

static const struct law_qual *
qual_level(enum sua_band_obj bo, int64_t v, int64_t soglia_lavori,
           const char *date)
{
	size_t i;

	for (i = 0; i < law_quals_count; i++) {
		const struct law_qual *q = &law_quals[i];
		int64_t to;

		if (q->obj != bo ||
		    !law_valid(q->valid_from, q->valid_to, date))
			continue;
		if (q->to_cents == -1)
			to = INT64_MAX;
		else if (q->to_cents == 0)
			to = soglia_lavori - 1;
		else
			to = q->to_cents;
		if (v >= q->from_cents && v <= to)
			return q;
	}
	return NULL;
}

static void
classify_qual(struct sua_rules_result *r)
{
	enum sua_band_obj bo = band_obj(r->in.obj);
	const struct law_param *lim =
	    law_param_at(bo == BAND_LAVORI ? LP_AUTONOMIA_LAVORI_CENTS
	                                   : LP_AUTONOMIA_SF_CENTS,
	                 r->in.date);
	const struct law_soglia *sl = law_soglia_at(SOGLIA_LAVORI, r->in.date);
	int decl = bo == BAND_LAVORI ? r->in.qual.lavori : r->in.qual.sf;
	int need;

	if (lim == NULL || sl == NULL)
		AV_BUG("qualification rows missing for %s", r->in.date);
	add_ref(r, lim->rif);
	r->qual_sufficiente = -1;
	if (r->total_cents < lim->value) {
		r->autonomo = 1;
		r->qual_sufficiente = 1;
		r->qual_nota =
		    "sotto il limite dell'art. 62 c.1: anche un ente "
		    "non qualificato procede direttamente";
		return;
	}
	if (r->total_cents == lim->value)
		use_row(r, lim->rif, lim->uncertain, lim->note);
	r->qual_required =
	    qual_level(bo, r->total_cents, sl->cents, r->in.date);
	if (r->qual_required == NULL)
		AV_BUG("no qualification level for amount");
	use_row(r, r->qual_required->rif, r->qual_required->uncertain,
	        r->qual_required->note);
	need = r->qual_required->rank;
	if (decl > 0) {
		r->qual_rank_effective = decl;
	} else if (decl == 0 && r->in.ente == SUA_ENTE_PROVINCIA) {
		const struct law_param *ris =
		    law_param_at(LP_RISERVA_PROVINCE, r->in.date);

		if (ris != NULL) {
			use_row(r, ris->rif, ris->uncertain, ris->note);
			if (ris->value == 1)
				r->qual_rank_effective = 1;
		}
	}
	if (r->qual_rank_effective > 0)
		r->qual_sufficiente = r->qual_rank_effective <= need;
	else if (decl == -1 || r->in.ente == SUA_ENTE_COMUNE)
		r->qual_sufficiente = 0;
	if (r->qual_sufficiente == 1)
		r->qual_nota = "l'ente è qualificato per questo importo (un "
		               "livello superiore copre i livelli inferiori, "
		               "All. II.4 art. 3 c.3)";
	else if (r->qual_sufficiente == 0)
		r->qual_nota = "l'ente non può procedere da solo: deve "
		               "avvalersi di una centrale di committenza o "
		               "stazione appaltante qualificata (art. 62 c.6 "
		               "lett. a), con accordo ex art. 30 TUEL (c.9); "
		               "restano ammessi gli strumenti di acquisto "
		               "delle centrali qualificate (art. 62 c.6 lett. "
		               "c-d)";
	else
		r->qual_nota = "qualificazione dell'ente non nota: indicare il "
		               "livello risultante dall'elenco ANAC";
	if (r->in.ente == SUA_ENTE_PROVINCIA) {
		add_note(r, "come centrale di committenza la provincia deve "
		            "essere qualificata almeno L2 e SF2 (All. II.4 "
		            "art. 7 c.1)");
		add_ref(r, "All. II.4 art. 7 c.1 d.lgs. 36/2023");
	}
}

static void
boundary_warnings(struct sua_rules_result *r)
{
	size_t i;
	char a[32];

	sua_cents_str(r->total_cents, a, sizeof(a));
	if (r->total_cents == r->soglia->cents)
		add_warn(r,
		         "importo %s pari alla soglia europea: un valore "
		         "pari alla soglia è sopra soglia",
		         a);
	for (i = 0; i < law_bands_count; i++) {
		const struct law_band *b = &law_bands[i];

		if (b->obj != band_obj(r->in.obj) ||
		    !law_valid(b->valid_from, b->valid_to, r->in.date))
			continue;
		if (b->from_cents != 0 && r->total_cents == b->from_cents)
			add_warn(r,
			         "importo %s pari al limite di una fascia "
			         "dell'art. 50: rientra nella fascia "
			         "superiore (%s)",
			         a, b->rif);
	}
}

int
sua_rules_classify(const struct sua_rules_in *in, struct sua_rules_result *out,
                   struct av_err *err)
{
	static struct sua_rules_result zero;
	struct sua_rules_result *r = out;
	const struct law_param *eff;
	struct lt_date date;
	size_t i;
	int64_t sum = 0;

	if (in->obj >= SUA_OBJ__MAX)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo non valido: usare lavori, servizi o "
		               "forniture");
	/* The API and the CLI take ISO dates (the law tables compare them as
	   text); core/legal_time validates them. */
	if (in->date[4] != '-' ||
	    lt_parse_date(in->date, strnlen(in->date, sizeof(in->date)), &date,
	                  "data", NULL) != AV_OK)
		return av_fail(err, AV_EINVAL, "data",
		               "Data non valida: usare il formato AAAA-MM-GG");
	if (in->nlots > SUA_LOTS_MAX)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Troppi lotti: al massimo %d", SUA_LOTS_MAX);
	for (i = 0; i < in->nlots; i++) {
		if (in->lot_cents[i] <= 0 ||
		    in->lot_cents[i] > SUA_AMOUNT_MAX_CENTS)
			return av_fail(err, AV_EINVAL, "lotti",
			               "L'importo del lotto %zu deve essere "
			               "positivo e non superiore a 100 "
			               "miliardi di euro",
			               i + 1);
		sum += in->lot_cents[i];
	}
	if (in->nlots > 0 && in->amount_cents != 0 && sum != in->amount_cents)
		return av_fail(err, AV_EINVAL, "lotti",
		               "La somma dei lotti non coincide con "
		               "l'importo complessivo");
	if (in->nlots == 0)
		sum = in->amount_cents;
	if (sum <= 0 || sum > SUA_AMOUNT_MAX_CENTS)
		return av_fail(err, AV_EINVAL, "importo",
		               "L'importo deve essere positivo e non "
		               "superiore a 100 miliardi di euro");
	eff = law_param_at(LP_CODICE_EFFICACE, in->date);
	if (eff == NULL)
		return av_fail(err, AV_EINVAL, "data",
		               "Data anteriore al 1 luglio 2023: si applica "
		               "il d.lgs. 50/2016, non gestito dal "
		               "calcolatore");
	*r = zero;
	r->in = *in;
	r->date_day = lt_days(date);
	r->total_cents = sum;
	r->soglia = law_soglia_at(in->obj == SUA_LAVORI ? SOGLIA_LAVORI
	                                                : SOGLIA_SF_SUBCENTRALI,
	                          in->date);
	if (r->soglia == NULL)
		return av_fail(err, AV_EINVAL, "data",
		               "Nessuna soglia europea caricata per la data "
		               "%s: aggiornare le tabelle normative",
		               in->date);
	add_ref(r, "art. 14 c.7 d.lgs. 36/2023");
	use_row(r, r->soglia->rif, r->soglia->uncertain, r->soglia->note);
	if (in->nlots > 0)
		add_ref(r, "art. 14 c.9-11 d.lgs. 36/2023");
	r->sopra_soglia = sum >= r->soglia->cents;
	r->regime_ordinario = r->sopra_soglia || in->cross_border;
	if (!r->sopra_soglia) {
		r->band =
		    band_at(band_obj(in->obj), sum, r->soglia->cents, in->date);
		if (r->band == NULL)
			AV_BUG("no art. 50 band for %" PRId64, sum);
	}
	if (in->cross_border && !r->sopra_soglia)
		add_ref(r, "art. 48 c.2 d.lgs. 36/2023");
	classify_procs(r);

	if (r->sopra_soglia) {
		const struct law_param *ss =
		    law_param_at(LP_STANDSTILL_GIORNI, in->date);

		if (ss == NULL)
			AV_BUG("standstill row missing");
		use_row(r, ss->rif, ss->uncertain, ss->note);
		r->standstill_giorni = (int)ss->value;
		r->standstill_rif = ss->rif;
		r->standstill_motivo =
		    "dall'invio dell'ultima comunicazione di aggiudicazione; "
		    "non si applica con una sola offerta non impugnata, "
		    "accordi quadro e sistemi dinamici (art. 18 c.3-4)";
	} else {
		r->standstill_giorni = -1;
		r->standstill_rif = "art. 55 c.2 d.lgs. 36/2023";
		r->standstill_motivo = "contratto sotto soglia: il termine "
		                       "dilatorio non si applica; contratto "
		                       "entro 30 giorni dall'aggiudicazione "
		                       "(art. 55 c.1)";
		add_ref(r, r->standstill_rif);
	}
	classify_lots(r);
	classify_anac(r);
	classify_exclusion(r);
	classify_qual(r);
	boundary_warnings(r);
	if (!r->regime_ordinario)
		add_note(r, "sotto soglia non c'è un termine minimo per le "
		            "offerte nelle procedure negoziate: termine "
		            "adeguato fissato dalla stazione appaltante (art. "
		            "92); per la procedura aperta vale l'art. 71 (art. "
		            "48 c.4)");
	add_note(r, "importo stimato al netto dell'IVA, comprese opzioni e "
	            "rinnovi (art. 14 c.4); non frazionare per eludere le "
	            "soglie (art. 14 c.6)");
	add_ref(r, "art. 14 c.4 e c.6 d.lgs. 36/2023");
	return AV_OK;
}
