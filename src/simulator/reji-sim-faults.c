/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The network and server faults that scenarios inject into a response. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-sim-faults.h"
#include "reji-sim-http.h"

/**
 * reji_sim_fault_close_connection:
 * @message: a request whose response must never be sent
 *
 * Takes the connection of @message from the server and closes it, so the
 * client reads the end of the stream where it expects a response.
 */
void
reji_sim_fault_close_connection (SoupServerMessage *message)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  g_autoptr(GError) error = NULL;

  if (stream != NULL && !g_io_stream_close (stream, NULL, &error))
    g_debug ("Closing a dropped connection failed: %s", error->message);
}

static const char *
status_code (guint status)
{
  switch (status)
    {
    case 429:
      /* NOTE: KOMOJU documents no 429 response, so this code is a guess. */
      return "too_many_requests";
    case 500:
      return "internal_server_error";
    case 502:
      return "bad_gateway";
    case 503:
      return "service_unavailable";
    case 504:
      return "gateway_timeout";
    default:
      return "internal_server_error";
    }
}

/* Responds with KOMOJU's error JSON for a server-side @status; 429 adds
 * "Retry-After: 1". */
void
reji_sim_fault_respond_status (SoupServerMessage *message,
                               guint              status)
{
  g_autoptr(RejiSimError) error =
    /* Translators: %u is an HTTP status, such as 503. */
    reji_sim_error_new (status, status_code (status), NULL,
                        _("The KOMOJU simulator responds %u to this request, as its scenario asks."), status);

  if (status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "Retry-After", "1");
  reji_sim_respond_error (message, error);
}

/* Replaces the response with a 200 whose body is not JSON: the error page
 * of a proxy, still labelled application/json. */
void
reji_sim_fault_malform_body (SoupServerMessage *message)
{
  static const char page[] = "<html><body>Bad gateway</body></html>";

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    page, sizeof page - 1);
}

/* Cuts the response body to its first half. The server then sends a
 * Content-Length that matches the cut body. */
void
reji_sim_fault_truncate_body (SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr(GBytes) full = soup_message_body_flatten (body);
  g_autofree char *content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  gsize length = 0;
  const char *data = g_bytes_get_data (full, &length);

  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, data, length / 2);
}
