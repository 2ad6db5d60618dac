/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The response id of the dialog's button that resumes every listed sale. */
#define REJI_RESUME_DIALOG_RESPONSE_RESUME "resume"

GtkWidget *reji_resume_dialog_new  (GtkWindow *parent,
                                    GPtrArray *unfinished);
char      *reji_resume_describe_sale (gconstpointer journal_sale);

G_END_DECLS
