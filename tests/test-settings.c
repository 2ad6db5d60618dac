/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-settings.h"
#include "reji-test-utils.h"

/* Runs with GSETTINGS_BACKEND=memory and the schema compiled into the
 * build directory. */

static GSettings *
open_settings (void)
{
  g_autoptr(GError) error = NULL;
  GSettings *settings = reji_settings_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  return settings;
}

static void
test_settings_defaults (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autofree char *base_url = g_settings_get_string (settings, "api-base-url");
  g_autofree char *currency = g_settings_get_string (settings, "default-currency");

  g_assert_cmpint (reji_settings_get_mode (settings), ==, REJI_MODE_TRAINING);
  g_assert_true (g_str_has_prefix (base_url, "https://"));
  g_assert_cmpstr (currency, ==, "JPY");
  g_assert_cmpuint (g_settings_get_uint (settings, "deadline-seconds"), ==, REJI_SALE_DEFAULT_DEADLINE / 1000);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval-ms"), ==, REJI_SALE_DEFAULT_POLL_INTERVAL);
  g_assert_false (g_settings_get_boolean (settings, "require-3ds"));
  g_assert_true (g_settings_get_boolean (settings, "charge-after-verification"));
}

static void
test_settings_mode_round_trip (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autofree char *stored = NULL;

  g_assert_true (g_settings_set_enum (settings, "mode", REJI_MODE_LIVE));
  g_assert_cmpint (reji_settings_get_mode (settings), ==, REJI_MODE_LIVE);
  stored = g_settings_get_string (settings, "mode");
  g_assert_cmpstr (stored, ==, "live");
  g_settings_reset (settings, "mode");
}

static void
test_settings_apply_to_sale (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new ("http://127.0.0.1:1/api/v1", "sk_test_x");
  g_autoptr(RejiSale) sale = reji_sale_new (client);

  g_settings_set_uint (settings, "deadline-seconds", 120);
  g_settings_set_uint (settings, "poll-interval-ms", 500);
  reji_settings_apply_to_sale (settings, sale);

  g_assert_cmpuint (reji_sale_get_deadline (sale), ==, 120000);
  g_assert_cmpuint (reji_sale_get_poll_interval (sale), ==, 500);
  g_assert_cmpuint (reji_sale_get_poll_interval_max (sale), >=, 500);
  g_settings_reset (settings, "deadline-seconds");
  g_settings_reset (settings, "poll-interval-ms");
}

static void
test_settings_ranges (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) deadline = NULL;
  g_autoptr(GVariant) too_short = g_variant_ref_sink (g_variant_new_uint32 (5));
  g_autoptr(GVariant) usual = g_variant_ref_sink (g_variant_new_uint32 (300));

  g_object_get (settings, "settings-schema", &schema, NULL);
  deadline = g_settings_schema_get_key (schema, "deadline-seconds");
  g_assert_false (g_settings_schema_key_range_check (deadline, too_short));
  g_assert_true (g_settings_schema_key_range_check (deadline, usual));
}

static void
test_settings_hold_no_key (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), ==, 8);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_assert_null (strstr (keys[i], "secret"));
      g_assert_null (strstr (keys[i], "password"));
    }
}

static void
test_settings_env_overrides (void)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autofree char *from_settings = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *return_url = NULL;

  g_unsetenv ("REJI_KOMOJU_BASE_URL");
  g_settings_set_string (settings, "api-base-url", "https://komoju.example/api/v1");
  from_settings = reji_settings_dup_base_url (settings);
  g_assert_cmpstr (from_settings, ==, "https://komoju.example/api/v1");

  g_setenv ("REJI_KOMOJU_BASE_URL", "http://127.0.0.1:8080/api/v1", TRUE);
  from_env = reji_settings_dup_base_url (settings);
  g_assert_cmpstr (from_env, ==, "http://127.0.0.1:8080/api/v1");

  g_setenv ("REJI_KOMOJU_RETURN_URL", "https://shop.example/done", TRUE);
  return_url = reji_settings_dup_return_url (settings);
  g_assert_cmpstr (return_url, ==, "https://shop.example/done");

  g_unsetenv ("REJI_KOMOJU_BASE_URL");
  g_unsetenv ("REJI_KOMOJU_RETURN_URL");
  g_settings_reset (settings, "api-base-url");
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/settings/defaults", test_settings_defaults);
  g_test_add_func ("/reji/settings/mode-round-trip", test_settings_mode_round_trip);
  g_test_add_func ("/reji/settings/apply-to-sale", test_settings_apply_to_sale);
  g_test_add_func ("/reji/settings/ranges", test_settings_ranges);
  g_test_add_func ("/reji/settings/hold-no-key", test_settings_hold_no_key);
  g_test_add_func ("/reji/settings/env-overrides", test_settings_env_overrides);

  return g_test_run ();
}
