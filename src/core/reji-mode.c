/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-mode.h"

/**
 * reji_mode_from_secret_key:
 * @secret_key: (nullable): the configured KOMOJU secret key
 *
 * Derives the mode from the key's prefix. A key that is neither empty nor a
 * test key is treated as live, so an unfamiliar key is never mistaken for a
 * harmless one.
 */
RejiMode
reji_mode_from_secret_key (const char *secret_key)
{
  if (secret_key == NULL || *secret_key == '\0')
    return REJI_MODE_TRAINING;
  if (g_str_has_prefix (secret_key, "sk_test_"))
    return REJI_MODE_TEST;
  return REJI_MODE_LIVE;
}

const char *
reji_mode_get_label (RejiMode mode)
{
  switch (mode)
    {
    case REJI_MODE_TRAINING:
      /* Translators: the mode in which no real payment is made */
      return _("Training");
    case REJI_MODE_TEST:
      /* Translators: the mode that uses a KOMOJU test key */
      return _("Test");
    case REJI_MODE_LIVE:
      /* Translators: the mode that takes real payments */
      return _("Live");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * reji_mode_mask_secret_key:
 * @secret_key: a KOMOJU secret key
 *
 * Builds the only form of a key that may be shown or logged: its mode
 * prefix and last four characters, for example `sk_test_…9f3a`.
 */
char *
reji_mode_mask_secret_key (const char *secret_key)
{
  const char *prefixes[] = { "sk_test_", "sk_live_", "sk_" };
  const char *prefix = "";
  size_t length;

  g_return_val_if_fail (secret_key != NULL, NULL);

  length = strlen (secret_key);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (secret_key, prefixes[i]))
        {
          prefix = prefixes[i];
          break;
        }
    }

  /* A key too short to keep four characters hidden is shown as dots only. */
  if (length < strlen (prefix) + 8)
    return g_strdup_printf ("%s…", prefix);

  return g_strdup_printf ("%s…%s", prefix, secret_key + length - 4);
}
