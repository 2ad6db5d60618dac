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
 * @REJI_KOMOJU_ERROR_INVALID_RESPONSE: a 2xx answer that is not the JSON
 *   object the endpoint documents.
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
