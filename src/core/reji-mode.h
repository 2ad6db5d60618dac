/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RejiMode:
 * @REJI_MODE_TRAINING: no key; Reji talks to its built-in simulator.
 * @REJI_MODE_TEST: a KOMOJU test key (`sk_test_…`); test cards only.
 * @REJI_MODE_LIVE: any other key; real money.
 */
typedef enum
{
  REJI_MODE_TRAINING,
  REJI_MODE_TEST,
  REJI_MODE_LIVE,
} RejiMode;

RejiMode     reji_mode_from_secret_key    (const char *secret_key);
const char  *reji_mode_get_label          (RejiMode    mode);
char        *reji_mode_mask_secret_key    (const char *secret_key);

G_END_DECLS
