/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-application.h"
#include "reji-history-window.h"
#include "reji-journal.h"
#include "reji-money.h"
#include "reji-preferences-window.h"
#include "reji-resume-dialog.h"
#include "reji-secret-store.h"
#include "reji-settings.h"
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

  GSettings        *settings;       /* (owned) (nullable): NULL without the schema */
  RejiJournal      *journal;        /* (owned) (nullable): NULL when it failed to open */
  RejiSecretStore  *secret_store;   /* (owned) */
  GPtrArray        *resumed_sales;  /* (owned) resumed sales not shown in the window */
  gboolean          resume_all;     /* --resume: resume without asking */
  gboolean          key_pending;    /* the keyring lookup has not returned yet */
  gboolean          activate_pending;
};

G_DEFINE_FINAL_TYPE (RejiApplication, reji_application, ADW_TYPE_APPLICATION)

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* A cashier with a queue waits for one request at most about a minute:
 * two attempts of 5 s to connect and 20 s to respond, with at most 5 s
 * between them. The client's defaults allow minutes. A charge that still
 * has no result is then the sale's to find out (OUTCOME_UNKNOWN), with
 * look-ups that never charge twice. */
static RejiKomojuClient *
new_cashier_client (const char *base_url,
                    const char *secret_key)
{
  RejiKomojuClient *client = reji_komoju_client_new (base_url, secret_key);

  g_object_set (client,
                "connect-timeout", 5,
                "timeout", 20,
                "max-attempts", 2,
                "max-retry-wait", 5000,
                NULL);
  return client;
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
  self->client = new_cashier_client (base_url, TRAINING_SECRET_KEY);
  self->return_url = reji_simulator_dup_return_url (self->simulator);
  g_message ("Training mode: simulator listening at %s", base_url);
  return TRUE;
}

static gboolean
setup_komoju (RejiApplication  *self,
              const char       *secret_key,
              GError          **error)
{
  g_autofree char *settings_base_url = NULL;
  g_autofree char *settings_return_url = NULL;
  const char *base_url = getenv_nonempty ("REJI_KOMOJU_BASE_URL");
  const char *return_url = getenv_nonempty ("REJI_KOMOJU_RETURN_URL");
  g_autofree char *masked_key = reji_mode_mask_secret_key (secret_key);

  /* The environment overrides the settings, which override the defaults. */
  if (self->settings != NULL)
    {
      base_url = settings_base_url = reji_settings_dup_base_url (self->settings);
      return_url = settings_return_url = reji_settings_dup_return_url (self->settings);
    }
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

  self->client = new_cashier_client (base_url, secret_key);
  self->return_url = g_strdup (return_url);
  g_message ("%s mode: key %s, KOMOJU at %s",
             self->mode == REJI_MODE_TEST ? "Test" : "Live", masked_key, base_url);
  return TRUE;
}

/* Journal and settings */

static void
journal_write_failed_cb (RejiJournal     *journal,
                         const char      *sale_id,
                         const GError    *error,
                         RejiApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: the first %s is a sale id (a UUID), the second the reason. */
  body = g_strdup_printf (_("Sale %s could not be saved in the sales journal: %s\n\n"
                            "Write the sale down on paper and ask for help before the next sale."),
                          sale_id, error->message);
  dialog = adw_message_dialog_new (parent, _("Sale Not Recorded"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Every new sale of the window takes the settings and is journaled from
 * the start. Resumed sales are tracked where they are made. */
static void
window_sale_changed_cb (RejiWindow      *window,
                        GParamSpec      *pspec,
                        RejiApplication *self)
{
  RejiSale *sale = reji_window_get_sale (window);

  if (sale == NULL || reji_sale_get_state (sale) != REJI_SALE_STATE_EDITING)
    return;

  if (self->settings != NULL)
    reji_settings_apply_to_sale (self->settings, sale);
  if (self->journal != NULL)
    reji_journal_track_sale (self->journal, sale, self->mode);
}

static void
attach_window (RejiApplication *self,
               RejiWindow      *window)
{
  g_signal_connect_object (window, "notify::sale", G_CALLBACK (window_sale_changed_cb), self, 0);
  window_sale_changed_cb (window, NULL, self);
}

/* Resumes every sale of @unfinished and shows the first in @window; the
 * others carry on out of sight and stay in the journal and history. */
static void
resume_sales (RejiApplication *self,
              RejiWindow      *window,
              GPtrArray       *unfinished)
{
  for (guint i = 0; i < unfinished->len; i++)
    {
      const RejiJournalSale *row = g_ptr_array_index (unfinished, i);
      g_autoptr(RejiSale) sale = NULL;
      RejiSaleSnapshot snapshot;

      reji_journal_sale_get_snapshot (row, &snapshot);
      sale = reji_sale_new_resumed (self->client, &snapshot);
      if (self->settings != NULL)
        reji_settings_apply_to_sale (self->settings, sale);
      reji_journal_track_sale (self->journal, sale, self->mode);
      reji_sale_resume (sale);

      if (i == 0)
        reji_window_show_sale (window, sale);
      else
        g_ptr_array_add (self->resumed_sales, g_steal_pointer (&sale));
    }
}

static void
resume_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           RejiApplication  *self)
{
  GPtrArray *unfinished = g_object_get_data (G_OBJECT (dialog), "unfinished");
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, REJI_RESUME_DIALOG_RESPONSE_RESUME) == 0 && REJI_IS_WINDOW (window))
    resume_sales (self, REJI_WINDOW (window), unfinished);
  else
    g_message ("Left %u unfinished sales for later", unfinished->len);
}

