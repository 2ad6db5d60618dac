/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-komoju-error.h"

G_DEFINE_QUARK (reji-komoju-error-quark, reji_komoju_error)

const char *
reji_komoju_error_get_api_code (const GError *error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_komoju_error_get_param (const GError *error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_komoju_error_get_http_status (const GError *error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

GError *
reji_komoju_error_new_api (guint http_status, const char *api_code, const char *message, const char *param)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
