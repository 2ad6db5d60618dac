/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-money.h"
#include "reji-result-page.h"
#include "reji-result-text.h"

struct _RejiResultPage
{
  AdwBin     parent_instance;

  GtkImage  *status_icon;
  GtkLabel  *title_label;
  GtkLabel  *message_label;
  GtkLabel  *detail_label;
  GtkWidget *details_grid;
  GtkWidget *card_row_label;
  GtkLabel  *card_label;
  GtkWidget *captured_row_label;
  GtkLabel  *captured_label;
  GtkWidget *token_row_label;
  GtkWidget *token_box;
  GtkLabel  *token_label;
  GtkWidget *payment_row_label;
  GtkWidget *payment_box;
  GtkLabel  *payment_label;
  GtkWidget *sale_row_label;
  GtkWidget *sale_box;
  GtkLabel  *sale_label;
  GtkWidget *key_row_label;
  GtkWidget *key_box;
  GtkLabel  *key_label;
  GtkWidget *token_banner;
  GtkLabel  *token_banner_label;
  GtkWidget *skipped_note;
  GtkButton *check_again_button;
  GtkButton *new_sale_button;

  RejiSale  *sale;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (RejiResultPage, reji_result_page, ADW_TYPE_BIN)

/* Shows a row of the details grid, or hides it when @value is NULL. */
static void
set_row (GtkWidget  *key_label,
         GtkWidget  *value_widget,
         GtkLabel   *value_label,
         const char *value)
{
  gtk_widget_set_visible (key_label, value != NULL);
  gtk_widget_set_visible (value_widget, value != NULL);
  gtk_label_set_text (value_label, value != NULL ? value : "");
}

static char *
format_card (RejiSale *sale)
{
  RejiCardBrand brand = reji_sale_get_card_brand (sale);
  const char *last_four = reji_sale_get_card_last_four (sale);

  if (last_four == NULL || *last_four == '\0')
    return NULL;

  /* Translators: a card shown with only its last digits; the first %s is
   * the brand ("Visa"), the second the last four digits ("0100") */
  return g_strdup_printf (_("%s •••• %s"),
                          brand != REJI_CARD_BRAND_UNKNOWN ? reji_card_brand_get_name (brand) : _("Card"),
                          last_four);
}

static char *
format_capture_time (const RejiPayment *payment)
{
  g_autoptr(GDateTime) local = NULL;

  if (payment == NULL || payment->captured_at == NULL)
    return NULL;

  local = g_date_time_to_local (payment->captured_at);
  /* Translators: the date and time a payment was captured, as a
   * g_date_time_format() pattern; keep the seconds */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

static void
show_details (RejiResultPage *self,
              RejiSale       *sale)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);
  const RejiPayment *payment = reji_sale_get_payment (sale);
  g_autofree char *card = format_card (sale);
  g_autofree char *captured = format_capture_time (payment);

  set_row (self->card_row_label, GTK_WIDGET (self->card_label), self->card_label, card);
  set_row (self->captured_row_label, GTK_WIDGET (self->captured_label), self->captured_label, captured);
  set_row (self->token_row_label, self->token_box, self->token_label,
           token != NULL ? token->id : NULL);
  set_row (self->payment_row_label, self->payment_box, self->payment_label,
           payment != NULL ? payment->id : NULL);
  gtk_widget_set_visible (self->details_grid, card != NULL || token != NULL || payment != NULL);
}

/* A charge whose outcome staff must look up in the KOMOJU dashboard:
 * the sale id and the charge's idempotency key find it there. */
static gboolean
needs_lookup (RejiSale *sale)
{
  RejiSaleState state = reji_sale_get_state (sale);

  if (state == REJI_SALE_STATE_OUTCOME_UNKNOWN)
    return TRUE;
  return state == REJI_SALE_STATE_CANCELLED && reji_sale_get_charge_sent (sale);
}

static void
show_lookup_details (RejiResultPage *self,
                     RejiSale       *sale)
{
  gboolean lookup = needs_lookup (sale);
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);

  set_row (self->sale_row_label, self->sale_box, self->sale_label,
           lookup ? reji_sale_get_id (sale) : NULL);
  set_row (self->key_row_label, self->key_box, self->key_label,
           lookup ? reji_sale_get_payment_idempotency_key (sale) : NULL);
  if (lookup)
    gtk_widget_set_visible (self->details_grid, TRUE);

  /* Without a charge by Reji, the token is what the shop's system needs. */
  gtk_widget_set_visible (self->token_banner,
                          reji_sale_get_state (sale) == REJI_SALE_STATE_VERIFIED && token != NULL);
  gtk_label_set_text (self->token_banner_label, token != NULL ? token->id : "");
}

