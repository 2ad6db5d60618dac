/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void  reji_sim_fault_close_connection  (SoupServerMessage *message);
void  reji_sim_fault_respond_status    (SoupServerMessage *message,
                                        guint              status);
void  reji_sim_fault_malform_body      (SoupServerMessage *message);
void  reji_sim_fault_truncate_body     (SoupServerMessage *message);

G_END_DECLS
