/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REJI_KOMOJU_ERROR (reji_komoju_error_quark ())

/**
 * RejiKomojuError:
 * @REJI_KOMOJU_ERROR_API: KOMOJU answered with its error body
 *   (`{"error": {"code", "message", "param"}}`); the message is KOMOJU's
 *   own and reji_komoju_error_get_api_code() returns its code.
 * @REJI_KOMOJU_ERROR_NETWORK: the request did not reach KOMOJU or the
 *   connection broke before a complete answer arrived.
 * @REJI_KOMOJU_ERROR_TIMEOUT: no complete answer within the client's timeout.
 * @REJI_KOMOJU_ERROR_HTTP_STATUS: an HTTP status the client does not expect,
 *   without a KOMOJU error body.
 * @REJI_KOMOJU_ERROR_INVALID_RESPONSE: an answer that is not what the
 *   endpoint documents: a 2xx body that is not the documented JSON object,
 *   a body over the client's size limit, or an `authentication_url` that
 *   may not be shown to a customer.
 * @REJI_KOMOJU_ERROR_IN_PROGRESS: KOMOJU kept answering HTTP 409 to a POST:
 *   an earlier request with the same idempotency key is still running, so
 *   its outcome is unknown. Not a decline; look the payment up later.
 * @REJI_KOMOJU_ERROR_TLS: the TLS handshake failed or the server's
 *   certificate was rejected.
 * @REJI_KOMOJU_ERROR_INVALID_URL: the client's base URL is not allowed:
 *   not https:// (http:// only on a loopback host), or it carries
 *   credentials; nothing was sent.
 *
 * `G_IO_ERROR_CANCELLED` is passed through unchanged, never mapped here.
 */
typedef enum
{
  REJI_KOMOJU_ERROR_API,
  REJI_KOMOJU_ERROR_NETWORK,
  REJI_KOMOJU_ERROR_TIMEOUT,
  REJI_KOMOJU_ERROR_HTTP_STATUS,
  REJI_KOMOJU_ERROR_INVALID_RESPONSE,
  REJI_KOMOJU_ERROR_IN_PROGRESS,
  REJI_KOMOJU_ERROR_TLS,
  REJI_KOMOJU_ERROR_INVALID_URL,
} RejiKomojuError;

GQuark       reji_komoju_error_quark            (void);

/* Accessors for the extended error data; each returns NULL or 0 for an
 * error of another domain. */
const char  *reji_komoju_error_get_api_code     (const GError *error);
const char  *reji_komoju_error_get_param        (const GError *error);
guint        reji_komoju_error_get_http_status  (const GError *error);

GError      *reji_komoju_error_new_api          (guint         http_status,
                                                 const char   *api_code,
                                                 const char   *message,
                                                 const char   *param);

G_END_DECLS
