/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A whole sale driven from the keyboard through the real window: Tab,
 * Escape, Ctrl+N and Ctrl+? run the shortcuts the window installed for
 * those keys, text goes into the focused widget, and Enter emits
 * "activate" on the focused widget as GtkText does for that key. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reji-charge-page.h"
#include "reji-result-page.h"
#include "reji-test-window.h"
#include "reji-verify-page.h"
#include "reji-window.h"

#define CARD_3DS_SUCCESS "4100000000000100"

/* The shared window fixture: a simulator, its client and a window. */
typedef RejiTestWindow Fixture;

static GtkWidget *
charge_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, name);
}

static GtkWidget *
verify_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "verify_page", REJI_TYPE_VERIFY_PAGE, name);
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

/* Runs what is pending in the main loop, such as the form's reformat. */
static void
run_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static RejiWindow *
new_window (Fixture  *fixture,
            RejiMode  mode)
{
  g_autofree char *return_url = reji_simulator_dup_return_url (fixture->simulator);
  RejiWindow *window = reji_window_new (NULL, fixture->client, mode, return_url);

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  run_pending ();
  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *base_url = NULL;
  RejiSale *sale;

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (base_url, "sk_test_reji_keyboard_test");
  fixture->window = new_window (fixture, REJI_MODE_TRAINING);

  sale = reji_window_get_sale (fixture->window);
  reji_sale_set_poll_interval (sale, 50);
  reji_sale_set_poll_interval_max (sale, 50);
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

/* TRUE if @trigger fires for @keyval with exactly @modifiers. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers)
           || trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                               keyval, modifiers);

  return GTK_IS_KEYVAL_TRIGGER (trigger)
         && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
         && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* Finds the shortcut bound to @keyval with @modifiers on @widget, as a
 * key press would, and runs it. */
static void
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!trigger_matches (trigger, keyval, modifiers))
            continue;

          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                       GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                       gtk_shortcut_get_arguments (shortcut)));
          run_pending ();
          return;
        }
    }

  g_error ("No shortcut for key %s on %s", gdk_keyval_name (keyval), G_OBJECT_TYPE_NAME (widget));
}

static GtkWidget *
focus (Fixture *fixture)
{
  GtkWidget *widget = gtk_root_get_focus (GTK_ROOT (fixture->window));

  g_assert_nonnull (widget);
  return widget;
}

/* Asserts that the keyboard focus is @expected or inside it, as it is
 * inside an entry (its text) or a drop-down (its button). */
static void
assert_focus_in (Fixture    *fixture,
                 GtkWidget  *expected,
                 const char *name)
{
  GtkWidget *focused = focus (fixture);

  g_test_message ("focus expected in %s, found %s", name, G_OBJECT_TYPE_NAME (focused));
  g_assert_true (focused == expected || gtk_widget_is_ancestor (focused, expected));
}

static void
type_text (Fixture    *fixture,
           const char *text)
{
  GtkWidget *focused = focus (fixture);
  int position;

  g_assert_true (GTK_IS_EDITABLE (focused));
  position = gtk_editable_get_position (GTK_EDITABLE (focused));
  gtk_editable_insert_text (GTK_EDITABLE (focused), text, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (focused), position);
  run_pending ();
}

static void
press_enter (Fixture *fixture)
{
  GtkWidget *focused = focus (fixture);

  if (GTK_IS_BUTTON (focused))
    g_signal_emit_by_name (focused, "clicked");
  else
    g_signal_emit_by_name (focused, "activate");
  run_pending ();
}

static const char *
entry_text (Fixture    *fixture,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (charge_child (fixture, name)));
}

static char *
future_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_strdup_printf ("12%02d", (g_date_time_get_year (now) + 2) % 100);
}

static void
test_keyboard_tab_order (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const char *order[] = {
    "amount_entry", "currency_dropdown", "number_entry", "expiry_entry",
    "security_code_entry", "name_entry", "email_entry", "charge_button",
  };

  assert_focus_in (fixture, charge_child (fixture, order[0]), order[0]);
  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    {
      press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
      assert_focus_in (fixture, charge_child (fixture, order[i]), order[i]);
    }
}

/* Types a complete form from the amount field on, with Tab between the
 * fields, and leaves the focus in the e-mail field. */
static void
type_form (Fixture    *fixture,
           const char *amount,
           const char *card_number)
{
  g_autofree char *expiry = future_expiry ();

  type_text (fixture, amount);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, card_number);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, expiry);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, "123");
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, "TARO YAMADA");
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, "taro@example.com");
}

