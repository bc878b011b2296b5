/*
 * xls_bound.c - the .xls bound before libfreexl (xls_bound.h).  The
 * compound file (OLE2) is read by Debian's libgsf, never by hand; of the
 * workbook stream only the BIFF record headers (type, length: 4 bytes)
 * are read, and the body of DIMENSION records (0x0200).  FreeXL computes
 * rows x columns in 32 bits and fills that many cells: both the overflow
 * and the size are refused here.
 */
#include <pthread.h>
#include <string.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include "modules/dati/xls_bound.h"

#define BIFF_DIMENSION 0x0200
#define BIFF_REC_MAX 8224 /* BIFF8's longest record body */

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

static void
gsf_start(void)
{
	gsf_init();
}

static unsigned
u16(const guint8 *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
u32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int
refuse(struct av_err *err, const char *why)
{
	return av_fail(err, AV_EINVAL, "file",
	               "Il file .xls non è leggibile (%s): lo salvi come "
	               ".xlsx o .csv e lo carichi di nuovo.",
	               why);
}

/* The records of the workbook stream wb; the claimed cells summed. */
static int
scan(GsfInput *wb, uint64_t *cells, struct av_err *err)
{
	guint8 hdr[4], body[BIFF_REC_MAX];

	for (;;) {
		unsigned type, len;
		uint64_t rows, cols;

		if (gsf_input_remaining(wb) < 4)
			return AV_OK;
		if (gsf_input_read(wb, 4, hdr) == NULL)
			return refuse(err, "record illeggibile");
		type = u16(hdr);
		len = u16(hdr + 2);
		if (len > BIFF_REC_MAX ||
		    (gsf_off_t)len > gsf_input_remaining(wb))
			return refuse(err, "record troppo lungo");
		if (type != BIFF_DIMENSION) {
			if (len > 0 && gsf_input_seek(wb, len, G_SEEK_CUR))
				return refuse(err, "record illeggibile");
			continue;
		}
		memset(body, 0, 16);
		if (len > 0 && gsf_input_read(wb, len, body) == NULL)
			return refuse(err, "record illeggibile");
		/* BIFF8: rows u32 at 4, columns u16 at 10; BIFF5: u16 at 2
		   and 6.  The larger of each, whichever FreeXL uses. */
		rows = u32(body + 4);
		if (u16(body + 2) > rows)
			rows = u16(body + 2);
		cols = u16(body + 10);
		if (u16(body + 6) > cols)
			cols = u16(body + 6);
		if (rows > XLS_ROWS_MAX || cols > XLS_COLS_MAX)
			return av_fail(
			    err, AV_EINVAL, "file",
			    "Un foglio del file .xls dichiara %llu "
			    "righe e %llu colonne: il formato .xls ne "
			    "ammette al massimo %u e %u.",
			    (unsigned long long)rows, (unsigned long long)cols,
			    XLS_ROWS_MAX, XLS_COLS_MAX);
		*cells += rows * cols;
		if (*cells > XLS_CELLS_MAX)
			return av_fail(
			    err, AV_EINVAL, "file",
			    "Il file .xls dichiara più di %u celle nei "
			    "suoi fogli: lo salvi come .xlsx o .csv "
			    "(il formato .xls è letto tutto in memoria).",
			    XLS_CELLS_MAX);
	}
}

int
xls_bound_check(const char *path, uint64_t *cells, struct av_err *err)
{
	GsfInput *in;
	GsfInfile *ole = NULL;
	GsfInput *wb = NULL;
	GError *ge = NULL;
	int rc;

	*cells = 0;
	pthread_once(&gsf_once, gsf_start);
	in = gsf_input_stdio_new(path, &ge);
	if (in != NULL)
		ole = gsf_infile_msole_new(in, &ge);
	if (ole != NULL) {
		wb = gsf_infile_child_by_name(ole, "Workbook");
		if (wb == NULL)
			wb = gsf_infile_child_by_name(ole, "Book");
	}
	if (ge != NULL)
		g_error_free(ge);
	if (wb == NULL)
		rc = refuse(err, "nessun foglio di lavoro nel file");
	else
		rc = scan(wb, cells, err);
	if (wb != NULL)
		g_object_unref(wb);
	if (ole != NULL)
		g_object_unref(ole);
	if (in != NULL)
		g_object_unref(in);
	return rc;
}
