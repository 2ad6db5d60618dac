/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-mode.h"

#include "reji-journal.h"
#include "reji-komoju-client.h"

G_BEGIN_DECLS

#define REJI_TYPE_HISTORY_WINDOW (reji_history_window_get_type ())

G_DECLARE_FINAL_TYPE (RejiHistoryWindow, reji_history_window, REJI, HISTORY_WINDOW, AdwWindow)

RejiHistoryWindow *reji_history_window_new      (GtkWindow        *parent,
                                                 RejiJournal      *journal,
                                                 RejiKomojuClient *client);
void               reji_history_window_set_day  (RejiHistoryWindow *self,
                                                 GDateTime         *day);
guint              reji_history_window_get_n_rows (RejiHistoryWindow *self);
void               reji_history_window_set_refund_mode (RejiHistoryWindow *self,
                                                        RejiMode           mode);

G_END_DECLS
