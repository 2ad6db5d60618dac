/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "reji-charge-page.h"
#include "reji-qr-paintable.h"
#include "reji-result-page.h"
#include "reji-test-window.h"
#include "reji-url.h"
#include "reji-verify-page.h"
#include "reji-window.h"

/* Test cards of the simulator (KOMOJU's published test numbers). */
#define CARD_3DS_SUCCESS "4100000000000100"
#define CARD_DECLINED    "4123111111111059"

/* The shared window fixture: a simulator, its client and a window. */
typedef RejiTestWindow Fixture;

static GtkWidget *
charge_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, name);
}

static GtkWidget *
result_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "result_page", REJI_TYPE_RESULT_PAGE, name);
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (reji_test_window_child (fixture, "stack")));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *base_url = NULL;
  g_autofree char *return_url = NULL;
  RejiSale *sale;

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  return_url = reji_simulator_dup_return_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (base_url, "sk_test_reji_window_test");
  fixture->window = reji_window_new (NULL, fixture->client, REJI_MODE_TRAINING, return_url);
  g_object_ref_sink (fixture->window);

  sale = reji_window_get_sale (fixture->window);
  reji_sale_set_poll_interval (sale, 50);
  reji_sale_set_poll_interval_max (sale, 50);

  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->client);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
}

static void
set_entry (Fixture    *fixture,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (charge_child (fixture, name)), text);
}

/* Fills the form with a card that expires in December two years ahead. */
static void
fill_form (Fixture    *fixture,
           const char *amount,
           const char *card_number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expiry = g_strdup_printf ("12/%02d", (g_date_time_get_year (now) + 2) % 100);

  set_entry (fixture, "amount_entry", amount);
  set_entry (fixture, "number_entry", card_number);
  set_entry (fixture, "expiry_entry", expiry);
  set_entry (fixture, "security_code_entry", "123");
  set_entry (fixture, "name_entry", "Test Card");
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *
authentication_url (Fixture *fixture)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (reji_window_get_sale (fixture->window));

  g_assert_nonnull (token);
  g_assert_nonnull (token->authentication_url);
  return token->authentication_url;
}

/* Charges ¥1,000 on the 3-D Secure test card and waits for the QR code. */
static void
charge_until_verify (Fixture *fixture)
{
  fill_form (fixture, "1000", CARD_3DS_SUCCESS);
  click (charge_child (fixture, "charge_button"));
  reji_test_wait_for_page (fixture, "verify");
}

static void
test_window_pays_with_3ds (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *picture;
  GdkPaintable *paintable;
  g_autofree char *url = NULL;

  charge_until_verify (fixture);

  picture = reji_test_page_child (fixture, "verify_page", REJI_TYPE_VERIFY_PAGE, "qr_picture");
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_true (REJI_IS_QR_PAINTABLE (paintable));
  url = g_strdup (authentication_url (fixture));
  g_assert_cmpstr (reji_qr_paintable_get_text (REJI_QR_PAINTABLE (paintable)), ==, url);

  /* The card data left the form when the sale left EDITING. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (charge_child (fixture, "number_entry"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (charge_child (fixture, "security_code_entry"))), ==, "");

  g_assert_cmpuint (reji_test_complete_3ds (url, NULL), ==, 303);
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "title_label"))), ==,
                   reji_test_expect ("Paid ¥1,000", "支払い完了 ¥1,000"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "card_label"))), ==,
                   "Visa •••• 0100");
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_window_new_sale_resets (Fixture       *fixture,
                             gconstpointer  user_data)
{
  RejiSale *first_sale;
  RejiSale *second_sale;

  charge_until_verify (fixture);
  first_sale = reji_window_get_sale (fixture->window);
  g_object_add_weak_pointer (G_OBJECT (first_sale), (gpointer *) &first_sale);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL));

  second_sale = reji_window_get_sale (fixture->window);
  g_assert_true (second_sale != first_sale);
  g_assert_cmpint (reji_sale_get_state (second_sale), ==, REJI_SALE_STATE_EDITING);
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (charge_child (fixture, "amount_entry"))), ==, "");
  g_assert_true (gtk_widget_is_sensitive (charge_child (fixture, "charge_button")));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);

  if (first_sale != NULL)
    g_object_remove_weak_pointer (G_OBJECT (first_sale), (gpointer *) &first_sale);
}

static const char *field_errors[] = {
  "amount_error",
  "number_error",
  "expiry_error",
  "security_code_error",
  "name_error",
};

static void
test_window_empty_form_errors (Fixture       *fixture,
                               gconstpointer  user_data)
{
  click (charge_child (fixture, "charge_button"));
  reji_test_run_for (200);

  for (guint i = 0; i < G_N_ELEMENTS (field_errors); i++)
    {
      GtkWidget *label = charge_child (fixture, field_errors[i]);

      g_test_message ("checking %s", field_errors[i]);
      g_assert_true (gtk_widget_get_visible (label));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
    }

  /* The e-mail address is optional. */
  g_assert_false (gtk_widget_get_visible (charge_child (fixture, "email_error")));
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_EDITING);
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
test_window_charge_label (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *button = charge_child (fixture, "charge_button");

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, reji_test_expect ("Charge", "会計する"));
  set_entry (fixture, "amount_entry", "1000");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   reji_test_expect ("Charge ¥1,000", "¥1,000 を決済する"));
}

