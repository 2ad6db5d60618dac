/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-enums.h"
#include "reji-history-refund.h"
#include "reji-history-window.h"
#include "reji-money.h"
#include "reji-resources.h"

struct _RejiHistoryWindow
{
  AdwWindow          parent_instance;

  GtkButton         *back_button;
  GtkButton         *export_button;
  GtkStack          *stack;
  GtkButton         *previous_button;
  GtkButton         *next_button;
  GtkLabel          *day_label;
  GtkDropDown       *state_filter;
  GtkDropDown       *mode_filter;
  int                refund_mode;  /* RejiMode whose sales may be refunded; -1 for none */
  GtkLabel          *totals_label;
  GtkListBox        *sale_list;
  GtkBox            *details_box;

  RejiJournal       *journal;   /* (owned) */
  RejiKomojuClient  *client;    /* (owned) */
  GDateTime         *day;       /* (owned) local midnight */
  GPtrArray         *sales;     /* (owned) (element-type RejiJournalSale) rows shown */
  char              *details_id; /* (owned) (nullable) the sale whose details show */
  GtkFileChooserNative *chooser; /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (RejiHistoryWindow, reji_history_window, ADW_TYPE_WINDOW)

/* The state filter's entries, in the drop-down's order; -1 is "all". */
static const int state_filters[] = {
  -1, REJI_SALE_STATE_PAID, REJI_SALE_STATE_DECLINED, REJI_SALE_STATE_FAILED,
  REJI_SALE_STATE_EXPIRED, REJI_SALE_STATE_CANCELLED, REJI_SALE_STATE_OUTCOME_UNKNOWN,
  REJI_SALE_STATE_AWAITING_3DS, REJI_SALE_STATE_VERIFIED,
};

static const char *
state_label (RejiSaleState state)
{
  switch (state)
    {
    case REJI_SALE_STATE_EDITING:
      return _("Not sent");
    case REJI_SALE_STATE_CREATING_TOKEN:
      return _("Sending the card");
    case REJI_SALE_STATE_AWAITING_3DS:
      return _("Waiting for 3-D Secure");
    case REJI_SALE_STATE_CHARGING:
      return _("Charging");
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
      return _("Result unknown");
    case REJI_SALE_STATE_PAID:
      return _("Paid");
    case REJI_SALE_STATE_DECLINED:
      return _("Declined");
    case REJI_SALE_STATE_FAILED:
      return _("Failed");
    case REJI_SALE_STATE_EXPIRED:
      return _("Expired");
    case REJI_SALE_STATE_CANCELLED:
      return _("Cancelled");
    case REJI_SALE_STATE_VERIFIED:
      /* Translators: a sale state: 3-D Secure passed, and the shop's own
       * system charges the card */
      return _("Verified, not charged");
    default:
      return "";
    }
}

static char *
format_time (gint64      microseconds,
             const char *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (microseconds / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, format) : g_strdup ("");
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* Details */

static void show_details (RejiHistoryWindow *self, const RejiJournalSale *sale);
static void reload (RejiHistoryWindow *self);

static GtkWidget *
add_field (GtkWidget  *group,
           const char *title,
           const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  const char *text = value != NULL ? value : "—";
  GtkWidget *label = gtk_label_new (text);

  /* Values are selectable so ids can be copied into KOMOJU's dashboard.
   * A wrapping label asks for almost no width, so the row squeezed values
   * to a few characters a line: ask for the value's own width, up to 30
   * characters, and wrap only what is longer. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (text, -1), 30));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static void
refund_done_cb (GObject *owner)
{
  RejiHistoryWindow *self = REJI_HISTORY_WINDOW (owner);
  g_autoptr(RejiJournalSale) sale = NULL;

  reload (self);
  if (self->details_id != NULL)
    sale = reji_journal_lookup_sale (self->journal, self->details_id, NULL);
  if (sale != NULL)
    show_details (self, sale);
}

static void
refund_clicked_cb (GtkButton         *button,
                   RejiHistoryWindow *self)
{
  /* One refund at a time: the button comes back with the details once
   * KOMOJU has responded. */
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);

  g_autoptr(RejiJournalSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  sale = reji_journal_lookup_sale (self->journal, self->details_id, &error);
  if (sale == NULL)
    {
      g_warning ("Could not read sale %s for a refund: %s", self->details_id, error->message);
      return;
    }

  reji_history_refund_ask (GTK_WINDOW (self), self->journal, self->client, sale,
                           refund_done_cb, G_OBJECT (self));
}

static GtkWidget *
build_summary (const RejiJournalSale *sale)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *amount = reji_money_format (sale->amount, sale->currency);
  g_autofree char *refunded = reji_money_format (sale->refunded_amount, sale->currency);
  g_autofree char *created = format_time (sale->created_at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *card = g_strdup_printf ("%s •••• %s", reji_card_brand_get_name (sale->card_brand),
                                           sale->card_last_four != NULL ? sale->card_last_four : "????");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), state_label (sale->state));
  add_field (group, _("Amount"), amount);
  if (sale->refunded_amount > 0)
    add_field (group, _("Refunded"), refunded);
  add_field (group, _("Card"), card);
  add_field (group, _("Mode"), reji_mode_get_label (sale->mode));
  add_field (group, _("Started"), created);
  add_field (group, _("Sale ID"), sale->id);
  add_field (group, _("Secure token ID"), sale->token_id);
  add_field (group, _("Payment ID"), sale->payment_id);
  if (sale->error_message != NULL)
    add_field (group, _("Error"), sale->error_message);

