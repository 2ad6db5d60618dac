/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_TYPE_RESULT_PAGE (reji_result_page_get_type ())

G_DECLARE_FINAL_TYPE (RejiResultPage, reji_result_page, REJI, RESULT_PAGE, AdwBin)

void reji_result_page_show_sale       (RejiResultPage *self,
                                       RejiSale       *sale);
void reji_result_page_focus_new_sale  (RejiResultPage *self);
const char *reji_result_page_get_summary (RejiResultPage *self);

G_END_DECLS
