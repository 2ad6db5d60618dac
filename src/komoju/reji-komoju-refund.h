/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-komoju-client.h"

G_BEGIN_DECLS

void         reji_komoju_client_refund_payment_async   (RejiKomojuClient    *self,
                                                        const char          *payment_id,
                                                        gint64               amount,
                                                        const char          *idempotency_key,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RejiPayment *reji_komoju_client_refund_payment_finish  (RejiKomojuClient    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
