/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-application.h"
#include "reji-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RejiApplication) app = NULL;

  reji_i18n_init ();
  app = reji_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
