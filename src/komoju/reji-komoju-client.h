/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-komoju-error.h"
#include "reji-komoju-url.h"
#include "reji-payment.h"
#include "reji-secure-token.h"

G_BEGIN_DECLS

#define REJI_TYPE_KOMOJU_CLIENT (reji_komoju_client_get_type ())

G_DECLARE_FINAL_TYPE (RejiKomojuClient, reji_komoju_client, REJI, KOMOJU_CLIENT, GObject)

/* The fields of `POST /secure_tokens` with `payment_details[type]` =
 * `credit_card`. The client copies every field into the request body
 * before create_secure_token_async() returns, so the caller may wipe the
 * card number and security code as soon as that call returns. `name` and
 * `email` may be NULL. */
typedef struct
{
  gint64      amount;
  const char *currency;
  const char *return_url;
  const char *number;
  guint       month;
  guint       year;
  const char *security_code;
  const char *name;
  const char *email;
} RejiSecureTokenRequest;

/* Defaults of the timeout and retry properties. */
#define REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT          30     /* s */
#define REJI_KOMOJU_CLIENT_DEFAULT_CONNECT_TIMEOUT  10     /* s */
#define REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS     4
#define REJI_KOMOJU_CLIENT_DEFAULT_RETRY_BASE_DELAY 500    /* ms */
#define REJI_KOMOJU_CLIENT_DEFAULT_RETRY_MAX_DELAY  8000   /* ms */
#define REJI_KOMOJU_CLIENT_DEFAULT_MAX_RETRY_WAIT   30000  /* ms */

RejiKomojuClient *reji_komoju_client_new                        (const char              *base_url,
                                                                 const char              *secret_key);
RejiKomojuClient *reji_komoju_client_new_checked                (const char              *base_url,
                                                                 const char              *secret_key,
                                                                 GError                 **error);
const char       *reji_komoju_client_get_base_url               (RejiKomojuClient        *self);
guint             reji_komoju_client_get_timeout                (RejiKomojuClient        *self);
void              reji_komoju_client_set_timeout                (RejiKomojuClient        *self,
                                                                 guint                    seconds);

void              reji_komoju_client_create_secure_token_async  (RejiKomojuClient        *self,
                                                                 const RejiSecureTokenRequest *request,
                                                                 const char              *idempotency_key,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
RejiSecureToken  *reji_komoju_client_create_secure_token_finish (RejiKomojuClient        *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

void              reji_komoju_client_get_secure_token_async     (RejiKomojuClient        *self,
                                                                 const char              *token_id,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
RejiSecureToken  *reji_komoju_client_get_secure_token_finish    (RejiKomojuClient        *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

void              reji_komoju_client_create_payment_async       (RejiKomojuClient        *self,
                                                                 const char              *token_id,
                                                                 gint64                   amount,
                                                                 const char              *currency,
                                                                 const char              *idempotency_key,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
void              reji_komoju_client_create_payment_for_order_async (RejiKomojuClient    *self,
                                                                 const char              *token_id,
                                                                 gint64                   amount,
                                                                 const char              *currency,
                                                                 const char              *external_order_num,
                                                                 const char              *idempotency_key,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
RejiPayment      *reji_komoju_client_create_payment_finish      (RejiKomojuClient        *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

void              reji_komoju_client_get_payment_async          (RejiKomojuClient        *self,
                                                                 const char              *payment_id,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
RejiPayment      *reji_komoju_client_get_payment_finish         (RejiKomojuClient        *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

void              reji_komoju_client_find_payment_async         (RejiKomojuClient        *self,
                                                                 const char              *external_order_num,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
RejiPayment      *reji_komoju_client_find_payment_finish        (RejiKomojuClient        *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

G_END_DECLS
