/*
 * schede_int.h - pieces shared by the scheda builders of modules/pcp
 * (schede.c: P1_16, S2, A1_29; schede_esito.c: A2_29; schede_affidamento.c:
 * AD3, AD5; schede_contratto.c: SC1, I1; schede_negoziata.c: P7_2,
 * P7_1_2; schede_conclusione.c: CO1).  Internal to the module: the
 * entry point for the rest of areavasta is schede.h.
 */
#ifndef AV_PCP_SCHEDE_INT_H
#define AV_PCP_SCHEDE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;
struct pcp_sa_codes;
struct pcp_scheda_opts;
struct sua_view_esito;
struct sua_view_gara;
struct sua_view_lotto;

/* {"idTipologica": id, "codice": codice}, under key (NULL in an array). */
void pcp_jw_tipologica(struct jw *w, const char *key, const char *id,
                       const char *codice);
/* key: euro as an exact JSON number from cents ("1234.56"). */
void pcp_jw_euro(struct jw *w, const char *key, int64_t cents);
/* "quadroEconomicoStandard" of a lot: its amount under the key of the
   tender's type, the safety costs, no sums at disposal. */
void pcp_jw_quadro(struct jw *w, const struct sua_view_gara *g,
                   const struct sua_view_lotto *l);
/* A call's lot (P1_16, P2_16, P7_*): datiBase (nature, object, amount with
   safety costs), datiBaseContratto (NUTS), datiBaseAggiuntivi (no reserved
   award), datiBaseAggiudicazione (price or quality). */
void pcp_jw_lotto_base(struct jw *w, const struct sua_view_gara *g,
                       const struct sua_view_lotto *l);
/* "datiBaseDocumenti": the tender's page on the portal, in Italian. */
void pcp_jw_documenti(struct jw *w, const char *portal, int64_t gara_id);
/* "stazioniAppaltanti": the Province acting as SUA (schede.c). */
void pcp_write_sa(struct jw *w, const struct sua_view_gara *g,
                  const struct pcp_sa_codes *sa);
/* Opens {"scheda": {"codice": {...}, "versione": "1.0", "body": {"anacForm":
   {; pcp_scheda_close closes anacForm, body, scheda and the document. */
void pcp_scheda_open(struct jw *w, const char *codice);
void pcp_scheda_close(struct jw *w);
/* ANAC's codIstat of a lot ("0" + region + the Comune's ISTAT code); 0 when
   the Province's region is not known. */
int pcp_cod_istat(const struct sua_view_gara *g, const struct sua_view_lotto *l,
                  char out[16]);
/* The participant's id ANAC carries from S2 to SC1: a stable UUID of the
   tender, the lot and the offer. */
void pcp_id_partecipante(int64_t gara, int64_t lotto, int64_t offerta,
                         char out[37]);
/* The lot of an outcome (NULL when none has that number). */
const struct sua_view_lotto *pcp_lotto_of(const struct sua_view_gara *g,
                                          int64_t numero, size_t *index);
/* An instant as ANAC's date-time: Europe/Rome with its offset. */
int pcp_date_time(int64_t t, char out[32], struct av_err *err);
/* A day "aaaa-mm-gg" as ANAC's date-time at 00:00 Europe/Rome. */
int pcp_day_time(const char *day, char out[32], const char *field,
                 struct av_err *err);

/*
 * The amount of an offer in cents from the award discount, as the SUA
 * ranks it: importo * (1 - ribasso / 100) rounded half up to the cent
 * (exact rational arithmetic), plus the safety costs, which are not
 * discounted.  ribasso is decimal text ("12.500"); AV_EUNPROC when it is
 * not one between 0 and 100.
 */
int pcp_offer_cents(int64_t importo, int64_t sicurezza, const char *ribasso,
                    int64_t *cents, struct av_err *err);

/* AV_EUNPROC (field "importo") unless tender g is below the EU threshold
   in force when it was published (now when not yet): the national schede
   P2_16 and A2_29; eu_codice names the scheda to use instead. */
int pcp_check_national(const struct sua_view_gara *g, int64_t now,
                       const char *eu_codice, struct av_err *err);

/* The builders (w is open on an empty output; AV_EUNPROC with a field). */
int pcp_scheda_p2_16(struct jw *w, const struct sua_view_gara *g,
                     const struct pcp_sa_codes *sa, int64_t now,
                     const char *portal, struct av_err *err);
int pcp_scheda_a2_29(struct jw *w, struct db *db, const struct sua_view_gara *g,
                     const struct sua_view_esito *e, size_t ne, int64_t now,
                     struct av_err *err);
int pcp_scheda_ad(struct jw *w, struct db *db, const struct sua_view_gara *g,
                  const char *codice, const struct sua_view_esito *e, size_t ne,
                  const struct pcp_sa_codes *sa, const char *portal,
                  struct av_err *err);
int pcp_scheda_sc1(struct jw *w, const struct sua_view_gara *g,
                   const struct sua_view_esito *e, size_t ne,
                   const struct pcp_sa_codes *sa,
                   const struct pcp_scheda_opts *o, struct av_err *err);
int pcp_scheda_i1(struct jw *w, const struct sua_view_gara *g,
                  const struct sua_view_esito *e, size_t ne,
                  const struct pcp_scheda_opts *o, struct av_err *err);
/* CO1 (schede_conclusione.c): the lot's conclusion, the RUP's statements. */
int pcp_scheda_co1(struct jw *w, const struct sua_view_gara *g,
                   const struct sua_view_esito *e, size_t ne,
                   const struct pcp_scheda_opts *o, struct av_err *err);

/* The RUP's statements' checks (schede_contratto.c), for the execution
   schede: AV_EUNPROC with field "dati.<key>"; every key one of allowed
   (NULL-terminated); a day "aaaa-mm-gg" as ANAC's date-time (out "" when
   absent and not required; *days its day number); the lot o->lotto with
   its contract signed (field "lotto"); 1 for an 8-4-4-4-12 hex UUID. */
int pcp_dati_fail(struct av_err *err, const char *key, const char *msg);
int pcp_dati_keys(const json_t *dati, const char *const *allowed,
                  struct av_err *err);
int pcp_dati_day(const json_t *dati, const char *key, int required,
                 char out[32], int64_t *days, struct av_err *err);
int pcp_signed_lot(const struct sua_view_gara *g,
                   const struct sua_view_esito *e, size_t ne,
                   const struct pcp_scheda_opts *o,
                   const struct sua_view_esito **out,
                   const struct sua_view_lotto **l, struct av_err *err);
int pcp_is_uuid(const char *s);

/* ANAC's "categoria" code of a SOA category as the albo writes it ("OG1"
   -> "OG 1", "OS12-A" -> "OS 12-A"); 0 when soa is not one. */
int pcp_anac_categoria_soa(const char *soa, char out[20]);
/* P7_2 / P7_1_2 (schede_negoziata.c): codice names which; o->dati the
   RUP's statements (P7_1_2: condizioniNegoziata; o->lotto unused). */
int pcp_scheda_p7(struct jw *w, struct db *db, const struct sua_view_gara *g,
                  const char *codice, const struct pcp_sa_codes *sa,
                  const struct pcp_scheda_opts *o, int64_t now,
                  const char *portal, struct av_err *err);

#endif
