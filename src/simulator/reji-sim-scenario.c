/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Scenarios: faults that the simulator injects into the requests they
 * match, set by the control endpoint, the C API or `--scenario`. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-scenario.h"

/* The maximum delay and the maximum time before a flip. */
#define MAX_DELAY_MS 600000
#define MAX_FLIP_SECONDS 3600

typedef struct
{
  guint            id;
  /* The scenario as set, with `card` cut to the last four digits. */
  RejiSimScenario  scenario;
  /* A SHA-256 checksum of the whole card number, so that the number
   * itself is not kept; NULL when the scenario names the last four digits
   * only, or no card. */
  char            *number_checksum;
  /* The ids of the tokens made for that whole number. */
  GHashTable      *token_ids;
  /* Requests left, or 0 for every request until cleared. */
  guint            remaining;
} Entry;

struct _RejiSimScenarios
{
  /* Entry, newest last. */
  GPtrArray *entries;
  guint      last_id;
};

static const char * const simple_faults[] = {
  [REJI_SIM_FAULT_DROP_BEFORE] = "drop-before",
  [REJI_SIM_FAULT_DROP_AFTER] = "drop-after",
  [REJI_SIM_FAULT_MALFORMED_JSON] = "malformed-json",
  [REJI_SIM_FAULT_TRUNCATED_JSON] = "truncated-json",
  [REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS] = "charge-never-answers",
  [REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER] = "needs-verify-forever",
};

static const guint fault_statuses[] = { 429, 500, 502, 503, 504 };

static const char * const flip_statuses[] = {
  REJI_SIM_TOKEN_OK, REJI_SIM_TOKEN_ERRORED, REJI_SIM_TOKEN_SKIPPED,
};

static gboolean
parse_number (const char *text,
              guint       maximum,
              guint      *out_value)
{
  guint64 value = 0;

  if (!g_ascii_isdigit (text[0])
      || !g_ascii_string_to_unsigned (text, 10, 0, maximum, &value, NULL))
    return FALSE;

  *out_value = (guint) value;
  return TRUE;
}

static gboolean
decline_code_valid (const char *code)
{
  gsize length = strlen (code);

  if (length == 0 || length > 64)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_islower (code[i]) && code[i] != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_status (const char      *text,
              RejiSimScenario *scenario)
{
  guint status = 0;

  if (!parse_number (text, 999, &status))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (fault_statuses); i++)
    {
      if (fault_statuses[i] == status)
        {
          scenario->fault = REJI_SIM_FAULT_STATUS;
          scenario->value = status;
          return TRUE;
        }
    }

  return FALSE;
}

