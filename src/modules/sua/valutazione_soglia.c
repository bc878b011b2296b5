/*
 * valutazione_soglia.c - the exclusion below the technical threshold
 * (valutazione_soglia.h): recorded (row, minute, audit, notification)
 * before anything of the economic offers is opened, so that the envelope C
 * of an offer out of the race stays sealed for ever.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/itfmt.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/sua/oepv.h"
#include "modules/sua/sedute_notifiche.h"
#include "modules/sua/valutazione.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_soglia.h"
#include "modules/sua/valutazione_sql.h"
#include "modules/sua/verbali_atto.h"

#define RIGA_MAX (VAL_RAGIONE_MAX + 600)

/* A threshold in micro points without its trailing zeros: "40", "42.5". */
static void
soglia_str(int64_t micro, char *out, size_t n)
{
	size_t len;

	oepv_format(micro, 6, out, n);
	len = strlen(out);
	while (len > 0 && out[len - 1] == '0')
		out[--len] = '\0';
	if (len > 0 && out[len - 1] == '.')
		out[--len] = '\0';
}

int
val_soglia_escludi(struct db *db, int64_t actor, const struct val_lotto *l,
                   const struct val_partecipante *pp, const int64_t *adm,
                   size_t na, const struct val_tecnica_out *to,
                   const struct val_impostazioni *imp, int decimali,
                   json_t *tecnica, int64_t *escluse, struct av_err *err)
{
	char soglia[40], soglia_it[ITFMT_MAX], punti[40], punti_it[ITFMT_MAX];
	char(*righe)[RIGA_MAX] = NULL;
	const char **rp = NULL;
	const char *confronto = imp->soglia_prima
	                            ? "prima della riparametrazione"
	                            : "dopo la riparametrazione";
	json_t *list;
	int64_t vid = 0, now = gara_now();
	size_t o, n = 0;
	int rc = AV_OK;

	*escluse = 0;
	if (!imp->has_soglia)
		return AV_OK;
	for (o = 0; o < na; o++)
		n += to->sotto_soglia[o] != 0;
	if (n == 0)
		return AV_OK;
	soglia_str(imp->soglia_micro, soglia, sizeof(soglia));
	itfmt_decimal(soglia, "", soglia_it, sizeof(soglia_it));
	righe = xcalloc(n + 1, sizeof(*righe));
	rp = xcalloc(n + 1, sizeof(*rp));
	snprintf(righe[0], RIGA_MAX,
	         "Chiusi i punteggi tecnici, le offerte seguenti non "
	         "raggiungono la soglia di sbarramento di %s punti fissata "
	         "dal bando (punteggio tecnico confrontato %s): sono escluse "
	         "dalla gara e la loro busta C (offerta economica) resta "
	         "sigillata e non sar\xc3\xa0 aperta.",
	         soglia_it, confronto);
	rp[0] = righe[0];
	list = json_array();
	n = 1;
	for (o = 0; o < na; o++) {
		const struct val_partecipante *p = &pp[adm[o]];
		int64_t t = imp->soglia_prima ? to->grezzo[o] : to->totale[o];

		if (!to->sotto_soglia[o])
			continue;
		oepv_format(t, decimali, punti, sizeof(punti));
		itfmt_decimal(punti, "", punti_it, sizeof(punti_it));
		snprintf(righe[n], RIGA_MAX,
		         "Offerta n. %lld di %s (partita IVA %s): punteggio "
		         "tecnico %s, soglia %s.",
		         (long long)p->offerta_id, p->ragione_sociale,
		         p->operatore, punti_it, soglia_it);
		rp[n] = righe[n];
		n++;
		json_array_append_new(
		    list,
		    json_pack("{s:I, s:s, s:s, s:s}", "offerta_id",
		              (json_int_t)p->offerta_id, "operatore",
		              p->operatore, "punti", punti, "soglia", soglia));
	}
	/* The minute first: each row names it. */
	{
		struct verbale_atto_in in = {.tipo = ATTO_SOGLIA_TECNICA,
		                             .righe = rp,
		                             .nrighe = n,
		                             .tecnica = tecnica};

		rc = verbali_atto_crea(db, actor, l, &in, &vid, err);
	}
	for (o = 0; rc == AV_OK && o < na; o++) {
		const struct val_partecipante *p = &pp[adm[o]];
		int64_t t = imp->soglia_prima ? to->grezzo[o] : to->totale[o];
		struct sbuf m = SBUF_INIT(VAL_MOTIVO_MAX);

		if (!to->sotto_soglia[o])
			continue;
		oepv_format(t, decimali, punti, sizeof(punti));
		itfmt_decimal(punti, "", punti_it, sizeof(punti_it));
		{
			struct db_param q[] = {
			    P_I64(p->offerta_id), P_I64(l->gara_id),
			    P_I64(l->lotto_id),   P_TEXT(punti),
			    P_TEXT(soglia),       P_I64(vid),
			    P_I64(now),           P_I64(actor)};

			rc = db_exec(
			    db, &valutazione_sql[QV_ESCLUSIONE_TECNICA_INSERT],
			    q, 8, NULL, err);
		}
		sbuf_addf(&m,
		          "punteggio tecnico %s, sotto la soglia di "
		          "sbarramento di %s punti fissata dal bando "
		          "(confronto %s). La busta C (offerta economica) "
		          "resta sigillata e non sar\xc3\xa0 aperta.",
		          punti_it, soglia_it, confronto);
		if (rc == AV_OK)
			rc = sbuf_err(&m) ? av_fail(err, AV_EINTERNAL, NULL,
			                            "Errore interno.")
			                  : notifica_ammissione(db, actor, l, p,
			                                        "esclusa",
			                                        m.buf, 0, err);
		sbuf_release(&m);
		(*escluse)++;
	}
	if (rc == AV_OK)
		rc =
		    val_audit(db, actor, l, "sua.valutazione.esclusione_soglia",
		              json_pack("{s:o, s:s, s:s, s:I}", "offerte", list,
		                        "soglia", soglia, "confronto",
		                        confronto, "verbale", (json_int_t)vid),
		              err);
	else
		json_decref(list);
	free(righe);
	free(rp);
	return rc;
}
