/*
 * verbali_atto.c - the minute of a step taken outside a session
 * (verbali_atto.h): its title, the step's own lines, the participants,
 * the results it rests on written whole (verbali_int.h), the requirement
 * checks of the award, then verbale_crea.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/legal_time.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_sql.h"
#include "modules/sua/verbali_atto.h"
#include "modules/sua/verbali_int.h"

static const char *
titolo_of(enum verbale_atto t)
{
	switch (t) {
	case ATTO_SOGLIA_TECNICA:
		return "Verbale di esclusione per mancato raggiungimento "
		       "della soglia di sbarramento tecnica";
	case ATTO_PROPOSTA:
		return "Verbale di proposta di aggiudicazione";
	case ATTO_AGGIUDICAZIONE:
		return "Verbale di aggiudicazione, verifica dei requisiti e "
		       "termine dilatorio";
	case ATTO_CONTRATTO:
		return "Verbale di stipula del contratto";
	case ATTO_DESERTA:
		return "Verbale di gara deserta";
	}
	return "Verbale";
}

/* The requirement checks recorded on offer oid, as a table of section i. */
static int
verifiche(struct vb *b, size_t i, struct db *db, const struct val_lotto *l,
          int64_t oid, struct av_err *err)
{
	static const char *const hdr[] = {"Requisito", "Esito", "Note",
	                                  "Verificato il"};
	struct db_param p[] = {P_I64(l->lotto_id), P_I64(oid)};
	struct db_cursor *c;
	const char **cells = NULL;
	size_t n = 0, cap = 0;
	int r;

	if (db_query(db, &valutazione_sql[QV_VERIFICHE_OF], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && n < VERBALE_ROWS_MAX) {
		char d[LT_DATETIME_LEN] = "";
		struct av_err e = AV_ERR_INIT;
		const char **grown;

		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			grown = arena_alloc(b->a, cap * 4 * sizeof(char *));
			if (n)
				memcpy(grown, cells, n * 4 * sizeof(char *));
			cells = grown;
		}
		(void)lt_format_local(db_col_i64(c, 3), d, &e);
		cells[n * 4 + 0] = arena_strdup(b->a, db_col_text(c, 0));
		cells[n * 4 + 1] = arena_strdup(b->a, db_col_text(c, 1));
		cells[n * 4 + 2] = arena_strdup(
		    b->a, db_col_is_null(c, 2) ? "" : db_col_text(c, 2));
		cells[n * 4 + 3] = arena_strdup(b->a, d);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (n == 0) {
		vb_par_add(b, i, "Nessuna verifica registrata.");
		return AV_OK;
	}
	if (b->sez[i].ntabelle < VERBALE_TABLES_MAX) {
		struct verbale_tabella *t = &b->tab[i][b->sez[i].ntabelle++];

		t->ncol = 4;
		t->intestazioni = hdr;
		t->numerica = NULL;
		t->nrighe = n;
		t->celle = cells;
	}
	return AV_OK;
}

int
verbali_atto_crea(struct db *db, int64_t actor, const struct val_lotto *l,
                  const struct verbale_atto_in *in, int64_t *verbale_id,
                  struct av_err *err)
{
	struct arena a = ARENA_INIT;
	struct user_row *u;
	struct verbale v;
	struct vb *b;
	const char **firme;
	size_t i, k;
	int found = 0, rc = AV_OK;

	*verbale_id = 0;
	memset(&v, 0, sizeof(v));
	b = arena_alloc(&a, sizeof(*b));
	memset(b, 0, sizeof(*b));
	b->a = &a;
	v.titolo = titolo_of(in->tipo);
	vb_gara(b, db, l, &v);
	v.seduta_at = gara_now();
	if (vb_sez_new(b, "Atto", &k) != NULL)
		for (i = 0; i < in->nrighe; i++)
			vb_par_add(b, k, in->righe[i]);
	rc = vb_partecipanti(b, db, l, err);
	if (rc == AV_OK && in->tecnica)
		vb_json_section(b, "Punteggi tecnici", in->tecnica, 0);
	if (rc == AV_OK && in->economica)
		vb_json_section(b, "Offerte economiche e graduatoria",
		                in->economica, 0);
	if (rc == AV_OK && in->offerta_verifiche != 0 &&
	    vb_sez_new(b, "Verifica dei requisiti dell'aggiudicatario", &k) !=
	        NULL)
		rc = verifiche(b, k, db, l, in->offerta_verifiche, err);
	/* Signed by who took the step. */
	u = arena_alloc(&a, sizeof(*u));
	memset(u, 0, sizeof(*u));
	if (rc == AV_OK && actor > 0)
		rc = user_find_id(db, actor, u, &found, err);
	firme = arena_alloc(&a, sizeof(char *));
	if (rc == AV_OK) {
		if (found && u->name[0])
			firme[0] = arena_strdup(&a, u->name);
		v.sezioni = b->sez;
		v.nsezioni = b->nsez;
		v.chiusura = "Letto, confermato e sottoscritto.";
		v.firme = firme;
		v.nfirme = found && u->name[0] ? 1 : 0;
		rc = verbale_crea(db, actor, l->gara_id, l->lotto_id, 0, &v,
		                  verbale_id, err);
	}
	arena_release(&a);
	return rc;
}
