/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-charge-page.h"
#include "reji-enums.h"
#include "reji-resources.h"
#include "reji-result-page.h"
#include "reji-verify-page.h"
#include "reji-window.h"

struct _RejiWindow
{
  AdwApplicationWindow  parent_instance;

  GtkLabel             *mode_badge;
  GtkWidget            *training_band;
  GtkStack             *stack;
  RejiChargePage       *charge_page;
  RejiVerifyPage       *verify_page;
  RejiResultPage       *result_page;

  RejiKomojuClient     *client;
  RejiMode              mode;
  char                 *return_url;
  RejiSale             *sale;
};

G_DEFINE_FINAL_TYPE (RejiWindow, reji_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_MODE,
  PROP_RETURN_URL,
  PROP_SALE,
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
    default:
      return "result";
    }
}

static void
sale_state_changed_cb (RejiWindow *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  const char *page = page_for_state (state);
  gboolean entering = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0;

  g_debug ("Sale state is now %d, showing the %s page", state, page);

  /* While a charge may be running, a new sale could charge the card twice. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-sale",
                                 state != REJI_SALE_STATE_CHARGING
                                 && state != REJI_SALE_STATE_OUTCOME_UNKNOWN);

  if (g_strcmp0 (page, "result") == 0)
    reji_result_page_show_sale (self->result_page, self->sale);

  gtk_stack_set_visible_child_name (self->stack, page);
  if (entering && g_strcmp0 (page, "result") == 0)
    reji_result_page_focus_new_sale (self->result_page);
}

/* Replaces the current sale with @sale, cancelling the current one if it
 * is still in progress, and shows the page for @sale's state. */
static void
set_sale (RejiWindow *self,
          RejiSale   *sale)
{
  if (self->sale != NULL)
    {
      if (!reji_sale_state_is_final (reji_sale_get_state (self->sale)))
        reji_sale_cancel (self->sale);
      g_signal_handlers_disconnect_by_data (self->sale, self);
      g_clear_object (&self->sale);
    }

  self->sale = g_object_ref (sale);
  g_signal_connect_object (self->sale, "notify::state",
                           G_CALLBACK (sale_state_changed_cb), self, G_CONNECT_SWAPPED);

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
new_sale_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_new_sale (REJI_WINDOW (widget));
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
      if (!reji_sale_state_is_final (reji_sale_get_state (self->sale)))
        reji_sale_cancel (self->sale);
    }
  g_clear_object (&self->sale);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), REJI_TYPE_WINDOW);

  G_OBJECT_CLASS (reji_window_parent_class)->dispose (object);
}

static void
reji_window_finalize (GObject *object)
{
  RejiWindow *self = REJI_WINDOW (object);

  g_free (self->return_url);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_window_class_init (RejiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Programs link the UI layer from a static library, where only the
   * objects they reference are kept: this call keeps the resource bundle,
   * whose constructor registers the templates and style sheet. */
  g_assert (reji_get_resource () != NULL);

  object_class->constructed = reji_window_constructed;
  object_class->dispose = reji_window_dispose;
  object_class->finalize = reji_window_finalize;
  object_class->get_property = reji_window_get_property;
  object_class->set_property = reji_window_set_property;

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REJI_TYPE_CHARGE_PAGE);
  g_type_ensure (REJI_TYPE_VERIFY_PAGE);
  g_type_ensure (REJI_TYPE_RESULT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, mode_badge);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, training_band);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, charge_page);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, verify_page);
  gtk_widget_class_bind_template_child (widget_class, RejiWindow, result_page);

  gtk_widget_class_install_action (widget_class, "win.new-sale", NULL, new_sale_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-sale", NULL);
}

static void
reji_window_init (RejiWindow *self)
{
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
