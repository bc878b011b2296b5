/*
 * target_test.c - what a --db value names (SQLite file or PostgreSQL
 * URI/conninfo), and that a password in it never shows: masked in what
 * we print, overwritten in place in argv.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "db/db.h"

Test(target, recognises_postgres)
{
	cr_assert(db_target_is_postgres("postgresql://h/db"));
	cr_assert(db_target_is_postgres("postgres:///db?host=/run/pg"));
	cr_assert(db_target_is_postgres("host=/tmp/x dbname=av"));
	cr_assert(db_target_is_postgres("service=areavasta"));
	cr_assert(db_target_is_postgres(" dbname = av"));
	cr_assert_not(db_target_is_postgres("var/demo.db"));
	cr_assert_not(db_target_is_postgres("/srv/av.db"));
	cr_assert_not(db_target_is_postgres("./a=b.db"));
	cr_assert_not(db_target_is_postgres("demo.db"));
	cr_assert_not(db_target_is_postgres(""));
	cr_assert_not(db_target_is_postgres(NULL));
}

static void
check_display(const char *target, const char *want)
{
	char buf[256];

	cr_assert_str_eq(db_target_display(target, buf, sizeof(buf)), want);
}

Test(target, display_masks_passwords)
{
	check_display("postgresql://u:s3cret@h:5432/db",
	              "postgresql://u:***@h:5432/db");
	check_display("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db");
	check_display("postgresql://h/db?user=u&password=s3cret&sslmode=x",
	              "postgresql://h/db?user=u&password=***&sslmode=x");
	check_display("host=h password=s3cret dbname=db",
	              "host=h password=*** dbname=db");
	check_display("host=h password = 's3 cr\\'et' dbname=db",
	              "host=h password = *** dbname=db");
	check_display("postgresql://u@h/db", "postgresql://u@h/db");
	check_display("host=h dbname=db", "host=h dbname=db");
	check_display("var/demo.db", "var/demo.db");
}

Test(target, display_respects_the_buffer)
{
	char buf[12];

	db_target_display("postgresql://u:s3cret@h/db", buf, sizeof(buf));
	cr_assert_eq(strlen(buf), sizeof(buf) - 1);
	cr_assert_null(strstr(buf, "s3c"));
}

Test(target, hide_overwrites_in_place)
{
	char uri[] = "postgresql://u:s3cret@h/db";
	char info[] = "dbname=db password=s3cret host=h";
	char file[] = "password.db";

	db_target_hide_password(uri);
	db_target_hide_password(info);
	db_target_hide_password(file);
	cr_assert_str_eq(uri, "postgresql://u:xxxxxx@h/db");
	cr_assert_str_eq(info, "dbname=db password=xxxxxx host=h");
	cr_assert_str_eq(file, "password.db");
}
