/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "reji-sim-ledger.h"

G_BEGIN_DECLS

/* The path of the 3-D Secure page, as on KOMOJU. */
#define REJI_SIM_3DS_PATH "/three_d_secure_service/offsite"

/* @origin is "http://HOST:PORT", the simulator's own address, from which
 * the authentication URLs are built. */
void  reji_sim_api_create_token    (RejiSimLedger     *ledger,
                                    SoupServerMessage *message,
                                    const char        *origin);
void  reji_sim_api_show_token      (RejiSimLedger     *ledger,
                                    SoupServerMessage *message,
                                    const char        *origin,
                                    const char        *token_id);
void  reji_sim_api_create_payment  (RejiSimLedger     *ledger,
                                    SoupServerMessage *message);
void  reji_sim_api_show_payment    (RejiSimLedger     *ledger,
                                    SoupServerMessage *message,
                                    const char        *payment_id);

G_END_DECLS
