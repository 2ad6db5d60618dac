/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>

#include "reji-preferences-window.h"
#include "reji-settings.h"
#include "reji-test-utils.h"

typedef struct
{
  const char *key;
  gboolean    valid;
} KeyCase;

static void
test_preferences_check_key (void)
{
  const KeyCase cases[] = {
    { "sk_test_abcdefgh12345678", TRUE },
    { "sk_live_ABCDEFGH_1234", TRUE },
    { "pk_test_abcdefgh12345678", FALSE },
    { "sk_test_short", FALSE },
    { "sk_test_abcd efgh1234", FALSE },
    { "sk_test_abcdefgh-1234", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = reji_preferences_check_key (cases[i].key, &error);

      g_test_message ("key “%s”", cases[i].key);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!cases[i].valid)
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_preferences_window_shows_settings (void)
{
  g_autoptr(GSettings) settings = reji_settings_new (NULL);
  g_autoptr(RejiSecretStore) store = reji_secret_store_new ();
  RejiPreferencesWindow *window;
  AdwComboRow *mode_row;
  GtkSpinButton *deadline;

  g_assert_nonnull (settings);
  g_setenv ("REJI_KOMOJU_SECRET_KEY", "sk_test_preferences_window", TRUE);
  g_settings_set_enum (settings, "mode", REJI_MODE_TEST);
  g_settings_set_uint (settings, "deadline-seconds", 300);

  window = reji_preferences_window_new (NULL, settings, store);
  gtk_window_present (GTK_WINDOW (window));
  reji_test_run_for (100);

  mode_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window), REJI_TYPE_PREFERENCES_WINDOW,
                                                           "mode_row"));
  deadline = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), REJI_TYPE_PREFERENCES_WINDOW,
                                                             "deadline_spin"));
  g_assert_cmpuint (adw_combo_row_get_selected (mode_row), ==, REJI_MODE_TEST);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (deadline), ==, 300);

  /* Choosing training needs no key and no confirmation. */
  adw_combo_row_set_selected (mode_row, REJI_MODE_TRAINING);
  g_assert_cmpint (reji_settings_get_mode (settings), ==, REJI_MODE_TRAINING);

  /* Choosing live waits for the confirmation dialog. */
  adw_combo_row_set_selected (mode_row, REJI_MODE_LIVE);
  g_assert_cmpint (reji_settings_get_mode (settings), ==, REJI_MODE_TRAINING);

  gtk_spin_button_set_value (deadline, 450);
  g_assert_cmpuint (g_settings_get_uint (settings, "deadline-seconds"), ==, 450);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("REJI_KOMOJU_SECRET_KEY");
  g_settings_reset (settings, "mode");
  g_settings_reset (settings, "deadline-seconds");
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);
  adw_init ();

  g_test_add_func ("/reji/preferences/check-key", test_preferences_check_key);
  g_test_add_func ("/reji/preferences/window-shows-settings", test_preferences_window_shows_settings);

  return g_test_run ();
}
