/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-simulator.h"

G_BEGIN_DECLS

/* The trainer's choices: what the built-in simulator does to the next
 * sale in training mode. Each has an id for the window's action, a
 * translated label for the menu and the training band, and the simulator
 * scenario that plays it. */

/* The id of the choice that makes the simulator behave normally. */
#define REJI_TRAINER_NORMAL "normal"

GMenuModel *reji_trainer_build_menu   (const char     *action_name);
const char *reji_trainer_get_label    (const char     *id);
gboolean    reji_trainer_apply        (RejiSimulator  *simulator,
                                       const char     *id,
                                       GError        **error);

G_END_DECLS
