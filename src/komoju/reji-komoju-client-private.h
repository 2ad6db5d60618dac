/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-komoju-client.h"
#include "reji-komoju-request.h"

G_BEGIN_DECLS

/* For requests built in other files of this layer: sends @spec relative to
 * the base URL with the headers, timeouts and retries every request gets,
 * and returns the parsed result or a %REJI_KOMOJU_ERROR through @task. */
void  reji_komoju_client_send_request  (RejiKomojuClient            *self,
                                        GTask                       *task,
                                        const RejiKomojuRequestSpec *spec);

G_END_DECLS
