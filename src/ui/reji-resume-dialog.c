/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-journal-record.h"
#include "reji-money.h"
#include "reji-resume-dialog.h"

static const char *
describe_state (RejiSaleState state)
{
  switch (state)
    {
    case REJI_SALE_STATE_CREATING_TOKEN:
      return _("sending the card");
    case REJI_SALE_STATE_AWAITING_3DS:
      return _("waiting for 3-D Secure");
    case REJI_SALE_STATE_CHARGING:
      return _("charging");
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
      return _("charge result unknown");
    case REJI_SALE_STATE_EDITING:
    case REJI_SALE_STATE_PAID:
    case REJI_SALE_STATE_DECLINED:
    case REJI_SALE_STATE_FAILED:
    case REJI_SALE_STATE_EXPIRED:
    case REJI_SALE_STATE_CANCELLED:
    default:
      return "";
    }
}

/**
 * reji_resume_describe_sale:
 * @journal_sale: a #RejiJournalSale
 *
 * Returns: (transfer full): one line for the cashier: amount, masked card
 *   and where the sale stopped
 */
char *
reji_resume_describe_sale (gconstpointer journal_sale)
{
  const RejiJournalSale *sale = journal_sale;
  g_autofree char *amount = reji_money_format (sale->amount, sale->currency);

  /* Translators: a sale Reji did not finish: the amount, the card brand,
   * the card's last four digits and where the sale stopped, as in
   * "¥1,000 — Visa •••• 0100 — waiting for 3-D Secure". */
  return g_strdup_printf (_("%s — %s •••• %s — %s"),
                          amount != NULL ? amount : "",
                          reji_card_brand_get_name (sale->card_brand),
                          sale->card_last_four != NULL ? sale->card_last_four : "????",
                          describe_state (sale->state));
}

/**
 * reji_resume_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @unfinished: (element-type RejiJournalSale): the sales Reji did not finish
 *
 * Asks the cashier whether to resume the sales that were in progress
 * when Reji stopped. Its "resume" response resumes them; "later" leaves
 * them in the journal for the next start.
 */
GtkWidget *
reji_resume_dialog_new (GtkWindow *parent,
                        GPtrArray *unfinished)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  g_return_val_if_fail (unfinished != NULL, NULL);

  g_string_append (body, _("Reji stopped while these sales were in progress. A card may "
                           "already have been charged: resume them to learn the result."));
  g_string_append (body, "\n");
  for (guint i = 0; i < unfinished->len; i++)
    {
      g_autofree char *line = reji_resume_describe_sale (g_ptr_array_index (unfinished, i));

      g_string_append_printf (body, "\n• %s", line);
    }

  dialog = adw_message_dialog_new (parent, _("Resume Unfinished Sales?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    REJI_RESUME_DIALOG_RESPONSE_RESUME, _("_Resume"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              REJI_RESUME_DIALOG_RESPONSE_RESUME,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), REJI_RESUME_DIALOG_RESPONSE_RESUME);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");

  return dialog;
}
