/*
 * gare.h - the Province's tenders (gare) run by its SUA: a draft made of
 * lots, edited until it is complete, published, then changed only by
 * published amendments (rettifiche), or cancelled with a reason; and the
 * clarifications (chiarimenti) asked on a published tender and answered
 * by the officer (chiarimenti.c).
 *
 * Every state change is one service function here, called by the HTTP
 * handlers (gare_handlers.c, chiarimenti_handlers.c) and by the demand
 * aggregation alike: it checks, changes and appends its audit record in
 * one transaction (the caller's, or its own).  Tables: sua_gara,
 * sua_lotto, sua_rettifica, sua_chiarimento (migration 0020).  The pure
 * checks (OEPV criteria, lot rules) are exported for the unit tests.
 */
#ifndef AV_SUA_GARE_H
#define AV_SUA_GARE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/rules.h"

struct db;

#define GARA_OGGETTO_MAX 1000  /* bytes of a tender's or lot's object */
#define GARA_MOTIVO_MAX 4000   /* bytes of a reason (procedure, cancel) */
#define GARA_RUP_MAX 200       /* bytes of the RUP's name */
#define GARA_PROC_MAX 40       /* bytes of a procedure code */
#define GARA_CRITERI_MAX 60    /* OEPV criteria */
#define GARA_SUBCRITERI_MAX 30 /* sub-criteria of one criterion */
#define GARA_CRITERIO_NOME_MAX 500
#define GARA_CRITERI_JSON_MAX 65536
#define GARA_DATETIME_MAX 32 /* bytes of a deadline as typed */
#define CHIARIMENTO_MAX 4000 /* bytes of a question or an answer */

/* A lot as given (create, edit); strings borrowed. */
struct gara_lotto_in {
	const char *oggetto;
	const char *cig; /* NULL while draft */
	const char *cpv;
	int64_t importo_cents;
	int64_t sicurezza_cents;
	const char *comune;
	int64_t richiesta_id; /* 0: none */
};

/* A new draft tender (gara_create). */
struct gara_new {
	const char *oggetto;
	const char *tipo; /* lavori | servizi | forniture */
	const struct gara_lotto_in *lotti;
	size_t nlotti; /* 0..SUA_LOTS_MAX */
	/* Requests the tender answers (besides the lots' richiesta_id). */
	const int64_t *richieste;
	size_t nrichieste;
};

/*
 * Creates a draft tender of Province provincia ("024") from its lots,
 * audited (sua.gara.create).  Lots are checked: CPV in the vocabulary, CIG
 * (when given) with its checksum and not repeated, amounts in 1..
 * SUA_AMOUNT_MAX_CENTS (safety costs within the amount), the beneficiary
 * an active Comune of the Province, the request (when given) of that
 * Comune.  Nothing is stored on failure (AV_EINVAL with the JSON path,
 * "lotti[1].cig").  *id receives the new tender's id.
 */
int gara_create(struct db *db, int64_t actor, const char *provincia,
                const struct gara_new *in, int64_t *id, struct av_err *err);

/* The fields of an edit (PUT); NULL / 0 flags: unchanged. */
struct gara_edit {
	const char *oggetto, *tipo, *procedura, *procedura_motivo;
	const char *criterio, *rup_nome, *data_invio;
	const char *termine_chiarimenti, *termine_offerte, *prima_seduta;
	json_t *criteri; /* borrowed; NULL unchanged */
	int have_lotti;
	const struct gara_lotto_in *lotti;
	size_t nlotti;
	const char *motivo_rettifica; /* required once published */
};

/*
 * Edits tender id.  A draft: every field given replaces the stored one
 * (lots: all of them), audited (sua.gara.update).  A published tender: an
 * amendment (rettifica) with motivo_rettifica, recording every changed
 * field as {campo: {da, a}}, versione + 1, audited
 * (sua.gara.rettifica); deadlines may only be extended, the number of
 * lots stays, and the result must still pass the publication checks
 * (AV_EUNPROC otherwise).  Cancelled and closed tenders: AV_EUNPROC.
 */
int gara_update(struct db *db, int64_t actor, int64_t id,
                const struct gara_edit *in, struct av_err *err);

/*
 * Publishes draft id after the publication checks (gara_check_publish),
 * audited (sua.gara.publish).  Each failed check: AV_EUNPROC with the
 * field and an Italian message.
 */
int gara_publish(struct db *db, int64_t actor, int64_t id, struct av_err *err);

/* Cancels a draft or published tender with its reason (sua.gara.annulla). */
int gara_annulla(struct db *db, int64_t actor, int64_t id, const char *motivo,
                 struct av_err *err);

struct jw;

/* Writes the tender as the API shows it to its officer (lots,
   amendments); *found 0 (nothing written) when there is no such tender.
   A database error may leave w half written: the caller answers with the
   error instead. */
int gara_write(struct jw *w, struct db *db, int64_t id, int *found,
               struct av_err *err);

/* The ente of tender id ("provincia:024") and its state; *found 0/1. */
int gara_ente(struct db *db, const char *id_text, char *ente, size_t len,
              int *found, struct av_err *err);

/*
 * The rules engine's advice on the tender's current lots (regime,
 * procedures allowed) into *res (the caller's: it is large); the date,
 * res->in.date, is data_invio or today (Europe/Rome).  AV_EUNPROC for a
 * tender without lots.
 */
int gara_consiglio(struct db *db, int64_t id, struct sua_rules_result *res,
                   struct av_err *err);

/* ---- pure checks (unit-tested) ----------------------------------------- */

/*
 * OEPV criteria: {"criteri": [{"nome", "punti", "sottocriteri"?: [{"nome",
 * "punti"}]}], "economico": {"punti", "formula", "x"?, "alpha"?,
 * "decimali"?, "arrotondamento"?}, "manodopera"?}.  Technical points plus
 * economic points make 100; sub-criteria add up to their criterion; the
 * formula is one of oepv.h (lineare, bilineare with x 0.80 | 0.85 | 0.90,
 * concava with 0 < alpha < 1, inversa); labour-intensive contracts
 * ("manodopera": true, art. 108 c.4) cap the economic score at 30.  field
 * prefixes the reported paths ("criteri").  AV_OK or AV_EUNPROC.
 */
int gara_criteri_check(json_t *c, const char *field, struct av_err *err);

/* The deadlines (UTC seconds, 0 = not set) in the order the law wants:
   chiarimenti < offerte <= prima_seduta.  AV_OK or AV_EUNPROC. */
int gara_termini_order(int64_t chiarimenti, int64_t offerte,
                       int64_t prima_seduta, struct av_err *err);

/* ---- clarifications (chiarimenti.c) ------------------------------------ */

/*
 * A question on published tender id by user actor, before its
 * clarification deadline (now: the clock, passed for the tests): AV_OK
 * with *id_out, AV_EUNPROC after the deadline or on an unpublished tender
 * (AV_ENOTFOUND for a draft or an unknown id).  Audited
 * (sua.chiarimento.domanda).
 */
int chiarimento_ask(struct db *db, int64_t actor, int64_t gara_id,
                    const char *domanda, int64_t now, int64_t *id_out,
                    struct av_err *err);

/* The answer to question id, published at once (sua.chiarimento.risposta);
   an answer may be corrected (the record keeps both). */
int chiarimento_answer(struct db *db, int64_t actor, int64_t id,
                       const char *risposta, struct av_err *err);

/* The ente of the tender of question id ("provincia:024"). */
int chiarimento_ente(struct db *db, const char *id_text, char *ente, size_t len,
                     int *found, struct av_err *err);

#endif
