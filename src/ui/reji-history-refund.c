/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-history-refund.h"
#include "reji-komoju-refund.h"
#include "reji-money.h"

/* One refund from the confirmation to KOMOJU's response. */
typedef struct
{
  GtkWindow        *parent;       /* (owned) */
  RejiJournal      *journal;      /* (owned) */
  RejiKomojuClient *client;       /* (owned) */
  RejiJournalSale  *sale;         /* (owned) */
  GtkEntry         *amount_entry; /* (unowned) inside the dialog */
  gint64            amount;       /* minor units; 0 for all that is left */
  char             *key;          /* (owned) idempotency key */
  RejiRefundDone    done;
  GObject          *owner;        /* (owned) (nullable) passed to @done */
} Refund;

/* Refunds whose response was lost, by sale id: amount and idempotency key.
 * Pressing Refund again for such a sale resends the very same request,
 * which KOMOJU answers with the first one's result instead of refunding a
 * second time.
 * NOTE: kept for this run of Reji only; after a restart the journal still
 * has the key, but the history does not offer to resend it. */
typedef struct
{
  gint64  amount;
  char   *key;
} PendingRefund;

static GHashTable *pending_refunds;

static void
pending_refund_free (PendingRefund *pending)
{
  g_free (pending->key);
  g_free (pending);
}

static GHashTable *
get_pending_refunds (void)
{
  if (pending_refunds == NULL)
    pending_refunds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) pending_refund_free);
  return pending_refunds;
}

/* Whether KOMOJU may have refunded despite @error: anything but a
 * response that refuses the request outright. */
static gboolean
outcome_unknown (const GError *error)
{
  guint status;

  if (!g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API))
    return !g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL);

  status = reji_komoju_error_get_http_status (error);
  return status == 409 || status == 429 || status >= 500;
}

static void
refund_free (Refund *refund)
{
  g_clear_object (&refund->parent);
  g_clear_object (&refund->journal);
  g_clear_object (&refund->client);
  g_clear_object (&refund->owner);
  g_clear_pointer (&refund->sale, reji_journal_sale_free);
  g_free (refund->key);
  g_free (refund);
}

static void
show_result (Refund       *refund,
             const GError *error)
{
  g_autofree char *amount = reji_money_format (refund->amount > 0 ? refund->amount
                                                                  : refund->sale->amount - refund->sale->refunded_amount,
                                               refund->sale->currency);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (error != NULL && outcome_unknown (error))
    /* Translators: %s is the network's or KOMOJU's error message. */
    body = g_strdup_printf (_("The refund may have gone through: %s. Press Refund again to send "
                              "the same refund once more; it cannot refund twice."), error->message);
  else if (error != NULL)
    /* Translators: %s is KOMOJU's or the network's error message. */
    body = g_strdup_printf (_("The refund failed: %s"), error->message);
  else
    /* Translators: %s is an amount such as "¥1,000". */
    body = g_strdup_printf (_("%s was refunded to the card."), amount);

  dialog = adw_message_dialog_new (refund->parent,
                                   error == NULL ? _("Refunded")
                                   : outcome_unknown (error) ? _("Refund Result Unknown")
                                   : _("Refund Failed"),
                                   body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refunded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Refund *refund = user_data;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) journal_error = NULL;

  payment = reji_komoju_client_refund_payment_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  if (error != NULL)
    g_warning ("Refund of sale %s (payment %s, idempotency key %s) failed: %s",
               refund->sale->id, refund->sale->payment_id, refund->key, error->message);
  else
    g_message ("Sale %s: payment %s refunded, now %s", refund->sale->id, payment->id,
               reji_payment_status_to_string (payment->status));

  if (error != NULL && outcome_unknown (error))
    {
      PendingRefund *pending = g_new0 (PendingRefund, 1);

      pending->amount = refund->amount;
      pending->key = g_strdup (refund->key);
      g_hash_table_replace (get_pending_refunds (), g_strdup (refund->sale->id), pending);
    }
  else
    {
      g_hash_table_remove (get_pending_refunds (), refund->sale->id);
    }

  /* A failed journal write is reported by the journal's own signal. */
  reji_journal_record_refund_result (refund->journal, refund->sale->id, refund->amount, refund->key,
                                     error, &journal_error);
  show_result (refund, error);
  if (refund->done != NULL)
    refund->done (refund->owner);
  refund_free (refund);
}

