/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-payment.h"

G_DEFINE_BOXED_TYPE (RejiPayment, reji_payment, reji_payment_copy, reji_payment_free)

/* KOMOJU's spelling of each RejiPaymentStatus, indexed by value. */
static const char * const payment_status_names[] = {
  [REJI_PAYMENT_STATUS_PENDING] = "pending",
  [REJI_PAYMENT_STATUS_AUTHORIZED] = "authorized",
  [REJI_PAYMENT_STATUS_CAPTURED] = "captured",
  [REJI_PAYMENT_STATUS_REFUNDED] = "refunded",
  [REJI_PAYMENT_STATUS_CANCELLED] = "cancelled",
  [REJI_PAYMENT_STATUS_EXPIRED] = "expired",
  [REJI_PAYMENT_STATUS_FAILED] = "failed",
};

/**
 * reji_payment_new:
 *
 * Creates an empty payment: NULL strings, amount 0, status pending.
 *
 * Returns: (transfer full): the new payment
 */
RejiPayment *
reji_payment_new (void)
{
  return g_new0 (RejiPayment, 1);
}

RejiPayment *
reji_payment_copy (const RejiPayment *payment)
{
  RejiPayment *copy;

  g_return_val_if_fail (payment != NULL, NULL);

  copy = reji_payment_new ();
  copy->id = g_strdup (payment->id);
  copy->status = payment->status;
  copy->amount = payment->amount;
  copy->currency = g_strdup (payment->currency);
  copy->brand = g_strdup (payment->brand);
  copy->last_four_digits = g_strdup (payment->last_four_digits);
  if (payment->captured_at != NULL)
    copy->captured_at = g_date_time_ref (payment->captured_at);
  copy->external_order_num = g_strdup (payment->external_order_num);

  return copy;
}

void
reji_payment_free (RejiPayment *payment)
{
  if (payment == NULL)
    return;

  g_free (payment->id);
  g_free (payment->currency);
  g_free (payment->brand);
  g_free (payment->last_four_digits);
  g_clear_pointer (&payment->captured_at, g_date_time_unref);
  g_free (payment->external_order_num);
  g_free (payment);
}

/**
 * reji_payment_status_to_string:
 * @status: a payment status
 *
 * Returns: KOMOJU's spelling of @status, such as "captured"
 */
const char *
reji_payment_status_to_string (RejiPaymentStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (payment_status_names), NULL);

  return payment_status_names[status];
}

/**
 * reji_payment_status_from_string:
 * @text: (nullable): a payment `status` value from KOMOJU
 * @out_status: (out): the status
 *
 * Returns: TRUE when @text is one of KOMOJU's seven values (case-sensitive);
 *   FALSE for anything else, leaving @out_status untouched
 */
gboolean
reji_payment_status_from_string (const char        *text,
                                 RejiPaymentStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (payment_status_names); i++)
    {
      if (g_str_equal (text, payment_status_names[i]))
        {
          *out_status = (RejiPaymentStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}