  return group;
}

static GtkWidget *
build_events (RejiHistoryWindow *self,
              const char        *sale_id)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Events"));
  events = reji_journal_list_events (self->journal, sale_id, &error);
  if (events == NULL)
    {
      add_field (group, _("Error"), error->message);
      return group;
    }

  for (guint i = 0; i < events->len; i++)
    {
      RejiJournalEvent *event = g_ptr_array_index (events, i);
      g_autofree char *time = format_time (event->at, "%H:%M:%S");
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);

      if (event->request != NULL)
        /* Translators: an event of a sale: the time and the request sent,
         * such as "12:01:02 — sending charge". */
        title = g_strdup_printf (_("%s — sending %s"), time, event->request);
      else
        title = g_strdup_printf ("%s — %s", time, state_label (event->state));

      if (event->idempotency_key != NULL)
        /* Translators: %s is an idempotency key (a UUID). */
        g_string_append_printf (subtitle, _("Idempotency key %s"), event->idempotency_key);
      if (event->detail != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", event->detail);

      add_field (group, title, subtitle->len > 0 ? subtitle->str : NULL);
    }

  return group;
}

static void
show_details (RejiHistoryWindow     *self,
              const RejiJournalSale *sale)
{
  GtkWidget *box = GTK_WIDGET (self->details_box);

  g_free (self->details_id);
  self->details_id = g_strdup (sale->id);

  clear_box (box);
  gtk_box_append (self->details_box, build_summary (sale));

  /* Only captured payments with something left can be refunded, and only
   * through the client of the mode they were taken in: a test payment is
   * unknown to the live account, and a training payment to anything but
   * the simulator it was taken on. */
  if (sale->state == REJI_SALE_STATE_PAID && sale->payment_id != NULL
      && sale->refunded_amount < sale->amount
      && (int) sale->mode == self->refund_mode)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Refund…"));

      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_add_css_class (button, "destructive-action");
      g_signal_connect (button, "clicked", G_CALLBACK (refund_clicked_cb), self);
      gtk_box_append (self->details_box, button);
    }

  gtk_box_append (self->details_box, build_events (self, sale->id));
  gtk_stack_set_visible_child_name (self->stack, "details");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
}

static void
back_clicked_cb (RejiHistoryWindow *self)
{
  g_clear_pointer (&self->details_id, g_free);
  gtk_stack_set_visible_child_name (self->stack, "day");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
}

