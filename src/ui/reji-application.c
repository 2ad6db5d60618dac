/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-application.h"
#include "reji-simulator.h"
#include "reji-url.h"
#include "reji-window.h"

#define DEFAULT_BASE_URL "https://komoju.com/api/v1"
/* NOTE: this page is not published yet. Until it is, the customer's
 * browser ends on a "not found" page after 3-D Secure. The sale is not
 * affected because Reji polls the token. */
#define DEFAULT_RETURN_URL "https://reji-pos.github.io/return/"
/* The simulator accepts any `sk_test_` key; this one only names the use. */
#define TRAINING_SECRET_KEY "sk_test_reji_training"

struct _RejiApplication
{
  AdwApplication    parent_instance;

  RejiMode          mode;
  RejiSimulator    *simulator;
  RejiKomojuClient *client;
  char             *return_url;
  /* Set when the configuration cannot be used, so that no sale starts. */
  GError           *setup_error;
};

G_DEFINE_FINAL_TYPE (RejiApplication, reji_application, ADW_TYPE_APPLICATION)

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Training mode: the built-in simulator, in this process, on loopback. */
static gboolean
setup_training (RejiApplication  *self,
                GError          **error)
{
  g_autofree char *base_url = NULL;

  self->simulator = reji_simulator_new ();
  if (!reji_simulator_listen (self->simulator, "127.0.0.1", 0, error))
    return FALSE;

  base_url = reji_simulator_dup_base_url (self->simulator);
  self->client = reji_komoju_client_new (base_url, TRAINING_SECRET_KEY);
  self->return_url = reji_simulator_dup_return_url (self->simulator);
  g_message ("Training mode: simulator listening at %s", base_url);
  return TRUE;
}

static gboolean
setup_komoju (RejiApplication  *self,
              const char       *secret_key,
              GError          **error)
{
  const char *base_url = getenv_nonempty ("REJI_KOMOJU_BASE_URL");
  const char *return_url = getenv_nonempty ("REJI_KOMOJU_RETURN_URL");
  g_autofree char *masked_key = reji_mode_mask_secret_key (secret_key);

  if (base_url == NULL)
    base_url = DEFAULT_BASE_URL;
  if (return_url == NULL)
    return_url = DEFAULT_RETURN_URL;

  if (!reji_url_is_allowed_base (base_url))
    {
      g_warning ("Rejected KOMOJU base URL %s: it is neither https:// nor on a loopback address",
                 base_url);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the URL from REJI_KOMOJU_BASE_URL */
                   _("The KOMOJU address “%s” is not secure. Use an https:// address "
                     "and start Reji again."),
                   base_url);
      return FALSE;
    }

  self->client = reji_komoju_client_new (base_url, secret_key);
  self->return_url = g_strdup (return_url);
  g_message ("%s mode: key %s, KOMOJU at %s",
             self->mode == REJI_MODE_TEST ? "Test" : "Live", masked_key, base_url);
  return TRUE;
}

static void
reji_application_startup (GApplication *app)
{
  RejiApplication *self = REJI_APPLICATION (app);
  const char *secret_key = getenv_nonempty ("REJI_KOMOJU_SECRET_KEY");
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *new_sale_accels[] = { "<Control>n", NULL };
  const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (reji_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-sale", new_sale_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);

  self->mode = reji_mode_from_secret_key (secret_key);
  if (self->mode == REJI_MODE_TRAINING)
    setup_training (self, &self->setup_error);
  else
    setup_komoju (self, secret_key, &self->setup_error);

  if (self->setup_error != NULL)
    g_warning ("Could not set up the connection to KOMOJU: %s", self->setup_error->message);
}

static void
show_setup_error (RejiApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Reji cannot take payments"), self->setup_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reji_application_activate (GApplication *app)
{
  RejiApplication *self = REJI_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->setup_error != NULL)
    {
      show_setup_error (self);
      return;
    }

  window = GTK_WINDOW (reji_window_new (self, self->client, self->mode, self->return_url));
  if (self->simulator != NULL)
    reji_window_set_simulator (REJI_WINDOW (window), self->simulator);
  gtk_window_present (window);
}

/* Quitting goes through the sale window's close request, which asks
 * first when a charge has no known result yet. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (!REJI_IS_WINDOW (l->data))
        continue;

      if (g_object_get_data (l->data, "reji-quit-on-destroy") == NULL)
        {
          g_object_set_data (l->data, "reji-quit-on-destroy", GINT_TO_POINTER (TRUE));
          g_signal_connect_object (l->data, "destroy", G_CALLBACK (g_application_quit), app,
                                   G_CONNECT_SWAPPED);
        }
      gtk_window_close (GTK_WINDOW (l->data));
      return;
    }

  g_application_quit (app);
}

static void
reji_application_shutdown (GApplication *app)
{
  RejiApplication *self = REJI_APPLICATION (app);

  if (self->simulator != NULL)
    reji_simulator_shutdown (self->simulator);

  G_APPLICATION_CLASS (reji_application_parent_class)->shutdown (app);
}

static void
reji_application_finalize (GObject *object)
{
  RejiApplication *self = REJI_APPLICATION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->simulator);
  g_clear_pointer (&self->return_url, g_free);
  g_clear_error (&self->setup_error);

  G_OBJECT_CLASS (reji_application_parent_class)->finalize (object);
}

static void
reji_application_class_init (RejiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = reji_application_finalize;
  app_class->startup = reji_application_startup;
  app_class->activate = reji_application_activate;
  app_class->shutdown = reji_application_shutdown;
}

static void
reji_application_init (RejiApplication *self)
{
  const GActionEntry entries[] = {
    { .name = "quit", .activate = quit_action },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

RejiApplication *
reji_application_new (void)
{
  return g_object_new (REJI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
