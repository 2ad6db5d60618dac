/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-secret-store.h"
#include "reji-test-utils.h"

/* Run through tests/run-with-keyring, which provides a private unlocked
 * keyring or sets REJI_TEST_KEYRING=missing. */
static gboolean
skip_without_keyring (void)
{
  if (g_strcmp0 (g_getenv ("REJI_TEST_KEYRING"), "missing") == 0)
    {
      g_test_skip ("gnome-keyring-daemon or dbus-run-session is not installed");
      return TRUE;
    }

  return FALSE;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *key;
  GError   *error;
} StoreResult;

static void
store_result_clear (StoreResult *result)
{
  g_clear_pointer (&result->key, g_free);
  g_clear_error (&result->error);
  result->done = FALSE;
  result->ok = FALSE;
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  StoreResult *out = user_data;

  out->key = reji_secret_store_lookup_finish (REJI_SECRET_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreResult *out = user_data;

  out->ok = reji_secret_store_store_finish (REJI_SECRET_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StoreResult *out = user_data;

  out->ok = reji_secret_store_clear_finish (REJI_SECRET_STORE (source), result, &out->error);
  out->done = TRUE;
}

static char *
lookup (RejiSecretStore *store)
{
  StoreResult result = { 0 };

  reji_secret_store_lookup_async (store, NULL, looked_up_cb, &result);
  reji_test_wait_until (&result.done);
  g_assert_no_error (result.error);

  return g_steal_pointer (&result.key);
}

static void
store_key (RejiSecretStore *store,
           const char      *key)
{
  StoreResult result = { 0 };

  reji_secret_store_store_async (store, key, NULL, stored_cb, &result);
  reji_test_wait_until (&result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  store_result_clear (&result);
}

static void
clear_key (RejiSecretStore *store)
{
  StoreResult result = { 0 };

  reji_secret_store_clear_async (store, NULL, cleared_cb, &result);
  reji_test_wait_until (&result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  store_result_clear (&result);
}

static void
test_secret_store_round_trip (void)
{
  g_autoptr(RejiSecretStore) store = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cleared = NULL;

  if (skip_without_keyring ())
    return;

  g_unsetenv ("REJI_KOMOJU_SECRET_KEY");
  store = reji_secret_store_new ();
  g_assert_false (reji_secret_store_is_overridden (store));

  store_key (store, "sk_test_first_key_0001");
  first = lookup (store);
  g_assert_cmpstr (first, ==, "sk_test_first_key_0001");

  /* Saving again replaces the key instead of adding a second one. */
  store_key (store, "sk_live_second_key_0002");
  second = lookup (store);
  g_assert_cmpstr (second, ==, "sk_live_second_key_0002");

  clear_key (store);
  cleared = lookup (store);
  g_assert_null (cleared);

  /* Clearing with nothing stored succeeds. */
  clear_key (store);
}

static void
test_secret_store_env_override (void)
{
  g_autoptr(RejiSecretStore) store = reji_secret_store_new ();
  g_autofree char *key = NULL;
  g_autofree char *after = NULL;

  g_setenv ("REJI_KOMOJU_SECRET_KEY", "sk_test_from_environment", TRUE);
  g_assert_true (reji_secret_store_is_overridden (store));
  key = lookup (store);
  g_assert_cmpstr (key, ==, "sk_test_from_environment");

  /* An empty variable does not override. */
  g_setenv ("REJI_KOMOJU_SECRET_KEY", "", TRUE);
  g_assert_false (reji_secret_store_is_overridden (store));

  if (skip_without_keyring ())
    return;

  store_key (store, "sk_test_in_keyring_0003");
  g_setenv ("REJI_KOMOJU_SECRET_KEY", "sk_test_from_environment", TRUE);
  after = lookup (store);
  g_assert_cmpstr (after, ==, "sk_test_from_environment");

  g_unsetenv ("REJI_KOMOJU_SECRET_KEY");
  clear_key (store);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/secret-store/round-trip", test_secret_store_round_trip);
  g_test_add_func ("/reji/secret-store/env-override", test_secret_store_env_override);

  return g_test_run ();
}