/* Escape goes back from a sale's details to the day, and closes the
 * window from the day. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RejiHistoryWindow *self = REJI_HISTORY_WINDOW (widget);

  if (self->details_id != NULL)
    back_clicked_cb (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* The day's list */

static GtkWidget *
build_sale_row (const RejiJournalSale *sale)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *time = format_time (sale->created_at, "%H:%M");
  g_autofree char *amount = reji_money_format (sale->amount, sale->currency);
  g_autofree char *title = g_strdup_printf ("%s   %s", time, amount != NULL ? amount : "");
  g_autofree char *subtitle = NULL;

  /* Translators: a sale in the history: its status, card brand, last four
   * digits and mode, as in "Paid · Visa •••• 0100 · Test". */
  subtitle = g_strdup_printf (_("%s · %s •••• %s · %s"), state_label (sale->state),
                              reji_card_brand_get_name (sale->card_brand),
                              sale->card_last_four != NULL ? sale->card_last_four : "????",
                              reji_mode_get_label (sale->mode));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  RejiHistoryWindow *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->sales->len)
    show_details (self, g_ptr_array_index (self->sales, index));
}

static void
show_totals (RejiHistoryWindow *self)
{
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  totals = reji_journal_get_day_totals (self->journal, self->day, &error);
  if (totals == NULL)
    {
      gtk_label_set_text (self->totals_label, error->message);
      return;
    }

  for (guint i = 0; i < totals->len; i++)
    {
      RejiJournalTotal *total = &g_array_index (totals, RejiJournalTotal, i);
      g_autofree char *amount = reji_money_format (total->amount, total->currency);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "   " : "", amount != NULL ? amount : "");
    }

  if (text->len == 0)
    gtk_label_set_text (self->totals_label, _("No paid sales this day (training sales do not count)."));
  else
    {
      g_autofree char *label = NULL;

      /* Translators: %s lists a total per currency, such as "¥12,000   $15.00". */
      label = g_strdup_printf (_("Paid today: %s (training sales do not count)"), text->str);
      gtk_label_set_text (self->totals_label, label);
    }
}

static void
reload (RejiHistoryWindow *self)
{
  guint state_index = gtk_drop_down_get_selected (self->state_filter);
  guint mode_index = gtk_drop_down_get_selected (self->mode_filter);
  int state = state_index < G_N_ELEMENTS (state_filters) ? state_filters[state_index] : -1;
  int mode = mode_index > 0 && mode_index != GTK_INVALID_LIST_POSITION ? (int) mode_index - 1 : -1;
  g_autofree char *day_text = g_date_time_format (self->day, "%x");
  g_autoptr(GError) error = NULL;

  gtk_label_set_text (self->day_label, day_text);
  clear_box (GTK_WIDGET (self->sale_list));
  g_clear_pointer (&self->sales, g_ptr_array_unref);

  self->sales = reji_journal_list_day (self->journal, self->day, state, mode, &error);
  if (self->sales == NULL)
    {
      g_warning ("Could not list the sales of %s: %s", day_text, error->message);
      self->sales = g_ptr_array_new ();
      gtk_label_set_text (self->totals_label, error->message);
      return;
    }

  for (guint i = 0; i < self->sales->len; i++)
    gtk_list_box_append (self->sale_list, build_sale_row (g_ptr_array_index (self->sales, i)));

  show_totals (self);
}

static void
move_day (RejiHistoryWindow *self,
          int                days)
{
  GDateTime *day = g_date_time_add_days (self->day, days);

  g_date_time_unref (self->day);
  self->day = day;
  reload (self);
}

static void
previous_clicked_cb (RejiHistoryWindow *self)
{
  move_day (self, -1);
}

static void
next_clicked_cb (RejiHistoryWindow *self)
{
  move_day (self, 1);
}

/* Export */

static void
export_response_cb (GtkNativeDialog   *chooser,
                    int                response,
                    RejiHistoryWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && !reji_journal_export_csv (self->journal, self->day, file, NULL, &error))
    {
      GtkWidget *dialog;

      g_warning ("Could not export sales to CSV: %s", error->message);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  g_clear_object (&self->chooser);
}

