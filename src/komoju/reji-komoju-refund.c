/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-komoju-client-private.h"
#include "reji-komoju-json.h"
#include "reji-komoju-refund.h"

static GBytes *
build_refund_body (gint64 amount)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *data;

  /* KOMOJU refunds what is left of the payment when `amount` is absent. */
  json_builder_begin_object (builder);
  if (amount > 0)
    {
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, amount);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

static char *
build_refund_path (const char *payment_id)
{
  g_autofree char *escaped = g_uri_escape_string (payment_id, NULL, FALSE);

  return g_strconcat ("/payments/", escaped, "/refund", NULL);
}

/**
 * reji_komoju_client_refund_payment_async:
 * @self: a client
 * @payment_id: the id of a captured payment
 * @amount: the amount to refund in the currency's smallest unit, or 0 for
 *   all that was not refunded yet
 * @idempotency_key: the `X-KOMOJU-IDEMPOTENCY` value; reuse it to replay a
 *   refund whose response was lost, so KOMOJU does not refund twice
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `POST /payments/{id}/refund`.
 */
void
reji_komoju_client_refund_payment_async (RejiKomojuClient    *self,
                                         const char          *payment_id,
                                         gint64               amount,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (payment_id != NULL && *payment_id != '\0');
  g_return_if_fail (amount >= 0);
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_refund_payment_async);

  body = build_refund_body (amount);
  reji_komoju_client_send_post (self, task, build_refund_path (payment_id), body, idempotency_key,
                                (RejiKomojuResponseParser) reji_komoju_json_parse_payment,
                                (GDestroyNotify) reji_payment_free);
}

/**
 * reji_komoju_client_refund_payment_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the payment after the refund:
 *   `refunded` when nothing is left, `captured` after a partial refund
 */
RejiPayment *
reji_komoju_client_refund_payment_finish (RejiKomojuClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_refund_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
