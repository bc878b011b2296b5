/*
 * static.c - in-memory table of the web UI's files; see static.h.
 *
 * The UI is a few megabytes, so holding it in memory costs little and makes
 * every answer a memcpy-free buffer response; gzip is computed once here.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "core/file.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "http/negotiate.h"
#include "http/static.h"

#define STATIC_DEPTH_MAX 8
#define GZIP_MIN_BYTES 1024

static struct static_file *files; /* the base table: owns the files */
static size_t nfiles;

/* The table lookups read: files, or the latest rendering of it. */
static struct static_file *served;

/* Renderings no longer served, freed by static_release. */
struct retired {
	struct retired *next;
	struct static_file *table;
};
static struct retired *retired;

static pthread_mutex_t values_lock = PTHREAD_MUTEX_INITIALIZER;
static char *value_names[STATIC_VALUES_MAX];
static char *value_texts[STATIC_VALUES_MAX]; /* HTML-escaped */
static size_t nvalues;

#define PLACEHOLDER_OPEN "{{@"
#define PLACEHOLDER_NAME_MAX 32

static const struct {
	const char *ext;
	const char *ctype;
	int compress;
	int immutable;
} types[] = {
    {".html", "text/html; charset=utf-8", 1, 0},
    {".css", "text/css; charset=utf-8", 1, 0},
    {".js", "text/javascript; charset=utf-8", 1, 0},
    {".mjs", "text/javascript; charset=utf-8", 1, 0},
    {".json", "application/json", 1, 0},
    {".map", "application/json", 1, 0},
    {".svg", "image/svg+xml", 1, 0},
    {".txt", "text/plain; charset=utf-8", 1, 0},
    {".csv", "text/csv; charset=utf-8", 1, 0},
    {".xml", "application/xml", 1, 0},
    {".geojson", "application/geo+json", 1, 0},
    {".png", "image/png", 0, 1},
    {".jpg", "image/jpeg", 0, 1},
    {".jpeg", "image/jpeg", 0, 1},
    {".gif", "image/gif", 0, 1},
    {".webp", "image/webp", 0, 1},
    {".ico", "image/x-icon", 0, 1},
    {".woff", "font/woff", 0, 1},
    {".woff2", "font/woff2", 0, 1},
    {".ttf", "font/ttf", 1, 1},
    {".pdf", "application/pdf", 0, 0},
};

/* The first occurrence of needle (n bytes) in hay (len bytes), or NULL. */
static const char *
find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *p = hay, *end = hay + len;

	while (n > 0 && (size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int
type_of(const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return (int)i;
	}
	return -1;
}

/* gzip (RFC 1952) of data; keeps it only if it saves at least 10 %. */
static void
make_gzip(struct static_file *f)
{
	z_stream zs;
	uLong bound;
	unsigned char *out;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return;
	bound = deflateBound(&zs, (uLong)f->len) + 32;
	out = xmalloc(bound);
	zs.next_in = (unsigned char *)f->data;
	zs.avail_in = (uInt)f->len;
	zs.next_out = out;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END ||
	    zs.total_out >= f->len - f->len / 10) {
		deflateEnd(&zs);
		free(out);
		return;
	}
	f->gz = (char *)out;
	f->gz_len = zs.total_out;
	deflateEnd(&zs);
}

/*
 * Names that change whenever their content does: the build's hashed JS/CSS
 * ("app-Q3LCQXBK.css") and the versioned Bootstrap Italia folder.  These can
 * be cached for a year; everything else is revalidated with its ETag.
 */
static int
is_fingerprinted(const char *url)
{
	const char *dot = strrchr(url, '.'), *dash;
	size_t i;

	if (strncmp(url, "/assets/bootstrap-italia-", 25) == 0)
		return 1;
	if (dot == NULL ||
	    (strcmp(dot, ".js") != 0 && strcmp(dot, ".css") != 0))
		return 0;
	dash = dot - 9;
	if (dash < url || *dash != '-')
		return 0;
	for (i = 1; i < 9; i++)
		if (!((dash[i] >= 'A' && dash[i] <= 'Z') ||
		      (dash[i] >= '0' && dash[i] <= '9')))
			return 0;
	return 1;
}

