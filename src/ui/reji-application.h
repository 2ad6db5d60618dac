/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REJI_TYPE_APPLICATION (reji_application_get_type ())

G_DECLARE_FINAL_TYPE (RejiApplication, reji_application, REJI, APPLICATION, AdwApplication)

RejiApplication *reji_application_new (void);

G_END_DECLS
