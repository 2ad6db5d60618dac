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
  /* The 3-D Secure page URL returned to the client that created the token. */
  char        *authentication_url;
  GDateTime   *created_at;
  /* When the status left NEEDS_VERIFY, or the creation time of a token
   * that never needed 3-D Secure; NULL while NEEDS_VERIFY. */
  GDateTime   *verified_at;
  gboolean     charged;
  /* Whether the 3-D Secure page leaves the token NEEDS_VERIFY. */
  gboolean     verification_stuck;
} RejiSimToken;

/* A refund of a payment, as KOMOJU's Refund object has it. */
typedef struct
{
  char        *id;
  gint64       amount;
  char        *description;
  GDateTime   *created_at;
} RejiSimRefund;

/* A payment. `status` is "captured", "authorized", "cancelled" or
 * "refunded". */
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
  char        *external_order_num;
  GDateTime   *created_at;
  GDateTime   *captured_at;
  GDateTime   *cancelled_at;
  gint64       amount_refunded;
  /* RejiSimRefund, oldest first. */
  GPtrArray   *refunds;
} RejiSimPayment;

typedef struct _RejiSimLedger RejiSimLedger;

RejiSimLedger  *reji_sim_ledger_new             (void);
void            reji_sim_ledger_free            (RejiSimLedger  *ledger);

RejiSimToken   *reji_sim_ledger_add_token       (RejiSimLedger  *ledger);
RejiSimToken   *reji_sim_ledger_lookup_token    (RejiSimLedger  *ledger,
                                                 const char     *id);
guint           reji_sim_ledger_get_n_tokens    (RejiSimLedger  *ledger);
void            reji_sim_token_set_status       (RejiSimToken   *token,
                                                 const char     *status);

RejiSimPayment *reji_sim_ledger_add_payment     (RejiSimLedger  *ledger);
RejiSimPayment *reji_sim_ledger_lookup_payment  (RejiSimLedger  *ledger,
                                                 const char     *id);
guint           reji_sim_ledger_get_n_payments  (RejiSimLedger  *ledger);
GPtrArray      *reji_sim_ledger_get_payments    (RejiSimLedger  *ledger);
RejiSimRefund  *reji_sim_payment_add_refund     (RejiSimPayment *payment,
                                                 gint64          amount,
                                                 const char     *description);

JsonNode       *reji_sim_ledger_to_json         (RejiSimLedger  *ledger);

JsonNode       *reji_sim_token_to_json          (const RejiSimToken   *token,
                                                 const char           *authentication_url);
JsonNode       *reji_sim_payment_to_json        (const RejiSimPayment *payment);
JsonNode       *reji_sim_refund_to_json         (const RejiSimPayment *payment,
                                                 const RejiSimRefund  *refund);

char           *reji_sim_format_time            (GDateTime      *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSimLedger, reji_sim_ledger_free)

G_END_DECLS