static int
load_file(const char *path, const char *url, int type, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(STATIC_FILE_MAX);
	struct static_file *f;

	if (nfiles == STATIC_FILES_MAX)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "too many files in the web directory");
	if (file_read_regular(path, &sb, err) != AV_OK) {
		sbuf_release(&sb);
		return err->code;
	}
	f = &files[nfiles];
	memset(f, 0, sizeof(*f));
	f->data = sbuf_detach(&sb, &f->len);
	f->url = xstrdup(url);
	f->ctype = types[type].ctype;
	f->immutable_cache = types[type].immutable || is_fingerprinted(url);
	if (strcmp(types[type].ext, ".html") == 0 &&
	    find_bytes(f->data, f->len, PLACEHOLDER_OPEN,
	               sizeof(PLACEHOLDER_OPEN) - 1) != NULL) {
		f->tmpl = f->data;
		f->tmpl_len = f->len;
	}
	negotiate_etag_of(f->data, f->len, f->etag);
	snprintf(f->etag_gz, sizeof(f->etag_gz), "%.33s-gzip\"", f->etag);
	if (types[type].compress && f->len >= GZIP_MIN_BYTES)
		make_gzip(f);
	nfiles++;
	return AV_OK;
}

static int
load_dir(const char *dir, const char *prefix, int depth, struct av_err *err)
{
	DIR *d;
	struct dirent *e;

	if (depth > STATIC_DEPTH_MAX)
		return AV_OK;
	d = opendir(dir);
	if (d == NULL)
		return av_fail(err, AV_EIO, NULL,
		               "cannot open web directory '%s'", dir);
	while ((e = readdir(d)) != NULL) {
		struct sbuf path = SBUF_INIT(4096), url = SBUF_INIT(1024);
		struct stat st;
		int rc = AV_OK;

		if (e->d_name[0] == '.')
			continue;
		sbuf_addf(&path, "%s/%s", dir, e->d_name);
		sbuf_addf(&url, "%s/%s", prefix, e->d_name);
		/* lstat: a symbolic link is skipped, never followed. */
		if (sbuf_err(&path) || sbuf_err(&url) ||
		    lstat(path.buf, &st) != 0) {
			/* skip names we cannot represent */
		} else if (S_ISDIR(st.st_mode)) {
			rc = load_dir(path.buf, url.buf, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			int t = type_of(e->d_name);

			if (t >= 0)
				rc = load_file(path.buf, url.buf, t, err);
		}
		sbuf_release(&path);
		sbuf_release(&url);
		if (rc != AV_OK) {
			closedir(d);
			return rc;
		}
	}
	closedir(d);
	return AV_OK;
}

static int
cmp_url(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->url,
	              ((const struct static_file *)b)->url);
}

/* The current table; acquire pairs with the release in publish(). */
static struct static_file *
current(void)
{
	return __atomic_load_n(&served, __ATOMIC_ACQUIRE);
}

/* Appends the value of placeholder name (n bytes) to sb; "" if unknown. */
static void
add_value(struct sbuf *sb, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < nvalues; i++)
		if (strlen(value_names[i]) == n &&
		    memcmp(value_names[i], name, n) == 0) {
			sbuf_add(sb, value_texts[i], strlen(value_texts[i]));
			return;
		}
}

/* f's template rendered with the values into f (data, gz, ETags). */
static void
render(struct static_file *f)
{
	struct sbuf sb = SBUF_INIT(STATIC_FILE_MAX);
	const char *p = f->tmpl, *end = f->tmpl + f->tmpl_len;

	while (p < end) {
		const char *o =
		    find_bytes(p, (size_t)(end - p), PLACEHOLDER_OPEN,
		               sizeof(PLACEHOLDER_OPEN) - 1);
		const char *name, *close;

		if (o == NULL) {
			sbuf_add(&sb, p, (size_t)(end - p));
			break;
		}
		sbuf_add(&sb, p, (size_t)(o - p));
		name = o + sizeof(PLACEHOLDER_OPEN) - 1;
		close = find_bytes(name, (size_t)(end - name), "}}", 2);
		if (close == NULL || close - name > PLACEHOLDER_NAME_MAX) {
			/* not a placeholder: kept as it is */
			sbuf_add(&sb, o, sizeof(PLACEHOLDER_OPEN) - 1);
			p = name;
			continue;
		}
		add_value(&sb, name, (size_t)(close - name));
		p = close + 2;
	}
	if (sbuf_err(&sb)) {
		/* too big: the template itself, placeholders and all */
		sbuf_release(&sb);
		f->data = xmalloc(f->tmpl_len);
		memcpy(f->data, f->tmpl, f->tmpl_len);
		f->len = f->tmpl_len;
	} else {
		f->data = sbuf_detach(&sb, &f->len);
	}
	f->gz = NULL;
	f->gz_len = 0;
	f->rendered = 1;
	negotiate_etag_of(f->data, f->len, f->etag);
	snprintf(f->etag_gz, sizeof(f->etag_gz), "%.33s-gzip\"", f->etag);
	if (f->len >= GZIP_MIN_BYTES)
		make_gzip(f);
}

