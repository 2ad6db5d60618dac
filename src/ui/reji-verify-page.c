/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-money.h"
#include "reji-qr-paintable.h"
#include "reji-url.h"
#include "reji-verify-page.h"

struct _RejiVerifyPage
{
  AdwBin      parent_instance;

  GtkLabel   *amount_label;
  GtkWidget  *qr_frame;
  GtkPicture *qr_picture;
  GtkWidget  *link_box;
  GtkLabel   *url_label;
  GtkLabel   *url_error;
  GtkLabel   *countdown_label;
  GtkLabel   *status_label;
  GtkSpinner *spinner;
  GtkWidget  *instruction_label;
  GtkWidget  *new_code_hint;
  GtkButton  *open_button;
  GtkLabel   *open_error;
  GtkButton  *check_now_button;
  GtkButton  *new_code_button;
  GtkButton  *cancel_button;

  RejiSale   *sale;
  /* The seconds left when the countdown was last announced. */
  gint64      announced_seconds;
  char       *status_text;
  /* The URL shown now, or NULL when none is shown. */
  char       *url;
  guint       countdown_id;
};

G_DEFINE_FINAL_TYPE (RejiVerifyPage, reji_verify_page, ADW_TYPE_BIN)

static void
show_url_error (RejiVerifyPage *self,
                const char     *message)
{
  gtk_label_set_text (self->url_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->url_error), message != NULL);
  gtk_widget_set_visible (self->qr_frame, message == NULL);
  gtk_widget_set_visible (self->link_box, message == NULL);
}

static void
clear_url (RejiVerifyPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->open_error), FALSE);
  g_clear_pointer (&self->url, g_free);
  gtk_picture_set_paintable (self->qr_picture, NULL);
  gtk_label_set_text (self->url_label, "");
}

/* Shows @url as a QR code and a link, but only an https:// URL or the
 * simulator's loopback page, so Reji never sends a customer elsewhere. */
static void
show_url (RejiVerifyPage *self,
          const char     *token_id,
          const char     *url)
{
  g_autoptr(RejiQrPaintable) paintable = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (url, self->url) == 0)
    return;

  clear_url (self);
  if (url == NULL)
    {
      show_url_error (self, NULL);
      return;
    }

  if (!reji_url_is_allowed_authentication (url))
    {
      g_warning ("Secure token %s has an authentication URL that is neither https:// "
                 "nor on a loopback address; not showing it", token_id);
      show_url_error (self, _("KOMOJU sent a 3-D Secure link that is not secure (not https://). "
                              "Cancel the sale and tell your administrator."));
      return;
    }

  paintable = reji_qr_paintable_new (url, &error);
  if (paintable == NULL)
    {
      g_warning ("Could not encode the authentication URL of secure token %s: %s",
                 token_id, error->message);
      show_url_error (self, error->message);
      return;
    }

  self->url = g_strdup (url);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (paintable));
  gtk_label_set_text (self->url_label, url);
  show_url_error (self, NULL);
}

/* Speaks @text through the window's status area, which screen readers
 * follow, when the page sits in a window that offers it. */
static void
announce (RejiVerifyPage *self,
          const char     *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.announce", "s", text);
}

/* Screen readers hear the time left once a minute, then at 30, 20 and 10
 * seconds, because more often would drown the rest of the screen. */
static gboolean
should_announce (gint64 seconds)
{
  if (seconds <= 0)
    return FALSE;
  if (seconds % 60 == 0)
    return TRUE;
  return seconds == 30 || seconds == 20 || seconds == 10;
}

static void
update_countdown (RejiVerifyPage *self)
{
  g_autofree char *text = NULL;
  gint64 remaining = self->sale != NULL ? reji_sale_get_remaining (self->sale) : 0;
  gint64 seconds = (MAX (remaining, 0) + 999) / 1000;

  /* Translators: the time the customer has left for 3-D Secure, in
   * minutes and seconds, for example "Time left: 9:41" */
  text = g_strdup_printf (_("Time left: %d:%02d"), (int) (seconds / 60), (int) (seconds % 60));
  gtk_label_set_text (self->countdown_label, text);

  if (self->sale == NULL || reji_sale_get_state (self->sale) != REJI_SALE_STATE_AWAITING_3DS)
    return;
  if (seconds == self->announced_seconds || !should_announce (seconds))
    return;

  self->announced_seconds = seconds;
  if (seconds >= 60)
    {
      g_autofree char *spoken = NULL;
      gint64 minutes = seconds / 60;

      spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%d minute left for 3-D Secure",
                                             "%d minutes left for 3-D Secure", minutes),
                                (int) minutes);
      announce (self, spoken);
    }
  else
    {
      g_autofree char *spoken = NULL;

      spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%d second left for 3-D Secure",
                                             "%d seconds left for 3-D Secure", seconds),
                                (int) seconds);
      announce (self, spoken);
    }
}

