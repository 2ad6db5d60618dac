/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-komoju-error.h"
#include "reji-komoju-url.h"

/**
 * reji_komoju_host_is_loopback:
 * @host: (nullable): a URL's host, without the brackets of an IPv6 literal
 *
 * Returns: TRUE for "localhost" (any case) and for IP addresses in
 *   127.0.0.0/8 or ::1; FALSE for every other name, which might resolve
 *   anywhere
 */
gboolean
reji_komoju_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
has_control_or_space (const char *url)
{
  for (const char *p = url; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || (guchar) *p == 0x7f)
        return TRUE;
    }

  return FALSE;
}

/* Parses @url strictly and checks the rules both kinds of URL share: no
 * control characters or spaces, a host, and no user name or password. On
 * failure it returns NULL and sets @reason to an untranslated fact for the
 * caller's message. */
static GUri *
parse_url (const char  *url,
           const char **reason)
{
  g_autoptr(GUri) uri = NULL;

  if (has_control_or_space (url))
    {
      *reason = N_("it contains a space or a control character");
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      *reason = N_("it is not a valid URL");
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      *reason = N_("it has no host");
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      *reason = N_("it contains a user name or password");
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* Checks the scheme: https always, http only on a loopback host when
 * @allow_loopback_http. */
static gboolean
scheme_is_allowed (GUri        *uri,
                   gboolean     allow_loopback_http,
                   const char **reason)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (allow_loopback_http && reji_komoju_host_is_loopback (g_uri_get_host (uri)))
        return TRUE;

      *reason = N_("plain http:// is allowed only on this computer (127.0.0.1, ::1 or localhost)");
      return FALSE;
    }

  *reason = N_("only https:// URLs are allowed");
  return FALSE;
}

/**
 * reji_komoju_base_url_is_allowed:
 * @url: a KOMOJU API root, such as "https://komoju.com/api/v1"
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_URL error
 *
 * Checks that the client may send a secret key and card data to @url. The
 * scheme must be https, or http on a loopback host (the built-in
 * simulator). The URL must have a host but no user name, password, space
 * or control character.
 *
 * Returns: TRUE when @url is allowed
 */
gboolean
reji_komoju_base_url_is_allowed (const char  *url,
                                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *reason = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = parse_url (url, &reason);
  if (uri == NULL || !scheme_is_allowed (uri, TRUE, &reason))
    {
      g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL,
                   /* Translators: the first %s is the KOMOJU API address the
                    * settings name; the second explains what is wrong with it. */
                   _("The KOMOJU API address “%s” is not allowed: %s"),
                   url, _(reason));
      return FALSE;
    }

  return TRUE;
}

/**
 * reji_komoju_authentication_url_is_allowed:
 * @url: the `authentication_url` of a secure token
 * @base_url: (nullable): the client's API root, or NULL for a remote one
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_RESPONSE error
 *
 * Checks a 3-D Secure page address before it is shown to a customer as a QR code:
 * https:// (or http:// on a loopback host, only when @base_url is itself
 * loopback), at most %REJI_KOMOJU_MAX_URL_LENGTH bytes, with a host and no
 * user name, password, space or control character.
 *
 * The message of @error does not repeat @url, which came from the server.
 *
 * Returns: TRUE when @url may be shown
 */
gboolean
reji_komoju_authentication_url_is_allowed (const char  *url,
                                           const char  *base_url,
                                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) base_uri = NULL;
  const char *reason = NULL;
  gboolean base_is_loopback = FALSE;

  g_return_val_if_fail (url != NULL, FALSE);

  if (base_url != NULL)
    {
      base_uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
      base_is_loopback = base_uri != NULL && reji_komoju_host_is_loopback (g_uri_get_host (base_uri));
    }

  if (strlen (url) > REJI_KOMOJU_MAX_URL_LENGTH)
    reason = N_("it is too long");
  else
    uri = parse_url (url, &reason);

  if (uri == NULL || !scheme_is_allowed (uri, base_is_loopback, &reason))
    {
      g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                   /* Translators: %s explains what is wrong with the address of the
                    * card holder's 3-D Secure page, such as "it is too long". */
                   _("Invalid response from KOMOJU: the 3-D Secure page address is not allowed: %s"),
                   _(reason));
      return FALSE;
    }

  return TRUE;
}
