/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-enums.h"
#include "reji-journal-record.h"

G_DEFINE_BOXED_TYPE (RejiJournalSale, reji_journal_sale,
                     reji_journal_sale_copy, reji_journal_sale_free)
G_DEFINE_BOXED_TYPE (RejiJournalEvent, reji_journal_event,
                     reji_journal_event_copy, reji_journal_event_free)

RejiJournalSale *
reji_journal_sale_new (void)
{
  return g_new0 (RejiJournalSale, 1);
}

RejiJournalSale *
reji_journal_sale_copy (const RejiJournalSale *sale)
{
  RejiJournalSale *copy;

  g_return_val_if_fail (sale != NULL, NULL);

  copy = g_memdup2 (sale, sizeof *sale);
  copy->id = g_strdup (sale->id);
  copy->currency = g_strdup (sale->currency);
  copy->card_last_four = g_strdup (sale->card_last_four);
  copy->return_url = g_strdup (sale->return_url);
  copy->token_id = g_strdup (sale->token_id);
  copy->authentication_url = g_strdup (sale->authentication_url);
  copy->token_idempotency_key = g_strdup (sale->token_idempotency_key);
  copy->payment_idempotency_key = g_strdup (sale->payment_idempotency_key);
  copy->payment_id = g_strdup (sale->payment_id);
  copy->error_code = g_strdup (sale->error_code);
  copy->error_message = g_strdup (sale->error_message);

  return copy;
}

void
reji_journal_sale_free (RejiJournalSale *sale)
{
  if (sale == NULL)
    return;

  g_free (sale->id);
  g_free (sale->currency);
  g_free (sale->card_last_four);
  g_free (sale->return_url);
  g_free (sale->token_id);
  g_free (sale->authentication_url);
  g_free (sale->token_idempotency_key);
  g_free (sale->payment_idempotency_key);
  g_free (sale->payment_id);
  g_free (sale->error_code);
  g_free (sale->error_message);
  g_free (sale);
}

/**
 * reji_journal_sale_get_snapshot:
 * @sale: a journal row
 * @snapshot: (out caller-allocates): filled with pointers into @sale
 *
 * Fills @snapshot for reji_sale_new_resumed(). The strings stay owned by
 * @sale, which must outlive @snapshot.
 */
void
reji_journal_sale_get_snapshot (const RejiJournalSale *sale,
                                RejiSaleSnapshot      *snapshot)
{
  g_return_if_fail (sale != NULL);
  g_return_if_fail (snapshot != NULL);

  snapshot->id = sale->id;
  snapshot->state = sale->state;
  snapshot->amount = sale->amount;
  snapshot->currency = sale->currency;
  snapshot->card_brand = sale->card_brand;
  snapshot->card_last_four = sale->card_last_four;
  snapshot->return_url = sale->return_url;
  snapshot->token_id = sale->token_id;
  snapshot->authentication_url = sale->authentication_url;
  snapshot->token_idempotency_key = sale->token_idempotency_key;
  snapshot->payment_idempotency_key = sale->payment_idempotency_key;
  snapshot->deadline_time = sale->deadline_time;
}

RejiJournalEvent *
reji_journal_event_new (void)
{
  return g_new0 (RejiJournalEvent, 1);
}

RejiJournalEvent *
reji_journal_event_copy (const RejiJournalEvent *event)
{
  RejiJournalEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->sale_id = g_strdup (event->sale_id);
  copy->request = g_strdup (event->request);
  copy->idempotency_key = g_strdup (event->idempotency_key);
  copy->detail = g_strdup (event->detail);

  return copy;
}

void
reji_journal_event_free (RejiJournalEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->sale_id);
  g_free (event->request);
  g_free (event->idempotency_key);
  g_free (event->detail);
  g_free (event);
}

/* States and modes are stored as their enum nicks ("awaiting-3ds",
 * "training"), so the file reads the same whatever the enums' order. */
static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (enum_class, value);

  return enum_value != NULL ? enum_value->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *out_value)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);
  GEnumValue *enum_value;

  if (nick == NULL)
    return FALSE;

  enum_value = g_enum_get_value_by_nick (enum_class, nick);
  if (enum_value == NULL)
    return FALSE;

  *out_value = enum_value->value;
  return TRUE;
}

const char *
reji_journal_state_to_string (RejiSaleState state)
{
  return enum_to_nick (REJI_TYPE_SALE_STATE, state);
}

gboolean
reji_journal_state_from_string (const char    *text,
                                RejiSaleState *out_state)
{
  int value;

  if (!enum_from_nick (REJI_TYPE_SALE_STATE, text, &value))
    return FALSE;

  *out_state = value;
  return TRUE;
}

const char *
reji_journal_mode_to_string (RejiMode mode)
{
  return enum_to_nick (REJI_TYPE_MODE, mode);
}

gboolean
reji_journal_mode_from_string (const char *text,
                               RejiMode   *out_mode)
{
  int value;

  if (!enum_from_nick (REJI_TYPE_MODE, text, &value))
    return FALSE;

  *out_mode = value;
  return TRUE;
}
