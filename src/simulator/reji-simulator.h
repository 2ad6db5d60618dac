/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REJI_TYPE_SIMULATOR (reji_simulator_get_type ())

G_DECLARE_FINAL_TYPE (RejiSimulator, reji_simulator, REJI, SIMULATOR, GObject)

RejiSimulator *reji_simulator_new                  (void);

/* Listens on @host (an IP address literal) and @port (0 picks a free one).
 * The server runs on the thread-default main context of the caller. */
gboolean       reji_simulator_listen               (RejiSimulator  *self,
                                                    const char     *host,
                                                    guint           port,
                                                    GError        **error);
void           reji_simulator_shutdown             (RejiSimulator  *self);

/* "http://127.0.0.1:PORT/api/v1": the base URL a KOMOJU client uses. */
char          *reji_simulator_dup_base_url         (RejiSimulator  *self);
/* A page on the simulator that the 3-D Secure page sends the customer to
 * in training mode, when the sale has no return URL of its own. */
char          *reji_simulator_dup_return_url       (RejiSimulator  *self);

/* The ledger. Token statuses use KOMOJU's spelling ("NEEDS_VERIFY", …),
 * payment statuses too ("captured", …); NULL for an unknown id. */
guint          reji_simulator_get_n_tokens         (RejiSimulator  *self);
guint          reji_simulator_get_n_payments       (RejiSimulator  *self);
const char    *reji_simulator_get_token_status     (RejiSimulator  *self,
                                                    const char     *token_id);
const char    *reji_simulator_get_payment_status   (RejiSimulator  *self,
                                                    const char     *payment_id);
/* The whole ledger as a JSON document, the same that
 * `GET /simulator/ledger` serves: {"secure_tokens": [...], "payments": [...]}. */
char          *reji_simulator_dup_ledger_json      (RejiSimulator  *self);

G_END_DECLS
