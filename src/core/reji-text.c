/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-text.h"

char *
reji_text_fold_width (const char *text)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
