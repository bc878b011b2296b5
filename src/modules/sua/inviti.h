/*
 * inviti.h - invitations of negotiated procedures (art. 50 c.1 lett. c-e,
 * c.2; rotation art. 49; LAW.md 2.1 and 5; issue 13 item 2).
 *
 * The officer declares on a tender the objective criteria of its
 * invitations (a CPV category or a SOA category with a minimum class, a
 * territory); the preview lists every operator of the Province's albo
 * IN or OUT with the reason; the invitees are then chosen once, either by
 * explicit selection among the eligible or, as the motivated exception of
 * art. 50 c.2, by the public draw (sorteggio.h) among them.  Operators out
 * only by rotation may be invited when the officer records why (art. 49
 * c.4).  The minimum number of invitees comes from the rules engine
 * ("ove esistenti": never more than the eligible).
 *
 * Rotation (docs/sua-albo.md): the sector is the CPV division of the
 * criterion ("cpv:45") or its SOA category ("soa:OG1"); the band is the
 * art. 50 band of the tender's total value under the rules engine
 * ("negoziata_senza_bando:15000000"), or "ordinario" above it.  Out by
 * rotation: the operator awarded the most recent award of the same
 * Province in the same sector and band (sua_aggiudicatario, written by the
 * award step), and the invitees of the most recent other tender of the
 * Province with invitations in the same sector and band.
 *
 * Tables (migration 0023): sua_inviti_criteri, sua_invito,
 * sua_inviti_sorteggio, sua_aggiudicatario.
 */
#ifndef AV_SUA_INVITI_H
#define AV_SUA_INVITI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/albo_soa.h"

struct db;
struct jw;

#define INVITI_MOTIVO_MAX 4000    /* bytes of a motivation or a deroga */
#define INVITI_CANDIDATI_MAX 5000 /* operators in one preview or draw */
#define INVITI_SETTORE_MAX 16
#define INVITI_FASCIA_MAX 64

/*
 * For the sealed-bid step: may operator piva bid on tender gara_id?  For
 * a tender whose procedure is negotiated without a notice
 * (negoziata_senza_bando, negoziata_senza_pubblicazione) *ammesso is 1
 * only when the operator was invited; for every other procedure 1.
 * AV_ENOTFOUND (field "id") for an unknown tender.
 */
int inviti_ammesso(struct db *db, int64_t gara_id, const char *piva,
                   int *ammesso, struct av_err *err);

/* ---- the pure evaluation (inviti_rules.c, unit-tested) ----------------- */

/* A tender's criteria as evaluated; "" for a criterion not set. */
struct inviti_criteri {
	char cpv[11];                         /* "45233141-9" or "" */
	char soa_categoria[SOA_CODE_MAX + 1]; /* "OG1" or "" */
	char soa_classe[SOA_CODE_MAX + 1];    /* minimum class or "" */
	char territorio[12];                  /* nessuno|provincia|regione */
	char provincia[4], regione[3];        /* of the tender's Province */
	char settore[INVITI_SETTORE_MAX + 1]; /* rotation sector */
	char fascia[INVITI_FASCIA_MAX + 1];   /* rotation band */
	int min_operatori;                    /* 0: none set by the law */
};

#define INVITI_CAND_CPV_MAX 50
#define INVITI_CAND_SOA_MAX 60

/* One operator of the albo as the evaluation sees it. */
struct inviti_candidato {
	int64_t albo_id;
	char partita_iva[12];
	char ragione_sociale[301];
	char stato[16];
	char provincia[4], regione[3]; /* of its seat */
	char cpv[INVITI_CAND_CPV_MAX][11];
	size_t ncpv;
	struct {
		char categoria[SOA_CODE_MAX + 1];
		char classe[SOA_CODE_MAX + 1];
		char scadenza[11];
	} soa[INVITI_CAND_SOA_MAX];
	size_t nsoa;
};

/* Why an operator is out; INVITI_IN when it is eligible. */
enum inviti_esito {
	INVITI_IN,
	INVITI_NON_APPROVATO,
	INVITI_CATEGORIA_MANCANTE,
	INVITI_SOA_SCADUTA,
	INVITI_CLASSE_INSUFFICIENTE,
	INVITI_FUORI_TERRITORIO,
	INVITI_ROTAZIONE_AGGIUDICATARIO, /* the outgoing awardee */
	INVITI_ROTAZIONE_INVITATO,       /* invited last time */
};

