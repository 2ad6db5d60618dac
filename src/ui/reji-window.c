/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-charge-page.h"
#include "reji-enums.h"
#include "reji-resources.h"
#include "reji-result-page.h"
#include "reji-trainer.h"
#include "reji-verify-page.h"
#include "reji-window.h"

struct _RejiWindow
{
  AdwApplicationWindow  parent_instance;

  GtkLabel             *mode_badge;
  GtkWidget            *training_band;
  GtkWidget            *trainer_button;
  GtkLabel             *trainer_label;
  GtkLabel             *status_area;
  GtkStack             *stack;
  RejiChargePage       *charge_page;
  RejiVerifyPage       *verify_page;
  RejiResultPage       *result_page;

  RejiKomojuClient     *client;
  RejiMode              mode;
  char                 *return_url;
  RejiSale             *sale;
  GPtrArray            *background_sales;  /* (owned) (element-type RejiSale) */
  /* Training mode's simulator, for the trainer menu; NULL elsewhere. */
  RejiSimulator        *simulator;
  char                 *trainer_choice;
  /* Set once the cashier chose to close despite a running charge. */
  gboolean              close_confirmed;
};

G_DEFINE_FINAL_TYPE (RejiWindow, reji_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_MODE,
  PROP_RETURN_URL,
  PROP_SALE,
  PROP_TRAINER_CHOICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
page_for_state (RejiSaleState state)
{
  switch (state)
    {
    case REJI_SALE_STATE_EDITING:
    case REJI_SALE_STATE_CREATING_TOKEN:
      return "charge";
    case REJI_SALE_STATE_AWAITING_3DS:
    case REJI_SALE_STATE_CHARGING:
      return "verify";
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
    case REJI_SALE_STATE_PAID:
    case REJI_SALE_STATE_DECLINED:
    case REJI_SALE_STATE_FAILED:
    case REJI_SALE_STATE_EXPIRED:
    case REJI_SALE_STATE_CANCELLED:
    case REJI_SALE_STATE_VERIFIED:
    default:
      return "result";
    }
}

/* Shows @text in the status area. Its accessible role is "status", so
 * screen readers read each new text without the focus moving there:
 * GTK 4.8 has no call to announce text, and this is the closest it
 * offers. */
static void
announce (RejiWindow *self,
          const char *text)
{
  g_debug ("Announcing: %s", text);
  gtk_label_set_text (self->status_area, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
announce_page (RejiWindow *self,
               const char *page)
{
  if (g_strcmp0 (page, "charge") == 0)
    announce (self, _("New sale. Enter the amount."));
  else if (g_strcmp0 (page, "verify") == 0)
    announce (self, _("Showing the QR code. Ask the customer to scan it and complete 3-D Secure."));
  else
    announce (self, reji_result_page_get_summary (self->result_page));
}

/* While a charge runs, a new sale could charge the card twice. After an
 * unknown outcome a new sale may start, with a confirmation, but not
 * while a check is on its way. */
static void
update_actions (RejiWindow *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  gboolean busy = reji_sale_get_busy (self->sale);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-sale",
                                 state != REJI_SALE_STATE_CHARGING
                                 && !(state == REJI_SALE_STATE_OUTCOME_UNKNOWN && busy));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-qr-code",
                                 state == REJI_SALE_STATE_AWAITING_3DS);
}

static gboolean
trainer_is_normal (RejiWindow *self)
{
  return self->trainer_choice == NULL || g_strcmp0 (self->trainer_choice, REJI_TRAINER_NORMAL) == 0;
}

/* Tells everyone at the till that the simulator will misbehave. */
static void
update_trainer_band (RejiWindow *self)
{
  g_autofree char *text = NULL;
  const char *label;

  if (self->simulator == NULL || trainer_is_normal (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->trainer_label), FALSE);
      return;
    }

  label = reji_trainer_get_label (self->trainer_choice);
  if (self->sale == NULL || reji_sale_get_state (self->sale) == REJI_SALE_STATE_EDITING)
    /* Translators: shown in training mode; %s is the trainer's choice,
     * for example "Card declined" */
    text = g_strdup_printf (_("Next sale: %s"), label);
  else
    /* Translators: shown in training mode while the sale runs; %s is the
     * trainer's choice, for example "Card declined" */
    text = g_strdup_printf (_("This sale: %s"), label);

  gtk_label_set_text (self->trainer_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->trainer_label), TRUE);
}