static void
set_outcome (RejiResultPage *self,
             const char     *icon_name,
             const char     *css_class,
             const char     *title,
             const char     *message)
{
  const char *classes[] = { "success", "error", "warning", NULL };

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
show_paid (RejiResultPage *self,
           RejiSale       *sale)
{
  g_autofree char *amount = NULL;
  g_autofree char *title = NULL;

  amount = reji_money_format (reji_sale_get_amount (sale), reji_sale_get_currency (sale));
  /* Translators: the title once a payment is captured; %s is the amount
   * with its currency sign, for example "¥1,000" */
  title = g_strdup_printf (_("Paid %s"), amount);
  set_outcome (self, "emblem-ok-symbolic", "success", title, NULL);
}

/* A sale cancelled after its charge request left may still have been
 * paid, so the page must not say that nothing was charged. */
static void
show_cancelled (RejiResultPage *self,
                RejiSale       *sale)
{
  const RejiPayment *payment = reji_sale_get_payment (sale);

  if (payment != NULL && payment->status == REJI_PAYMENT_STATUS_CAPTURED)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is KOMOJU's payment id */
      title = g_strdup_printf (_("Cancelled, but KOMOJU captured the payment %s."), payment->id);
      set_outcome (self, "dialog-warning-symbolic", "warning", title,
                   _("Refund it in the KOMOJU dashboard before you charge the card again."));
    }
  else if (reji_sale_get_charge_sent (sale))
    set_outcome (self, "dialog-warning-symbolic", "warning",
                 _("Sale cancelled, but the payment may have gone through."),
                 _("The charge had already been sent to KOMOJU. Look the payment up in the "
                   "KOMOJU dashboard before you charge the card again."));
  else
    set_outcome (self, "process-stop-symbolic", NULL,
                 _("Sale cancelled. Nothing was charged."), NULL);
}

static void
show_failed (RejiResultPage *self,
             RejiSale       *sale)
{
  const char *title = NULL;
  const char *message = NULL;

  reji_result_describe_failure (reji_sale_get_error (sale), &title, &message);
  set_outcome (self, "network-error-symbolic", "error", title, message);
}

static void
show_outcome_unknown (RejiResultPage *self,
                      RejiSale       *sale)
{
  if (g_error_matches (reji_sale_get_error (sale), REJI_SALE_ERROR, REJI_SALE_ERROR_PAYMENT_MISMATCH))
    set_outcome (self, "dialog-warning-symbolic", "warning",
                 _("KOMOJU captured a different amount than this sale’s. Do not charge again."),
                 _("Check the payment in the KOMOJU dashboard before you go on."));
  else
    set_outcome (self, "dialog-warning-symbolic", "warning",
                 _("The result of the charge is not known yet. Do not charge again."),
                 _("KOMOJU did not answer the charge. Reji is sending the same request "
                   "again with the same idempotency key, which cannot charge the card twice. "
                   "If the result stays unknown, press “Check Again” or look the payment up "
                   "in the KOMOJU dashboard."));
}

static void
show_outcome (RejiResultPage *self,
              RejiSale       *sale)
{
  g_autofree char *reason = NULL;
  RejiSaleState state = reji_sale_get_state (sale);

  switch (state)
    {
    case REJI_SALE_STATE_PAID:
      show_paid (self, sale);
      break;
    case REJI_SALE_STATE_DECLINED:
      reason = reji_result_describe_decline (sale);
      set_outcome (self, "dialog-error-symbolic", "error", _("Declined"), reason);
      break;
    case REJI_SALE_STATE_FAILED:
      show_failed (self, sale);
      break;
    case REJI_SALE_STATE_EXPIRED:
      set_outcome (self, "alarm-symbolic", "warning",
                   _("3-D Secure was not completed in time. Nothing was charged."),
                   _("Start a new sale to try again."));
      break;
    case REJI_SALE_STATE_CANCELLED:
      show_cancelled (self, sale);
      break;
    case REJI_SALE_STATE_VERIFIED:
      set_outcome (self, "emblem-ok-symbolic", "success",
                   _("3-D Secure passed. Reji did not charge the card."),
                   _("The shop's own system charges the secure token below."));
      break;
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
      show_outcome_unknown (self, sale);
      break;
    case REJI_SALE_STATE_EDITING:
    case REJI_SALE_STATE_CREATING_TOKEN:
    case REJI_SALE_STATE_AWAITING_3DS:
    case REJI_SALE_STATE_CHARGING:
    default:
      g_return_if_reached ();
    }
}

/* The technical reason, for staff checking the account; with KOMOJU's
 * error code when it sent one. */
static char *
format_detail (const GError *error)
{
  const char *code;

  if (error == NULL)
    return NULL;

  code = reji_komoju_error_get_api_code (error);
  if (code == NULL)
    return g_strdup (error->message);

  /* Translators: the first %s is KOMOJU's error message, the second its
   * error code, for example "invalid_parameter" */
  return g_strdup_printf (_("%s (code: %s)"), error->message, code);
}

