/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-sim-scenario.h"

G_BEGIN_DECLS

gboolean  reji_sim_route_match  (const char        *path,
                                 const char        *method,
                                 RejiSimOperation  *out_operation,
                                 char             **out_id,
                                 GString           *allowed);

G_END_DECLS
