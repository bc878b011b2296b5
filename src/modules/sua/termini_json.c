/*
 * termini_json.c - writes the answer of `areavasta sua termini` and GET
 * /api/v1/sua/termini (termini.h) with the JSON writer: the input echoed,
 * the rule applied, every date both ISO and gg/mm/aaaa.  Kept apart from the
 * calculator, which stays free of output concerns.
 */
#include "json/jw.h"
#include "modules/sua/termini.h"

/* An input echoed: absent (NULL or empty) is null. */
static void
kecho(struct jw *w, const char *key, const char *s)
{
	jw_kstr(w, key, s != NULL && s[0] != '\0' ? s : NULL);
}

static void
kday(struct jw *w, const char *key, const char *key_it, int64_t day)
{
	char buf[LT_DATE_LEN];
	struct lt_date d = lt_date_from_days(day);

	lt_format_date_iso(d, buf);
	jw_kstr(w, key, buf);
	lt_format_date(d, buf);
	jw_kstr(w, key_it, buf);
}

void
sua_termini_write(struct jw *w, const struct sua_termini_in *in,
                  const struct sua_termini_out *out)
{
	int roll = (out->term_flags & LT_TERM_ROLL) != 0;

	jw_obj(w);
	jw_kobj(w, "input");
	kecho(w, "procedura", in->procedura);
	kecho(w, "invio", in->invio);
	kecho(w, "riduzione", in->riduzione);
	kecho(w, "fase", in->fase);
	jw_obj_end(w);
	jw_kstr(w, "procedura", out->proc->code);
	jw_kstr(w, "procedura_nome", out->proc->nome);
	jw_kstr(w, "fase", out->fase);
	jw_kstr(w, "riduzione", out->riduzione);
	kday(w, "invio", "invio_it", out->invio_day);
	jw_ki64(w, "giorni", out->giorni);
	kday(w, "termine_minimo", "termine_minimo_it", out->termine_day);
	jw_kstr(w, "regola", out->regola);
	jw_kstr(w, "riferimento", out->term->rif);
	jw_kbool(w, "incerto", out->term->uncertain);
	jw_kstr(w, "nota", out->term->note);
	kday(w, "fine_conteggio", "fine_conteggio_it", out->fine_day);
	jw_kstr(w, "giorno_non_lavorativo",
	        out->motivo[0] ? out->motivo : NULL);
	jw_kbool(w, "proroga_festivi", roll);
	jw_kbool(w, "prorogato", out->prorogato);
	jw_kstr(w, "computo",
	        roll ? "il giorno dell'invio non si conta; se l'ultimo giorno "
	               "cade di sabato, domenica o festivo il termine scade "
	               "il primo giorno lavorativo seguente; scade alla fine "
	               "del giorno, ora di Roma (reg. CEE 1182/71 art. 3)"
	             : "il giorno dell'invio non si conta; nessuna proroga "
	               "per sabato o festivi (impostazione proroga_festivi = "
	               "no); scade alla fine del giorno, ora di Roma (reg. CEE "
	               "1182/71 art. 3)");
	jw_obj_end(w);
}
