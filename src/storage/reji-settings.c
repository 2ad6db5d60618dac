/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-settings.h"

/**
 * reji_settings_new:
 * @error: return location for a %G_IO_ERROR_NOT_FOUND
 *
 * Opens Reji's settings. Unlike g_settings_new(), a missing schema (an
 * uninstalled Reji without `GSETTINGS_SCHEMA_DIR`) is an error, not an
 * abort.
 *
 * Returns: (transfer full) (nullable): the settings
 */
GSettings *
reji_settings_new (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, REJI_SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("Settings schema %s is not installed; using the defaults", REJI_SETTINGS_SCHEMA_ID);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is a GSettings schema id. */
                   _("The settings schema %s is not installed."), REJI_SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

RejiMode
reji_settings_get_mode (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), REJI_MODE_TRAINING);

  return (RejiMode) g_settings_get_enum (settings, "mode");
}

/* The KOMOJU API address: REJI_KOMOJU_BASE_URL when set, the setting
 * otherwise. */
char *
reji_settings_dup_base_url (GSettings *settings)
{
  const char *override = g_getenv ("REJI_KOMOJU_BASE_URL");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_settings_get_string (settings, "api-base-url");
}

/* Where the customer's browser goes after 3-D Secure:
 * REJI_KOMOJU_RETURN_URL when set, the setting otherwise. */
char *
reji_settings_dup_return_url (GSettings *settings)
{
  const char *override = g_getenv ("REJI_KOMOJU_RETURN_URL");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_settings_get_string (settings, "return-url");
}

/**
 * reji_settings_apply_to_sale:
 * @settings: Reji's settings
 * @sale: a sale in the editing state
 *
 * Sets the 3-D Secure deadline and polling interval of a new sale.
 */
void
reji_settings_apply_to_sale (GSettings *settings,
                             RejiSale  *sale)
{
  guint deadline_seconds;
  guint poll_interval;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (REJI_IS_SALE (sale));

  deadline_seconds = g_settings_get_uint (settings, "deadline-seconds");
  poll_interval = g_settings_get_uint (settings, "poll-interval-ms");

  reji_sale_set_deadline (sale, deadline_seconds * 1000);
  reji_sale_set_poll_interval (sale, poll_interval);
  reji_sale_set_poll_interval_max (sale, MAX (poll_interval, REJI_SALE_DEFAULT_POLL_INTERVAL_MAX));

  /* TODO: apply "require-3ds" and "charge-after-verification" once the
   * sale has properties for them. */
}
