/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_TYPE_CHARGE_PAGE (reji_charge_page_get_type ())

G_DECLARE_FINAL_TYPE (RejiChargePage, reji_charge_page, REJI, CHARGE_PAGE, AdwBin)

void      reji_charge_page_set_sale     (RejiChargePage *self,
                                         RejiSale       *sale);
void      reji_charge_page_focus_amount (RejiChargePage *self);
void      reji_charge_page_repeat_sale  (RejiChargePage *self,
                                         gint64          amount,
                                         const char     *currency);

G_END_DECLS
