/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "reji-sim-ledger.h"

G_BEGIN_DECLS

void  reji_sim_page_handle_3ds     (RejiSimLedger     *ledger,
                                    SoupServerMessage *message);
void  reji_sim_page_handle_return  (RejiSimLedger     *ledger,
                                    SoupServerMessage *message);
char *reji_sim_page_build_return_url (const char      *return_url,
                                      const char      *token_id);

G_END_DECLS
