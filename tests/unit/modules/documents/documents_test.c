/*
 * documents_test.c - the documents store without HTTP: a stored upload is
 * a 0600 blob named by its hash under 0700 directories, the same bytes are
 * stored once, every upload is audited, and the reading rule (uploader,
 * users of the uploader's ente; nobody through this module once attached).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "db/db.h"
#include "http/upload.h"
#include "modules/documents/documents.h"
#include "store/blob.h"
#include "unit/testdb.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];
static char dir[64];

static const struct sql_def q_users = {
    "t_users", 0,
    "INSERT INTO app_user (id, email, name, password_hash, created,"
    " updated) VALUES (1, 'a@example.org', 'A', 'x', 0, 0),"
    " (2, 'b@example.org', 'B', 'x', 0, 0),"
    " (3, 'c@example.org', 'C', 'x', 0, 0)"};
static const struct sql_def q_count_blob = {"t_count_blob", 0,
                                            "SELECT COUNT(*) FROM blob"};
static const struct sql_def q_count_audit = {
    "t_count_audit", 0,
    "SELECT COUNT(*) FROM audit_log WHERE action = 'document.upload'"};
static const struct sql_def q_attach = {
    "t_attach", 1,
    "UPDATE document SET attached_type = 'procedura', attached_id = '1'"
    " WHERE id = $1"};

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(sodium_init() >= 0, 1);
	db = testdb_open("documents", path);
	cr_assert_eq(db_exec(db, &q_users, NULL, 0, NULL, &err), AV_OK, "%s",
	             err.detail);
	snprintf(dir, sizeof(dir), "/tmp/av-docs-%d", (int)getpid());
	cr_assert_eq(upload_set_data_dir(dir, &err), AV_OK, "%s", err.msg);
}

static void
teardown(void)
{
	char cmd[128];

	testdb_remove(db, path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(documents, .init = setup, .fini = teardown);

static struct user
caller(int64_t id, const char *ente)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.id = id;
	if (ente != NULL) {
		u.nroles = 1;
		u.roles[0].role = ROLE_SUA_OFFICER;
		snprintf(u.roles[0].ente, sizeof(u.roles[0].ente), "%s", ente);
	}
	return u;
}

/* An upload as upload_finish leaves it: a temp file, hashed. */
static void
fake_upload(struct upload *up, char *tmp, const char *content)
{
	unsigned char digest[32];
	int fd;

	memset(up, 0, sizeof(*up));
	snprintf(tmp, 128, "%s/tmp/up-test-XXXXXX", dir);
	fd = mkstemp(tmp);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, content, strlen(content)),
	             (ssize_t)strlen(content));
	close(fd);
	crypto_hash_sha256(digest, (const unsigned char *)content,
	                   strlen(content));
	sodium_bin2hex(up->sha256, sizeof(up->sha256), digest, 32);
	up->path = tmp;
	up->size = strlen(content);
	snprintf(up->mime, sizeof(up->mime), "text/plain");
	snprintf(up->name, sizeof(up->name), "nota.txt");
}

static int64_t
count(const struct sql_def *q)
{
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;

	cr_assert_eq(db_query_i64(db, q, NULL, 0, &n, NULL, &err), AV_OK);
	return n;
}

Test(documents, stored_once_by_hash_and_audited)
{
	struct av_err err = AV_ERR_INIT;
	struct user a = caller(1, "provincia:024");
	struct upload up;
	struct document d1, d2;
	char tmp[128], blob[4300], sub[4300];
	struct stat st;

	fake_upload(&up, tmp, "contenuto del documento\n");
	cr_assert_eq(document_create(db, &a, &up, &d1, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_str_eq(d1.ente, "provincia:024");
	cr_assert_eq(blob_path(up.sha256, blob, sizeof(blob), &err), AV_OK);
	cr_assert_eq(stat(blob, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_eq(st.st_size, (off_t)up.size);
	snprintf(sub, sizeof(sub), "%s/blobs/%.2s", dir, up.sha256);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	unlink(tmp); /* as the request's end does: the blob stays */
	cr_assert_eq(access(blob, R_OK), 0);

	fake_upload(&up, tmp, "contenuto del documento\n");
	cr_assert_eq(document_create(db, &a, &up, &d2, &err), AV_OK);
	unlink(tmp);
	cr_assert_neq(d1.id, d2.id);
	cr_assert_eq(count(&q_count_blob), 1);
	cr_assert_eq(count(&q_count_audit), 2);
}

Test(documents, readable_by_uploader_and_its_ente)
{
	struct av_err err = AV_ERR_INIT;
	struct user a = caller(1, "provincia:024");
	struct user b = caller(2, "provincia:024");
	struct user c = caller(3, "provincia:017");
	struct user none = caller(3, NULL);
	struct upload up;
	struct document d, got;
	char tmp[128];
	int found = -1;
	struct db_param p[1];

	fake_upload(&up, tmp, "altro contenuto\n");
	cr_assert_eq(document_create(db, &a, &up, &d, &err), AV_OK);
	unlink(tmp);
	cr_assert_eq(document_get_readable(db, &a, d.id, &got, &found, &err),
	             AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_str_eq(got.sha256, up.sha256);
	cr_assert_str_eq(got.nome, "nota.txt");
	cr_assert_eq(document_get_readable(db, &b, d.id, &got, &found, &err),
	             AV_OK);
	cr_assert_eq(found, 1, "same ente");
	document_get_readable(db, &c, d.id, &got, &found, &err);
	cr_assert_eq(found, 0, "another ente");
	document_get_readable(db, &none, d.id, &got, &found, &err);
	cr_assert_eq(found, 0, "no roles");
	document_get_readable(db, NULL, d.id, &got, &found, &err);
	cr_assert_eq(found, 0, "anonymous");
	document_get_readable(db, &a, d.id + 100, &got, &found, &err);
	cr_assert_eq(found, 0, "no such id");
	/* Attached: the object decides; no module attaches yet. */
	p[0] = P_I64(d.id);
	cr_assert_eq(db_exec(db, &q_attach, p, 1, NULL, &err), AV_OK);
	document_get_readable(db, &a, d.id, &got, &found, &err);
	cr_assert_eq(found, 0, "attached: not through this module");
	cr_assert_eq(err.code, AV_OK);
}
