/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-mode.h"
#include "reji-money.h"
#include "reji-preferences-window.h"
#include "reji-resources.h"
#include "reji-settings.h"
#include "reji-url.h"

/* KOMOJU keys are "sk_test_" or "sk_live_" and then letters and digits. */
#define KEY_MIN_SUFFIX_LENGTH 8

struct _RejiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *mode_row;
  AdwActionRow         *saved_key_row;
  AdwEntryRow          *key_row;
  GtkLabel             *key_message;
  AdwEntryRow          *base_url_row;
  AdwEntryRow          *return_url_row;
  GtkLabel             *url_message;
  AdwEntryRow          *currency_row;
  GtkSpinButton        *deadline_spin;
  GtkSwitch            *require_3ds_switch;
  GtkSwitch            *charge_switch;

  GSettings            *settings;      /* (owned) */
  RejiSecretStore      *secret_store;  /* (owned) */
  GCancellable         *cancellable;   /* (owned) */
  gboolean              updating_mode;
};

G_DEFINE_FINAL_TYPE (RejiPreferencesWindow, reji_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * reji_preferences_check_key:
 * @key: what the user typed
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT
 *
 * Checks the form of a KOMOJU secret key, not whether KOMOJU accepts it.
 */
gboolean
reji_preferences_check_key (const char  *key,
                            GError     **error)
{
  const char *suffix;

  if (g_str_has_prefix (key, "sk_test_"))
    suffix = key + strlen ("sk_test_");
  else if (g_str_has_prefix (key, "sk_live_"))
    suffix = key + strlen ("sk_live_");
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A KOMOJU secret key starts with “sk_test_” or “sk_live_”."));
      return FALSE;
    }

  if (strlen (suffix) < KEY_MIN_SUFFIX_LENGTH)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The key is too short. Copy the whole key from the KOMOJU dashboard."));
      return FALSE;
    }

  for (const char *c = suffix; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("The key may only contain letters, digits and “_”."));
        return FALSE;
      }

  return TRUE;
}

static void
show_message (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_mode_row (RejiPreferencesWindow *self,
              RejiMode               mode)
{
  self->updating_mode = TRUE;
  adw_combo_row_set_selected (self->mode_row, mode);
  self->updating_mode = FALSE;
}

static void
apply_mode (RejiPreferencesWindow *self,
            RejiMode               mode)
{
  g_message ("Preferences: mode set to %s", reji_mode_get_label (mode));
  g_settings_set_enum (self->settings, "mode", mode);
  set_mode_row (self, mode);
}

/* Asks before anything switches Reji to real money; @on_confirm runs
 * only when the user agrees. */
static void
confirm_live (RejiPreferencesWindow *self,
              GCallback              on_response)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Switch to Live Mode?"),
                                   _("In live mode Reji charges real cards with real money."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "live", _("_Use Live Mode"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "live", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", on_response, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
live_mode_response_cb (AdwMessageDialog      *dialog,
                       const char            *response,
                       RejiPreferencesWindow *self)
{
  if (g_strcmp0 (response, "live") == 0)
    apply_mode (self, REJI_MODE_LIVE);
  else
    set_mode_row (self, reji_settings_get_mode (self->settings));
}

static void
mode_selected_cb (RejiPreferencesWindow *self)
{
  RejiMode mode = adw_combo_row_get_selected (self->mode_row);

  if (self->updating_mode || mode == reji_settings_get_mode (self->settings))
    return;

  /* Training never needs a key or a confirmation; live always asks. */
  if (mode == REJI_MODE_LIVE)
    confirm_live (self, G_CALLBACK (live_mode_response_cb));
  else
    apply_mode (self, mode);
}

/* The key */

static void
show_saved_key (RejiPreferencesWindow *self,
                const char            *key)
{
  g_autofree char *masked = key != NULL ? reji_mode_mask_secret_key (key) : NULL;

  if (reji_secret_store_is_overridden (self->secret_store))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a masked key such as "sk_test_…9f3a". */
      text = g_strdup_printf (_("%s (from REJI_KOMOJU_SECRET_KEY)"), masked);
      adw_action_row_set_subtitle (self->saved_key_row, text);
      return;
    }

  adw_action_row_set_subtitle (self->saved_key_row, masked != NULL ? masked : _("None saved"));
}

static void
key_looked_up_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RejiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = reji_secret_store_lookup_finish (REJI_SECRET_STORE (source), result, &error);
  if (key != NULL && g_cancellable_is_cancelled (self->cancellable))
    explicit_bzero (key, strlen (key));
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (error != NULL)
    {
      show_message (self->key_message, error->message);
      return;
    }

  show_saved_key (self, key);
  if (key != NULL)
    explicit_bzero (key, strlen (key));
}

typedef struct
{
  RejiPreferencesWindow *window;  /* (owned) */
  RejiMode               mode;
  char                  *masked;  /* (owned) */
} StoreRequest;

static void
key_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  StoreRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  RejiPreferencesWindow *self = request->window;

  if (!reji_secret_store_store_finish (REJI_SECRET_STORE (source), result, &error))
    {
      /* A closed window has no widgets left to show the error in. */
      if (!g_cancellable_is_cancelled (self->cancellable))
        show_message (self->key_message, error->message);
    }
  else if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_message ("Preferences closed while the key was being saved; it was saved");
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      show_message (self->key_message, NULL);
      adw_action_row_set_subtitle (self->saved_key_row, request->masked);
      apply_mode (self, request->mode);
    }

  g_object_unref (request->window);
  g_free (request->masked);
  g_free (request);
}

