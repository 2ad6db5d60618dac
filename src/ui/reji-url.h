/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean reji_url_host_is_loopback          (const char *host);
gboolean reji_url_is_allowed_base           (const char *url);
gboolean reji_url_is_allowed_authentication (const char *url);

G_END_DECLS