static void
set_trainer_choice (RejiWindow *self,
                    const char *id)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (self->trainer_choice, id) == 0)
    return;

  if (self->simulator == NULL)
    {
      g_warning ("Ignoring the trainer choice %s: the window has no simulator", id);
      return;
    }

  if (!reji_trainer_apply (self->simulator, id, &error))
    {
      g_warning ("Could not apply the trainer choice %s: %s", id, error->message);
      return;
    }

  g_free (self->trainer_choice);
  self->trainer_choice = g_strdup (id);
  update_trainer_band (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER_CHOICE]);
}

static void
sale_state_changed_cb (RejiWindow *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  const char *page = page_for_state (state);
  gboolean entering = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0;

  g_debug ("Sale state is now %d, showing the %s page", state, page);

  update_actions (self);
  update_trainer_band (self);

  if (g_strcmp0 (page, "result") == 0)
    reji_result_page_show_sale (self->result_page, self->sale);

  gtk_stack_set_visible_child_name (self->stack, page);
  if (entering)
    announce_page (self, page);
  if (entering && g_strcmp0 (page, "result") == 0)
    reji_result_page_focus_new_sale (self->result_page);
  if (entering && g_strcmp0 (page, "verify") == 0)
    reji_verify_page_focus_default (self->verify_page);
}

/* A charge that was sent may have taken money, so a sale in CHARGING or
 * OUTCOME_UNKNOWN is never cancelled when the cashier moves on or Reji
 * closes: it keeps finding out its outcome in the background while the
 * window lives, and the journal keeps it unfinished, to be resumed at the
 * next start, if Reji stops first. Any other sale still in progress is
 * cancelled. */
static void
release_sale (RejiWindow *self,
              RejiSale   *sale)
{
  RejiSaleState state = reji_sale_get_state (sale);

  if (state == REJI_SALE_STATE_CHARGING || state == REJI_SALE_STATE_OUTCOME_UNKNOWN)
    {
      g_message ("sale %s keeps checking its charge in the background (payment idempotency key %s)",
                 reji_sale_get_id (sale), reji_sale_get_payment_idempotency_key (sale));
      g_ptr_array_add (self->background_sales, g_object_ref (sale));
    }
  else if (!reji_sale_state_is_final (state))
    {
      reji_sale_cancel (sale);
    }
}

/* Replaces the current sale with @sale, releasing the current one (see
 * release_sale()), and shows the page for @sale's state. */
static void
set_sale (RejiWindow *self,
          RejiSale   *sale)
{
  /* A trainer's fault is for one sale: the next sale is normal again. */
  if (self->sale != NULL && reji_sale_get_state (self->sale) != REJI_SALE_STATE_EDITING)
    set_trainer_choice (self, REJI_TRAINER_NORMAL);

  if (self->sale != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sale, self);
      release_sale (self, self->sale);
      g_clear_object (&self->sale);
    }

  self->sale = g_object_ref (sale);
  g_signal_connect_object (self->sale, "notify::state",
                           G_CALLBACK (sale_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sale, "notify::busy",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  reji_charge_page_set_sale (self->charge_page, self->sale);
  reji_verify_page_set_sale (self->verify_page, self->sale);
  sale_state_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALE]);
}

/* Replaces the current sale with a fresh one in EDITING and empties the
 * form. A sale still in progress is cancelled first. */
