/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_TYPE_VERIFY_PAGE (reji_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (RejiVerifyPage, reji_verify_page, REJI, VERIFY_PAGE, AdwBin)

void reji_verify_page_set_sale (RejiVerifyPage *self,
                                RejiSale       *sale);

void reji_verify_page_focus_default (RejiVerifyPage *self);

G_END_DECLS
