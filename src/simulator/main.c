/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the simulator is written. */

#include "config.h"

#include "reji-simulator.h"

int
main (int   argc,
      char *argv[])
{
  return 1;
}
