/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-application.h"
#include "reji-komoju-client.h"
#include "reji-mode.h"
#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_TYPE_WINDOW (reji_window_get_type ())

G_DECLARE_FINAL_TYPE (RejiWindow, reji_window, REJI, WINDOW, AdwApplicationWindow)

RejiWindow *reji_window_new        (RejiApplication  *app,
                                    RejiKomojuClient *client,
                                    RejiMode          mode,
                                    const char       *return_url);
RejiSale   *reji_window_get_sale   (RejiWindow       *self);
RejiMode    reji_window_get_mode   (RejiWindow       *self);
void        reji_window_show_sale  (RejiWindow       *self,
                                    RejiSale         *sale);

G_END_DECLS
