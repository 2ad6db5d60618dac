/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-charge-page.h"
#include "reji-test-window.h"

/* Polls, in milliseconds, of reji_test_wait_for(). */
#define PREDICATE_POLL_INTERVAL 10

void
reji_test_window_init (int    *argc,
                       char ***argv)
{
  reji_test_init (argc, argv);
  /* G_TEST_OPTION_ISOLATE_DIRS hides the system's GSettings schemas, and
   * libadwaita looks up org.gnome.desktop.interface in adw_init(). */
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/usr/share/glib-2.0/schemas", FALSE);
  adw_init ();
}

/* Opens a window whose client talks to @base_url with @secret_key; the
 * fixture's simulator runs either way. */
void
reji_test_window_set_up_client (RejiTestWindow *fixture,
                                const char     *base_url,
                                const char     *secret_key)
{
  g_autofree char *return_url = NULL;
  RejiSale *sale;

  if (fixture->simulator == NULL)
    fixture->simulator = reji_test_start_simulator ();
  return_url = reji_simulator_dup_return_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (base_url, secret_key);
  fixture->window = reji_window_new (NULL, fixture->client, REJI_MODE_TRAINING, return_url);
  g_object_ref_sink (fixture->window);
  reji_window_set_simulator (fixture->window, fixture->simulator);

  sale = reji_window_get_sale (fixture->window);
  reji_sale_set_poll_interval (sale, 50);
  reji_sale_set_poll_interval_max (sale, 50);

  gtk_window_present (GTK_WINDOW (fixture->window));
}

void
reji_test_window_set_up (RejiTestWindow *fixture,
                         gconstpointer   user_data)
{
  g_autofree char *base_url = NULL;

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  reji_test_window_set_up_client (fixture, base_url, "sk_test_reji_window_test");
}

void
reji_test_window_tear_down (RejiTestWindow *fixture,
                            gconstpointer   user_data)
{
  AdwMessageDialog *dialog;

  while ((dialog = reji_test_find_dialog ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->client);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
}

/* The expected text in the language the test runs in. The Japanese
 * strings are the msgstr of po/ja.po, word for word. */
const char *
reji_test_expect (const char *english,
                  const char *japanese)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "ja") ? japanese : english;
}

GtkWidget *
reji_test_window_child (RejiTestWindow *fixture,
                        const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), REJI_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

GtkWidget *
reji_test_page_child (RejiTestWindow *fixture,
                      const char     *page_name,
                      GType           page_type,
                      const char     *name)
{
  GObject *child = gtk_widget_get_template_child (reji_test_window_child (fixture, page_name),
                                                  page_type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

const char *
reji_test_label_text (GtkWidget *label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

RejiSale *
reji_test_window_sale (RejiTestWindow *fixture)
{
  return reji_window_get_sale (fixture->window);
}

typedef struct
{
  RejiTestPredicate predicate;
  gpointer          data;
  gboolean          done;
} PredicateWait;

static gboolean
predicate_check_cb (gpointer user_data)
{
  PredicateWait *wait = user_data;

  wait->done = wait->predicate (wait->data);
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @predicate returns TRUE. */
void
reji_test_wait_for (RejiTestPredicate predicate,
                    gpointer          data)
{
  PredicateWait wait = { predicate, data, predicate (data) };
  guint source_id = 0;

  if (!wait.done)
    source_id = g_timeout_add (PREDICATE_POLL_INTERVAL, predicate_check_cb, &wait);
  reji_test_wait_until (&wait.done);
  if (source_id != 0 && !wait.done)
    g_source_remove (source_id);
}

typedef struct
{
  RejiTestWindow *fixture;
  RejiSaleState   state;
  const char     *page;
  gboolean        reached;
} StateWait;

static void
sale_state_cb (RejiSale   *sale,
               GParamSpec *pspec,
               StateWait  *wait)
{
  if (reji_sale_get_state (sale) == wait->state)
    wait->reached = TRUE;
}

/* Waits on the sale's notifications, not by polling, so that a state
 * the sale leaves within a millisecond (CHARGING on a quick answer) is
 * not missed. */
void
reji_test_wait_for_state (RejiTestWindow *fixture,
                          RejiSaleState   state)
{
  RejiSale *sale = reji_test_window_sale (fixture);
  StateWait wait = { fixture, state, NULL, reji_sale_get_state (sale) == state };
  gulong handler;

  handler = g_signal_connect (sale, "notify::state", G_CALLBACK (sale_state_cb), &wait);
  reji_test_wait_until (&wait.reached);
  g_signal_handler_disconnect (sale, handler);
}

static gboolean
page_reached (gpointer data)
{
  StateWait *wait = data;
  GtkStack *stack = GTK_STACK (reji_test_window_child (wait->fixture, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), wait->page) == 0;
}

void
reji_test_wait_for_page (RejiTestWindow *fixture,
                         const char     *name)
{
  StateWait wait = { fixture, 0, name, FALSE };

  reji_test_wait_for (page_reached, &wait);
}

void
reji_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_entry (RejiTestWindow *fixture,
           const char     *name,
           const char     *text)
{
  GtkWidget *entry = reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, name);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Fills the form with a card that expires in December two years ahead. */
void
reji_test_fill_form (RejiTestWindow *fixture,
                     const char     *amount,
                     const char     *card_number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expiry = g_strdup_printf ("12/%02d", (g_date_time_get_year (now) + 2) % 100);

  set_entry (fixture, "amount_entry", amount);
  set_entry (fixture, "number_entry", card_number);
  set_entry (fixture, "expiry_entry", expiry);
  set_entry (fixture, "security_code_entry", "123");
  set_entry (fixture, "name_entry", "Test Card");
}

/* Charges ¥1,000 on the 3-D Secure test card and waits for the QR code. */
void
reji_test_charge_until_verify (RejiTestWindow *fixture)
{
  reji_test_fill_form (fixture, "1000", REJI_TEST_CARD_3DS_SUCCESS);
  reji_test_click (reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, "charge_button"));
  reji_test_wait_for_page (fixture, "verify");
}

/* Completes the customer's side of 3-D Secure on the simulator's page. */
void
reji_test_pass_3ds (RejiTestWindow *fixture)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (reji_test_window_sale (fixture));

  g_assert_nonnull (token);
  g_assert_nonnull (token->authentication_url);
  g_assert_cmpuint (reji_test_complete_3ds (token->authentication_url, NULL), ==, 303);
}

void
reji_test_set_scenario (RejiTestWindow *fixture,
                        const char     *text)
{
  g_autoptr(GError) error = NULL;
  RejiSimScenario scenario;

  g_assert_true (reji_simulator_parse_scenario (text, &scenario, &error));
  g_assert_no_error (error);
  reji_simulator_set_scenario (fixture->simulator, &scenario);
}

/* Returns: (nullable): the first message dialog on screen */
AdwMessageDialog *
reji_test_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}
