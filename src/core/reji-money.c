/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-money.h"

G_DEFINE_QUARK (reji-money-error-quark, reji_money_error)

const RejiCurrency *
reji_currency_lookup (const char *code)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const RejiCurrency *
reji_currency_get_all (guint *n_currencies)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_money_parse (const char *text, const char *currency_code, gint64 *out_minor_units, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_money_format (gint64 minor_units, const char *currency_code)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