static void
update_buttons (RejiResultPage *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  gboolean unknown = state == REJI_SALE_STATE_OUTCOME_UNKNOWN;

  gtk_widget_set_visible (GTK_WIDGET (self->check_again_button), unknown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_again_button), !reji_sale_get_busy (self->sale));
  /* From an unknown outcome a new sale is possible, but after the
   * window's confirmation, so it is not the suggested step. */
  if (unknown)
    gtk_widget_remove_css_class (GTK_WIDGET (self->new_sale_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->new_sale_button), "suggested-action");
}

static gboolean
state_shows_result (RejiSaleState state)
{
  return state == REJI_SALE_STATE_OUTCOME_UNKNOWN || reji_sale_state_is_final (state);
}

static void
fill (RejiResultPage *self)
{
  RejiSale *sale = self->sale;
  const GError *error = reji_sale_get_error (sale);
  RejiSaleState state = reji_sale_get_state (sale);
  g_autofree char *detail = format_detail (error);

  show_outcome (self, sale);
  show_details (self, sale);
  show_lookup_details (self, sale);

  gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label),
                          detail != NULL && state != REJI_SALE_STATE_PAID);
  gtk_widget_set_visible (self->skipped_note,
                          state == REJI_SALE_STATE_PAID && reji_sale_get_verification_skipped (sale));
  update_buttons (self);
}

/* The sale keeps changing after it reaches the page: a check finds the
 * payment or a new error, and a charge answer arrives after a cancel. */
static void
sale_changed_cb (RejiResultPage *self)
{
  if (state_shows_result (reji_sale_get_state (self->sale)))
    fill (self);
}

/**
 * reji_result_page_show_sale:
 * @self: a #RejiResultPage
 * @sale: a sale that is final or whose outcome is unknown
 *
 * Fills the page from @sale, and again each time its error, payment or
 * busy state changes.
 */
void
reji_result_page_show_sale (RejiResultPage *self,
                            RejiSale       *sale)
{
  const char *signals[] = { "notify::error", "notify::payment", "notify::busy" };

  g_return_if_fail (REJI_IS_RESULT_PAGE (self));
  g_return_if_fail (REJI_IS_SALE (sale));

  if (self->sale != sale)
    {
      if (self->sale != NULL)
        g_signal_handlers_disconnect_by_data (self->sale, self);
      g_set_object (&self->sale, sale);
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_connect_object (sale, signals[i], G_CALLBACK (sale_changed_cb), self, G_CONNECT_SWAPPED);
    }

  fill (self);
}

/**
 * reji_result_page_get_summary:
 * @self: a #RejiResultPage
 *
 * Returns: (transfer none): the outcome shown, as one text for screen
 *   readers: the title and the next step
 */
const char *
reji_result_page_get_summary (RejiResultPage *self)
{
  g_return_val_if_fail (REJI_IS_RESULT_PAGE (self), NULL);

  g_free (self->summary);
  if (gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    self->summary = g_strdup_printf ("%s %s", gtk_label_get_text (self->title_label),
                                     gtk_label_get_text (self->message_label));
  else
    self->summary = g_strdup (gtk_label_get_text (self->title_label));

  return self->summary;
}

void
reji_result_page_focus_new_sale (RejiResultPage *self)
{
  g_return_if_fail (REJI_IS_RESULT_PAGE (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->check_again_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->check_again_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->new_sale_button));
}

static void
copy_label_text (GtkWidget *widget,
                 GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_text (label));
}

static void
copy_token_cb (RejiResultPage *self)
{
  copy_label_text (GTK_WIDGET (self), self->token_label);
}

static void
copy_payment_cb (RejiResultPage *self)
{
  copy_label_text (GTK_WIDGET (self), self->payment_label);
}

static void
copy_sale_cb (RejiResultPage *self)
{
  copy_label_text (GTK_WIDGET (self), self->sale_label);
}

static void
copy_key_cb (RejiResultPage *self)
{
  copy_label_text (GTK_WIDGET (self), self->key_label);
}

/* Replays the charge with its idempotency key, which never charges twice. */
static void
check_again_cb (RejiResultPage *self)
{
  if (self->sale != NULL)
    reji_sale_check_outcome (self->sale);
}

static void
reji_result_page_dispose (GObject *object)
{
  RejiResultPage *self = REJI_RESULT_PAGE (object);

  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_clear_object (&self->sale);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (reji_result_page_parent_class)->dispose (object);
}

static void
reji_result_page_class_init (RejiResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reji_result_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, card_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, card_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, captured_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, captured_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, token_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, token_box);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, token_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, payment_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, payment_box);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, payment_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, sale_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, sale_box);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, sale_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, key_row_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, key_box);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, key_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, token_banner);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, token_banner_label);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, skipped_note);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, check_again_button);
  gtk_widget_class_bind_template_child (widget_class, RejiResultPage, new_sale_button);
  gtk_widget_class_bind_template_callback (widget_class, check_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_token_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_payment_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_sale_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_key_cb);
}

static void
reji_result_page_init (RejiResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
