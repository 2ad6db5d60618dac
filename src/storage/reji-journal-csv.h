/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  reji_journal_csv_append_field  (GString    *line,
                                      const char *field);

G_END_DECLS
