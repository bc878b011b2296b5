/*
 * notifiche_sql.h - the statements of the notifications (notifiche.c,
 * email.c, config.c).
 */
#ifndef AV_NOTIFICHE_SQL_H
#define AV_NOTIFICHE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum notifiche_q {
	Q_NOT_INSERT,
	Q_NOT_PAGE,
	Q_NOT_COUNT,
	Q_NOT_UNREAD,
	Q_NOT_OWNED,
	Q_NOT_READ,
	Q_NOT_READ_ALL,
	Q_EMAIL_INSERT,
	Q_EMAIL_DUE,
	Q_EMAIL_CLAIM,
	Q_EMAIL_SET,
	Q_EMAIL_NEXT,
	Q_EMAIL_WAITING,
	Q_TENTATIVO_INSERT,
	Q_SMTP_GET,
	Q_SMTP_SET,
	Q_SMTP_DELETE,
	Q_NOTIFICHE__MAX
};

extern const struct sql_def notifiche_sql[Q_NOTIFICHE__MAX];
extern const size_t notifiche_sql_count;

#endif
