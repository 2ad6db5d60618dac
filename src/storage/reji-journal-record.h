/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "reji-mode.h"
#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_TYPE_JOURNAL_SALE  (reji_journal_sale_get_type ())
#define REJI_TYPE_JOURNAL_EVENT (reji_journal_event_get_type ())

/* One row of the `sales` table. Times are wall-clock microseconds since
 * the Unix epoch; strings are NULL where the sale never had the value. */
typedef struct
{
  char          *id;
  RejiMode       mode;
  gint64         created_at;
  gint64         updated_at;
  gint64         amount;
  char          *currency;
  RejiCardBrand  card_brand;
  char          *card_last_four;
  RejiSaleState  state;
  char          *return_url;
  char          *token_id;
  char          *authentication_url;
  char          *token_idempotency_key;
  char          *payment_idempotency_key;
  gint64         deadline_time;
  char          *payment_id;
  char          *error_code;
  char          *error_message;
  gint64         refunded_amount;
} RejiJournalSale;

/* One row of the `sale_events` table: a state change, a request about to
 * be sent (`request` and `idempotency_key` set), or a refund step. */
typedef struct
{
  gint64         id;
  char          *sale_id;
  gint64         at;
  RejiSaleState  state;
  char          *request;
  char          *idempotency_key;
  char          *detail;
} RejiJournalEvent;

/* The sum of one currency's paid sales of a day, refunds deducted. */
typedef struct
{
  char   currency[4];
  gint64 amount;
  guint  n_sales;
} RejiJournalTotal;

GType             reji_journal_sale_get_type      (void) G_GNUC_CONST;
RejiJournalSale  *reji_journal_sale_new           (void);
RejiJournalSale  *reji_journal_sale_copy          (const RejiJournalSale *sale);
void              reji_journal_sale_free          (RejiJournalSale       *sale);
void              reji_journal_sale_get_snapshot  (const RejiJournalSale *sale,
                                                   RejiSaleSnapshot      *snapshot);

GType             reji_journal_event_get_type     (void) G_GNUC_CONST;
RejiJournalEvent *reji_journal_event_new          (void);
RejiJournalEvent *reji_journal_event_copy         (const RejiJournalEvent *event);
void              reji_journal_event_free         (RejiJournalEvent       *event);

const char       *reji_journal_state_to_string    (RejiSaleState  state);
gboolean          reji_journal_state_from_string  (const char    *text,
                                                   RejiSaleState *out_state);
const char       *reji_journal_mode_to_string     (RejiMode       mode);
gboolean          reji_journal_mode_from_string   (const char    *text,
                                                   RejiMode      *out_mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiJournalSale, reji_journal_sale_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiJournalEvent, reji_journal_event_free)

G_END_DECLS