static void
store_key (RejiPreferencesWindow *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  StoreRequest *request = g_new0 (StoreRequest, 1);

  request->window = g_object_ref (self);
  request->mode = reji_mode_from_secret_key (key);
  request->masked = reji_mode_mask_secret_key (key);
  reji_secret_store_store_async (self->secret_store, key, self->cancellable, key_stored_cb, request);
}

static void
live_key_response_cb (AdwMessageDialog      *dialog,
                      const char            *response,
                      RejiPreferencesWindow *self)
{
  if (g_strcmp0 (response, "live") == 0)
    store_key (self);
}

static void
key_applied_cb (RejiPreferencesWindow *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autoptr(GError) error = NULL;

  if (!reji_preferences_check_key (key, &error))
    {
      show_message (self->key_message, error->message);
      return;
    }

  if (reji_mode_from_secret_key (key) == REJI_MODE_LIVE)
    confirm_live (self, G_CALLBACK (live_key_response_cb));
  else
    store_key (self);
}

/* Addresses and sales */

static void
url_applied_cb (AdwEntryRow           *row,
                RejiPreferencesWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *key = row == self->base_url_row ? "api-base-url" : "return-url";

  if (!reji_url_is_allowed_base (url))
    {
      show_message (self->url_message,
                    _("Enter an https:// address. Plain http:// is allowed only for this computer "
                      "(127.0.0.1 or localhost)."));
      return;
    }

  show_message (self->url_message, NULL);
  g_settings_set_string (self->settings, key, url);
}

static void
currency_applied_cb (RejiPreferencesWindow *self)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);

  if (reji_currency_lookup (code) == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is what the user typed as a currency code. */
      text = g_strdup_printf (_("KOMOJU does not accept the currency %s."), code);
      show_message (self->url_message, text);
      return;
    }

  show_message (self->url_message, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), code);
  g_settings_set_string (self->settings, "default-currency", code);
}

static void
deadline_changed_cb (RejiPreferencesWindow *self)
{
  g_settings_set_uint (self->settings, "deadline-seconds",
                       (guint) gtk_spin_button_get_value_as_int (self->deadline_spin));
}

static void
load_settings (RejiPreferencesWindow *self)
{
  g_autofree char *base_url = g_settings_get_string (self->settings, "api-base-url");
  g_autofree char *return_url = g_settings_get_string (self->settings, "return-url");
  g_autofree char *currency = g_settings_get_string (self->settings, "default-currency");

  set_mode_row (self, reji_settings_get_mode (self->settings));
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url);
  gtk_editable_set_text (GTK_EDITABLE (self->return_url_row), return_url);
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), currency);
  gtk_spin_button_set_value (self->deadline_spin, g_settings_get_uint (self->settings, "deadline-seconds"));

  g_settings_bind (self->settings, "require-3ds", self->require_3ds_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "charge-after-verification", self->charge_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->mode_row, "notify::selected", G_CALLBACK (mode_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deadline_spin, "value-changed", G_CALLBACK (deadline_changed_cb), self,
                           G_CONNECT_SWAPPED);

  reji_secret_store_lookup_async (self->secret_store, self->cancellable, key_looked_up_cb, g_object_ref (self));
}

static void
reji_preferences_window_dispose (GObject *object)
{
  RejiPreferencesWindow *self = REJI_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  gtk_widget_dispose_template (GTK_WIDGET (self), REJI_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (reji_preferences_window_parent_class)->dispose (object);
}

static void
reji_preferences_window_finalize (GObject *object)
{
  RejiPreferencesWindow *self = REJI_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (reji_preferences_window_parent_class)->finalize (object);
}

static void
reji_preferences_window_class_init (RejiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_assert (reji_get_resource () != NULL);

  object_class->dispose = reji_preferences_window_dispose;
  object_class->finalize = reji_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, saved_key_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, key_message);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, return_url_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, url_message);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, deadline_spin);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, require_3ds_switch);
  gtk_widget_class_bind_template_child (widget_class, RejiPreferencesWindow, charge_switch);
}

static void
reji_preferences_window_init (RejiPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->key_row, "apply", G_CALLBACK (key_applied_cb), self);
  g_signal_connect (self->base_url_row, "apply", G_CALLBACK (url_applied_cb), self);
  g_signal_connect (self->return_url_row, "apply", G_CALLBACK (url_applied_cb), self);
  g_signal_connect_swapped (self->currency_row, "apply", G_CALLBACK (currency_applied_cb), self);
}

/**
 * reji_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: Reji's settings, changed as the user edits
 * @secret_store: where the KOMOJU key is saved
 *
 * Returns: (transfer full): the preferences window
 */
RejiPreferencesWindow *
reji_preferences_window_new (GtkWindow       *parent,
                             GSettings       *settings,
                             RejiSecretStore *secret_store)
{
  RejiPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (REJI_IS_SECRET_STORE (secret_store), NULL);

  self = g_object_new (REJI_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  self->secret_store = g_object_ref (secret_store);
  load_settings (self);

  return self;
}