static void
send_refund (Refund *refund)
{
  g_autoptr(GError) error = NULL;

  if (refund->key == NULL)
    refund->key = g_uuid_string_random ();
  if (!reji_journal_record_refund_sending (refund->journal, refund->sale->id, refund->amount,
                                           refund->key, &error))
    {
      /* Without a record a lost response could not be replayed safely. */
      show_result (refund, error);
      refund_free (refund);
      return;
    }

  reji_komoju_client_refund_payment_async (refund->client, refund->sale->payment_id, refund->amount,
                                           refund->key, NULL, refunded_cb, refund);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Refund           *refund)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (refund->amount_entry));
  gint64 left = refund->sale->amount - refund->sale->refunded_amount;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "refund") != 0)
    {
      refund_free (refund);
      return;
    }

  refund->amount = 0;
  if (*text != '\0' && !reji_money_parse (text, refund->sale->currency, &refund->amount, &error))
    {
      show_result (refund, error);
      refund_free (refund);
      return;
    }

  if (refund->amount > left)
    {
      g_set_error_literal (&error, REJI_MONEY_ERROR, REJI_MONEY_ERROR_OVERFLOW,
                           _("The amount is larger than what is left to refund."));
      show_result (refund, error);
      refund_free (refund);
      return;
    }

  /* A refund of everything that is left is sent without an amount. */
  if (refund->amount == left)
    refund->amount = 0;

  send_refund (refund);
}

/**
 * reji_history_refund_ask:
 * @parent: the window the dialogs belong to
 * @journal: where the refund is recorded before it is sent
 * @client: the client that sends it
 * @sale: a paid sale with a payment id
 * @done: (nullable): called after KOMOJU responded
 * @owner: (nullable): the object @done gets, kept alive until then
 *
 * Asks for the amount (empty for a full refund) and a confirmation, then
 * refunds the payment and shows the result.
 */
void
reji_history_refund_ask (GtkWindow             *parent,
                         RejiJournal           *journal,
                         RejiKomojuClient      *client,
                         const RejiJournalSale *sale,
                         RejiRefundDone         done,
                         GObject               *owner)
{
  Refund *refund = g_new0 (Refund, 1);
  g_autofree char *left = reji_money_format (sale->amount - sale->refunded_amount, sale->currency);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  PendingRefund *pending;

  g_return_if_fail (sale->payment_id != NULL);

  refund->parent = g_object_ref (parent);
  refund->journal = g_object_ref (journal);
  refund->client = g_object_ref (client);
  refund->sale = reji_journal_sale_copy (sale);
  refund->done = done;
  refund->owner = owner != NULL ? g_object_ref (owner) : NULL;

  /* An earlier refund of this sale whose result is unknown is resent as
   * it was, never replaced by a new one. */
  pending = g_hash_table_lookup (get_pending_refunds (), sale->id);
  if (pending != NULL)
    {
      g_message ("Sale %s: resending the refund whose result is unknown (idempotency key %s)",
                 sale->id, pending->key);
      refund->amount = pending->amount;
      refund->key = g_strdup (pending->key);
      send_refund (refund);
      return;
    }

  /* Translators: %s is the amount that can still be refunded, such as "¥1,000". */
  body = g_strdup_printf (_("Up to %s can be refunded. Leave the amount empty to refund all of it. "
                            "The money goes back to the customer’s card."), left);
  dialog = adw_message_dialog_new (parent, _("Refund This Sale?"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), left);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  refund->amount_entry = GTK_ENTRY (entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refund", _("_Refund"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refund", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), refund);
  gtk_window_present (GTK_WINDOW (dialog));
}
