/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-komoju-error.h"

G_BEGIN_DECLS

void reji_komoju_error_set_http_status (GError *error,
                                        guint   http_status);

G_END_DECLS
