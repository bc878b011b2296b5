/*
 * termini.h - the legal minimum time limits of a procedure as a calculator
 * (LAW.md 6.1; arts. 71-75 D.Lgs. 36/2023; Reg. (CEE, Euratom) 1182/71).
 *
 * Given a procedure, the phase (offers or requests to participate), an
 * optional reduction (urgency, prior information notice, sub-central
 * authority) and the date the bando or the invitation is transmitted,
 * sua_termini finds the dated row of the law tables (law_tables.h) and
 * computes termine_minimo: the earliest calendar day a deadline may fall on,
 * i.e. the transmission date plus the minimum days, moved to the next working
 * day when it is a Saturday, a Sunday or a holiday if the installation's
 * roll-over setting is on (modules/settings, core/legal_time.h).  It is
 * pure: no database, no clock, no allocation.  Used by
 * `areavasta sua termini`, GET /api/v1/sua/termini, and by whoever must
 * refuse a deadline set earlier than the law allows (sua_termini_check).
 */
#ifndef AV_SUA_TERMINI_H
#define AV_SUA_TERMINI_H

#include <stdint.h>

#include "core/err.h"
#include "core/legal_time.h"
#include "modules/sua/law_tables.h"

/* Longest text accepted for procedura, riduzione and fase. */
#define SUA_TERMINI_TEXT_MAX 32
/* Bytes of the rule's Italian text and of the roll-over reason. */
#define SUA_TERMINI_REGOLA_LEN 320
#define SUA_TERMINI_MOTIVO_LEN 96

struct sua_termini_in {
	/* "aperta", "ristretta", "competitiva_con_negoziazione" (alias
	   "negoziata"), "dialogo_competitivo", "partenariato_innovazione";
	   the other codes of law_procs are known but have no legal minimum.
	   Required. */
	const char *procedura;
	/* Transmission of the bando (or of the invitation, for the offers of
	   a two-phase procedure): "AAAA-MM-GG" or "gg/mm/aaaa".  Required. */
	const char *invio;
	/* "urgenza", "preinformazione", "subcentrale"; NULL, "" or "nessuna"
	   for the base term. */
	const char *riduzione;
	/* "offerte" or "domande"; NULL or "" for the only phase of a
	   procedure that has one (refused when it has both). */
	const char *fase;
	/* The installation's calendar and LT_TERM_* flags (settings_time). */
	struct lt_calendar cal;
	unsigned term_flags;
	/* sua_termini_check only: the caller's name of the deadline it checks,
	   used as the error's field; NULL gives "scadenza". */
	const char *field;
};

struct sua_termini_out {
	const struct law_term *term; /* borrowed: static law table row */
	const struct law_proc *proc; /* borrowed: static */
	const char *riduzione;       /* static code, or NULL (base term) */
	const char *fase;            /* static: "offerte" or "domande" */
	int giorni;
	int64_t invio_day;   /* day numbers (core/legal_time.h) */
	int64_t fine_day;    /* invio + giorni, before any roll-over */
	int64_t termine_day; /* termine_minimo */
	int prorogato;       /* 1 when termine_day != fine_day */
	unsigned term_flags; /* as given */
	char regola[SUA_TERMINI_REGOLA_LEN];
	/* Why fine_day is not a working day ("domenica", "Natale"), "" when
	   it is one. */
	char motivo[SUA_TERMINI_MOTIVO_LEN];
};

/*
 * Computes the minimum term.  Fails with AV_EINVAL and the field named
 * ("procedura", "invio", "riduzione", "fase") on a missing, unknown,
 * too long or malformed input, and on a combination the law does not
 * define (a reduction that does not apply to the procedure or phase, a
 * phase the procedure does not have, a procedure without a legal minimum,
 * a date before D.Lgs. 36/2023 applies), the Italian message saying why.
 * out is filled only on success; its pointers are static data.
 */
int sua_termini(const struct sua_termini_in *in, struct sua_termini_out *out,
                struct av_err *err);

/*
 * Checks a deadline chosen by a user (deadline_date "AAAA-MM-GG", the last
 * day for the offers or requests) against sua_termini(in): AV_OK when it is
 * on or after termine_minimo.  Fails as sua_termini does, and with
 * AV_EINVAL, field in->field (or "scadenza"), when deadline_date is not a
 * date or is earlier, the message naming the minimum date as gg/mm/aaaa.
 */
int sua_termini_check(const struct sua_termini_in *in,
                      const char *deadline_date, struct av_err *err);

struct jw;

/*
 * Writes the answer of `areavasta sua termini` and GET /api/v1/sua/termini
 * (termini_json.c); in is echoed as "input".
 */
void sua_termini_write(struct jw *w, const struct sua_termini_in *in,
                       const struct sua_termini_out *out);

/* The codes accepted for riduzione, NULL-terminated (for tests/docs). */
extern const char *const sua_termini_riduzioni[];

#endif
