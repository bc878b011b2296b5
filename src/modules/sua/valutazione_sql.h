/*
 * valutazione_sql.h - the SQL of the evaluation (sedute.c, valutazione.c,
 * aggiudicazione.c, valutazione_json.c): valutazione_sql on the tables of
 * migration 0026 (and sua_lotto, sua_gara of the same module), and
 * valutazione_offerte_sql on the sealed bids' tables of migration 0025 and
 * the awardees' table of 0023 (both registered in src/cli/sql_tables.c).
 */
#ifndef AV_SUA_VALUTAZIONE_SQL_H
#define AV_SUA_VALUTAZIONE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum valutazione_q {
	QV_IMPOSTAZIONI_GET,
	QV_IMPOSTAZIONI_SET,
	QV_LOTTO_BY_NUMERO,
	QV_SEDUTA_NEXT,
	QV_SEDUTA_INSERT,
	QV_SEDUTA_GET,
	QV_SEDUTA_APERTA,
	QV_SEDUTA_CLOSE,
	QV_SEDUTE_OF,
	QV_AMMISSIONE_SET,
	QV_COMMISSARIO_GET,
	QV_COMMISSARIO_INSERT,
	QV_COMMISSARI_OF,
	QV_COEFF_SET,
	QV_COEFF_OF_LOTTO,
	QV_COEFF_OF_USER,
	QV_ESITO_ENSURE,
	QV_ESITO_GET,
	QV_ESITO_TECNICA,
	QV_ESITO_GRADUATORIA,
	QV_ESITO_PROPOSTA,
	QV_ESITO_AGGIUDICA,
	QV_ESITO_CONTRATTO,
	QV_ESITO_DESERTA,
	QV_VERIFICA_INSERT,
	QV_VERIFICHE_OF,
	QV_CONGRUITA_SET,
	QV_CONGRUITA_OF,
	QV_ESITI_GARA,
	QV_ESCLUSIONE_TECNICA_INSERT,
	QV_ESCLUSE_TECNICA_COUNT,
	QV__MAX
};

extern const struct sql_def valutazione_sql[QV__MAX];
extern const size_t valutazione_sql_count;

enum valutazione_offerte_sql {
	QO_GARA_OFFERTA,
	QO_PARTECIPANTI,
	QO_OFFERTA_GET,
	QO_BUSTE_C,
	QO_TECNICA_CHIUDI,
	QO_AGGIUDICATARIO_INSERT,
	QO__MAX
};

extern const struct sql_def valutazione_offerte_sql[QO__MAX];
extern const size_t valutazione_offerte_sql_count;

#endif
