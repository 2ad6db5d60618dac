/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The UI's questions about addresses, answered by the KOMOJU layer's
 * rules so that there is one definition of an acceptable URL. */

#include "config.h"

#include "reji-komoju-url.h"
#include "reji-url.h"

gboolean
reji_url_host_is_loopback (const char *host)
{
  return reji_komoju_host_is_loopback (host);
}

/* Whether @url may be KOMOJU's API base URL: https://, or http:// on a
 * loopback host (the simulator). */
gboolean
reji_url_is_allowed_base (const char *url)
{
  return url != NULL && reji_komoju_base_url_is_allowed (url, NULL);
}

/* Whether @url may go into the QR code: https://, or http:// on a loopback
 * host. The page has no base URL at hand, so a loopback address counts as
 * its own base. */
gboolean
reji_url_is_allowed_authentication (const char *url)
{
  return url != NULL && reji_komoju_authentication_url_is_allowed (url, url, NULL);
}
