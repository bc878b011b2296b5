/*
 * registry_sql.h - the registry module's SQL statements (one table, see
 * ARCHITECTURE.md 3.7).  Column order of each query is documented next to
 * its text in registry_sql.c; callers index columns with the RC_* names.
 */
#ifndef AV_REGISTRY_SQL_H
#define AV_REGISTRY_SQL_H

#include <stddef.h>

#include "db/db.h"

enum registry_q {
	Q_REG_UPDATE,         /* import: name and ripartizione of a region */
	Q_PROV_ACTIVE,        /* import: codes of active units */
	Q_PROV_DEACTIVATE,    /* import */
	Q_PROV_UPSERT,        /* import */
	Q_COM_ALL,            /* import: codice_istat, attivo of every Comune */
	Q_COM_UPSERT,         /* import */
	Q_COM_DEACTIVATE,     /* import */
	Q_PROV_BY_SIGLA,      /* active unit code of a sigla */
	Q_ISTANZA_SET,        /* instance Province */
	Q_ISTANZA_GET,        /* instance Province with its region */
	Q_ISTANZA_FIGURES,    /* active Comuni and population of a unit */
	Q_REGIONI_LIST,       /* API */
	Q_PROVINCE_LIST,      /* API */
	Q_COMUNI_PAGE,        /* API: a page in one order */
	Q_COMUNI_PAGE_PROV,   /* API: the same in one unit */
	Q_COMUNI_TOTAL,       /* API: how many active Comuni */
	Q_COMUNI_TOTAL_PROV,  /* API: how many in one unit */
	Q_COMUNI_WORDS,       /* API search: words beginning so */
	Q_COMUNI_PART,        /* API search: then parts of words */
	Q_COMUNI_WORDS_COUNT, /* API search: how many of the first */
	Q_COMUNI_PART_COUNT,  /* API search: how many, one word */
	Q_COMUNI_WORDS_COUNT_ALL, /* the same two in every unit */
	Q_COMUNI_PART_COUNT_ALL,
	Q_COMUNI_MATCH_ORDERED, /* API search in another order */
	Q_SEARCH_CLEAR_ORDINE,  /* import: rebuild of comune_ordine */
	Q_SEARCH_FILL_ORDINE,
	Q_SEARCH_CLEAR, /* import: rebuild of comune_ricerca */
	Q_SEARCH_FILL,
	Q_SEARCH_REINDEX_WORDS, /* import: FTS5 indexes (SQLite) */
	Q_SEARCH_REINDEX_PARTS,
	Q_SEARCH_ANALYZE_ORDINE, /* import: planner statistics */
	Q_SEARCH_ANALYZE,
	Q_COMUNE_GET,        /* API */
	Q_COMUNE_NOME,       /* name of a comune by ISTAT code */
	Q_COMUNE_BRIEF,      /* name, Province, fiscal code, active */
	Q_PROV_ACTIVE_ONE,   /* is this code an active unit? */
	Q_COMUNE_ACTIVE_ONE, /* is this ISTAT code an active comune? */
	Q_CAPOLUOGO,         /* the capoluogo (or first comune) of a unit */
	Q_UNITS_ACTIVE,     /* active units with their region (other modules) */
	Q_COMUNI_CSV_PAGE,  /* CSV export: $1 after codice_istat, $2 rows */
	Q_COMUNI_CSV_MATCH, /* CSV export of a search */
	Q_COM_CARRY_POP,    /* population of renumbered Comuni; -> changes */
	Q_FONTE_SET,        /* dato, fonte, data or NULL, now */
	Q_FONTE_LIST,       /* dato, fonte, data_riferimento */
	Q_ENTE_PROVINCIA,   /* /enti: a unit by code, active or not */
	Q_ENTE_COMUNE,      /* /enti: a Comune by code with its unit */
	Q_COMUNI_VOCAB,     /* SQLite search: the words holding a part (0028) */
	Q_COMUNI_PART_VOCAB, /* SQLite search: parts of words by those words */
	Q_COMUNI_PART_VOCAB_COUNT,     /* how many hold one of those words */
	Q_COMUNI_PART_VOCAB_COUNT_ALL, /* the same in every unit */
	Q_SEARCH_CLEAR_VOCAB,          /* import: rebuild of the words (0028) */
	Q_SEARCH_FILL_VOCAB,
	Q_SEARCH_CLEAR_VOCABOLO, /* import: words and their texts */
	Q_SEARCH_FILL_VOCABOLO,
	Q_SEARCH_ANALYZE_VOCABOLO,
	Q_COMUNI_WORD_DF,          /* search: how many texts a prefix is in */
	Q_COMUNI_WORDS_RARE,       /* PostgreSQL: the rarest word's matches */
	Q_COMUNI_WORDS_WALK,       /* PostgreSQL: the positions, each checked */
	Q_COMUNI_WORDS_COUNT_RARE, /* PostgreSQL: the count by the rarest */
	Q_COMUNI_WORDS_COUNT_RARE_ALL,  /* the same in every unit */
	Q_COMUNI_WORDS_COUNT_INTERSECT, /* PostgreSQL: by the index */
	Q_COMUNI_WORDS_COUNT_INTERSECT_ALL,
	Q_COMUNI_WORDS_COUNT_WALK,     /* PostgreSQL: the count, walking */
	Q_COMUNI_WORDS_COUNT_WALK_ALL, /* the same in every unit */
	Q_COMUNI_MATCH_ORDERED_VOCAB,  /* SQLite: other orders, vocabulary */
	Q_COMUNI_CSV_MATCH_VOCAB,      /* SQLite: the CSV, vocabulary */
	Q_SEARCH_OPTIMIZE_WORDS, /* import: FTS5 indexes in one segment (0058)
	                          */
	Q_SEARCH_OPTIMIZE_PARTS,
	Q_SEARCH_OPTIMIZE_VOCAB,
	Q_COMUNI_WORDS_ROW,      /* the search's pages without joins (0059) */
	Q_COMUNI_PART_ROW,       /* SQLite */
	Q_COMUNI_PART_VOCAB_ROW, /* SQLite */
	Q_COMUNI_WORDS_INTERSECT_ROW, /* PostgreSQL */
	Q_COMUNI_WORDS_RARE_ROW,      /* PostgreSQL */
	Q_COMUNI_WORDS_WALK_ROW,      /* PostgreSQL */
	Q_REGISTRY__MAX
};

extern const struct sql_def registry_sql[Q_REGISTRY__MAX];
extern const size_t registry_sql_count;

#endif
