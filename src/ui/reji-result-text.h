/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-sale.h"

G_BEGIN_DECLS

char *reji_result_describe_decline (RejiSale      *sale);
void  reji_result_describe_failure (const GError  *error,
                                    const char   **title,
                                    const char   **message);

G_END_DECLS
