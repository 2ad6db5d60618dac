/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

char *reji_komoju_redact_body  (const char  *data,
                                gsize        size);
void  reji_komoju_log_request  (SoupMessage *message,
                                GBytes      *body,
                                guint        attempt);
void  reji_komoju_log_response (SoupMessage *message,
                                GBytes      *body,
                                gint64       elapsed_ms);

G_END_DECLS
