/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: no cases yet. */

#include "config.h"

#include "reji-test-utils.h"

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);
  return g_test_run ();
}
