/*
 * tableschema_int.h - the parsed schema shared by the three files of the
 * validator (tableschema_parse.c, tableschema_cast.c, tableschema_csv.c)
 * and the XLSX template (campagne_xlsx.c), which reads the constraints.
 */
#ifndef AV_DATI_TABLESCHEMA_INT_H
#define AV_DATI_TABLESCHEMA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "modules/dati/tableschema.h"

#define TS_MISSING_MAX 32
#define TS_BOOLS_MAX 16
#define TS_ENUM_MAX 1024
#define TS_KEYFIELDS_MAX 16

struct ts_field {
	char name[TS_NAME_MAX];
	enum ts_type type;
	enum ts_type item_type; /* list */
	char format[64];        /* "default", "email", "%d/%m/%Y", ... */
	char decimal_char[8];
	char group_char[8];
	char list_delim[8];
	int bare_number;
	char *true_values[TS_BOOLS_MAX];
	size_t ntrue;
	char *false_values[TS_BOOLS_MAX];
	size_t nfalse;
	char *missing[TS_MISSING_MAX];
	size_t nmissing;
	/* constraints */
	int required, unique;
	int has_min_len, has_max_len;
	size_t min_len, max_len;
	int has_min, has_max, has_xmin, has_xmax;
	double min, max, xmin, xmax;
	char *min_s, *max_s, *xmin_s, *xmax_s; /* as written, for messages */
	pcre2_code *pattern;
	char *pattern_s;
	struct ts_value *enums; /* cast; strings own their bytes in enum_s */
	char **enum_s;
	size_t nenum;
	int enum_is_categories;
};

struct ts_fk {
	size_t nf;
	size_t fields[TS_KEYFIELDS_MAX];
	char *resource; /* NULL or "": this table */
	char *ref_fields[TS_KEYFIELDS_MAX];
	size_t ref_idx[TS_KEYFIELDS_MAX]; /* self: indexes of ref_fields */
};

struct ts_key {
	size_t nf;
	size_t fields[TS_KEYFIELDS_MAX];
	int primary;
};

enum ts_match {
	TS_MATCH_EXACT = 0,
	TS_MATCH_EQUAL,
	TS_MATCH_SUBSET,
	TS_MATCH_SUPERSET,
	TS_MATCH_PARTIAL
};

struct ts_schema {
	struct ts_field *fields;
	size_t nfields;
	enum ts_match match;
	struct ts_key *keys; /* primaryKey, uniqueKeys, single unique fields */
	size_t nkeys;
	struct ts_fk *fks;
	size_t nfks;
};

/* Casts text (not the missing values: the caller checked them) with
 * field f's type and format into v; 0 ok, -1 not a value of the type. */
int ts_cast(const struct ts_field *f, enum ts_type t, const char *s, size_t len,
            struct ts_value *v);
/* Compares two cast values of type t: <0, 0, >0. */
int ts_value_cmp(enum ts_type t, const struct ts_value *a,
                 const struct ts_value *b);
/* Valid UTF-8; counts code points into *n. */
int ts_utf8_count(const char *s, size_t len, size_t *n);

#endif
