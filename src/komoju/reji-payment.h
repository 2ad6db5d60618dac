/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REJI_TYPE_PAYMENT (reji_payment_get_type ())

/* KOMOJU's payment statuses (API version 2025-01-28). */
typedef enum
{
  REJI_PAYMENT_STATUS_PENDING,
  REJI_PAYMENT_STATUS_AUTHORIZED,
  REJI_PAYMENT_STATUS_CAPTURED,
  REJI_PAYMENT_STATUS_REFUNDED,
  REJI_PAYMENT_STATUS_CANCELLED,
  REJI_PAYMENT_STATUS_EXPIRED,
  REJI_PAYMENT_STATUS_FAILED,
} RejiPaymentStatus;

/* A KOMOJU payment as `POST /payments` and `GET /payments/{id}` return it.
 * `brand` and `last_four_digits` come from `payment_details`; they,
 * `captured_at` and `external_order_num` are NULL when the response has none. */
typedef struct
{
  char              *id;
  RejiPaymentStatus  status;
  gint64             amount;
  char              *currency;
  char              *brand;
  char              *last_four_digits;
  GDateTime         *captured_at;
  char              *external_order_num;
} RejiPayment;

GType        reji_payment_get_type   (void) G_GNUC_CONST;
RejiPayment *reji_payment_new        (void);
RejiPayment *reji_payment_copy       (const RejiPayment *payment);
void         reji_payment_free       (RejiPayment       *payment);

const char  *reji_payment_status_to_string   (RejiPaymentStatus  status);
gboolean     reji_payment_status_from_string (const char        *text,
                                              RejiPaymentStatus *out_status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiPayment, reji_payment_free)

G_END_DECLS
