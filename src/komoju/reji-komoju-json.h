/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "reji-komoju-client.h"

G_BEGIN_DECLS

GBytes          *reji_komoju_json_build_secure_token_body (const RejiSecureTokenRequest *request);
GBytes          *reji_komoju_json_build_payment_body      (const char                   *token_id,
                                                           gint64                        amount,
                                                           const char                   *currency,
                                                           const char                   *external_order_num);

JsonObject      *reji_komoju_json_parse_object            (GBytes                       *body,
                                                           GError                      **error);
GError          *reji_komoju_json_parse_api_error         (guint                         http_status,
                                                           GBytes                       *body);
RejiSecureToken *reji_komoju_json_parse_secure_token      (JsonObject                   *object,
                                                           GError                      **error);
RejiPayment     *reji_komoju_json_parse_payment           (JsonObject                   *object,
                                                           GError                      **error);

gboolean         reji_komoju_json_find_payment_in_list    (JsonObject                   *object,
                                                           const char                   *external_order_num,
                                                           RejiPayment                 **out_payment,
                                                           GError                      **error);

G_END_DECLS
