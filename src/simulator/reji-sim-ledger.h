/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "reji-sim-cards.h"

G_BEGIN_DECLS

/* KOMOJU's `verification_status` values. */
#define REJI_SIM_TOKEN_NEEDS_VERIFY "NEEDS_VERIFY"
#define REJI_SIM_TOKEN_OK           "OK"
#define REJI_SIM_TOKEN_SKIPPED      "SKIPPED"
#define REJI_SIM_TOKEN_ERRORED      "ERRORED"

/* A secure token. `status` points to one of the REJI_SIM_TOKEN_* strings. */
typedef struct
{
  char        *id;
  const char  *status;
  gint64       amount;
  char        *currency;
  RejiSimCard  card;
  guint        month;
  guint        year;
  char        *email;
  char        *return_url;
  GDateTime   *created_at;
  gboolean     charged;
} RejiSimToken;

/* A payment. `status` is "captured" or "authorized". */
typedef struct
{
  char        *id;
  const char  *status;
  gint64       amount;
  gint64       tax;
  char        *currency;
  char        *token_id;
  RejiSimCard  card;
  guint        month;
  guint        year;
  char        *email;
  GDateTime   *created_at;
  GDateTime   *captured_at;
} RejiSimPayment;

typedef struct _RejiSimLedger RejiSimLedger;

RejiSimLedger  *reji_sim_ledger_new             (void);
void            reji_sim_ledger_free            (RejiSimLedger  *ledger);

RejiSimToken   *reji_sim_ledger_add_token       (RejiSimLedger  *ledger);
RejiSimToken   *reji_sim_ledger_lookup_token    (RejiSimLedger  *ledger,
                                                 const char     *id);
guint           reji_sim_ledger_get_n_tokens    (RejiSimLedger  *ledger);

RejiSimPayment *reji_sim_ledger_add_payment     (RejiSimLedger  *ledger);
RejiSimPayment *reji_sim_ledger_lookup_payment  (RejiSimLedger  *ledger,
                                                 const char     *id);
guint           reji_sim_ledger_get_n_payments  (RejiSimLedger  *ledger);

JsonNode       *reji_sim_ledger_to_json         (RejiSimLedger  *ledger);

JsonNode       *reji_sim_token_to_json          (const RejiSimToken   *token,
                                                 const char           *authentication_url);
JsonNode       *reji_sim_payment_to_json        (const RejiSimPayment *payment);

char           *reji_sim_format_time            (GDateTime      *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSimLedger, reji_sim_ledger_free)

G_END_DECLS
