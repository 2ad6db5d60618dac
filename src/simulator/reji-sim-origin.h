/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  reji_sim_origin_is_wildcard  (const char   *host);
char     *reji_sim_origin_format       (GInetAddress *address,
                                        guint         port,
                                        GUri         *request_uri);

G_END_DECLS
