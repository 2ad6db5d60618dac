/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The control endpoint `/simulator/scenario`, through which trainers and
 * tests set scenarios over HTTP:
 *
 *   POST   {"scenario": "delay:2000", "times": 1, "path": "payments",
 *           "card": "9999"} adds a scenario ("times", "path" and "card"
 *           are optional: 0, "*" and every card);
 *   GET    lists the scenarios;
 *   DELETE clears them.
 *
 * Each responds with the list {"scenarios": [...]}. Like
 * `/simulator/ledger`, the endpoint takes no API key. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-control.h"
#include "reji-sim-http.h"

static RejiSimError *
invalid_error (const char *param)
{
  return reji_sim_error_new (422, "invalid_parameter", param,
                             _("The parameter %s is invalid."), param);
}

static gboolean
read_scenario (JsonObject       *params,
               RejiSimScenario  *scenario,
               RejiSimError    **error)
{
  const char *spec = NULL;
  const char *path = NULL;
  const char *card = NULL;
  gint64 times = 0;
  g_autoptr(GError) parse_error = NULL;

  if (!reji_sim_param_get_string (params, NULL, "scenario", TRUE, &spec, error)
      || !reji_sim_param_get_integer (params, NULL, "times", FALSE, 0, G_MAXINT32, NULL, &times, error)
      || !reji_sim_param_get_string (params, NULL, "path", FALSE, &path, error)
      || !reji_sim_param_get_string (params, NULL, "card", FALSE, &card, error))
    return FALSE;

  if (!reji_sim_scenario_parse_fault (spec, scenario, &parse_error))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "scenario", "%s", parse_error->message);
      return FALSE;
    }

  if (path != NULL && !reji_sim_scenario_parse_target (path, &scenario->target))
    {
      *error = invalid_error ("path");
      return FALSE;
    }

  if (card != NULL && !reji_sim_scenario_card_valid (card))
    {
      *error = invalid_error ("card");
      return FALSE;
    }

  scenario->times = (guint) times;
  if (card != NULL)
    g_strlcpy (scenario->card, card, sizeof scenario->card);
  return TRUE;
}

static void
add_scenario (RejiSimScenarios  *scenarios,
              SoupServerMessage *message)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = reji_sim_parse_body (message, &error);
  RejiSimScenario scenario = { 0 };

  if (params == NULL || !read_scenario (params, &scenario, &error))
    {
      g_debug ("Scenario rejected: %s (param %s)", error->code,
               error->param != NULL ? error->param : "none");
      reji_sim_respond_error (message, error);
      return;
    }

  reji_sim_scenarios_set (scenarios, &scenario);
  explicit_bzero (scenario.card, sizeof scenario.card);
  reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_scenarios_to_json (scenarios));
}

void
reji_sim_control_handle_scenario (RejiSimScenarios  *scenarios,
                                  SoupServerMessage *message)
{
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (method, SOUP_METHOD_POST))
    {
      add_scenario (scenarios, message);
    }
  else if (g_str_equal (method, SOUP_METHOD_GET))
    {
      reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_scenarios_to_json (scenarios));
    }
  else if (g_str_equal (method, SOUP_METHOD_DELETE))
    {
      reji_sim_scenarios_clear (scenarios);
      g_debug ("Scenarios cleared");
      reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_scenarios_to_json (scenarios));
    }
  else
    {
      g_autoptr(RejiSimError) error =
        /* Translators: %s is an HTTP method, such as “GET”. */
        reji_sim_error_new (405, "bad_request", NULL, _("The method %s is not allowed here."), method);

      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "GET, POST, DELETE");
      reji_sim_respond_error (message, error);
    }
}
