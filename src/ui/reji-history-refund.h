/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-journal.h"
#include "reji-komoju-client.h"

G_BEGIN_DECLS

typedef void (*RejiRefundDone) (GObject *owner);

void  reji_history_refund_ask  (GtkWindow             *parent,
                                RejiJournal           *journal,
                                RejiKomojuClient      *client,
                                const RejiJournalSale *sale,
                                RejiRefundDone         done,
                                GObject               *owner);

G_END_DECLS