static void
test_keyboard_whole_sale (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *charge_label = NULL;
  RejiSale *sale;

  type_form (fixture, "1000", CARD_3DS_SUCCESS);
  g_assert_cmpstr (entry_text (fixture, "amount_entry"), ==, "1,000");
  g_assert_cmpstr (entry_text (fixture, "number_entry"), ==, "4100 0000 0000 0100");
  charge_label = g_strdup_printf (reji_test_expect ("Charge %s", "%s を決済する"), "¥1,000");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (charge_child (fixture, "charge_button"))), ==, charge_label);

  press_enter (fixture);
  reji_test_wait_for_page (fixture, "verify");
  assert_focus_in (fixture, verify_child (fixture, "open_button"), "open_button");

  sale = reji_window_get_sale (fixture->window);
  reji_test_complete_3ds (reji_sale_get_secure_token (sale)->authentication_url, NULL);
  reji_test_wait_for_page (fixture, "result");
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_PAID);
  assert_focus_in (fixture, result_child (fixture, "new_sale_button"), "new_sale_button");

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Escape, 0);
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  assert_focus_in (fixture, charge_child (fixture, "amount_entry"), "amount_entry");
}

static void
test_keyboard_escape_cancels (Fixture       *fixture,
                              gconstpointer  user_data)
{
  type_form (fixture, "500", CARD_3DS_SUCCESS);
  press_enter (fixture);
  reji_test_wait_for_page (fixture, "verify");

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Escape, 0);
  reji_test_wait_for_page (fixture, "result");
  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result_child (fixture, "title_label"))), ==,
                   reji_test_expect ("Sale cancelled. Nothing was charged.", "会計を取り消しました。請求は行われていません。"));

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_n, GDK_CONTROL_MASK);
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_EDITING);
}

static void
test_keyboard_enter_moves_on (Fixture       *fixture,
                              gconstpointer  user_data)
{
  type_text (fixture, "500");
  press_enter (fixture);

  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  assert_focus_in (fixture, charge_child (fixture, "currency_dropdown"), "currency_dropdown");
  g_assert_false (gtk_widget_get_visible (charge_child (fixture, "number_error")));
}

static void
test_keyboard_error_on_leave (Fixture       *fixture,
                              gconstpointer  user_data)
{
  GtkWidget *error = charge_child (fixture, "number_error");

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, "4111");
  g_assert_false (gtk_widget_get_visible (error));

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_get_visible (error));

  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, GDK_SHIFT_MASK);
  type_text (fixture, "1");
  g_assert_false (gtk_widget_get_visible (error));
}

static void
test_keyboard_full_width_amount (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  type_text (fixture, "１２３４５");
  g_assert_cmpstr (entry_text (fixture, "amount_entry"), ==, "12,345");
}

static void
test_keyboard_yen_fraction (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkWidget *error = charge_child (fixture, "amount_error");

  type_text (fixture, "100.5");
  g_assert_false (gtk_widget_get_visible (error));
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "JPY"));
}

static void
test_keyboard_card_grouping (Fixture       *fixture,
                             gconstpointer  user_data)
{
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_Tab, 0);
  type_text (fixture, "3782");
  type_text (fixture, "82246310005");

  g_assert_cmpstr (entry_text (fixture, "number_entry"), ==, "3782 822463 10005");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (charge_child (fixture, "number_entry"))), ==, 17);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (charge_child (fixture, "brand_label"))), ==, "American Express");
}

static void
test_keyboard_expiry_slash (Fixture       *fixture,
                            gconstpointer  user_data)
{
  gtk_widget_grab_focus (charge_child (fixture, "expiry_entry"));
  type_text (fixture, "1");
  g_assert_cmpstr (entry_text (fixture, "expiry_entry"), ==, "1");
  type_text (fixture, "2");
  g_assert_cmpstr (entry_text (fixture, "expiry_entry"), ==, "12/");
  type_text (fixture, "30");
  g_assert_cmpstr (entry_text (fixture, "expiry_entry"), ==, "12/30");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_keyboard_ceiling_confirmation (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  RejiSale *sale = reji_window_get_sale (fixture->window);
  AdwMessageDialog *dialog;

  type_form (fixture, "2000000", CARD_3DS_SUCCESS);
  press_enter (fixture);

  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_EDITING);

  /* The dialog closes itself after its response. */
  adw_message_dialog_response (dialog, "charge");
  reji_test_wait_for_page (fixture, "verify");
  g_assert_cmpint (reji_sale_get_amount (sale), ==, 2000000);
}

static void
test_keyboard_ceiling_correct (Fixture       *fixture,
                               gconstpointer  user_data)
{
  AdwMessageDialog *dialog;

  type_form (fixture, "2000000", CARD_3DS_SUCCESS);
  press_enter (fixture);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);

  adw_message_dialog_response (dialog, "cancel");
  run_pending ();
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  g_assert_cmpint (reji_sale_get_state (reji_window_get_sale (fixture->window)), ==, REJI_SALE_STATE_EDITING);
  assert_focus_in (fixture, charge_child (fixture, "amount_entry"), "amount_entry");
}

