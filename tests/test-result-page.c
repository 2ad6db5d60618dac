/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-charge-page.h"
#include "reji-result-page.h"
#include "reji-test-window.h"
#include "reji-verify-page.h"

typedef RejiTestWindow Fixture;

static GtkWidget *
result_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "result_page", REJI_TYPE_RESULT_PAGE, name);
}

static GtkWidget *
verify_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "verify_page", REJI_TYPE_VERIFY_PAGE, name);
}

static const char *
result_title (Fixture *fixture)
{
  return reji_test_label_text (result_child (fixture, "title_label"));
}

/* New strings are looked up in the catalogue, so the Japanese run
 * follows po/ja.po once the lead merged them. */
static const char *
translated (const char *english)
{
  return g_dgettext (GETTEXT_PACKAGE, english);
}

static void
set_up_rejected_key (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *base_url = NULL;

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  /* The simulator rejects a live key with 401. */
  reji_test_window_set_up_client (fixture, base_url, "sk_live_reji_rejected_key");
}

static void
set_up_closed_port (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", reji_test_get_closed_port ());

  reji_test_window_set_up_client (fixture, base_url, "sk_test_reji_closed_port");
}

static void
submit_form (Fixture *fixture)
{
  reji_test_fill_form (fixture, "1000", REJI_TEST_CARD_3DS_SUCCESS);
  reji_test_click (reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, "charge_button"));
}

static void
test_failed_rejected_key (Fixture       *fixture,
                          gconstpointer  user_data)
{
  submit_form (fixture);
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_test_window_sale (fixture)), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (result_title (fixture), ==, translated ("KOMOJU rejected Reji’s key. Nothing was charged."));
  g_assert_cmpstr (reji_test_label_text (result_child (fixture, "message_label")), ==,
                   translated ("Ask the person who set up Reji to check the key."));
}

static void
test_failed_closed_port (Fixture       *fixture,
                         gconstpointer  user_data)
{
  submit_form (fixture);
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_test_window_sale (fixture)), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (result_title (fixture), ==,
                   reji_test_expect ("Could not reach KOMOJU. Nothing was charged.",
                                     "KOMOJU に接続できませんでした。請求は行われていません。"));
}

/* Charges until the charge request is on its way. */
static void
charge_until_charging (Fixture    *fixture,
                       const char *scenario)
{
  reji_test_set_scenario (fixture, scenario);
  reji_test_charge_until_verify (fixture);
  reji_test_pass_3ds (fixture);
  reji_test_wait_for_state (fixture, REJI_SALE_STATE_CHARGING);
}

static void
test_cancelled_after_charge (Fixture       *fixture,
                             gconstpointer  user_data)
{
  RejiSale *sale;

  charge_until_charging (fixture, "charge-never-answers");
  sale = reji_test_window_sale (fixture);
  reji_sale_cancel (sale);
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpstr (result_title (fixture), ==,
                   reji_test_expect ("Sale cancelled, but the payment may have gone through.",
                                     "会計を取り消しましたが、決済が完了している可能性があります。"));
  g_assert_true (gtk_widget_get_visible (result_child (fixture, "sale_box")));
  g_assert_cmpstr (reji_test_label_text (result_child (fixture, "sale_label")), ==, reji_sale_get_id (sale));
  g_assert_cmpstr (reji_test_label_text (result_child (fixture, "key_label")), ==,
                   reji_sale_get_payment_idempotency_key (sale));
}

static gboolean
payment_recorded (gpointer data)
{
  return reji_sale_get_payment (data) != NULL;
}

static void
test_cancelled_then_captured (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *expected = NULL;
  RejiSale *sale;

  charge_until_charging (fixture, "delay:1000,path=payments,times=1");
  sale = reji_test_window_sale (fixture);
  reji_sale_cancel (sale);
  reji_test_wait_for_page (fixture, "result");
  reji_test_wait_for (payment_recorded, sale);

  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_CANCELLED);
  expected = g_strdup_printf (translated ("Cancelled, but KOMOJU captured the payment %s."),
                              reji_sale_get_payment (sale)->id);
  g_assert_cmpstr (result_title (fixture), ==, expected);
}

typedef struct
{
  Fixture *fixture;
  guint    n_requests;
} UnknownWait;

