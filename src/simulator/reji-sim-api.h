/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "reji-sim-ledger.h"

G_BEGIN_DECLS

/* The path of the 3-D Secure page, as on KOMOJU. */
#define REJI_SIM_3DS_PATH "/three_d_secure_service/offsite"

/* @origin is "http://HOST:PORT", the simulator's own address, from which
 * the authentication URLs are built. */
RejiSimToken   *reji_sim_api_create_token     (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *origin);
void            reji_sim_api_show_token       (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *origin,
                                               const char        *token_id);
RejiSimPayment *reji_sim_api_create_payment   (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *decline_code);
void            reji_sim_api_show_payment     (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *payment_id);

/* In reji-sim-payments.c. */
void            reji_sim_api_list_payments    (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               GHashTable        *query);
void            reji_sim_api_cancel_payment   (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *payment_id);
void            reji_sim_api_refund_payment   (RejiSimLedger     *ledger,
                                               SoupServerMessage *message,
                                               const char        *payment_id);

G_END_DECLS
