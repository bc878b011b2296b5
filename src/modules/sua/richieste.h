/*
 * richieste.h - a Comune's requests to its Province's SUA (issue 12, item
 * 2) and the documents attached to requests and tenders (item 3).
 *
 * States: bozza -> inviata (the Comune, with a convenzione covering the
 * type today) -> presa_in_carico (the SUA) -> in_gara (richiesta_set_gara,
 * called by the tender code) -> conclusa; respinta (the SUA, with a
 * reason) from inviata or presa_in_carico.  Only a draft is edited.  Each
 * function checks, changes and audits ("sua.richiesta.<azione>") in the
 * caller's transaction, or in its own without one; the HTTP handlers and
 * the demo call the same functions.  Who may call them is the route's
 * business (scope: "comune:NNNNNN" with "provincia:PPP" above it).
 */
#ifndef AV_SUA_RICHIESTE_H
#define AV_SUA_RICHIESTE_H

#include <stdint.h>

#include "core/err.h"
#include "identity/types.h"

struct db;
struct jw;
struct db_cursor;

#define SUA_OGGETTO_MAX 500   /* bytes of a request's object */
#define SUA_RIC_NOTE_MAX 4000 /* bytes of its notes */
#define SUA_MOTIVO_MAX 2000   /* bytes of a rejection's reason */
#define SUA_RUP_MAX 200       /* bytes of the RUP's name */
#define SUA_EMAIL_MAX 254
#define SUA_DOC_LIST_MAX 200 /* documents listed with one object */

struct sua_richiesta_in {
	const char *oggetto, *tipo, *cpv;
	int64_t importo_cents, sicurezza_cents;
	int investimento;
	const char *cup, *fonte, *rup_nome, *rup_email;
	const char *data_aggiudicazione, *note;
};

struct sua_richiesta {
	int64_t id;
	char provincia[4], comune[7], stato[20];
	char oggetto[SUA_OGGETTO_MAX + 1];
	char tipo[12], cpv[12];
	int64_t importo_cents, sicurezza_cents;
	int investimento;
	char cup[16], fonte[12];
	char rup_nome[SUA_RUP_MAX + 1], rup_email[SUA_EMAIL_MAX + 1];
	char data_aggiudicazione[11];
	char note[SUA_RIC_NOTE_MAX + 1];
	char motivo_rifiuto[SUA_MOTIVO_MAX + 1];
	int64_t gara_id;                      /* 0: none */
	int64_t created, updated, inviata_at; /* inviata_at 0: never sent */
};

/* A new draft of Comune comune ("sua.richiesta.crea"). */
int richiesta_create(struct db *db, int64_t actor, const char *comune,
                     const struct sua_richiesta_in *in, int64_t *id,
                     struct av_err *err);
/* Replaces a draft's fields (409 when it is no longer a draft). */
int richiesta_update(struct db *db, int64_t actor, int64_t id,
                     const struct sua_richiesta_in *in, struct av_err *err);
int richiesta_get(struct db *db, int64_t id, struct sua_richiesta *out,
                  int *found, struct av_err *err);
/* bozza -> inviata: needs a convenzione for the type valid today. */
int richiesta_invia(struct db *db, int64_t actor, int64_t id,
                    struct av_err *err);
/* inviata -> presa_in_carico. */
int richiesta_prendi(struct db *db, int64_t actor, int64_t id,
                     struct av_err *err);
/* inviata | presa_in_carico -> respinta with motivo (required). */
int richiesta_respingi(struct db *db, int64_t actor, int64_t id,
                       const char *motivo, struct av_err *err);
/* inviata | presa_in_carico -> in_gara, gara_id kept ("sua.richiesta.gara"). */
int richiesta_set_gara(struct db *db, int64_t actor, int64_t id,
                       int64_t gara_id, struct av_err *err);
/* in_gara -> conclusa ("sua.richiesta.conclusa"). */
int richiesta_concludi(struct db *db, int64_t actor, int64_t id,
                       struct av_err *err);

/* Reads one row of the requests' columns (richieste_sql.c RIC_COLS). */
void richiesta_from_row(struct db_cursor *c, struct sua_richiesta *out);
/* The request as the API writes it; comune_nome may be NULL. */
void richiesta_json(struct jw *w, const struct sua_richiesta *r,
                    const char *comune_nome);

/* The same, left open for more members (the caller closes it). */
void richiesta_json_open(struct jw *w, const struct sua_richiesta *r,
                         const char *comune_nome);

/* ---- documents of requests and tenders (sua_documenti.c) ---- */

struct upload;

/*
 * Stores the upload as a document attached to a SUA object: oggetto
 * "richiesta" (tipo "allegato") or "gara" (tipo bando | disciplinare |
 * capitolato | altro), in the caller's transaction, with the documents
 * module's own audit record and "sua.documento.allega".  The bytes must
 * already be in the blob store (document_store).  *doc_id the document.
 */
int sua_documento_attach(struct db *db, const struct user *u,
                         const struct upload *up, int reused,
                         const char *oggetto, int64_t oggetto_id,
                         const char *tipo, const char *provincia,
                         int64_t *doc_id, struct av_err *err);
/* The object's documents as a JSON array (at most SUA_DOC_LIST_MAX). */
int sua_documenti_write(struct jw *w, struct db *db, const char *oggetto,
                        int64_t oggetto_id, struct av_err *err);
/*
 * The documents module's reading rule for attached_type "sua_richiesta"
 * (the request's Comune, its Province's SUA and admin) and "sua_gara"
 * (anyone once the tender is not a draft; its Province's SUA and admin
 * while it is).  u may be NULL (anonymous).
 */
/* A tender's Province and state (for scope resolvers); *found = 0 if none. */
int sua_gara_brief(struct db *db, int64_t id, char provincia[4], char stato[16],
                   int *found, struct av_err *err);
int sua_documento_readable(struct db *db, const struct user *u,
                           const char *attached_type, const char *attached_id,
                           int *ok, struct av_err *err);

#endif
