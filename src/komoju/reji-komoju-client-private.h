/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "reji-komoju-client.h"

G_BEGIN_DECLS

/* Turns a successful response's JSON object into the task's result. */
typedef gpointer (*RejiKomojuResponseParser) (JsonObject  *object,
                                              GError     **error);

/* For requests built in other files of this layer: sends a POST of the
 * JSON @body to @path (relative to the base URL, owned by the call) with
 * the headers every request carries, and returns the parsed result or a
 * %REJI_KOMOJU_ERROR through @task. */
void  reji_komoju_client_send_post  (RejiKomojuClient         *self,
                                     GTask                    *task,
                                     char                     *path,
                                     GBytes                   *body,
                                     const char               *idempotency_key,
                                     RejiKomojuResponseParser  parse,
                                     GDestroyNotify            result_free);

G_END_DECLS