static void
export_clicked_cb (RejiHistoryWindow *self)
{
  g_autofree char *name = g_date_time_format (self->day, "reji-sales-%Y-%m-%d.csv");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Sales"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject */

static void
set_up_filters (RejiHistoryWindow *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (state_filters); i++)
    gtk_string_list_append (states, state_filters[i] < 0 ? _("All statuses") : state_label (state_filters[i]));

  gtk_string_list_append (modes, _("All modes"));
  for (RejiMode mode = REJI_MODE_TRAINING; mode <= REJI_MODE_LIVE; mode++)
    gtk_string_list_append (modes, reji_mode_get_label (mode));

  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (states));
  gtk_drop_down_set_model (self->mode_filter, G_LIST_MODEL (modes));
  g_signal_connect_swapped (self->state_filter, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->mode_filter, "notify::selected", G_CALLBACK (reload), self);
}

static void
reji_history_window_dispose (GObject *object)
{
  RejiHistoryWindow *self = REJI_HISTORY_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->journal);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), REJI_TYPE_HISTORY_WINDOW);

  G_OBJECT_CLASS (reji_history_window_parent_class)->dispose (object);
}

static void
reji_history_window_finalize (GObject *object)
{
  RejiHistoryWindow *self = REJI_HISTORY_WINDOW (object);

  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->sales, g_ptr_array_unref);
  g_clear_pointer (&self->details_id, g_free);

  G_OBJECT_CLASS (reji_history_window_parent_class)->finalize (object);
}

static void
reji_history_window_class_init (RejiHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_assert (reji_get_resource () != NULL);

  object_class->dispose = reji_history_window_dispose;
  object_class->finalize = reji_history_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, day_label);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, state_filter);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, mode_filter);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, totals_label);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, sale_list);
  gtk_widget_class_bind_template_child (widget_class, RejiHistoryWindow, details_box);

  gtk_widget_class_install_action (widget_class, "history.escape", NULL, escape_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "history.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reji_history_window_init (RejiHistoryWindow *self)
{
  self->refund_mode = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_clicked_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
  g_signal_connect (self->sale_list, "row-activated", G_CALLBACK (row_activated_cb), self);
}

/**
 * reji_history_window_new:
 * @parent: (nullable): the window it belongs to
 * @journal: the journal whose sales it shows
 * @client: the client refunds are sent with
 *
 * Returns: (transfer full): a window showing today's sales
 */
RejiHistoryWindow *
reji_history_window_new (GtkWindow        *parent,
                         RejiJournal      *journal,
                         RejiKomojuClient *client)
{
  RejiHistoryWindow *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (REJI_IS_JOURNAL (journal), NULL);
  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (client), NULL);

  self = g_object_new (REJI_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->journal = g_object_ref (journal);
  self->client = g_object_ref (client);
  set_up_filters (self);
  reji_history_window_set_day (self, now);

  return self;
}

/* Shows the sales of the local day that contains @day. */
void
reji_history_window_set_day (RejiHistoryWindow *self,
                             GDateTime         *day)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (REJI_IS_HISTORY_WINDOW (self));
  g_return_if_fail (day != NULL);

  local = g_date_time_to_local (day);
  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                     g_date_time_get_day_of_month (local), 0, 0, 0);
  reload (self);
}

/* The number of sales the day list shows, after filtering. */
guint
reji_history_window_get_n_rows (RejiHistoryWindow *self)
{
  g_return_val_if_fail (REJI_IS_HISTORY_WINDOW (self), 0);

  return self->sales != NULL ? self->sales->len : 0;
}

/**
 * reji_history_window_set_refund_mode:
 * @self: a history window
 * @mode: the mode Reji runs in
 *
 * Offers refunds for the paid sales taken in @mode, the only ones the
 * window's client can refund. Without this call no refund is offered.
 */
void
reji_history_window_set_refund_mode (RejiHistoryWindow *self,
                                     RejiMode           mode)
{
  g_return_if_fail (REJI_IS_HISTORY_WINDOW (self));

  self->refund_mode = mode;
}
