/*
 * portale.h - the public tender portal (issue 12, item 8): the derived list
 * and search rows of published tenders (migration 0021) and the reads the
 * public API, its CSV/XLSX exports and the tests share.
 *
 * sua_portale_index is the one writer of a tender's list row: the tender
 * modules call it inside the transactions of publication, amendment and
 * cancellation (and of any other change to a published tender or its
 * lots); a tender without pubblicata_at (a draft) gets no row, so nothing
 * public ever shows a draft.
 */
#ifndef AV_SUA_PORTALE_H
#define AV_SUA_PORTALE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;

#define PORTALE_Q_MAX 200           /* bytes of ?q= */
#define PORTALE_LIMIT_DEF 20        /* rows of a page */
#define PORTALE_LIMIT_MAX 100       /* at most */
#define PORTALE_COUNT_CAP 10000     /* totals counted up to this */
#define PORTALE_OGGETTO_MAX 2048    /* bytes kept of an oggetto */
#define PORTALE_COMUNI_MAX 32       /* Comuni named per tender in a list */
#define PORTALE_CPV_MAX 32          /* CPV codes listed per tender */
#define PORTALE_TESTO_MAX (1 << 16) /* bytes of a tender's search text */

/*
 * (Re)builds the list row and search text of tender gara_id from sua_gara
 * and sua_lotto: removed when the tender does not exist or was never
 * published.  Runs in the caller's transaction when there is one.
 */
int sua_portale_index(struct db *db, int64_t gara_id, struct av_err *err);
/* Every published tender's row again (after `areavasta copy`). */
int sua_portale_rebuild(struct db *db, struct av_err *err);

/* The filters of the public list; NULL / -1 / "": any. */
struct portale_filtro {
	const char *stato;    /* pubblicata | chiusa | annullata */
	const char *tipo;     /* lavori | servizi | forniture */
	const char *comune;   /* 6-digit ISTAT code of a lot's beneficiary */
	const char *cpv;      /* 2..8 digits, prefix of a lot's CPV */
	int64_t importo_min;  /* cents of the whole tender, -1: none */
	int64_t importo_max;  /* -1: none */
	char dal[11], al[11]; /* 'AAAA-MM-GG' publication dates, "" none */
	/*
	 * Search form of ?q= (core/fold.h text_search_form), NULL without
	 * search; "" when q had no letter or digit: nothing matches.
	 */
	const char *q;
};

/* A page's key: the last row's publication instant and id. */
struct portale_key {
	int64_t pubblicata_at, id;
};

/*
 * Up to max tenders matching f, newest publication first, after key
 * (NULL: from the start) skipping offset: their ids and keys in ids and
 * keys, how many in *n.
 */
int portale_page(struct db *db, const struct portale_filtro *f,
                 const struct portale_key *after, int64_t offset, size_t max,
                 struct portale_key *keys, size_t *n, struct av_err *err);
/* How many match f, counted up to cap. */
int portale_count(struct db *db, const struct portale_filtro *f, int64_t cap,
                  int64_t *total, struct av_err *err);

struct portale_comune {
	char codice_istat[7];
	char nome[128];
};

/* One published tender as a list shows it. */
struct portale_row {
	int64_t id;
	char oggetto[PORTALE_OGGETTO_MAX];
	char tipo[16], stato[16], provincia[4], procedura[48];
	int64_t pubblicata_at;
	char data_pubblicazione[11]; /* AAAA-MM-GG, Europe/Rome */
	int64_t importo_cents, sicurezza_cents, lotti;
	int64_t termine_offerte, termine_chiarimenti; /* 0: not set */
	struct portale_comune comuni[PORTALE_COMUNI_MAX];
	size_t n_comuni, altri_comuni; /* named; and beyond the array */
	char cpv[PORTALE_CPV_MAX][16];
	size_t n_cpv;
};

/* The row of published tender id; *found = 0 for a draft or none. */
int portale_row_get(struct db *db, int64_t id, struct portale_row *row,
                    int *found, struct av_err *err);

/* "1.234.567,89" of an amount in cents (out holds 32 bytes). */
void portale_euro(int64_t cents, char out[32]);

#endif
