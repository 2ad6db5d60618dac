/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-payment.h"

G_DEFINE_BOXED_TYPE (RejiPayment, reji_payment, reji_payment_copy, reji_payment_free)

RejiPayment *
reji_payment_new (void)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiPayment *
reji_payment_copy (const RejiPayment *payment)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_payment_free (RejiPayment *payment)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_payment_status_to_string (RejiPaymentStatus status)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_payment_status_from_string (const char *text, RejiPaymentStatus *out_status)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
