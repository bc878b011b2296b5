/*
 * ckan_handlers.h - the CKAN read actions (ckan_handlers.c).
 */
#ifndef AV_DATI_CKAN_HANDLERS_H
#define AV_DATI_CKAN_HANDLERS_H

#include "http/route.h"

int ckan_package_list(struct req *req, struct resp *resp);
int ckan_package_show(struct req *req, struct resp *resp);
int ckan_package_search(struct req *req, struct resp *resp);
int ckan_organization_list(struct req *req, struct resp *resp);
int ckan_organization_show(struct req *req, struct resp *resp);
int ckan_group_list(struct req *req, struct resp *resp);
int ckan_tag_list(struct req *req, struct resp *resp);
int ckan_license_list(struct req *req, struct resp *resp);
int ckan_status_show(struct req *req, struct resp *resp);
/* /api/3/action/{action} for any other name. */
int ckan_unknown(struct req *req, struct resp *resp);

#endif