/* A new rendering of every template, published; values_lock held. */
static void
publish(void)
{
	struct static_file *t;
	struct retired *old;
	size_t i;

	if (files == NULL)
		return;
	t = xcalloc(nfiles ? nfiles : 1, sizeof(*t));
	memcpy(t, files, nfiles * sizeof(*t));
	for (i = 0; i < nfiles; i++)
		if (t[i].tmpl != NULL)
			render(&t[i]);
	if (served != files) {
		old = xmalloc(sizeof(*old));
		old->table = served;
		old->next = retired;
		retired = old;
	}
	__atomic_store_n(&served, t, __ATOMIC_RELEASE);
}

int
static_set_values(const char *const names[], const char *const values[],
                  size_t n, struct av_err *err)
{
	size_t i;

	if (n > STATIC_VALUES_MAX)
		return av_fail(err, AV_EINVAL, NULL, "too many placeholders");
	pthread_mutex_lock(&values_lock);
	for (i = 0; i < nvalues; i++) {
		free(value_names[i]);
		free(value_texts[i]);
	}
	for (i = 0; i < n; i++) {
		struct sbuf sb = SBUF_INIT(STATIC_FILE_MAX);
		const char *v = values[i] ? values[i] : "";
		size_t len;

		value_names[i] = xstrdup(names[i]);
		for (; *v; v++) {
			switch (*v) {
			case '&':
				sbuf_add(&sb, "&amp;", 5);
				break;
			case '<':
				sbuf_add(&sb, "&lt;", 4);
				break;
			case '>':
				sbuf_add(&sb, "&gt;", 4);
				break;
			case '"':
				sbuf_add(&sb, "&quot;", 6);
				break;
			case '\'':
				sbuf_add(&sb, "&#39;", 5);
				break;
			default:
				sbuf_add(&sb, v, 1);
			}
		}
		sbuf_add(&sb, "", 1);
		value_texts[i] =
		    sbuf_err(&sb) ? xstrdup("") : sbuf_detach(&sb, &len);
	}
	nvalues = n;
	publish();
	pthread_mutex_unlock(&values_lock);
	return AV_OK;
}

int
static_load(const char *dir, struct av_err *err)
{
	static_release();
	if (dir == NULL)
		return AV_OK;
	files = xcalloc(STATIC_FILES_MAX, sizeof(*files));
	if (load_dir(dir, "", 0, err) != AV_OK)
		return err->code;
	qsort(files, nfiles, sizeof(*files), cmp_url);
	pthread_mutex_lock(&values_lock);
	served = files;
	publish();
	pthread_mutex_unlock(&values_lock);
	return AV_OK;
}

static void
free_rendered(struct static_file *t)
{
	size_t i;

	if (t == NULL || t == files)
		return;
	for (i = 0; i < nfiles; i++)
		if (t[i].rendered) {
			free(t[i].data);
			free(t[i].gz);
		}
	free(t);
}

void
static_release(void)
{
	size_t i;

	pthread_mutex_lock(&values_lock);
	free_rendered(served);
	while (retired != NULL) {
		struct retired *next = retired->next;

		free_rendered(retired->table);
		free(retired);
		retired = next;
	}
	__atomic_store_n(&served, NULL, __ATOMIC_RELEASE);
	for (i = 0; i < nfiles; i++) {
		free(files[i].url);
		free(files[i].data);
		free(files[i].gz);
	}
	free(files);
	files = NULL;
	nfiles = 0;
	pthread_mutex_unlock(&values_lock);
}

const struct static_file *
static_find(const char *url)
{
	struct static_file key;
	struct static_file *t = current();

	if (nfiles == 0 || t == NULL)
		return NULL;
	key.url = (char *)(strcmp(url, "/") == 0 ? "/index.html" : url);
	return bsearch(&key, t, nfiles, sizeof(*t), cmp_url);
}

size_t
static_count(void)
{
	return nfiles;
}
