/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-card.h"

G_DEFINE_QUARK (reji-card-error-quark, reji_card_error)

char *
reji_card_normalize_number (const char *text, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_card_luhn_valid (const char *digits)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiCardBrand
reji_card_brand_from_number (const char *digits)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_card_brand_get_name (RejiCardBrand brand)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_card_brand_get_security_code_length (RejiCardBrand brand)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_card_check_number (const char *text, RejiCardBrand *out_brand, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_card_parse_expiry (const char *text, guint *out_month, guint *out_year, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_card_check_expiry (guint month, guint year, GDateTime *now, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_card_check_security_code (const char *text, RejiCardBrand brand, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_card_check_name (const char *text, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_card_check_email (const char *text, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_card_mask_number (const char *digits)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_card_get_last_four (const char *digits)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiCardDetails *
reji_card_details_new (void)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_card_details_free (RejiCardDetails *details)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
