/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The payment routes beyond create and show: list, cancel and refund. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-sim-api.h"
#include "reji-sim-http.h"

/* KOMOJU's list defaults; the maximum page size is an estimate, because
 * KOMOJU does not publish one. */
#define DEFAULT_PER_PAGE 10
#define MAX_PER_PAGE 100

static gboolean
read_query_number (GHashTable    *query,
                   const char    *name,
                   guint          default_value,
                   guint          maximum,
                   guint         *out_value,
                   RejiSimError **error)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 value = 0;

  *out_value = default_value;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_isdigit (text[0])
      || !g_ascii_string_to_unsigned (text, 10, 1, maximum, &value, NULL))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", name,
                                   _("The parameter %s is invalid."), name);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

static GPtrArray *
filter_payments (RejiSimLedger *ledger,
                 const char    *external_order_num)
{
  GPtrArray *payments = reji_sim_ledger_get_payments (ledger);
  GPtrArray *matches = g_ptr_array_new ();

  for (guint i = 0; i < payments->len; i++)
    {
      RejiSimPayment *payment = g_ptr_array_index (payments, i);

      if (external_order_num == NULL
          || g_strcmp0 (payment->external_order_num, external_order_num) == 0)
        g_ptr_array_add (matches, payment);
    }

  return matches;
}

static JsonNode *
build_list (GPtrArray *payments,
            guint      page,
            guint      per_page)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint last_page = MAX (1, (payments->len + per_page - 1) / per_page);
  guint64 first = (guint64) (page - 1) * per_page;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint64 i = first; i < payments->len && i < first + per_page; i++)
    {
      g_autoptr(JsonNode) node = reji_sim_payment_to_json (g_ptr_array_index (payments, i));

      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, payments->len);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "per_page");
  json_builder_add_int_value (builder, per_page);
  json_builder_set_member_name (builder, "last_page");
  json_builder_add_int_value (builder, last_page);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * reji_sim_api_list_payments:
 * @ledger: the ledger
 * @message: a `GET /api/v1/payments` request
 * @query: (nullable): the decoded query: `external_order_num`, `page`
 *   and `per_page` are read, other filters are ignored
 *
 * Lists the payments in creation order, in KOMOJU's list shape.
 */
void
reji_sim_api_list_payments (RejiSimLedger     *ledger,
                            SoupServerMessage *message,
                            GHashTable        *query)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  const char *external_order_num = query != NULL ? g_hash_table_lookup (query, "external_order_num") : NULL;
  guint page = 1;
  guint per_page = DEFAULT_PER_PAGE;

  if (!read_query_number (query, "page", 1, G_MAXINT32, &page, &error)
      || !read_query_number (query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, &per_page, &error))
    {
      reji_sim_respond_error (message, error);
      return;
    }

  payments = filter_payments (ledger, external_order_num);
  reji_sim_respond_json (message, SOUP_STATUS_OK, build_list (payments, page, per_page));
}

static RejiSimPayment *
lookup_or_respond (RejiSimLedger     *ledger,
                   SoupServerMessage *message,
                   const char        *payment_id)
{
  RejiSimPayment *payment = reji_sim_ledger_lookup_payment (ledger, payment_id);
  g_autoptr(RejiSimError) error = NULL;

  if (payment != NULL)
    return payment;

  /* Translators: %s is a payment id. */
  error = reji_sim_error_new (404, "not_found", NULL, _("No payment has the id %s."), payment_id);
  reji_sim_respond_error (message, error);
  return NULL;
}

/**
 * reji_sim_api_cancel_payment:
 * @ledger: the ledger
 * @message: a `POST /api/v1/payments/{id}/cancel` request
 * @payment_id: the payment's id
 *
 * Cancels an authorized payment. The simulator makes no pending payments,
 * which KOMOJU cancels too.
 */
void
reji_sim_api_cancel_payment (RejiSimLedger     *ledger,
                             SoupServerMessage *message,
                             const char        *payment_id)
{
  RejiSimPayment *payment = lookup_or_respond (ledger, message, payment_id);

  if (payment == NULL)
    return;

  if (!g_str_equal (payment->status, "authorized") && !g_str_equal (payment->status, "pending"))
    {
      g_autoptr(RejiSimError) error =
        /* Translators: the first %s is a payment id, the second its status, such as “captured”. */
        reji_sim_error_new (422, "not_cancellable", NULL, _("The payment %s cannot be cancelled: it is %s."),
                            payment->id, payment->status);

      g_debug ("Payment %s not cancellable: %s", payment->id, payment->status);
      reji_sim_respond_error (message, error);
      return;
    }

  payment->status = "cancelled";
  payment->cancelled_at = g_date_time_new_now_utc ();
  g_debug ("Payment %s cancelled", payment->id);
  reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_payment_to_json (payment));
}

/* Reads the refund amount: the rest of the payment when absent. */
static gboolean
read_refund_amount (JsonObject      *params,
                    RejiSimPayment  *payment,
                    gint64          *out_amount,
                    RejiSimError   **error)
{
  gint64 refundable = payment->amount + payment->tax - payment->amount_refunded;
  gboolean present = FALSE;

  if (!reji_sim_param_get_integer (params, NULL, "amount", FALSE, 1, G_MAXINT32,
                                   &present, out_amount, error))
    return FALSE;

  if (!present)
    *out_amount = refundable;

  if (*out_amount > refundable)
    {
      g_autofree char *refundable_text = g_strdup_printf ("%" G_GINT64_FORMAT, refundable);

      *error = reji_sim_error_new (422, "invalid_parameter", "amount",
                                   /* Translators: %s is an amount in minor units, such as “1100”. */
                                   _("The refund amount is more than the %s left to refund."),
                                   refundable_text);
      return FALSE;
    }

  return TRUE;
}

/**
 * reji_sim_api_refund_payment:
 * @ledger: the ledger
 * @message: a `POST /api/v1/payments/{id}/refund` request
 * @payment_id: the payment's id
 *
 * Refunds all of a captured payment, tax included, or the `amount` of
 * the body. A payment stays "captured" until it is refunded in full, and
 * then turns "refunded".
 */
void
reji_sim_api_refund_payment (RejiSimLedger     *ledger,
                             SoupServerMessage *message,
                             const char        *payment_id)
{
  RejiSimPayment *payment = lookup_or_respond (ledger, message, payment_id);
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = NULL;
  const char *description = NULL;
  gint64 amount = 0;

  if (payment == NULL)
    return;

  if (!g_str_equal (payment->status, "captured"))
    {
      /* Translators: the first %s is a payment id, the second its status, such as “cancelled”. */
      error = reji_sim_error_new (422, "not_refundable", NULL, _("The payment %s cannot be refunded: it is %s."),
                                  payment->id, payment->status);
      g_debug ("Payment %s not refundable: %s", payment->id, payment->status);
      reji_sim_respond_error (message, error);
      return;
    }

  params = reji_sim_parse_body (message, &error);
  if (params == NULL
      || !read_refund_amount (params, payment, &amount, &error)
      || !reji_sim_param_get_string (params, NULL, "description", FALSE, &description, &error))
    {
      g_debug ("Refund of payment %s rejected: %s", payment->id, error->code);
      reji_sim_respond_error (message, error);
      return;
    }

  reji_sim_payment_add_refund (payment, amount, description);
  if (payment->amount_refunded == payment->amount + payment->tax)
    payment->status = "refunded";
  g_debug ("Payment %s refunded %" G_GINT64_FORMAT ", now %s", payment->id, amount, payment->status);
  reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_payment_to_json (payment));
}