/* Parses "STATUS:SECONDS" after "flip:". */
static gboolean
parse_flip (const char      *text,
            RejiSimScenario *scenario)
{
  const char *colon = strchr (text, ':');

  if (colon == NULL || !parse_number (colon + 1, MAX_FLIP_SECONDS, &scenario->value))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (flip_statuses); i++)
    {
      gsize length = strlen (flip_statuses[i]);

      if ((gsize) (colon - text) == length && strncmp (text, flip_statuses[i], length) == 0)
        {
          scenario->fault = REJI_SIM_FAULT_FLIP;
          g_strlcpy (scenario->code, flip_statuses[i], sizeof scenario->code);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_fault (const char      *spec,
             RejiSimScenario *scenario)
{
  for (gsize i = 0; i < G_N_ELEMENTS (simple_faults); i++)
    {
      if (simple_faults[i] != NULL && g_str_equal (spec, simple_faults[i]))
        {
          scenario->fault = (RejiSimFault) i;
          return TRUE;
        }
    }

  if (g_str_has_prefix (spec, "delay:"))
    {
      scenario->fault = REJI_SIM_FAULT_DELAY;
      return parse_number (spec + strlen ("delay:"), MAX_DELAY_MS, &scenario->value);
    }

  if (g_str_has_prefix (spec, "status:"))
    return parse_status (spec + strlen ("status:"), scenario);

  if (g_str_has_prefix (spec, "flip:"))
    return parse_flip (spec + strlen ("flip:"), scenario);

  if (!decline_code_valid (spec))
    return FALSE;

  scenario->fault = REJI_SIM_FAULT_DECLINE;
  g_strlcpy (scenario->code, spec, sizeof scenario->code);
  return TRUE;
}

/**
 * reji_sim_scenario_parse_fault:
 * @spec: a fault spec, such as "delay:2000" or "insufficient_funds"
 * @scenario: (inout): the scenario whose fault, value and code to set
 *
 * Parses the fault part of a scenario. The target, times and card of
 * @scenario stay as they are.
 */
gboolean
reji_sim_scenario_parse_fault (const char       *spec,
                               RejiSimScenario  *scenario,
                               GError          **error)
{
  RejiSimScenario parsed = *scenario;

  parsed.value = 0;
  parsed.code[0] = '\0';
  if (!parse_fault (spec, &parsed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the scenario the user gave. Keep the scenario names in English. */
                   _("“%s” is not a valid scenario. Use delay:MS, drop-before, drop-after, status:429|500|502|503|504, malformed-json, truncated-json, charge-never-answers, needs-verify-forever, flip:OK|ERRORED|SKIPPED:SECONDS or a KOMOJU error code such as insufficient_funds."),
                   spec);
      return FALSE;
    }

  *scenario = parsed;
  return TRUE;
}

gboolean
reji_sim_scenario_parse_target (const char    *text,
                                RejiSimTarget *out_target)
{
  if (g_str_equal (text, "*"))
    *out_target = REJI_SIM_TARGET_ANY;
  else if (g_str_equal (text, "payments"))
    *out_target = REJI_SIM_TARGET_PAYMENTS;
  else if (g_str_equal (text, "secure_tokens"))
    *out_target = REJI_SIM_TARGET_SECURE_TOKENS;
  else
    return FALSE;

  return TRUE;
}

static const char *
target_to_string (RejiSimTarget target)
{
  switch (target)
    {
    case REJI_SIM_TARGET_PAYMENTS:
      return "payments";
    case REJI_SIM_TARGET_SECURE_TOKENS:
      return "secure_tokens";
    case REJI_SIM_TARGET_ANY:
    default:
      return "*";
    }
}

/* Checks that @card is the last four digits or a whole number of 12 to 19
 * digits. */
gboolean
reji_sim_scenario_card_valid (const char *card)
{
  gsize length = strlen (card);

  if (length != 4 && (length < 12 || length > 19))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (card[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_option (const char       *option,
              RejiSimScenario  *scenario,
              GError          **error)
{
  guint times = 0;

  if (g_str_has_prefix (option, "times=") && parse_number (option + 6, G_MAXUINT, &times))
    {
      scenario->times = times;
      return TRUE;
    }

  if (g_str_has_prefix (option, "path=") && reji_sim_scenario_parse_target (option + 5, &scenario->target))
    return TRUE;

  if (g_str_has_prefix (option, "card=") && reji_sim_scenario_card_valid (option + 5))
    {
      g_strlcpy (scenario->card, option + 5, sizeof scenario->card);
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is part of the scenario the user gave. Keep times=, path= and card= in English. */
               _("“%s” is not a valid scenario option. Use times=N, path=payments|secure_tokens|* or card=DIGITS (the last four digits or the whole number)."),
               option);
  return FALSE;
}

/**
 * reji_simulator_parse_scenario:
 * @text: "SPEC[,times=N][,path=payments|secure_tokens|*][,card=DIGITS]"
 * @out_scenario: (out caller-allocates): the scenario
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Parses a scenario as `reji-simulator --scenario` takes it. Without
 * options, the scenario applies to every request of every card until it is
 * cleared.
 */
gboolean
reji_simulator_parse_scenario (const char       *text,
                               RejiSimScenario  *out_scenario,
                               GError          **error)
{
  g_auto(GStrv) parts = NULL;
  RejiSimScenario scenario = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_scenario != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  if (parts[0] == NULL || !reji_sim_scenario_parse_fault (parts[0], &scenario, error))
    {
      if (parts[0] == NULL)
        reji_sim_scenario_parse_fault ("", &scenario, error);
      return FALSE;
    }

  for (guint i = 1; parts[i] != NULL; i++)
    {
      if (!parse_option (parts[i], &scenario, error))
        return FALSE;
    }

  *out_scenario = scenario;
  return TRUE;
}

/* Formats the fault of @scenario in the spec syntax. */
char *
reji_sim_scenario_dup_spec (const RejiSimScenario *scenario)
{
  switch (scenario->fault)
    {
    case REJI_SIM_FAULT_DELAY:
      return g_strdup_printf ("delay:%u", scenario->value);
    case REJI_SIM_FAULT_STATUS:
      return g_strdup_printf ("status:%u", scenario->value);
    case REJI_SIM_FAULT_FLIP:
      return g_strdup_printf ("flip:%s:%u", scenario->code, scenario->value);
    case REJI_SIM_FAULT_DECLINE:
      return g_strdup (scenario->code);
    case REJI_SIM_FAULT_DROP_BEFORE:
    case REJI_SIM_FAULT_DROP_AFTER:
    case REJI_SIM_FAULT_MALFORMED_JSON:
    case REJI_SIM_FAULT_TRUNCATED_JSON:
    case REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS:
    case REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER:
      return g_strdup (simple_faults[scenario->fault]);
    default:
      g_assert_not_reached ();
    }
}

static RejiSimTarget
operation_target (RejiSimOperation operation)
{
  switch (operation)
    {
    case REJI_SIM_OPERATION_CREATE_TOKEN:
    case REJI_SIM_OPERATION_SHOW_TOKEN:
      return REJI_SIM_TARGET_SECURE_TOKENS;
    case REJI_SIM_OPERATION_CREATE_PAYMENT:
    case REJI_SIM_OPERATION_SHOW_PAYMENT:
    case REJI_SIM_OPERATION_LIST_PAYMENTS:
    case REJI_SIM_OPERATION_CANCEL_PAYMENT:
    case REJI_SIM_OPERATION_REFUND_PAYMENT:
      return REJI_SIM_TARGET_PAYMENTS;
    case REJI_SIM_OPERATION_OTHER:
    default:
      return REJI_SIM_TARGET_ANY;
    }
}

/* Checks whether the fault of @scenario can happen to @operation; the
 * target is checked apart. */
gboolean
reji_sim_scenario_applies (const RejiSimScenario *scenario,
                           RejiSimOperation       operation)
{
  switch (scenario->fault)
    {
    case REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS:
    case REJI_SIM_FAULT_DECLINE:
      return operation == REJI_SIM_OPERATION_CREATE_PAYMENT;
    case REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER:
    case REJI_SIM_FAULT_FLIP:
      return operation == REJI_SIM_OPERATION_CREATE_TOKEN;
    case REJI_SIM_FAULT_DELAY:
    case REJI_SIM_FAULT_DROP_BEFORE:
    case REJI_SIM_FAULT_DROP_AFTER:
    case REJI_SIM_FAULT_STATUS:
    case REJI_SIM_FAULT_MALFORMED_JSON:
    case REJI_SIM_FAULT_TRUNCATED_JSON:
    default:
      return operation != REJI_SIM_OPERATION_OTHER;
    }
}

static void
entry_free (Entry *entry)
{
  g_free (entry->number_checksum);
  g_hash_table_unref (entry->token_ids);
  g_free (entry);
}

RejiSimScenarios *
reji_sim_scenarios_new (void)
{
  RejiSimScenarios *scenarios = g_new0 (RejiSimScenarios, 1);

  scenarios->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return scenarios;
}

void
reji_sim_scenarios_free (RejiSimScenarios *scenarios)
{
  g_ptr_array_unref (scenarios->entries);
  g_free (scenarios);
}

static char *
compute_number_checksum (const char *number)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, number, -1);
}

static gboolean
same_card (const Entry *entry,
           const Entry *other)
{
  return g_str_equal (entry->scenario.card, other->scenario.card)
         && g_strcmp0 (entry->number_checksum, other->number_checksum) == 0;
}

/* Adds @scenario, in place of an entry with the same target and card. */
void
reji_sim_scenarios_set (RejiSimScenarios      *scenarios,
                        const RejiSimScenario *scenario)
{
  Entry *entry = g_new0 (Entry, 1);
  gsize card_length = strlen (scenario->card);

  entry->id = ++scenarios->last_id;
  entry->scenario = *scenario;
  entry->remaining = scenario->times;
  entry->token_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (card_length > 4)
    {
      entry->number_checksum = compute_number_checksum (scenario->card);
      memmove (entry->scenario.card, scenario->card + card_length - 4, 5);
    }

  for (guint i = 0; i < scenarios->entries->len; i++)
    {
      Entry *old = g_ptr_array_index (scenarios->entries, i);

      if (old->scenario.target == scenario->target && same_card (old, entry))
        {
          g_ptr_array_remove_index (scenarios->entries, i);
          break;
        }
    }

  g_ptr_array_add (scenarios->entries, entry);
}

void
reji_sim_scenarios_clear (RejiSimScenarios *scenarios)
{
  g_ptr_array_set_size (scenarios->entries, 0);
}

static gboolean
entry_matches_card (const Entry        *entry,
                    const char         *card_number,
                    const RejiSimToken *token)
{
  gsize length;

  if (card_number != NULL)
    {
      g_autofree char *checksum = NULL;

      if (entry->number_checksum == NULL)
        {
          length = strlen (card_number);
          return length >= 4 && g_str_equal (card_number + length - 4, entry->scenario.card);
        }

      checksum = compute_number_checksum (card_number);
      return g_str_equal (checksum, entry->number_checksum);
    }

  if (token == NULL)
    return FALSE;

  if (entry->number_checksum != NULL)
    return g_hash_table_contains (entry->token_ids, token->id);

  return g_str_equal (token->card.last_four, entry->scenario.card);
}

static gboolean
entry_matches (const Entry        *entry,
               RejiSimOperation    operation,
               const char         *card_number,
               const RejiSimToken *token)
{
  const RejiSimScenario *scenario = &entry->scenario;

  if (scenario->target != REJI_SIM_TARGET_ANY && scenario->target != operation_target (operation))
    return FALSE;

  if (!reji_sim_scenario_applies (scenario, operation))
    return FALSE;

  return scenario->card[0] == '\0' || entry_matches_card (entry, card_number, token);
}

/**
 * reji_sim_scenarios_lookup:
 * @scenarios: the scenarios
 * @operation: the request's operation
 * @card_number: (nullable): the card number of a token request
 * @token: (nullable): the token that the request concerns
 * @out_scenario: (out caller-allocates): the scenario that applies
 * @out_id: (out): the id to pass to reji_sim_scenarios_use()
 *
 * Finds the scenario for a request without using it up. A scenario for
 * the request's card comes before one for every card, and a newer one
 * before an older one.
 */
gboolean
reji_sim_scenarios_lookup (RejiSimScenarios   *scenarios,
                           RejiSimOperation    operation,
                           const char         *card_number,
                           const RejiSimToken *token,
                           RejiSimScenario    *out_scenario,
                           guint              *out_id)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = scenarios->entries->len; i > 0; i--)
        {
          Entry *entry = g_ptr_array_index (scenarios->entries, i - 1);
          gboolean for_card = entry->scenario.card[0] != '\0';

          if (for_card != (pass == 0) || !entry_matches (entry, operation, card_number, token))
            continue;

          *out_scenario = entry->scenario;
          *out_id = entry->id;
          return TRUE;
        }
    }

  return FALSE;
}

