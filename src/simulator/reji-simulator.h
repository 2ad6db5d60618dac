/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REJI_TYPE_SIMULATOR (reji_simulator_get_type ())

G_DECLARE_FINAL_TYPE (RejiSimulator, reji_simulator, REJI, SIMULATOR, GObject)

/* The faults a scenario injects. The spec syntax of each kind, as the
 * `Komoju-Scenario` header, `POST /simulator/scenario` and `--scenario`
 * take it, is in brackets. */
typedef enum
{
  /* ("delay:MS") Handles the request MS milliseconds late. */
  REJI_SIM_FAULT_DELAY,
  /* ("drop-before") Closes the connection without handling the request. */
  REJI_SIM_FAULT_DROP_BEFORE,
  /* ("drop-after") Handles the request, then closes the connection
   * without sending the response. */
  REJI_SIM_FAULT_DROP_AFTER,
  /* ("status:CODE") Responds with KOMOJU's error JSON and the HTTP status
   * CODE (429, 500, 502, 503 or 504) without handling the request. */
  REJI_SIM_FAULT_STATUS,
  /* ("malformed-json") Handles the request and responds 200 with a body
   * that is not JSON. */
  REJI_SIM_FAULT_MALFORMED_JSON,
  /* ("truncated-json") Handles the request and responds with the first
   * half of the real body. */
  REJI_SIM_FAULT_TRUNCATED_JSON,
  /* ("charge-never-answers") Creates the payment and never responds. */
  REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS,
  /* ("needs-verify-forever") The new secure token stays NEEDS_VERIFY,
   * even after its 3-D Secure page. */
  REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER,
  /* ("flip:STATUS:SECONDS") The new secure token turns STATUS (OK,
   * ERRORED or SKIPPED) after SECONDS, without its 3-D Secure page. */
  REJI_SIM_FAULT_FLIP,
  /* ("insufficient_funds", "card_declined", …) Fails the charge with
   * that KOMOJU error code. */
  REJI_SIM_FAULT_DECLINE,
} RejiSimFault;

/* The requests a scenario applies to. */
typedef enum
{
  /* ("*") Every /api/v1 request. */
  REJI_SIM_TARGET_ANY,
  /* ("payments") /api/v1/payments and everything under it. */
  REJI_SIM_TARGET_PAYMENTS,
  /* ("secure_tokens") /api/v1/secure_tokens and everything under it. */
  REJI_SIM_TARGET_SECURE_TOKENS,
} RejiSimTarget;

/* A fault to inject into the next matching requests. Faults that concern
 * one kind of request apply only to it: charge-never-answers and declines
 * to `POST /payments`, needs-verify-forever and flips to
 * `POST /secure_tokens`. */
typedef struct
{
  RejiSimFault   fault;
  /* Milliseconds for DELAY, the HTTP status for STATUS, seconds for FLIP. */
  guint          value;
  /* KOMOJU's error code for DECLINE, the verification status for FLIP. */
  char           code[65];
  RejiSimTarget  target;
  /* How many matching requests the scenario applies to; 0 until cleared. */
  guint          times;
  /* Empty for every card, or the last four digits or the whole number of
   * the card whose requests the scenario applies to. */
  char           card[20];
} RejiSimScenario;

RejiSimulator *reji_simulator_new                  (void);

/* Listens on @host (an IP address literal) and @port (0 picks a free one).
 * The server runs on the thread-default main context of the caller. */
gboolean       reji_simulator_listen               (RejiSimulator  *self,
                                                    const char     *host,
                                                    guint           port,
                                                    GError        **error);
void           reji_simulator_shutdown             (RejiSimulator  *self);

/* "http://127.0.0.1:PORT/api/v1": the base URL a KOMOJU client uses. */
char          *reji_simulator_dup_base_url         (RejiSimulator  *self);
/* A page on the simulator that the 3-D Secure page sends the customer to
 * in training mode, when the sale has no return URL of its own. */
char          *reji_simulator_dup_return_url       (RejiSimulator  *self);

/* The ledger. Token statuses use KOMOJU's spelling ("NEEDS_VERIFY", …),
 * payment statuses too ("captured", …); NULL for an unknown id. */
guint          reji_simulator_get_n_tokens         (RejiSimulator  *self);
guint          reji_simulator_get_n_payments       (RejiSimulator  *self);
const char    *reji_simulator_get_token_status     (RejiSimulator  *self,
                                                    const char     *token_id);
const char    *reji_simulator_get_payment_status   (RejiSimulator  *self,
                                                    const char     *payment_id);
/* The whole ledger as a JSON document, the same that
 * `GET /simulator/ledger` serves: {"secure_tokens": [...], "payments": [...]}. */
char          *reji_simulator_dup_ledger_json      (RejiSimulator  *self);

/* Parses "SPEC[,times=N][,path=payments|secure_tokens|*][,card=DIGITS]",
 * where SPEC is one of the fault specs above. */
gboolean       reji_simulator_parse_scenario       (const char            *text,
                                                    RejiSimScenario       *out_scenario,
                                                    GError               **error);
/* Adds @scenario, replacing one with the same target and card. */
void           reji_simulator_set_scenario         (RejiSimulator         *self,
                                                    const RejiSimScenario *scenario);
void           reji_simulator_clear_scenarios      (RejiSimulator         *self);
/* Counts the requests that reached @method @path ("POST", "/payments"),
 * relative to the base URL, whether or not a fault stopped them. */
guint          reji_simulator_get_n_requests       (RejiSimulator         *self,
                                                    const char            *method,
                                                    const char            *path);

G_END_DECLS
