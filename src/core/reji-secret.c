/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-secret.h"

/**
 * reji_secret_free:
 * @secret: (nullable): a NUL-terminated secret
 *
 * Overwrites @secret with explicit_bzero(), which the compiler may not
 * drop as a dead store, then frees it.
 */
void
reji_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