/* A training sale of an earlier run was taken on that run's in-process
 * simulator, whose ledger is gone: it can never resume, and no real money
 * was involved, so it ends as failed instead of being offered again. */
static void
close_abandoned_training_sale (RejiApplication       *self,
                               const RejiJournalSale *row)
{
  g_autoptr(GError) error = NULL;

  g_message ("Training sale %s from an earlier run can no longer resume; closing it", row->id);
  if (!reji_journal_close_abandoned (self->journal, row->id,
                                     _("A training sale from an earlier run of Reji. Its simulator "
                                       "is gone, so it was closed. No real money was involved."),
                                     &error))
    g_warning ("Could not close training sale %s: %s", row->id, error->message);
}

/* Lists the sales a crash or power cut left unfinished in this mode, and
 * resumes them at once with --resume or after the cashier agrees. */
static void
offer_resume (RejiApplication *self,
              RejiWindow      *window)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  all = reji_journal_list_unfinished (self->journal, &error);
  if (all == NULL)
    {
      g_warning ("Could not list unfinished sales: %s", error->message);
      return;
    }

  /* A sale resumes only against the KOMOJU account it was started with. */
  unfinished = g_ptr_array_new_with_free_func ((GDestroyNotify) reji_journal_sale_free);
  for (guint i = 0; i < all->len; i++)
    {
      RejiJournalSale *row = g_ptr_array_index (all, i);

      if (row->mode == REJI_MODE_TRAINING && self->mode == REJI_MODE_TRAINING)
        close_abandoned_training_sale (self, row);
      else if (row->mode == self->mode)
        g_ptr_array_add (unfinished, reji_journal_sale_copy (row));
      else
        g_message ("Unfinished sale %s was started in %s mode; start Reji in that mode to resume it",
                   row->id, reji_journal_mode_to_string (row->mode));
    }

  if (unfinished->len == 0)
    return;

  g_message ("%u unfinished sales in the journal", unfinished->len);
  if (self->resume_all)
    {
      resume_sales (self, window, unfinished);
      return;
    }

  dialog = reji_resume_dialog_new (GTK_WINDOW (window), unfinished);
  g_object_set_data_full (G_OBJECT (dialog), "unfinished", g_steal_pointer (&unfinished),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (resume_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* TEST ONLY: REJI_TEST_AUTOSUBMIT="AMOUNT CURRENCY NUMBER MM/YY CODE NAME"
 * submits the window's first sale at start, so the crash-recovery test
 * can drive a real Reji process without typing into it. Never set it
 * outside tests: the card number would sit in the environment. */
static void
run_test_autosubmit (RejiWindow *window)
{
  const char *spec = getenv_nonempty ("REJI_TEST_AUTOSUBMIT");
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) error = NULL;
  RejiCardDetails *card;
  gint64 amount;

  if (spec == NULL)
    return;

  fields = g_strsplit (spec, " ", 6);
  if (g_strv_length (fields) != 6 || !reji_money_parse (fields[0], fields[1], &amount, &error))
    {
      g_warning ("REJI_TEST_AUTOSUBMIT must read AMOUNT CURRENCY NUMBER MM/YY CODE NAME");
      return;
    }

  card = reji_card_details_new ();
  card->number = g_strdup (fields[2]);
  card->security_code = g_strdup (fields[4]);
  card->name = g_strdup (fields[5]);
  card->brand = reji_card_brand_from_number (fields[2]);
  explicit_bzero (fields[2], strlen (fields[2]));
  explicit_bzero (fields[4], strlen (fields[4]));

  if (!reji_card_parse_expiry (fields[3], &card->month, &card->year, &error))
    {
      reji_card_details_free (card);
      g_warning ("REJI_TEST_AUTOSUBMIT: invalid expiry: %s", error->message);
      return;
    }

  /* The sale takes the card in every case. */
  if (!reji_sale_submit (reji_window_get_sale (window), amount, fields[1], card, &error))
    {
      g_warning ("REJI_TEST_AUTOSUBMIT: the sale was not submitted: %s", error->message);
      return;
    }

  g_message ("REJI_TEST_AUTOSUBMIT submitted sale %s", reji_sale_get_id (reji_window_get_sale (window)));
}

/* Without a journal a crash could lose a charged sale, so Reji takes no
 * payments then. */
static gboolean
open_journal (RejiApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->journal = reji_journal_open (NULL, &error);
  if (self->journal == NULL)
    {
      self->setup_error = g_error_new (REJI_JOURNAL_ERROR, error->code,
                                       /* Translators: %s explains why the journal file failed. */
                                       _("Reji cannot keep a record of sales: %s"), error->message);
      return FALSE;
    }

  g_signal_connect_object (self->journal, "write-failed", G_CALLBACK (journal_write_failed_cb), self, 0);
  return TRUE;
}

static void
key_looked_up_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RejiApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  RejiMode expected = reji_settings_get_mode (self->settings);

  key = reji_secret_store_lookup_finish (REJI_SECRET_STORE (source), result, &error);
  if (error != NULL)
    self->setup_error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     /* Translators: %s is the keyring's error message. */
                                     _("Could not read the KOMOJU key from the keyring: %s"),
                                     error->message);
  else if (key == NULL)
    self->setup_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("No KOMOJU key is saved. Add one in Preferences, "
                                               "or switch to training mode."));
  else if (reji_mode_from_secret_key (key) != expected)
    self->setup_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             _("The saved KOMOJU key does not match the mode chosen "
                                               "in Preferences."));
  else
    {
      self->mode = expected;
      setup_komoju (self, key, &self->setup_error);
    }

  if (key != NULL)
    explicit_bzero (key, strlen (key));
  if (self->setup_error != NULL)
    g_warning ("Could not set up the connection to KOMOJU: %s", self->setup_error->message);

  self->key_pending = FALSE;
  if (self->activate_pending)
    g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
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
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-shortcuts", help_accels);

  self->settings = reji_settings_new (NULL);
  self->secret_store = reji_secret_store_new ();
  if (!open_journal (self))
    return;

  /* A key in the environment decides the mode; otherwise the settings do,
   * and test or live mode need the key from the keyring. */
  if (secret_key == NULL && self->settings != NULL
      && reji_settings_get_mode (self->settings) != REJI_MODE_TRAINING)
    {
      self->key_pending = TRUE;
      g_application_hold (app);
      reji_secret_store_lookup_async (self->secret_store, NULL, key_looked_up_cb, g_object_ref (self));
      return;
    }

  self->mode = reji_mode_from_secret_key (secret_key);
  if (self->mode == REJI_MODE_TRAINING)
    setup_training (self, &self->setup_error);
  else
    setup_komoju (self, secret_key, &self->setup_error);

  if (self->setup_error != NULL)
    g_warning ("Could not set up the connection to KOMOJU: %s", self->setup_error->message);
}

