/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-trainer.h"

typedef struct
{
  const char *id;
  const char *label;
  /* The simulator scenario, in the syntax reji_simulator_parse_scenario()
   * reads; NULL for no fault at all. */
  const char *scenario;
} TrainerChoice;

/* Each fault concerns one sale: declines and drops touch its first
 * charge, 3-D Secure faults its token, and the rest last until the
 * trainer picks "Normal" or a new sale starts. */
static const TrainerChoice choices[] = {
  { REJI_TRAINER_NORMAL, N_("Normal"), NULL },
  { "insufficient-funds", N_("Insufficient funds"), "insufficient_funds,times=1" },
  { "card-declined", N_("Card declined"), "card_declined,times=1" },
  { "card-expired", N_("Card expired"), "card_expired,times=1" },
  { "bad-security-code", N_("Wrong security code"), "bad_verification_value,times=1" },
  { "exceeds-limit", N_("Amount over the card’s limit"), "exceeds_limit,times=1" },
  { "fraudulent", N_("Card issuer suspects fraud"), "fraudulent,times=1" },
  { "never-verified", N_("Customer never finishes 3-D Secure"), "needs-verify-forever,times=1" },
  { "network-drop", N_("Network drops during the charge"), "drop-after,path=payments,times=1" },
  { "slow", N_("KOMOJU answers slowly"), "delay:3000" },
  { "unavailable", N_("KOMOJU unavailable"), "status:503,path=secure_tokens" },
};

static const TrainerChoice *
find_choice (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      if (g_strcmp0 (choices[i].id, id) == 0)
        return &choices[i];
    }

  return NULL;
}

/**
 * reji_trainer_build_menu:
 * @action_name: the stateful action, with a string target, that picks a
 *   choice
 *
 * Returns: (transfer full): a menu with one radio item per choice
 */
GMenuModel *
reji_trainer_build_menu (const char *action_name)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) faults = g_menu_new ();

  g_return_val_if_fail (action_name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(choices[i].label), NULL);

      g_menu_item_set_action_and_target (item, action_name, "s", choices[i].id);
      g_menu_append_item (i == 0 ? menu : faults, item);
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (faults));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* Returns: (nullable): the translated label of the choice @id */
const char *
reji_trainer_get_label (const char *id)
{
  const TrainerChoice *choice = find_choice (id);

  return choice != NULL ? _(choice->label) : NULL;
}

/**
 * reji_trainer_apply:
 * @simulator: the simulator of training mode
 * @id: the id of a choice
 * @error: return location for a #GError
 *
 * Replaces the simulator's scenarios with the one of choice @id.
 *
 * Returns: %TRUE on success; %FALSE for an unknown id
 */
gboolean
reji_trainer_apply (RejiSimulator  *simulator,
                    const char     *id,
                    GError        **error)
{
  const TrainerChoice *choice = find_choice (id);
  RejiSimScenario scenario;

  g_return_val_if_fail (REJI_IS_SIMULATOR (simulator), FALSE);

  if (choice == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown trainer choice “%s”", id);
      return FALSE;
    }

  reji_simulator_clear_scenarios (simulator);
  if (choice->scenario == NULL)
    {
      g_message ("Trainer: the simulator behaves normally");
      return TRUE;
    }

  if (!reji_simulator_parse_scenario (choice->scenario, &scenario, error))
    return FALSE;

  reji_simulator_set_scenario (simulator, &scenario);
  g_message ("Trainer: next sale uses the scenario %s", choice->scenario);
  return TRUE;
}
