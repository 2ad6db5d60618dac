/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>

#include "reji-url.h"

/**
 * reji_url_host_is_loopback:
 * @host: (nullable): a host as #GUri returns it (IPv6 without brackets)
 *
 * Returns: whether @host is `localhost` or an address in 127.0.0.0/8 or ::1
 */
gboolean
reji_url_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Accepts https:// with any host, and http:// only towards a loopback
 * address, so card data and keys never cross a network in clear text. */
static gboolean
url_is_https_or_loopback_http (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && reji_url_host_is_loopback (host);
}

/**
 * reji_url_is_allowed_base:
 * @url: (nullable): a KOMOJU API base URL
 *
 * Returns: whether the client may send the secret key and card data to @url
 */
gboolean
reji_url_is_allowed_base (const char *url)
{
  return url_is_https_or_loopback_http (url);
}

/**
 * reji_url_is_allowed_authentication:
 * @url: (nullable): a secure token's `authentication_url`
 *
 * Returns: whether @url may be shown as a QR code and opened: an https://
 *   page, or the simulator's page on a loopback address
 */
gboolean
reji_url_is_allowed_authentication (const char *url)
{
  return url_is_https_or_loopback_http (url);
}
