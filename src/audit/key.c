/*
 * key.c - the Ed25519 key pair that signs audit checkpoints: its file
 * (outside the database, mode 0600, or root:service 0640), where it sits
 * relative to the database, and the copy the server keeps in memory.
 *
 * The key lives outside the database so that whoever copies or rewrites the
 * database does not get the power to sign a checkpoint of the rewritten log;
 * in production outside the database's directory too (serve warns
 * otherwise), so that a copy of that directory does not carry it.
 * The file holds only the 32-byte seed (the pair is derived from it) in a
 * small text format that is easy to back up and recognise:
 *
 *	areavasta-audit-ed25519-v1\n<64 lowercase hex digits>\n
 *
 * Secrets are read into stack buffers that are zeroed with sodium_memzero
 * before returning; no secret ever goes through jansson or stdio buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/audit.h"
#include "db/db.h"
#include "core/xmalloc.h"

#define KEY_MAGIC "areavasta-audit-ed25519-v1\n"
#define KEY_MAGIC_LEN (sizeof(KEY_MAGIC) - 1)
#define KEY_SEED_BYTES 32
#define KEY_FILE_LEN (KEY_MAGIC_LEN + 2 * KEY_SEED_BYTES + 1)
#define KEY_PATH_MAX 4096 /* bytes of a key file path */

_Static_assert(KEY_SEED_BYTES == crypto_sign_SEEDBYTES, "seed size");

/*
 * The directory holding path, resolved (realpath) when it exists, else as
 * written ("." for a bare name).  0, or -1 if it does not fit.
 */
static int
parent_dir(const char *path, char *out, size_t n)
{
	char dir[KEY_PATH_MAX], *slash, *real;
	int len = snprintf(dir, sizeof(dir), "%s", path);

	if (len < 0 || (size_t)len >= sizeof(dir))
		return -1;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	real = realpath(dir, NULL);
	len = snprintf(out, n, "%s", real ? real : dir);
	free(real);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

void
audit_key_default_path(const char *db_path, char *out, size_t n)
{
	int len;

	/* A PostgreSQL database has no directory to sit beside. */
	if (db_target_is_postgres(db_path)) {
		if (n > 0)
			out[0] = '\0';
		return;
	}
	len = snprintf(out, n, "%s.audit-key", db_path);

	if (n > 0 && (len < 0 || (size_t)len >= n))
		out[0] = '\0';
}

int
audit_key_mode_ok(unsigned mode, unsigned owner)
{
	if ((mode & 007) != 0 || (mode & 030) != 0)
		return 0;
	/*
	 * Group read is how root lends its key to the service user
	 * (root:areavasta 0640): the service can sign but not replace it.
	 * Anyone else's key has no reason to be readable by a group.
	 */
	if ((mode & 040) != 0 && owner != 0)
		return 0;
	return 1;
}

int
audit_key_beside_db(const char *key_path, const char *db_path)
{
	char kd[KEY_PATH_MAX], dd[KEY_PATH_MAX];

	return parent_dir(key_path, kd, sizeof(kd)) == 0 &&
	       parent_dir(db_path, dd, sizeof(dd)) == 0 && strcmp(kd, dd) == 0;
}

void
audit_key_clear(struct audit_key *key)
{
	sodium_memzero(key, sizeof(*key));
}

/* Adds the errno text to an error already failed; returns its code. */
static int
io_detail(struct av_err *err, const char *path, int errnum)
{
	if (errnum)
		av_detail(err, "'%s': %s", path, strerror(errnum));
	return err->code;
}

static int
no_path(struct av_err *err)
{
	return av_fail(err, AV_EIO, NULL,
	               "Percorso della chiave di firma del registro di audit"
	               " non indicato o troppo lungo (con PostgreSQL"
	               " indicarlo con --audit-key FILE).");
}

/* Parses the file's bytes into *key; 0 if well-formed. */
static int
key_parse(const char *buf, size_t len, struct audit_key *key)
{
	unsigned char seed[KEY_SEED_BYTES];
	size_t i, bin_len = 0;
	int rc = -1;

	if (len != KEY_FILE_LEN || memcmp(buf, KEY_MAGIC, KEY_MAGIC_LEN) != 0 ||
	    buf[len - 1] != '\n')
		return -1;
	for (i = KEY_MAGIC_LEN; i < len - 1; i++)
		if (!((buf[i] >= '0' && buf[i] <= '9') ||
		      (buf[i] >= 'a' && buf[i] <= 'f')))
			return -1;
	if (sodium_hex2bin(seed, sizeof(seed), buf + KEY_MAGIC_LEN,
	                   2 * KEY_SEED_BYTES, NULL, &bin_len, NULL) == 0 &&
	    bin_len == sizeof(seed) &&
	    crypto_sign_seed_keypair(key->pk, key->sk, seed) == 0)
		rc = 0;
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int
audit_key_load(const char *path, struct audit_key *key, struct av_err *err)
{
	char buf[KEY_FILE_LEN + 1];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd, rc;

	memset(key, 0, sizeof(*key));
	if (path == NULL || path[0] == '\0')
		return no_path(err);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return av_fail(err, AV_EIO, NULL,
		               "La chiave di firma del registro di audit '%s'"
		               " non esiste.",
		               path);
	if (fd < 0) {
		rc = errno;
		av_fail(err, AV_EIO, NULL,
		        "Impossibile leggere la chiave di firma del registro"
		        " di audit '%s' (un collegamento simbolico non è"
		        " accettato).",
		        path);
		return io_detail(err, path, rc);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return av_fail(err, AV_EIO, NULL,
		               "La chiave di firma '%s' non è un file"
		               " regolare.",
		               path);
	}
	if (!audit_key_mode_ok(st.st_mode, st.st_uid)) {
		close(fd);
		av_fail(err, AV_EIO, NULL,
		        "La chiave di firma '%s' è accessibile ad altri"
		        " utenti (permessi %04o): correggi con 'chmod 600'"
		        " (oppure 0640 con proprietario root e il gruppo del"
		        " servizio).",
		        path, (unsigned)(st.st_mode & 07777));
		return AV_EIO;
	}
	/* One byte more than a valid file, to see that it is too long. */
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			close(fd);
			sodium_memzero(buf, sizeof(buf));
			av_fail(err, AV_EIO, NULL,
			        "Impossibile leggere la chiave di firma"
			        " '%s'.",
			        path);
			return io_detail(err, path, rc);
		}
		len += (size_t)n;
	}
	close(fd);
	rc = key_parse(buf, len, key);
	sodium_memzero(buf, sizeof(buf));
	if (rc != 0) {
		audit_key_clear(key);
		return av_fail(err, AV_EIO, NULL,
		               "Il file '%s' non è una chiave di firma del"
		               " registro di audit valida.",
		               path);
	}
	return AV_OK;
}

