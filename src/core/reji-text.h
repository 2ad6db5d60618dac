/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folds full-width forms (digits, comma, full stop, slash, hyphen, space)
 * that a Japanese input method produces to their ASCII equivalents, using
 * Unicode NFKC. Returns NULL if @text is not valid UTF-8. */
char *reji_text_fold_width (const char *text);

G_END_DECLS
