/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The simulator's own address, "http://HOST:PORT", as a client should use
 * it. A simulator on a wildcard address (0.0.0.0 or ::) has no single
 * address, so it prints the loopback address. Each client gets the address
 * in its own Host header, so a phone on the LAN can open the 3-D Secure URL. */

#include "config.h"

#include "reji-sim-origin.h"

/**
 * reji_sim_origin_is_wildcard:
 * @host: an IP address literal, or any text
 *
 * Returns: %TRUE when @host is 0.0.0.0 or ::, which listen on every
 *   network interface
 */
gboolean
reji_sim_origin_is_wildcard (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_any (address);
}

static char *
join_origin (const char *host,
             int         port)
{
  /* g_uri_join() puts an IPv6 address in brackets. */
  return g_uri_join (G_URI_FLAGS_NONE, "http", NULL, host, port, "", NULL, NULL);
}

/**
 * reji_sim_origin_format:
 * @address: the address the simulator listens on
 * @port: the port it listens on
 * @request_uri: (nullable): the URI of a client's request, whose host and
 *   port come from its Host header
 *
 * Builds "http://HOST:PORT" for a client. A specific @address is used as it
 * is. For a wildcard @address, the host and port of @request_uri are used,
 * or, with no request, the loopback address of the same family.
 *
 * Returns: (transfer full): the origin
 */
char *
reji_sim_origin_format (GInetAddress *address,
                        guint         port,
                        GUri         *request_uri)
{
  g_autofree char *text = NULL;
  const char *request_host = request_uri != NULL ? g_uri_get_host (request_uri) : NULL;
  int request_port;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  if (!g_inet_address_get_is_any (address))
    {
      text = g_inet_address_to_string (address);
      return join_origin (text, (int) port);
    }

  if (request_host != NULL && *request_host != '\0')
    {
      request_port = g_uri_get_port (request_uri);
      return join_origin (request_host, request_port > 0 ? request_port : -1);
    }

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return join_origin ("::1", (int) port);

  return join_origin ("127.0.0.1", (int) port);
}