static void
test_window_brand_shown (Fixture       *fixture,
                         gconstpointer  user_data)
{
  set_entry (fixture, "number_entry", "4100 0000");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (charge_child (fixture, "brand_label"))), ==, "Visa");
  set_entry (fixture, "number_entry", "");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (charge_child (fixture, "brand_label"))), ==, "");
}

static void
test_window_declined_card (Fixture       *fixture,
                           gconstpointer  user_data)
{
  fill_form (fixture, "1000", CARD_DECLINED);
  /* Enter in a field charges like the button. */
  g_signal_emit_by_name (charge_child (fixture, "name_entry"), "activate");
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_DECLINED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "title_label"))), ==,
                   reji_test_expect ("Declined", "承認されませんでした"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "message_label"))), ==,
                   reji_test_expect ("The card was declined. Ask for another card.",
                           "カードが承認されませんでした。別のカードをお願いしてください。"));
  g_assert_true (gtk_widget_get_visible (result_child (fixture, "new_sale_button")));
}

static void
test_window_cancel_on_verify (Fixture       *fixture,
                              gconstpointer  user_data)
{
  charge_until_verify (fixture);

  click (reji_test_page_child (fixture, "verify_page", REJI_TYPE_VERIFY_PAGE, "cancel_button"));
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "title_label"))), ==,
                   reji_test_expect ("Sale cancelled. Nothing was charged.",
                           "会計を取り消しました。請求は行われていません。"));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_window_training_band (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *band = reji_test_window_child (fixture, "training_band");

  g_assert_true (gtk_widget_get_visible (band));
  g_assert_true (gtk_widget_get_mapped (band));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (band)), ==,
                   reji_test_expect ("Training mode — no real money is charged",
                           "練習モード — 実際の請求は行われません"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   reji_test_expect ("Reji — Training", "Reji — 練習モード"));
  g_assert_false (gtk_widget_get_visible (reji_test_window_child (fixture, "mode_badge")));
}

static void
test_window_focus_starts_in_amount (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  GtkWidget *focus;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));

  g_assert_nonnull (focus);
  g_assert_true (focus == charge_child (fixture, "amount_entry")
                 || gtk_widget_is_ancestor (focus, charge_child (fixture, "amount_entry")));
}

static const struct
{
  const char *url;
  gboolean    allowed;
} url_cases[] = {
  { "https://komoju.com/api/v1", TRUE },
  { "https://komoju.com/3ds/abc?x=1", TRUE },
  { "http://127.0.0.1:8080/api/v1", TRUE },
  { "http://127.1.2.3/api/v1", TRUE },
  { "http://[::1]:8080/api/v1", TRUE },
  { "http://localhost:8080/api/v1", TRUE },
  { "http://komoju.com/api/v1", FALSE },
  { "http://127.0.0.1.example.com/api/v1", FALSE },
  { "http://127.0.0.1@example.com/api/v1", FALSE },
  { "http://192.168.1.10/api/v1", FALSE },
  { "ftp://127.0.0.1/api/v1", FALSE },
  { "javascript:alert(1)", FALSE },
  { "https://", FALSE },
  { "not a url", FALSE },
  { "", FALSE },
};

static void
test_url_allowed_schemes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_test_message ("checking \"%s\"", url_cases[i].url);
      g_assert_cmpint (reji_url_is_allowed_base (url_cases[i].url), ==, url_cases[i].allowed);
      g_assert_cmpint (reji_url_is_allowed_authentication (url_cases[i].url), ==, url_cases[i].allowed);
    }
}

/* Renders @widget as it is on screen into a PNG file. */
static void
render_widget_to_png (GtkWidget  *widget,
                      const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static char *
zbar_decode (const char *path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "zbarimg", "--raw", "-q", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  return g_strchomp (g_steal_pointer (&output));
}

static void
test_window_screen_qr_scans (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("reji-window-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *decoded = NULL;
  GtkWidget *content;

  g_assert_no_error (error);
  charge_until_verify (fixture);

  /* Let GTK lay out and draw the page once. */
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  reji_test_run_for (100);

  path = g_build_filename (dir, "verify-page.png", NULL);
  render_widget_to_png (content, path);
  decoded = zbar_decode (path);
  g_assert_cmpstr (decoded, ==, authentication_url (fixture));

  g_remove (path);
  g_rmdir (dir);
}

static void
add_window_test (const char *path,
                 void      (*test_func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test_func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);
  /* G_TEST_OPTION_ISOLATE_DIRS hides the system's GSettings schemas, and
   * libadwaita looks up org.gnome.desktop.interface in adw_init(). */
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/usr/share/glib-2.0/schemas", FALSE);
  adw_init ();

  add_window_test ("/reji/window/pays-with-3ds", test_window_pays_with_3ds);
  add_window_test ("/reji/window/new-sale-resets", test_window_new_sale_resets);
  add_window_test ("/reji/window/empty-form-errors", test_window_empty_form_errors);
  add_window_test ("/reji/window/charge-label", test_window_charge_label);
  add_window_test ("/reji/window/brand-shown", test_window_brand_shown);
  add_window_test ("/reji/window/declined-card", test_window_declined_card);
  add_window_test ("/reji/window/cancel-on-verify", test_window_cancel_on_verify);
  add_window_test ("/reji/window/training-band", test_window_training_band);
  add_window_test ("/reji/window/screen-qr-scans", test_window_screen_qr_scans);
  add_window_test ("/reji/window/focus-starts-in-amount", test_window_focus_starts_in_amount);
  g_test_add_func ("/reji/url/allowed-schemes", test_url_allowed_schemes);

  return g_test_run ();
}
