/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-komoju-client.h"

struct _RejiKomojuClient { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (RejiKomojuClient, reji_komoju_client, G_TYPE_OBJECT)
static void reji_komoju_client_class_init (RejiKomojuClientClass *klass) { }
static void reji_komoju_client_init (RejiKomojuClient *self) { }

RejiKomojuClient *
reji_komoju_client_new (const char *base_url, const char *secret_key)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_komoju_client_get_base_url (RejiKomojuClient *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_komoju_client_get_timeout (RejiKomojuClient *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_komoju_client_set_timeout (RejiKomojuClient *self, guint seconds)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_komoju_client_create_secure_token_async (RejiKomojuClient *self, const RejiSecureTokenRequest *request, const char *idempotency_key, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiSecureToken *
reji_komoju_client_create_secure_token_finish (RejiKomojuClient *self, GAsyncResult *result, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_komoju_client_get_secure_token_async (RejiKomojuClient *self, const char *token_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiSecureToken *
reji_komoju_client_get_secure_token_finish (RejiKomojuClient *self, GAsyncResult *result, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_komoju_client_create_payment_async (RejiKomojuClient *self, const char *token_id, gint64 amount, const char *currency, const char *idempotency_key, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiPayment *
reji_komoju_client_create_payment_finish (RejiKomojuClient *self, GAsyncResult *result, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_komoju_client_get_payment_async (RejiKomojuClient *self, const char *payment_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiPayment *
reji_komoju_client_get_payment_finish (RejiKomojuClient *self, GAsyncResult *result, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
