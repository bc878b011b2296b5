/*
 * campagne_xlsx.c - a campaign's template as XLSX (libxlsxwriter): the
 * header row, and for the first CMP_XLSX_ROWS rows a data validation per
 * column from the schema, so that the spreadsheet refuses what the
 * validator would: a list for enum/categories and booleans, whole numbers
 * or decimals within minimum/maximum, a text length within
 * minLength/maxLength.  The field's title or description becomes the
 * input message.  Reads the parsed schema (tableschema_int.h).
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "modules/dati/campagne.h"
#include "modules/dati/tableschema_int.h"

#define CMP_XLSX_ROWS 10000
#define XLSX_LIST_MAX 200 /* Excel: 255 characters for a whole list */

static void
validate(lxw_worksheet *ws, lxw_col_t col, const struct ts_field *f)
{
	lxw_data_validation dv;
	char *list[XLSX_LIST_MAX + 1];
	size_t i, total = 0;

	memset(&dv, 0, sizeof dv);
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	dv.ignore_blank = f->required ? LXW_VALIDATION_OFF : LXW_VALIDATION_ON;
	if (f->nenum > 0 || f->type == TS_BOOLEAN) {
		size_t n = f->nenum ? f->nenum : 2;
		if (n > XLSX_LIST_MAX)
			return;
		for (i = 0; i < n; i++) {
			list[i] = f->nenum ? f->enum_s[i]
			          : i == 0 ? f->true_values[0]
			                   : f->false_values[0];
			total += strlen(list[i]) + 1;
		}
		if (total > 250)
			return;
		list[n] = NULL;
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
	} else if ((f->type == TS_INTEGER || f->type == TS_NUMBER) &&
	           (f->has_min || f->has_max) && !*f->group_char &&
	           f->decimal_char[0] == '.') {
		dv.validate = f->type == TS_INTEGER
		                  ? LXW_VALIDATION_TYPE_INTEGER
		                  : LXW_VALIDATION_TYPE_DECIMAL;
		if (f->has_min && f->has_max) {
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = f->min;
			dv.maximum_number = f->max;
		} else if (f->has_min) {
			dv.criteria =
			    LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
			dv.value_number = f->min;
		} else {
			dv.criteria =
			    LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
			dv.value_number = f->max;
		}
	} else if (f->type == TS_STRING && (f->has_min_len || f->has_max_len)) {
		dv.validate = LXW_VALIDATION_TYPE_LENGTH;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = f->has_min_len ? (double)f->min_len : 0;
		dv.maximum_number = f->has_max_len ? (double)f->max_len : 32767;
	} else
		return;
	dv.error_title = (char *)"Valore non ammesso";
	dv.error_message =
	    (char *)"Il valore non rispetta lo schema della raccolta.";
	worksheet_data_validation_range(ws, 1, col, CMP_XLSX_ROWS, col, &dv);
}

int
campagna_modello_xlsx(struct db *db, int64_t id, const char *path,
                      const char *tmpdir, struct av_err *err)
{
	struct ts_dialect d;
	struct ts_schema *s = campagna_schema(db, id, NULL, 0, &d, err);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE,
	                            .tmpdir = (char *)tmpdir};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *text;
	size_t i;
	lxw_error e;

	if (!s)
		return err->code;
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		ts_schema_free(s);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	ws = workbook_add_worksheet(wb, CMP_XLSX_SHEET);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	for (i = 0; i < s->nfields && i < 16384; i++) {
		const struct ts_field *f = &s->fields[i];
		worksheet_write_string(ws, 0, (lxw_col_t)i, f->name, bold);
		/* Codes and dates as text: "024001" keeps its zero. */
		worksheet_set_column(
		    ws, (lxw_col_t)i, (lxw_col_t)i, 18,
		    f->type == TS_STRING || f->type == TS_DATE ? text : NULL);
		validate(ws, (lxw_col_t)i, f);
	}
	worksheet_freeze_panes(ws, 1, 0);
	e = workbook_close(wb);
	ts_schema_free(s);
	if (e != LXW_NO_ERROR)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	return AV_OK;
}
