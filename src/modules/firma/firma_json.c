/*
 * firma_json.c - a verification result as the JSON object the CLI prints,
 * the job stores and the API returns (docs/firma.md): the shape,
 * firmatari[] with nome, codice_fiscale, organizzazione, valida, motivo,
 * ora_firma, certificato{...}; empty strings become null.
 */
#include "json/jw.h"
#include "modules/firma/firma_int.h"

static void
kstr_or_null(struct jw *w, const char *k, const char *v)
{
	jw_kstr(w, k, v && v[0] ? v : NULL);
}

static void
marca_json(struct jw *w, const struct firma_marca *m)
{
	if (!m->presente) {
		jw_knull(w, "marca_temporale");
		return;
	}
	jw_kobj(w, "marca_temporale");
	kstr_or_null(w, "ora", m->ora);
	kstr_or_null(w, "emittente", m->emittente);
	jw_kbool(w, "valida", m->valida);
	kstr_or_null(w, "motivo", m->valida ? NULL : m->motivo);
	jw_obj_end(w);
}

/* A signer; r and idx given for a signer (its countersignatures follow),
 * r NULL for a countersignature. */
static void
signer_json(struct jw *w, const struct firma_signer *s,
            const struct firma_result *r, int idx)
{
	int i;

	jw_obj(w);
	jw_ki64(w, "livello", s->livello);
	kstr_or_null(w, "nome", s->nome);
	kstr_or_null(w, "codice_fiscale", s->cf);
	kstr_or_null(w, "organizzazione", s->org);
	jw_kbool(w, "valida", s->valida);
	kstr_or_null(w, "motivo", s->valida ? NULL : s->motivo);
	kstr_or_null(w, "ora_firma", s->ora_firma);
	if (r)
		marca_json(w, &s->marca);
	kstr_or_null(w, "revoca", s->revoca);
	if (!s->cert) {
		jw_knull(w, "certificato");
	} else {
		jw_kobj(w, "certificato");
		kstr_or_null(w, "emittente", s->emittente);
		kstr_or_null(w, "numero_serie", s->numero_serie);
		kstr_or_null(w, "valido_dal", s->valido_dal);
		kstr_or_null(w, "valido_al", s->valido_al);
		jw_kbool(w, "qualificato", s->qualificato);
		kstr_or_null(w, "uso_chiave", s->uso_chiave);
		jw_obj_end(w);
	}
	if (r) {
		jw_karr(w, "controfirme");
		for (i = 0; i < r->cn; i++)
			if (r->c[i].padre == idx)
				signer_json(w, &r->c[i], NULL, -1);
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

void
firma_result_json(const struct firma_result *r, struct sbuf *out)
{
	struct jw w;
	int i, valida = r->n > 0 && r->motivo[0] == '\0';

	for (i = 0; i < r->n; i++)
		if (!r->s[i].valida)
			valida = 0;
	for (i = 0; i < r->cn; i++)
		if (!r->c[i].valida)
			valida = 0;
	jw_init(&w, out);
	jw_obj(&w);
	kstr_or_null(&w, "formato", r->formato);
	jw_kbool(&w, "firmato", r->n > 0);
	jw_kbool(&w, "valida", valida);
	kstr_or_null(&w, "motivo", r->motivo);
	jw_ki64(&w, "livelli", r->livelli);
	kstr_or_null(&w, "data_verifica", r->data_verifica);
	jw_karr(&w, "firmatari");
	for (i = 0; i < r->n; i++)
		signer_json(&w, &r->s[i], r, i);
	jw_arr_end(&w);
	jw_ki64(&w, "firmatari_omessi", r->troppi);
	if (r->contenuto) {
		jw_kobj(&w, "contenuto");
		jw_ki64(&w, "byte", (int64_t)r->contenuto_bytes);
		jw_kstr(&w, "sha256", r->contenuto_sha256);
		jw_obj_end(&w);
	} else {
		jw_knull(&w, "contenuto");
	}
	jw_obj_end(&w);
}