/* The sale replayed every charge it may and waits for the cashier. */
static gboolean
replays_done (gpointer data)
{
  UnknownWait *wait = data;
  RejiSale *sale = reji_test_window_sale (wait->fixture);

  return reji_sale_get_state (sale) == REJI_SALE_STATE_OUTCOME_UNKNOWN &&
         !reji_sale_get_busy (sale) &&
         reji_simulator_get_n_requests (wait->fixture->simulator, "POST", "/payments") == wait->n_requests;
}

static void
charge_until_unknown (Fixture *fixture)
{
  /* KOMOJU stays unavailable until the test clears the scenario, so no
   * automatic round of the sale can end the unknown outcome first. */
  UnknownWait wait = { fixture, REJI_SALE_MAX_CHARGE_REPLAYS + 1 };

  charge_until_charging (fixture, "status:503,path=payments");
  reji_test_wait_for (replays_done, &wait);
  reji_test_wait_for_page (fixture, "result");
}

static gboolean
sale_not_busy (gpointer data)
{
  return !reji_sale_get_busy (data);
}

static void
test_outcome_unknown_check_again (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  GtkWidget *check_again = result_child (fixture, "check_again_button");
  RejiSale *sale;

  charge_until_unknown (fixture);
  sale = reji_test_window_sale (fixture);
  g_assert_cmpstr (result_title (fixture), ==,
                   reji_test_expect ("The result of the charge is not known yet. Do not charge again.",
                                     "決済の結果がまだ分かりません。もう一度決済しないでください。"));
  g_assert_true (gtk_widget_get_visible (check_again));
  g_assert_cmpstr (reji_test_label_text (result_child (fixture, "sale_label")), ==, reji_sale_get_id (sale));

  /* Check Again is insensitive while a round of the sale is in flight. */
  reji_test_wait_for (sale_not_busy, sale);
  reji_simulator_clear_scenarios (fixture->simulator);
  reji_test_click (check_again);
  g_assert_false (gtk_widget_get_sensitive (check_again));

  reji_test_wait_for_state (fixture, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_false (gtk_widget_get_visible (check_again));
}

static void
test_outcome_unknown_new_sale_asks (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  AdwMessageDialog *dialog;
  RejiSale *unknown;

  charge_until_unknown (fixture);
  unknown = g_object_ref (reji_test_window_sale (fixture));
  reji_test_wait_for (sale_not_busy, unknown);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL));
  dialog = reji_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (reji_test_window_sale (fixture) == unknown);

  adw_message_dialog_response (dialog, "leave");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (reji_test_window_sale (fixture) == unknown);
  g_assert_cmpint (reji_sale_get_state (reji_test_window_sale (fixture)), ==, REJI_SALE_STATE_EDITING);

  /* The left sale is not cancelled: it keeps finding out in the
   * background, and once KOMOJU is back it ends paid, once. */
  g_assert_cmpint (reji_sale_get_state (unknown), ==, REJI_SALE_STATE_OUTCOME_UNKNOWN);
  reji_simulator_clear_scenarios (fixture->simulator);
  reji_sale_check_outcome (unknown);
  reji_test_wait_for (sale_not_busy, unknown);
  g_assert_cmpint (reji_sale_get_state (unknown), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_object_unref (unknown);
}

static gboolean
reconnecting (gpointer data)
{
  return reji_sale_get_reconnecting (data);
}

static void
test_verify_reconnecting (Fixture       *fixture,
                          gconstpointer  user_data)
{
  reji_test_charge_until_verify (fixture);
  reji_test_set_scenario (fixture, "status:503,path=secure_tokens");
  reji_test_wait_for (reconnecting, reji_test_window_sale (fixture));

  g_assert_cmpstr (reji_test_label_text (verify_child (fixture, "status_label")), ==,
                   reji_test_expect ("Reconnecting to KOMOJU…", "KOMOJU に再接続しています…"));
  reji_simulator_clear_scenarios (fixture->simulator);
}