static void
start_new_sale (RejiWindow *self)
{
  g_autoptr(RejiSale) sale = reji_sale_new (self->client);

  reji_sale_set_return_url (sale, self->return_url);
  set_sale (self, sale);

  reji_charge_page_focus_amount (self->charge_page);
}

static void
leave_unknown_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           RejiWindow       *self)
{
  const RejiSecureToken *token;

  if (g_strcmp0 (response, "leave") != 0)
    return;
  if (reji_sale_get_state (self->sale) != REJI_SALE_STATE_OUTCOME_UNKNOWN || reji_sale_get_busy (self->sale))
    return;

  token = reji_sale_get_secure_token (self->sale);
  g_message ("Leaving sale %s with an unknown charge outcome for checking "
             "(secure token %s, payment idempotency key %s)",
             reji_sale_get_id (self->sale), token != NULL ? token->id : "none",
             reji_sale_get_payment_idempotency_key (self->sale));
  start_new_sale (self);
}

/* Leaving a sale whose charge may have gone through needs the cashier to
 * say so: the page shows the ids that find it in the KOMOJU dashboard. */
static void
confirm_leave_unknown (RejiWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Start a new sale without a result for this one?"),
                                   _("The result of this charge is still not known. Reji stops "
                                     "checking it. Find it later in the KOMOJU dashboard with the "
                                     "sale ID, secure token ID and idempotency key shown on this page."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Checking"),
                                    "leave", _("_Start New Sale"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_unknown_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_sale_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RejiWindow *self = REJI_WINDOW (widget);
  RejiSaleState state = reji_sale_get_state (self->sale);

  if (state == REJI_SALE_STATE_CHARGING)
    return;
  if (state == REJI_SALE_STATE_OUTCOME_UNKNOWN)
    {
      if (!reji_sale_get_busy (self->sale))
        confirm_leave_unknown (self);
      return;
    }

  start_new_sale (self);
}

/* A charge without a known result: closing now leaves a payment that
 * may exist without anyone seeing it. */
static gboolean
charge_unresolved (RejiWindow *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);

  return state == REJI_SALE_STATE_CHARGING || state == REJI_SALE_STATE_OUTCOME_UNKNOWN;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   RejiWindow       *self)
{
  if (g_strcmp0 (response, "quit") != 0)
    return;

  g_warning ("Closing while sale %s is %s its charge (payment idempotency key %s)",
             reji_sale_get_id (self->sale),
             reji_sale_get_state (self->sale) == REJI_SALE_STATE_CHARGING ? "sending" : "checking",
             reji_sale_get_payment_idempotency_key (self->sale));
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_close (RejiWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Close Reji During a Charge?"),
                                   _("A charge is still being checked. Closing now may leave a "
                                     "payment you don’t see. The sale is kept for checking when "
                                     "Reji starts again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Reji Open"),
                                    "quit", _("_Quit Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
reji_window_close_request (GtkWindow *window)
{
  RejiWindow *self = REJI_WINDOW (window);

  if (!self->close_confirmed && self->sale != NULL && charge_unresolved (self))
    {
      confirm_close (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (reji_window_parent_class)->close_request (window);
}

/* Abandons the sale waiting for 3-D Secure and starts the same sale
 * again. The card number and security code were wiped when the token
 * request was sent, so the cashier types the card again; a late result
 * for the abandoned token is ignored because that sale is cancelled. */
static void
new_qr_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RejiWindow *self = REJI_WINDOW (widget);
  g_autofree char *currency = NULL;
  gint64 amount;

  if (reji_sale_get_state (self->sale) != REJI_SALE_STATE_AWAITING_3DS)
    return;

  amount = reji_sale_get_amount (self->sale);
  currency = g_strdup (reji_sale_get_currency (self->sale));
  g_message ("Abandoning sale %s for a new QR code", reji_sale_get_id (self->sale));

  start_new_sale (self);
  reji_charge_page_repeat_sale (self->charge_page, amount, currency);
  announce (self, _("New attempt with the same amount. Type the card number and security code again."));
}

/* Escape cancels while the customer has the QR code, and leaves a result
 * for a new sale. It does nothing on the form, where it would lose work. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RejiWindow *self = REJI_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  RejiSaleState state = reji_sale_get_state (self->sale);

  if (g_strcmp0 (page, "verify") == 0 && state == REJI_SALE_STATE_AWAITING_3DS)
    reji_sale_cancel (self->sale);
  else if (g_strcmp0 (page, "result") == 0 && reji_sale_state_is_final (state))
    start_new_sale (self);
}

static void
announce_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  announce (REJI_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
apply_mode (RejiWindow *self)
{
  gboolean training = self->mode == REJI_MODE_TRAINING;

  gtk_widget_set_visible (self->training_band, training);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_badge), self->mode == REJI_MODE_TEST);
  gtk_label_set_text (self->mode_badge, reji_mode_get_label (self->mode));

  if (training)
    /* Translators: the window title in training mode */
    gtk_window_set_title (GTK_WINDOW (self), _("Reji — Training"));
  else if (self->mode == REJI_MODE_TEST)
    /* Translators: the window title when a KOMOJU test key is used */
    gtk_window_set_title (GTK_WINDOW (self), _("Reji — Test"));
  else
    gtk_window_set_title (GTK_WINDOW (self), "Reji");
}

/* The shortcuts window is built the first time it is asked for: building
 * it with the window made every start noticeably slower. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RejiWindow *self = REJI_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/reji-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
reji_window_constructed (GObject *object)
{
  RejiWindow *self = REJI_WINDOW (object);

  G_OBJECT_CLASS (reji_window_parent_class)->constructed (object);

  apply_mode (self);
  start_new_sale (self);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  reji_charge_page_focus_amount (self->charge_page);
}

static void
reji_window_dispose (GObject *object)
{
  RejiWindow *self = REJI_WINDOW (object);

  if (self->sale != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sale, self);
      release_sale (self, self->sale);
    }
  g_clear_object (&self->sale);
  /* Dropped without a cancel: their journal state stays unfinished. */
  g_clear_pointer (&self->background_sales, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->simulator);

  gtk_widget_dispose_template (GTK_WIDGET (self), REJI_TYPE_WINDOW);

  G_OBJECT_CLASS (reji_window_parent_class)->dispose (object);
}

static void
reji_window_finalize (GObject *object)
{
  RejiWindow *self = REJI_WINDOW (object);

  g_free (self->return_url);
  g_free (self->trainer_choice);

  G_OBJECT_CLASS (reji_window_parent_class)->finalize (object);
}

static void
reji_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RejiWindow *self = REJI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_RETURN_URL:
      g_value_set_string (value, self->return_url);
      break;
    case PROP_SALE:
      g_value_set_object (value, self->sale);
      break;
    case PROP_TRAINER_CHOICE:
      g_value_set_string (value, self->trainer_choice != NULL ? self->trainer_choice : REJI_TRAINER_NORMAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RejiWindow *self = REJI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_RETURN_URL:
      self->return_url = g_value_dup_string (value);
      break;
    case PROP_TRAINER_CHOICE:
      /* Set from the trainer menu: the trainer goes on typing the sale. */
      set_trainer_choice (self, g_value_get_string (value));
      if (self->sale != NULL && reji_sale_get_state (self->sale) == REJI_SALE_STATE_EDITING)
        reji_charge_page_focus_amount (self->charge_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_window_class_init (RejiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Programs link the UI layer from a static library, where only the
   * objects they reference are kept: this call keeps the resource bundle,
   * whose constructor registers the templates and style sheet. */
  g_assert (reji_get_resource () != NULL);

  object_class->constructed = reji_window_constructed;
  object_class->dispose = reji_window_dispose;
  object_class->finalize = reji_window_finalize;
  object_class->get_property = reji_window_get_property;
  object_class->set_property = reji_window_set_property;
  window_class->close_request = reji_window_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         REJI_TYPE_KOMOJU_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       REJI_TYPE_MODE, REJI_MODE_TRAINING,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETURN_URL] =
    g_param_spec_string ("return-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SALE] =
    g_param_spec_object ("sale", NULL, NULL,
                         REJI_TYPE_SALE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The id of the trainer's choice for the next sale, in training mode. */
  properties[PROP_TRAINER_CHOICE] =
    g_param_spec_string ("trainer-choice", NULL, NULL,
                         REJI_TRAINER_NORMAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REJI_TYPE_CHARGE_PAGE);
  g_type_ensure (REJI_TYPE_VERIFY_PAGE);
  g_type_ensure (REJI_TYPE_RESULT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, mode_badge);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, training_band);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, trainer_button);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, trainer_label);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, status_area);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, charge_page);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, verify_page);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, result_page);

  gtk_widget_class_install_action (widget_class, "win.new-sale", NULL, new_sale_action);
  gtk_widget_class_install_action (widget_class, "win.new-qr-code", NULL, new_qr_code_action);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "win.announce", "s", announce_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_property_action (widget_class, "win.trainer", "trainer-choice");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-sale", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-shortcuts", NULL);
}

