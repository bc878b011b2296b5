/*
 * protocollo.h - the network's adhesion protocol signed by each Province's
 * President (issue 18 item 4).  The Province's administrator (or the
 * network's, UPI) uploads the signed file (.p7m or signed PDF); it is kept
 * by the documents module, attached to "rete_protocollo"/<provincia code>
 * (the newest is the current one), and verified by the firma module's job
 * firma_documento; the Rete page shows to those who may edit the Province
 * "Protocollo firmato da ... il ..." or why the signature is not valid.
 * docs/firma.md "Where it shows".
 */
#ifndef AV_NETWORK_PROTOCOLLO_H
#define AV_NETWORK_PROTOCOLLO_H

#include "core/err.h"
#include "identity/types.h"

struct db;

/* documents' attached_type (attached_id: the Province's code, "024") and
 * firma_verifica's oggetto (oggetto_id: the document id). */
#define RETE_PROTOCOLLO_ATTACHED "rete_protocollo"
#define RETE_PROTOCOLLO_OGGETTO "rete_protocollo"

/*
 * Whether u may read the protocol of the Province codice: who may edit
 * the Province in the network (network_edit: its administrator, UPI).
 * Called by the documents module for documents attached to
 * RETE_PROTOCOLLO_ATTACHED.
 */
int rete_protocollo_readable(struct db *db, const struct user *u,
                             const char *codice, int *ok, struct av_err *err);

#endif
