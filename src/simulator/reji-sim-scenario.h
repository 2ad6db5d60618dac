/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "reji-sim-ledger.h"
#include "reji-simulator.h"

G_BEGIN_DECLS

/* The API operations a scenario can apply to. */
typedef enum
{
  REJI_SIM_OPERATION_CREATE_TOKEN,
  REJI_SIM_OPERATION_SHOW_TOKEN,
  REJI_SIM_OPERATION_CREATE_PAYMENT,
  REJI_SIM_OPERATION_SHOW_PAYMENT,
  REJI_SIM_OPERATION_LIST_PAYMENTS,
  REJI_SIM_OPERATION_CANCEL_PAYMENT,
  REJI_SIM_OPERATION_REFUND_PAYMENT,
  REJI_SIM_OPERATION_OTHER,
} RejiSimOperation;

typedef struct _RejiSimScenarios RejiSimScenarios;

gboolean          reji_sim_scenario_parse_fault  (const char            *spec,
                                                  RejiSimScenario       *scenario,
                                                  GError               **error);
gboolean          reji_sim_scenario_parse_target (const char            *text,
                                                  RejiSimTarget         *out_target);
char             *reji_sim_scenario_dup_spec     (const RejiSimScenario *scenario);
gboolean          reji_sim_scenario_applies      (const RejiSimScenario *scenario,
                                                  RejiSimOperation       operation);
gboolean          reji_sim_scenario_card_valid   (const char            *card);

RejiSimScenarios *reji_sim_scenarios_new         (void);
void              reji_sim_scenarios_free        (RejiSimScenarios      *scenarios);
void              reji_sim_scenarios_set         (RejiSimScenarios      *scenarios,
                                                  const RejiSimScenario *scenario);
void              reji_sim_scenarios_clear       (RejiSimScenarios      *scenarios);
gboolean          reji_sim_scenarios_lookup      (RejiSimScenarios      *scenarios,
                                                  RejiSimOperation       operation,
                                                  const char            *card_number,
                                                  const RejiSimToken    *token,
                                                  RejiSimScenario       *out_scenario,
                                                  guint                 *out_id);
void              reji_sim_scenarios_use         (RejiSimScenarios      *scenarios,
                                                  guint                  id);
void              reji_sim_scenarios_bind_token  (RejiSimScenarios      *scenarios,
                                                  const char            *card_number,
                                                  const char            *token_id);
JsonNode         *reji_sim_scenarios_to_json     (RejiSimScenarios      *scenarios);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSimScenarios, reji_sim_scenarios_free)

G_END_DECLS
