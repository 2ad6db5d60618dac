/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean reji_komoju_parse_retry_after (const char *value,
                                        GDateTime  *now,
                                        guint      *out_ms);
guint    reji_komoju_backoff_delay     (guint       retry,
                                        guint       base_ms,
                                        guint       max_ms);

G_END_DECLS