/* Counts one request against the scenario @id, and removes the scenario
 * when it has no requests left. */
void
reji_sim_scenarios_use (RejiSimScenarios *scenarios,
                        guint             id)
{
  for (guint i = 0; i < scenarios->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (scenarios->entries, i);

      if (entry->id != id)
        continue;

      if (entry->remaining == 1)
        g_ptr_array_remove_index (scenarios->entries, i);
      else if (entry->remaining > 1)
        entry->remaining--;
      return;
    }
}

/* Records that @token_id was made for @card_number, so that scenarios for
 * that whole number also match the token's later requests. */
void
reji_sim_scenarios_bind_token (RejiSimScenarios *scenarios,
                               const char       *card_number,
                               const char       *token_id)
{
  g_autofree char *checksum = compute_number_checksum (card_number);

  for (guint i = 0; i < scenarios->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (scenarios->entries, i);

      if (g_strcmp0 (entry->number_checksum, checksum) == 0)
        g_hash_table_add (entry->token_ids, g_strdup (token_id));
    }
}

/* Builds the list that `GET /simulator/scenario` serves. Of a card, only
 * the last four digits appear. */
JsonNode *
reji_sim_scenarios_to_json (RejiSimScenarios *scenarios)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenarios");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenarios->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (scenarios->entries, i);
      g_autofree char *spec = reji_sim_scenario_dup_spec (&entry->scenario);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "scenario");
      json_builder_add_string_value (builder, spec);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, target_to_string (entry->scenario.target));
      json_builder_set_member_name (builder, "times");
      json_builder_add_int_value (builder, entry->remaining);
      json_builder_set_member_name (builder, "card");
      if (entry->scenario.card[0] != '\0')
        json_builder_add_string_value (builder, entry->scenario.card);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