/* Writes all of buf to fd; 0 or an errno. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Creates a new key file at path; EEXIST if someone else made one. */
static int
key_create(const char *path, struct av_err *err)
{
	char tmp[KEY_PATH_MAX], buf[KEY_FILE_LEN + 1];
	unsigned char seed[KEY_SEED_BYTES];
	int fd, e = 0, len;

	len = snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
	if (len < 0 || (size_t)len >= sizeof(tmp))
		return no_path(err);
	/* mkstemp opens with O_CREAT | O_EXCL and mode 0600. */
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		av_fail(err, AV_EIO, NULL,
		        "Impossibile creare la chiave di firma del registro di"
		        " audit '%s'.",
		        path);
		return io_detail(err, tmp, e);
	}
	randombytes_buf(seed, sizeof(seed));
	memcpy(buf, KEY_MAGIC, KEY_MAGIC_LEN);
	sodium_bin2hex(buf + KEY_MAGIC_LEN, 2 * KEY_SEED_BYTES + 1, seed,
	               sizeof(seed));
	buf[KEY_FILE_LEN - 1] = '\n';
	sodium_memzero(seed, sizeof(seed));
	if (fchmod(fd, 0600) != 0 || (e = write_all(fd, buf, KEY_FILE_LEN)) ||
	    fsync(fd) != 0)
		e = e ? e : errno;
	sodium_memzero(buf, sizeof(buf));
	if (close(fd) != 0 && e == 0)
		e = errno;
	/* link() never replaces an existing file: the first creator wins. */
	if (e == 0 && link(tmp, path) != 0)
		e = errno;
	unlink(tmp);
	if (e == EEXIST)
		return EEXIST;
	if (e != 0) {
		av_fail(err, AV_EIO, NULL,
		        "Impossibile creare la chiave di firma del registro di"
		        " audit '%s'.",
		        path);
		return io_detail(err, path, e);
	}
	return AV_OK;
}

