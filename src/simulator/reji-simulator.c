/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-simulator.h"

struct _RejiSimulator { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (RejiSimulator, reji_simulator, G_TYPE_OBJECT)
static void reji_simulator_class_init (RejiSimulatorClass *klass) { }
static void reji_simulator_init (RejiSimulator *self) { }

RejiSimulator *
reji_simulator_new (void)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_simulator_listen (RejiSimulator *self, const char *host, guint port, GError **error)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_simulator_shutdown (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_simulator_dup_base_url (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_simulator_dup_return_url (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_simulator_get_n_tokens (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

guint
reji_simulator_get_n_payments (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_simulator_get_token_status (RejiSimulator *self, const char *token_id)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_simulator_get_payment_status (RejiSimulator *self, const char *payment_id)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

char *
reji_simulator_dup_ledger_json (RejiSimulator *self)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
