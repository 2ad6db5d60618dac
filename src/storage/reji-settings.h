/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-mode.h"
#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_SETTINGS_SCHEMA_ID "io.github.reji_pos.Reji"

GSettings  *reji_settings_new               (GError     **error);
RejiMode    reji_settings_get_mode          (GSettings   *settings);
char       *reji_settings_dup_base_url      (GSettings   *settings);
char       *reji_settings_dup_return_url    (GSettings   *settings);
void        reji_settings_apply_to_sale     (GSettings   *settings,
                                             RejiSale    *sale);

G_END_DECLS
