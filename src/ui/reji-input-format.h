/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *reji_input_format_amount       (const char *text,
                                         int        *cursor);
char    *reji_input_format_card_number  (const char *text,
                                         int        *cursor);
char    *reji_input_format_expiry       (const char *text,
                                         int        *cursor,
                                         gboolean    inserting);
gint64   reji_input_get_amount_ceiling  (const char *currency_code);

G_END_DECLS
