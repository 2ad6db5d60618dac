/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest `authentication_url` the client passes on, in bytes. */
#define REJI_KOMOJU_MAX_URL_LENGTH 2048

gboolean reji_komoju_host_is_loopback                (const char  *host);
gboolean reji_komoju_base_url_is_allowed             (const char  *url,
                                                      GError     **error);
gboolean reji_komoju_authentication_url_is_allowed   (const char  *url,
                                                      const char  *base_url,
                                                      GError     **error);

G_END_DECLS
