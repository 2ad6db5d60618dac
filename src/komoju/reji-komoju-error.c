/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-komoju-error.h"
#include "reji-komoju-error-private.h"

/* The extended data of every REJI_KOMOJU_ERROR. `api_code` and `param`
 * are set for REJI_KOMOJU_ERROR_API only; `http_status` is set for API
 * and HTTP_STATUS errors. */
typedef struct
{
  char  *api_code;
  char  *param;
  guint  http_status;
} RejiKomojuErrorPrivate;

static void
reji_komoju_error_private_init (RejiKomojuErrorPrivate *priv)
{
  priv->api_code = NULL;
  priv->param = NULL;
  priv->http_status = 0;
}

static void
reji_komoju_error_private_copy (const RejiKomojuErrorPrivate *src_priv,
                                RejiKomojuErrorPrivate       *dest_priv)
{
  dest_priv->api_code = g_strdup (src_priv->api_code);
  dest_priv->param = g_strdup (src_priv->param);
  dest_priv->http_status = src_priv->http_status;
}

static void
reji_komoju_error_private_clear (RejiKomojuErrorPrivate *priv)
{
  g_clear_pointer (&priv->api_code, g_free);
  g_clear_pointer (&priv->param, g_free);
  priv->http_status = 0;
}

G_DEFINE_EXTENDED_ERROR (RejiKomojuError, reji_komoju_error)

/* The generated getter emits a critical for another domain, so every
 * public accessor checks the domain first. */
static RejiKomojuErrorPrivate *
lookup_private (const GError *error)
{
  if (error == NULL || error->domain != REJI_KOMOJU_ERROR)
    return NULL;

  return reji_komoju_error_get_private (error);
}

/**
 * reji_komoju_error_get_api_code:
 * @error: (nullable): any error
 *
 * Returns: (nullable): KOMOJU's `error.code` (such as "card_declined") for
 *   a %REJI_KOMOJU_ERROR_API error, otherwise NULL
 */
const char *
reji_komoju_error_get_api_code (const GError *error)
{
  RejiKomojuErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->api_code : NULL;
}

/**
 * reji_komoju_error_get_param:
 * @error: (nullable): any error
 *
 * Returns: (nullable): KOMOJU's `error.param`, the request parameter the
 *   error is about, or NULL when KOMOJU named none or @error is not a
 *   %REJI_KOMOJU_ERROR_API error
 */
const char *
reji_komoju_error_get_param (const GError *error)
{
  RejiKomojuErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->param : NULL;
}

/**
 * reji_komoju_error_get_http_status:
 * @error: (nullable): any error
 *
 * Returns: the HTTP status of the answer behind a %REJI_KOMOJU_ERROR_API or
 *   %REJI_KOMOJU_ERROR_HTTP_STATUS error, otherwise 0
 */
guint
reji_komoju_error_get_http_status (const GError *error)
{
  RejiKomojuErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * reji_komoju_error_new_api:
 * @http_status: the HTTP status of KOMOJU's answer
 * @api_code: KOMOJU's `error.code`
 * @message: KOMOJU's `error.message`, already localized by KOMOJU
 * @param: (nullable): KOMOJU's `error.param`
 *
 * Creates a %REJI_KOMOJU_ERROR_API error whose message is @message as is.
 *
 * Returns: (transfer full): the new error
 */
GError *
reji_komoju_error_new_api (guint       http_status,
                           const char *api_code,
                           const char *message,
                           const char *param)
{
  GError *error;
  RejiKomojuErrorPrivate *priv;

  g_return_val_if_fail (api_code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  error = g_error_new_literal (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API, message);
  priv = reji_komoju_error_get_private (error);
  priv->api_code = g_strdup (api_code);
  priv->param = g_strdup (param);
  priv->http_status = http_status;

  return error;
}

/*
 * reji_komoju_error_set_http_status:
 * @error: a %REJI_KOMOJU_ERROR error
 * @http_status: the HTTP status of the answer behind @error
 *
 * Records the HTTP status on an error the client built itself, such as a
 * %REJI_KOMOJU_ERROR_HTTP_STATUS error.
 */
void
reji_komoju_error_set_http_status (GError *error,
                                   guint   http_status)
{
  RejiKomojuErrorPrivate *priv = lookup_private (error);

  g_return_if_fail (priv != NULL);

  priv->http_status = http_status;
}