static void
reji_window_init (RejiWindow *self)
{
  self->background_sales = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * reji_window_new:
 * @app: (nullable): the application, or %NULL for a window on its own
 * @client: the client every sale of this window uses
 * @mode: the mode @client talks to, shown on every page
 * @return_url: where KOMOJU sends the customer's browser after 3-D Secure
 *
 * Returns: (transfer full): a window with a new sale in EDITING
 */
RejiWindow *
reji_window_new (RejiApplication  *app,
                 RejiKomojuClient *client,
                 RejiMode          mode,
                 const char       *return_url)
{
  g_return_val_if_fail (app == NULL || REJI_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (client), NULL);
  g_return_val_if_fail (return_url != NULL, NULL);

  return g_object_new (REJI_TYPE_WINDOW,
                       "application", app,
                       "client", client,
                       "mode", mode,
                       "return-url", return_url,
                       NULL);
}

/* The sale the window shows now; it changes on win.new-sale. */
RejiSale *
reji_window_get_sale (RejiWindow *self)
{
  g_return_val_if_fail (REJI_IS_WINDOW (self), NULL);

  return self->sale;
}

RejiMode
reji_window_get_mode (RejiWindow *self)
{
  g_return_val_if_fail (REJI_IS_WINDOW (self), REJI_MODE_TRAINING);

  return self->mode;
}

/**
 * reji_window_show_sale:
 * @self: a window
 * @sale: a sale, such as one resumed from the journal
 *
 * Shows @sale in place of the current one, which is cancelled if it is
 * still in progress. #RejiWindow:sale changes to @sale.
 */
void
reji_window_show_sale (RejiWindow *self,
                       RejiSale   *sale)
{
  g_return_if_fail (REJI_IS_WINDOW (self));
  g_return_if_fail (REJI_IS_SALE (sale));

  if (self->sale == sale)
    return;

  set_sale (self, sale);
}

/**
 * reji_window_set_simulator:
 * @self: a #RejiWindow in training mode
 * @simulator: the simulator the window's client talks to
 *
 * Shows the trainer menu, which sets what @simulator does to the next
 * sale. Only training mode offers it.
 */
void
reji_window_set_simulator (RejiWindow    *self,
                           RejiSimulator *simulator)
{
  g_autoptr(GMenuModel) menu = NULL;

  g_return_if_fail (REJI_IS_WINDOW (self));
  g_return_if_fail (REJI_IS_SIMULATOR (simulator));
  g_return_if_fail (self->mode == REJI_MODE_TRAINING);

  g_set_object (&self->simulator, simulator);
  menu = reji_trainer_build_menu ("win.trainer");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->trainer_button), menu);
  gtk_widget_set_visible (self->trainer_button, TRUE);
  update_trainer_band (self);
}
