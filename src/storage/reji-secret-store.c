/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "reji-mode.h"
#include "reji-secret-store.h"

#define OVERRIDE_VARIABLE "REJI_KOMOJU_SECRET_KEY"

/* The KOMOJU secret key in the desktop keyring (Secret Service). Reji
 * keeps one key, told apart from other items by its schema and the
 * "service" attribute. */
struct _RejiSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (RejiSecretStore, reji_secret_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.reji_pos.Reji.Key", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

#define SERVICE "komoju"

static const char *
get_override (void)
{
  const char *key = g_getenv (OVERRIDE_VARIABLE);

  return key != NULL && *key != '\0' ? key : NULL;
}

static void
reji_secret_store_class_init (RejiSecretStoreClass *klass)
{
}

static void
reji_secret_store_init (RejiSecretStore *self)
{
}

RejiSecretStore *
reji_secret_store_new (void)
{
  return g_object_new (REJI_TYPE_SECRET_STORE, NULL);
}

/* TRUE when REJI_KOMOJU_SECRET_KEY is set: lookups return it, whatever
 * the keyring holds. */
gboolean
reji_secret_store_is_overridden (RejiSecretStore *self)
{
  g_return_val_if_fail (REJI_IS_SECRET_STORE (self), FALSE);

  return get_override () != NULL;
}

/* A key that no caller took is overwritten before it is freed. */
static void
wipe_and_free (gpointer key)
{
  explicit_bzero (key, strlen (key));
  g_free (key);
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *stored;

  stored = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_warning ("Could not read the KOMOJU key from the keyring: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Keyring lookup: %s", stored != NULL ? "a KOMOJU key is stored" : "no KOMOJU key stored");
  g_task_return_pointer (task, g_strdup (stored), wipe_and_free);
  secret_password_free (stored);
}

/**
 * reji_secret_store_lookup_async:
 * @self: a store
 * @cancellable: (nullable): a cancellable
 * @callback: called with the key
 * @user_data: data for @callback
 *
 * Reads the KOMOJU secret key: `REJI_KOMOJU_SECRET_KEY` when set and not
 * empty, without touching the keyring, otherwise the stored one.
 */
void
reji_secret_store_lookup_async (RejiSecretStore     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *override = get_override ();

  g_return_if_fail (REJI_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_secret_store_lookup_async);

  if (override != NULL)
    {
      g_task_return_pointer (task, g_strdup (override), wipe_and_free);
      return;
    }

  secret_password_lookup (get_schema (), cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "service", SERVICE,
                          NULL);
}

/**
 * reji_secret_store_lookup_finish:
 * @self: a store
 * @result: the result passed to the callback
 * @error: return location for a libsecret or D-Bus error
 *
 * Returns: (transfer full) (nullable): the key, or NULL without an error
 *   when none is stored. Free it with g_free() after wiping it.
 */
char *
reji_secret_store_lookup_finish (RejiSecretStore  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_secret_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_warning ("Could not save the KOMOJU key in the keyring: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_message ("Saved a %s KOMOJU key in the keyring", (const char *) g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

/**
 * reji_secret_store_store_async:
 * @self: a store
 * @secret_key: the KOMOJU secret key; replaces the stored one
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has saved it
 * @user_data: data for @callback
 *
 * Saves @secret_key in the default keyring collection.
 * `REJI_KOMOJU_SECRET_KEY` still wins over it on lookups while it is set.
 */
void
reji_secret_store_store_async (RejiSecretStore     *self,
                               const char          *secret_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RejiMode mode;

  g_return_if_fail (REJI_IS_SECRET_STORE (self));
  g_return_if_fail (secret_key != NULL && *secret_key != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_secret_store_store_async);
  mode = reji_mode_from_secret_key (secret_key);
  g_task_set_task_data (task, (gpointer) (mode == REJI_MODE_LIVE ? "live" : "test"), NULL);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT,
                         /* Translators: the name of Reji's key in the desktop's password manager */
                         _("KOMOJU secret key for Reji"),
                         secret_key, cancellable, store_done_cb, g_steal_pointer (&task),
                         "service", SERVICE,
                         NULL);
}

gboolean
reji_secret_store_store_finish (RejiSecretStore  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_secret_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_warning ("Could not remove the KOMOJU key from the keyring: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_message ("KOMOJU key %s the keyring", removed ? "removed from" : "was not in");
  g_task_return_boolean (task, TRUE);
}

/**
 * reji_secret_store_clear_async:
 * @self: a store
 * @cancellable: (nullable): a cancellable
 * @callback: called when the key is gone
 * @user_data: data for @callback
 *
 * Removes the stored key; succeeds when none was stored.
 */
void
reji_secret_store_clear_async (RejiSecretStore     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REJI_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_secret_store_clear_async);

  secret_password_clear (get_schema (), cancellable, clear_done_cb, g_steal_pointer (&task),
                         "service", SERVICE,
                         NULL);
}

gboolean
reji_secret_store_clear_finish (RejiSecretStore  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_secret_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