static void
test_keyboard_new_qr_code (Fixture       *fixture,
                           gconstpointer  user_data)
{
  RejiSale *first;

  type_form (fixture, "1000", CARD_3DS_SUCCESS);
  press_enter (fixture);
  reji_test_wait_for_page (fixture, "verify");
  first = g_object_ref (reji_window_get_sale (fixture->window));

  g_signal_emit_by_name (verify_child (fixture, "new_code_button"), "clicked");
  run_pending ();

  g_assert_cmpint (reji_sale_get_state (first), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_true (reji_window_get_sale (fixture->window) != first);
  g_assert_cmpstr (visible_page (fixture), ==, "charge");
  g_assert_cmpstr (entry_text (fixture, "amount_entry"), ==, "1,000");
  g_assert_cmpstr (entry_text (fixture, "name_entry"), ==, "TARO YAMADA");
  g_assert_cmpstr (entry_text (fixture, "email_entry"), ==, "taro@example.com");
  g_assert_cmpstr (entry_text (fixture, "number_entry"), ==, "");
  g_assert_cmpstr (entry_text (fixture, "security_code_entry"), ==, "");
  g_assert_true (gtk_widget_get_visible (charge_child (fixture, "card_notice")));
  assert_focus_in (fixture, charge_child (fixture, "number_entry"), "number_entry");
  g_object_unref (first);
}

static void
test_keyboard_help_overlay (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkShortcutsWindow *overlay;

  /* Built on first use, so that starting Reji does not pay for it. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  press_key (GTK_WIDGET (fixture->window), GDK_KEY_question, GDK_CONTROL_MASK);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
}

static void
test_keyboard_qr_size (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *picture;
  GdkPaintable *paintable;
  double width;
  double height;
  double side;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 860);
  type_form (fixture, "1000", CARD_3DS_SUCCESS);
  press_enter (fixture);
  reji_test_wait_for_page (fixture, "verify");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  picture = verify_child (fixture, "qr_picture");
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_nonnull (paintable);
  width = gtk_widget_get_width (picture);
  height = gtk_widget_get_height (picture);
  side = MIN (width, height);
  g_test_message ("QR area %.0f×%.0f", width, height);
  g_assert_cmpfloat (side, >=, 320);
}

static void
test_keyboard_mode_badge (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(RejiWindow) test_window = new_window (fixture, REJI_MODE_TEST);
  g_autoptr(RejiWindow) live_window = new_window (fixture, REJI_MODE_LIVE);
  GObject *badge;

  badge = gtk_widget_get_template_child (GTK_WIDGET (test_window), REJI_TYPE_WINDOW, "mode_badge");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, reji_test_expect ("Test", "テスト"));

  badge = gtk_widget_get_template_child (GTK_WIDGET (live_window), REJI_TYPE_WINDOW, "mode_badge");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (live_window),
                                                                                     REJI_TYPE_WINDOW,
                                                                                     "training_band"))));
  g_assert_true (gtk_widget_get_visible (reji_test_window_child (fixture, "training_band")));

  gtk_window_destroy (GTK_WINDOW (test_window));
  gtk_window_destroy (GTK_WINDOW (live_window));
}

static void
test_keyboard_status_area (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *status = reji_test_window_child (fixture, "status_area");
  g_autofree char *before = NULL;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (status)), ==,
                   GTK_ACCESSIBLE_ROLE_STATUS);
  before = g_strdup (gtk_label_get_text (GTK_LABEL (status)));

  type_form (fixture, "1000", CARD_3DS_SUCCESS);
  press_enter (fixture);
  reji_test_wait_for_page (fixture, "verify");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, before);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");
}

int
main (int    argc,
      char **argv)
{
  reji_test_init (&argc, &argv);
  /* G_TEST_OPTION_ISOLATE_DIRS hides the system's GSettings schemas, and
   * libadwaita looks up org.gnome.desktop.interface in adw_init(). */
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/usr/share/glib-2.0/schemas", FALSE);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/reji/keyboard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("tab-order", test_keyboard_tab_order);
  ADD ("whole-sale", test_keyboard_whole_sale);
  ADD ("escape-cancels", test_keyboard_escape_cancels);
  ADD ("enter-moves-on", test_keyboard_enter_moves_on);
  ADD ("error-on-leave", test_keyboard_error_on_leave);
  ADD ("full-width-amount", test_keyboard_full_width_amount);
  ADD ("yen-fraction", test_keyboard_yen_fraction);
  ADD ("card-grouping", test_keyboard_card_grouping);
  ADD ("expiry-slash", test_keyboard_expiry_slash);
  ADD ("ceiling-confirmation", test_keyboard_ceiling_confirmation);
  ADD ("ceiling-correct", test_keyboard_ceiling_correct);
  ADD ("new-qr-code", test_keyboard_new_qr_code);
  ADD ("help-overlay", test_keyboard_help_overlay);
  ADD ("qr-size", test_keyboard_qr_size);
  ADD ("mode-badge", test_keyboard_mode_badge);
  ADD ("status-area", test_keyboard_status_area);

#undef ADD

  return g_test_run ();
}