static void
setup_error_response_cb (RejiApplication *self,
                         const char      *response)
{
  if (g_strcmp0 (response, "preferences") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "preferences", NULL);
  else
    g_application_quit (G_APPLICATION (self));
}

static void
show_setup_error (RejiApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Reji cannot take payments"), self->setup_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (self->settings != NULL && self->secret_store != NULL)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "preferences", _("_Preferences"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (setup_error_response_cb), self);
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

  if (self->key_pending)
    {
      self->activate_pending = TRUE;
      return;
    }

  if (self->setup_error != NULL)
    {
      show_setup_error (self);
      return;
    }

  window = GTK_WINDOW (reji_window_new (self, self->client, self->mode, self->return_url));
  attach_window (self, REJI_WINDOW (window));
  if (self->simulator != NULL)
    reji_window_set_simulator (REJI_WINDOW (window), self->simulator);
  gtk_window_present (window);
  offer_resume (self, REJI_WINDOW (window));
  run_test_autosubmit (REJI_WINDOW (window));
}

static void
history_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RejiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RejiHistoryWindow *history;

  if (self->journal == NULL || self->client == NULL)
    return;

  history = reji_history_window_new (parent, self->journal, self->client);
  reji_history_window_set_refund_mode (history, self->mode);
  gtk_window_present (GTK_WINDOW (history));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RejiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RejiPreferencesWindow *preferences;

  if (self->settings == NULL)
    {
      g_warning ("Preferences need the settings schema %s", REJI_SETTINGS_SCHEMA_ID);
      return;
    }

  preferences = reji_preferences_window_new (parent, self->settings, self->secret_store);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static int
reji_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  RejiApplication *self = REJI_APPLICATION (app);

  self->resume_all = g_variant_dict_contains (options, "resume");

  return -1;
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

  g_clear_pointer (&self->resumed_sales, g_ptr_array_unref);
  g_clear_object (&self->journal);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
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
  app_class->handle_local_options = reji_application_handle_local_options;
}

static void
reji_application_init (RejiApplication *self)
{
  const GActionEntry entries[] = {
    { .name = "quit", .activate = quit_action },
    { .name = "history", .activate = history_action },
    { .name = "preferences", .activate = preferences_action },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->resumed_sales = g_ptr_array_new_with_free_func (g_object_unref);

  g_application_add_main_option (G_APPLICATION (self), "resume", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Resume unfinished sales at start without asking"), NULL);
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
