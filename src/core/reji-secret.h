/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A string that holds a card number or security code: declare it with
 * g_autoptr(RejiSecretString) so that every way out of a scope overwrites
 * it before it is freed. */
typedef char RejiSecretString;

void reji_secret_free (char *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSecretString, reji_secret_free)

G_END_DECLS
