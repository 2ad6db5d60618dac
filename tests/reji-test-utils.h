/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-simulator.h"

G_BEGIN_DECLS

/* Seconds reji_test_wait_until() waits before it fails the test. */
#define REJI_TEST_WAIT_TIMEOUT 20

void           reji_test_init                (int          *argc,
                                              char       ***argv);
void           reji_test_wait_until          (const gboolean *condition);
void           reji_test_run_for             (guint         milliseconds);
RejiSimulator *reji_test_start_simulator     (void);
guint          reji_test_get_closed_port     (void);
guint          reji_test_complete_3ds        (const char   *authentication_url,
                                              const char   *password);

G_END_DECLS