int
audit_key_ensure(const char *path, struct av_err *err)
{
	struct audit_key key;
	struct stat st;
	int rc;

	if (path == NULL || path[0] == '\0')
		return no_path(err);
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT) {
			rc = errno;
			av_fail(err, AV_EIO, NULL,
			        "Impossibile accedere alla chiave di firma"
			        " '%s'.",
			        path);
			return io_detail(err, path, rc);
		}
		rc = key_create(path, err);
		if (rc != EEXIST)
			return rc;
	}
	rc = audit_key_load(path, &key, err);
	audit_key_clear(&key);
	return rc;
}

/* ---- the server's key ------------------------------------------------- */

static pthread_mutex_t key_mutex = PTHREAD_MUTEX_INITIALIZER;
static char *key_path;             /* owned */
static struct audit_key key_cache; /* valid when key_loaded */
static int key_loaded;

void
audit_key_configure(const char *path)
{
	pthread_mutex_lock(&key_mutex);
	free(key_path);
	key_path = path ? xstrdup(path) : NULL;
	audit_key_clear(&key_cache);
	key_loaded = 0;
	pthread_mutex_unlock(&key_mutex);
}

void
audit_key_release(void)
{
	audit_key_configure(NULL);
}

/* Loads the configured key into key_cache if needed; key_mutex held. */
static int
key_get_locked(struct av_err *err)
{
	struct av_err load_err = AV_ERR_INIT;

	if (key_loaded)
		return AV_OK;
	if (key_path == NULL) {
		av_fail(err, AV_EINTERNAL, NULL,
		        "La firma del registro di audit non è configurata.");
		av_detail(err, "audit_key_configure was not called");
		return AV_EINTERNAL;
	}
	if (audit_key_load(key_path, &key_cache, &load_err) != AV_OK) {
		/* A 500: the file's path and state are for the log. */
		av_fail(err, AV_EINTERNAL, NULL,
		        "La firma del registro di audit non è disponibile.");
		av_detail(err, "%s %s", load_err.msg, load_err.detail);
		return AV_EINTERNAL;
	}
	key_loaded = 1;
	return AV_OK;
}

int
audit_checkpoint_publish_configured(struct db *db, struct audit_checkpoint *cp,
                                    struct av_err *err)
{
	int rc;

	/* One publisher at a time: the lock also orders their times. */
	pthread_mutex_lock(&key_mutex);
	rc = key_get_locked(err);
	if (rc == AV_OK)
		rc = audit_checkpoint_publish(db, &key_cache, cp, err);
	pthread_mutex_unlock(&key_mutex);
	return rc;
}

int
audit_key_public_configured(unsigned char pk[AUDIT_PK_BYTES],
                            struct av_err *err)
{
	int rc;

	pthread_mutex_lock(&key_mutex);
	rc = key_get_locked(err);
	if (rc == AV_OK)
		memcpy(pk, key_cache.pk, AUDIT_PK_BYTES);
	pthread_mutex_unlock(&key_mutex);
	return rc;
}

int
audit_key_derive(uint64_t subkey_id, const char context[8], unsigned char *out,
                 size_t len, struct av_err *err)
{
	int rc;

	_Static_assert(crypto_kdf_KEYBYTES == KEY_SEED_BYTES, "kdf key size");
	if (len < crypto_kdf_BYTES_MIN || len > crypto_kdf_BYTES_MAX)
		AV_BUG("audit_key_derive: %zu bytes asked", len);
	pthread_mutex_lock(&key_mutex);
	rc = key_get_locked(err);
	/* libsodium's secret key starts with the 32-byte seed. */
	if (rc == AV_OK && crypto_kdf_derive_from_key(
	                       out, len, subkey_id, context, key_cache.sk) != 0)
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	pthread_mutex_unlock(&key_mutex);
	return rc;
}

const char *
audit_key_path(const char *db_path, const char *given, char *buf, size_t n)
{
	if (given != NULL)
		return given;
	audit_key_default_path(db_path, buf, n);
	return buf;
}

int
audit_key_sign_configured(const unsigned char *msg, size_t len,
                          unsigned char sig[64],
                          unsigned char pk[AUDIT_PK_BYTES], struct av_err *err)
{
	int rc;

	_Static_assert(crypto_sign_BYTES == 64, "signature size");
	pthread_mutex_lock(&key_mutex);
	rc = key_get_locked(err);
	if (rc == AV_OK) {
		crypto_sign_detached(sig, NULL, msg, len, key_cache.sk);
		memcpy(pk, key_cache.pk, AUDIT_PK_BYTES);
	}
	pthread_mutex_unlock(&key_mutex);
	return rc;
}
