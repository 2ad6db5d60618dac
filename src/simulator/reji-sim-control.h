/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "reji-sim-scenario.h"

G_BEGIN_DECLS

#define REJI_SIM_SCENARIO_PATH "/simulator/scenario"

void  reji_sim_control_handle_scenario  (RejiSimScenarios  *scenarios,
                                         SoupServerMessage *message);

G_END_DECLS
