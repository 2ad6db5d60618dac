/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-secret-store.h"

G_BEGIN_DECLS

#define REJI_TYPE_PREFERENCES_WINDOW (reji_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RejiPreferencesWindow, reji_preferences_window, REJI, PREFERENCES_WINDOW, AdwPreferencesWindow)

RejiPreferencesWindow *reji_preferences_window_new (GtkWindow       *parent,
                                                    GSettings       *settings,
                                                    RejiSecretStore *secret_store);

gboolean               reji_preferences_check_key  (const char      *key,
                                                    GError         **error);

G_END_DECLS