/* The previous procedures the rotation looks at. */
struct inviti_rotazione {
	const char *aggiudicatario;  /* partita IVA or NULL */
	const char *const *invitati; /* partite IVA of the previous invitees */
	size_t ninvitati;
};

/*
 * Evaluates candidate c against k on day today ("AAAA-MM-GG"): the first
 * reason that applies, in the order of enum inviti_esito.  A CPV matches
 * when one code covers the other (the shorter significant prefix, zeros
 * trimmed, starts the longer: a declared division 45000000-7 covers
 * 45233141-9, and a declared 45233141-9 covers a criterion 45000000-7);
 * a SOA qualification counts when of the category, not expired
 * (scadenza >= today) and of a class at least the minimum.
 */
enum inviti_esito inviti_valuta(const struct inviti_criteri *k,
                                const struct inviti_candidato *c,
                                const char *today,
                                const struct inviti_rotazione *rot);

/* Stable code ("rotazione_invitato") and Italian sentence of an esito. */
const char *inviti_esito_codice(enum inviti_esito e);
const char *inviti_esito_messaggio(enum inviti_esito e);
/* 1 when the officer may still invite with a recorded reason (rotation). */
int inviti_esito_derogabile(enum inviti_esito e);

/* "cpv:45" from a CPV code, "soa:OG1" from a SOA category. */
void inviti_settore(const char *cpv, const char *soa_categoria,
                    char out[INVITI_SETTORE_MAX + 1]);

/* How many invitees at least: min_operatori, but never more than the
   eligible ("ove esistenti", art. 50 c.1). */
size_t inviti_minimo(int min_operatori, size_t eleggibili);

/* ---- the service (inviti.c) -------------------------------------------- */

/* The criteria as given (PUT); strings borrowed. */
struct inviti_criteri_in {
	const char *cpv, *soa_categoria, *soa_classe, *territorio;
};

/*
 * Sets the criteria of tender gara_id (not cancelled, closed, or already
 * with invitations), computing sector, band and minimum number with the
 * rules engine; audited (sua.inviti.criteri).  Exactly one of cpv and
 * soa_categoria; soa_classe only with a SOA category.
 */
int inviti_criteri_set(struct db *db, int64_t actor, int64_t gara_id,
                       const struct inviti_criteri_in *in, struct av_err *err);

/* One recorded deroga (rotation allowed with a reason, art. 49 c.4). */
struct inviti_deroga {
	const char *partita_iva, *motivo;
};

/* The choice (POST). */
struct inviti_scelta {
	const char *modo;             /* "selezione" | "sorteggio" */
	const char *const *operatori; /* selezione: partite IVA */
	size_t noperatori;
	const char *seed, *motivazione; /* sorteggio */
	int64_t numero;                 /* sorteggio: how many to draw */
	const struct inviti_deroga *deroghe;
	size_t nderoghe;
};

/*
 * Records the invitations of tender gara_id once: each selected operator
 * must be IN, or OUT only by rotation with a deroga; at least
 * inviti_minimo of them (AV_EUNPROC, field "operatori" / "numero");
 * the procedure must be a negotiated one and the tender neither
 * cancelled nor closed.  A draw stores seed, motivation, candidates and
 * the whole order (sua_inviti_sorteggio).  Audited (sua.inviti.invita).
 */
int inviti_scegli(struct db *db, int64_t actor, int64_t gara_id,
                  const struct inviti_scelta *in, struct av_err *err);

/* Writes the preview of tender gara_id: criteria and every candidate with
   esito, reason and derogabile. */
int inviti_anteprima_write(struct jw *w, struct db *db, int64_t gara_id,
                           struct av_err *err);

/* Writes the criteria, the invitations and the draw of tender gara_id. */
int inviti_write(struct jw *w, struct db *db, int64_t gara_id,
                 struct av_err *err);

/*
 * Writes into the open array of w the page lr of the invitations received
 * by operator piva, newest first (the list pattern, http/list.h), then
 * closes the answer with its total and next cursor.
 */
struct list_req;
int inviti_operatore_write(struct jw *w, struct db *db, const char *piva,
                           const struct list_req *lr, struct av_err *err);

#endif