static void
test_verify_check_now (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *button = verify_child (fixture, "check_now_button");
  RejiSale *sale;

  reji_test_charge_until_verify (fixture);
  sale = reji_test_window_sale (fixture);
  reji_sale_set_poll_interval (sale, 60000);
  reji_test_wait_for (sale_not_busy, sale);
  g_assert_true (gtk_widget_get_sensitive (button));

  reji_test_click (button);
  g_assert_true (reji_sale_get_busy (sale));
  g_assert_false (gtk_widget_get_sensitive (button));
  reji_test_wait_for (sale_not_busy, sale);
  g_assert_true (gtk_widget_get_sensitive (button));
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* The test's isolated XDG directories know no browser. */
static void
test_verify_browser_missing (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *message = verify_child (fixture, "open_error");

  reji_test_charge_until_verify (fixture);
  g_assert_false (gtk_widget_get_visible (message));

  reji_test_click (verify_child (fixture, "open_button"));
  reji_test_wait_for (widget_visible, message);
  g_assert_cmpstr (reji_test_label_text (message), ==,
                   translated ("No browser could be opened. Let the customer scan the code, or use Copy Link."));
}

static gboolean
is_toplevel (GtkWindow *window)
{
  guint position;

  return g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, &position);
}

static void
test_window_close_while_charging (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  AdwMessageDialog *dialog;

  charge_until_charging (fixture, "charge-never-answers");

  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = reji_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (is_toplevel (GTK_WINDOW (fixture->window)));

  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = reji_test_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "quit");
  g_assert_false (is_toplevel (GTK_WINDOW (fixture->window)));
}

static char *
clipboard_text (GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

static void
test_card_number_not_copied (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *entry = reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, "number_entry");
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (entry);
  g_autofree char *after_copy = NULL;
  g_autofree char *after_cut = NULL;

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (gtk_entry_get_buffer (GTK_ENTRY (entry)),
                                             GTK_TYPE_PASSWORD_ENTRY_BUFFER));
  g_assert_true (gtk_entry_get_visibility (GTK_ENTRY (entry)));

  gdk_clipboard_set_text (clipboard, "nothing copied");
  gtk_editable_set_text (GTK_EDITABLE (entry), REJI_TEST_CARD_3DS_SUCCESS);
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);

  gtk_widget_activate_action (text, "clipboard.copy", NULL);
  g_signal_emit_by_name (text, "copy-clipboard");
  after_copy = clipboard_text (clipboard);
  g_assert_cmpstr (after_copy, ==, "nothing copied");

  g_signal_emit_by_name (text, "cut-clipboard");
  after_cut = clipboard_text (clipboard);
  g_assert_cmpstr (after_cut, ==, "nothing copied");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), !=, "");
}

static void
test_security_code_buffer (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *entry = reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE,
                                           "security_code_entry");

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (gtk_entry_get_buffer (GTK_ENTRY (entry)),
                                             GTK_TYPE_PASSWORD_ENTRY_BUFFER));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  g_assert_cmpint (gtk_entry_get_max_length (GTK_ENTRY (entry)), ==, 4);
}

static void
add_test (const char *path,
          void      (*set_up) (Fixture *, gconstpointer),
          void      (*test_func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, set_up, test_func, reji_test_window_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_window_init (&argc, &argv);

  add_test ("/reji/result-page/failed-rejected-key", set_up_rejected_key, test_failed_rejected_key);
  add_test ("/reji/result-page/failed-closed-port", set_up_closed_port, test_failed_closed_port);
  add_test ("/reji/result-page/cancelled-after-charge", reji_test_window_set_up, test_cancelled_after_charge);
  add_test ("/reji/result-page/cancelled-then-captured", reji_test_window_set_up, test_cancelled_then_captured);
  add_test ("/reji/result-page/outcome-unknown-check-again", reji_test_window_set_up,
            test_outcome_unknown_check_again);
  add_test ("/reji/result-page/outcome-unknown-new-sale-asks", reji_test_window_set_up,
            test_outcome_unknown_new_sale_asks);
  add_test ("/reji/verify-page/reconnecting", reji_test_window_set_up, test_verify_reconnecting);
  add_test ("/reji/verify-page/check-now", reji_test_window_set_up, test_verify_check_now);
  add_test ("/reji/verify-page/browser-missing", reji_test_window_set_up, test_verify_browser_missing);
  add_test ("/reji/window/close-while-charging", reji_test_window_set_up, test_window_close_while_charging);
  add_test ("/reji/charge-page/card-number-not-copied", reji_test_window_set_up, test_card_number_not_copied);
  add_test ("/reji/charge-page/security-code-buffer", reji_test_window_set_up, test_security_code_buffer);

  return g_test_run ();
}
