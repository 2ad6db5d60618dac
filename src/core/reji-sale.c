/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-sale.h"

struct _RejiSale { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (RejiSale, reji_sale, G_TYPE_OBJECT)
static void reji_sale_class_init (RejiSaleClass *klass) { }
static void reji_sale_init (RejiSale *self) { }

RejiSale *
reji_sale_new (RejiKomojuClient *client)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiSaleState
reji_sale_get_state (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_sale_state_is_final (RejiSaleState state)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_sale_submit (RejiSale *self, gint64 amount, const char *currency, RejiCardDetails *card, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_sale_cancel (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gint64
reji_sale_get_amount (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_sale_get_currency (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiCardBrand
reji_sale_get_card_brand (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_sale_get_card_last_four (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_sale_get_return_url (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_sale_set_return_url (RejiSale *self, const char *return_url)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const RejiSecureToken *
reji_sale_get_secure_token (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const RejiPayment *
reji_sale_get_payment (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const GError *
reji_sale_get_error (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_sale_get_verification_skipped (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_sale_get_poll_interval (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_sale_set_poll_interval (RejiSale *self, guint milliseconds)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_sale_get_poll_interval_max (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_sale_set_poll_interval_max (RejiSale *self, guint milliseconds)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_sale_get_deadline (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_sale_set_deadline (RejiSale *self, guint milliseconds)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gint64
reji_sale_get_remaining (RejiSale *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
