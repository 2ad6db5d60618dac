/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "reji-i18n.h"

/**
 * reji_i18n_init:
 *
 * Sets the locale from the environment and binds Reji's message catalogue.
 * `REJI_LOCALEDIR` points an uninstalled build at its compiled catalogues
 * (`build/po`); otherwise the installed locale directory is used.
 */
void
reji_i18n_init (void)
{
  const char *localedir = g_getenv ("REJI_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