static gboolean
countdown_tick_cb (gpointer user_data)
{
  update_countdown (REJI_VERIFY_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
sale_token_changed_cb (RejiVerifyPage *self)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (self->sale);

  if (token == NULL)
    show_url (self, NULL, NULL);
  else
    show_url (self, token->id, token->authentication_url);
}

static void
sale_state_changed_cb (RejiVerifyPage *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  g_autofree char *amount = NULL;
  const char *status;
  gboolean busy;
  gboolean waiting;

  amount = reji_money_format (reji_sale_get_amount (self->sale), reji_sale_get_currency (self->sale));
  gtk_label_set_text (self->amount_label, amount);

  if (reji_sale_get_reconnecting (self->sale))
    status = _("Reconnecting to KOMOJU…");
  else if (state == REJI_SALE_STATE_CHARGING)
    status = _("Charging the card…");
  else
    status = _("Waiting for the customer…");

  gtk_label_set_text (self->status_label, status);

  /* A spinner redraws every frame; during the minutes a customer may take
   * for 3-D Secure the countdown shows that Reji is alive at a fraction of
   * the CPU, so the spinner turns only while Reji itself is working. */
  busy = state == REJI_SALE_STATE_CHARGING || reji_sale_get_reconnecting (self->sale);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);

  if (state == REJI_SALE_STATE_AWAITING_3DS || state == REJI_SALE_STATE_CHARGING)
    {
      if (g_strcmp0 (status, self->status_text) != 0)
        announce (self, status);
      g_free (self->status_text);
      self->status_text = g_strdup (status);
    }

  /* Once the charge is sent, only KOMOJU's response may end the sale. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), state == REJI_SALE_STATE_AWAITING_3DS);
  /* A check while a poll is running would do nothing. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_now_button),
                            state == REJI_SALE_STATE_AWAITING_3DS && !reji_sale_get_busy (self->sale));
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), state == REJI_SALE_STATE_AWAITING_3DS);
  update_countdown (self);

  /* While the card is being charged the customer has nothing left to
   * scan: only the status stays. */
  waiting = state == REJI_SALE_STATE_AWAITING_3DS;
  gtk_widget_set_visible (self->instruction_label, waiting);
  gtk_widget_set_visible (self->qr_frame, waiting && !gtk_widget_get_visible (GTK_WIDGET (self->url_error)));
  gtk_widget_set_visible (self->link_box, waiting && !gtk_widget_get_visible (GTK_WIDGET (self->url_error)));
  gtk_widget_set_visible (self->new_code_hint, waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->new_code_button), waiting);
}

/**
 * reji_verify_page_set_sale:
 * @self: a #RejiVerifyPage
 * @sale: (nullable): the sale whose 3-D Secure step the page shows
 */
void
reji_verify_page_set_sale (RejiVerifyPage *self,
                           RejiSale       *sale)
{
  g_return_if_fail (REJI_IS_VERIFY_PAGE (self));
  g_return_if_fail (sale == NULL || REJI_IS_SALE (sale));

  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_set_object (&self->sale, sale);
  clear_url (self);
  self->announced_seconds = 0;
  g_clear_pointer (&self->status_text, g_free);

  if (sale == NULL)
    return;

  g_signal_connect_object (sale, "notify::state",
                           G_CALLBACK (sale_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sale, "notify::reconnecting",
                           G_CALLBACK (sale_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sale, "notify::busy",
                           G_CALLBACK (sale_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sale, "notify::secure-token",
                           G_CALLBACK (sale_token_changed_cb), self, G_CONNECT_SWAPPED);
  sale_state_changed_cb (self);
  sale_token_changed_cb (self);
}

/* Focuses "Open in Browser", so that a stray Enter never cancels. */
void
reji_verify_page_focus_default (RejiVerifyPage *self)
{
  g_return_if_fail (REJI_IS_VERIFY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
}

static void
show_uri_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RejiVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;

  g_warning ("Could not open the 3-D Secure link in a browser: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->open_error), TRUE);
  announce (self, gtk_label_get_text (self->open_error));
}

static void
open_cb (RejiVerifyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->url == NULL || !GTK_IS_WINDOW (root))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->open_error), FALSE);
  gtk_show_uri_full (GTK_WINDOW (root), self->url, GDK_CURRENT_TIME, NULL,
                     show_uri_done_cb, g_object_ref (self));
}

/* Polls the token at once, for a cashier who sees the customer finish. */
static void
check_now_cb (RejiVerifyPage *self)
{
  if (self->sale != NULL)
    reji_sale_check_now (self->sale);
}

static void
copy_cb (RejiVerifyPage *self)
{
  if (self->url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->url);
}

static void
cancel_cb (RejiVerifyPage *self)
{
  if (self->sale != NULL)
    reji_sale_cancel (self->sale);
}

static void
reji_verify_page_map (GtkWidget *widget)
{
  RejiVerifyPage *self = REJI_VERIFY_PAGE (widget);

  GTK_WIDGET_CLASS (reji_verify_page_parent_class)->map (widget);

  update_countdown (self);
  if (self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_tick_cb, self);
}

static void
reji_verify_page_unmap (GtkWidget *widget)
{
  RejiVerifyPage *self = REJI_VERIFY_PAGE (widget);

  g_clear_handle_id (&self->countdown_id, g_source_remove);

  GTK_WIDGET_CLASS (reji_verify_page_parent_class)->unmap (widget);
}

static void
reji_verify_page_dispose (GObject *object)
{
  RejiVerifyPage *self = REJI_VERIFY_PAGE (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_clear_object (&self->sale);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->status_text, g_free);

  G_OBJECT_CLASS (reji_verify_page_parent_class)->dispose (object);
}

static void
reji_verify_page_class_init (RejiVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reji_verify_page_dispose;
  widget_class->map = reji_verify_page_map;
  widget_class->unmap = reji_verify_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, amount_label);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, qr_frame);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, link_box);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, url_label);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, url_error);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, instruction_label);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, new_code_hint);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, open_error);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, check_now_button);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, new_code_button);
  gtk_widget_class_bind_template_child (widget_class, RejiVerifyPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, open_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_now_cb);
}

static void
reji_verify_page_init (RejiVerifyPage *self)
{
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The link wraps at any character, as URLs have no words; a hyphen
   * added at a break would read as part of the URL. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->url_label, attributes);
}
