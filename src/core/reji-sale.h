/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-card.h"
#include "reji-komoju-client.h"

G_BEGIN_DECLS

/**
 * RejiSaleState:
 * @REJI_SALE_STATE_EDITING: the cashier is filling in the form.
 * @REJI_SALE_STATE_CREATING_TOKEN: `POST /secure_tokens` is in flight.
 * @REJI_SALE_STATE_AWAITING_3DS: the customer must complete 3-D Secure at
 *   the token's authentication URL; the sale polls the token.
 * @REJI_SALE_STATE_CHARGING: `POST /payments` is in flight.
 * @REJI_SALE_STATE_OUTCOME_UNKNOWN: the charge got no usable response, so a
 *   payment may exist; only a replay of the same charge or a look-up may
 *   follow, never a new charge.
 * @REJI_SALE_STATE_PAID: final; the payment is captured.
 * @REJI_SALE_STATE_DECLINED: final; KOMOJU or 3-D Secure refused the card.
 * @REJI_SALE_STATE_FAILED: final; the token could not be created and
 *   nothing was charged.
 * @REJI_SALE_STATE_EXPIRED: final; 3-D Secure did not finish before the
 *   deadline.
 * @REJI_SALE_STATE_CANCELLED: final; the cashier cancelled the sale.
 * @REJI_SALE_STATE_VERIFIED: final; 3-D Secure passed and, because
 *   charging after verification is off, the token is left for the shop's
 *   own server to charge.
 */
typedef enum
{
  REJI_SALE_STATE_EDITING,
  REJI_SALE_STATE_CREATING_TOKEN,
  REJI_SALE_STATE_AWAITING_3DS,
  REJI_SALE_STATE_CHARGING,
  REJI_SALE_STATE_OUTCOME_UNKNOWN,
  REJI_SALE_STATE_PAID,
  REJI_SALE_STATE_DECLINED,
  REJI_SALE_STATE_FAILED,
  REJI_SALE_STATE_EXPIRED,
  REJI_SALE_STATE_CANCELLED,
  REJI_SALE_STATE_VERIFIED,
} RejiSaleState;

#define REJI_SALE_ERROR (reji_sale_error_quark ())

/**
 * RejiSaleError:
 * @REJI_SALE_ERROR_ALREADY_SUBMITTED: submit was called on a sale that left
 *   the editing state; nothing was sent.
 * @REJI_SALE_ERROR_VERIFICATION_FAILED: the customer did not pass 3-D Secure
 *   (the token ended `ERRORED`, or was not `OK` after the challenge).
 * @REJI_SALE_ERROR_NOT_CAPTURED: KOMOJU responded to the charge with a payment
 *   that is not captured (for example `failed`).
 * @REJI_SALE_ERROR_INTERRUPTED: Reji stopped while the token was being
 *   created; the card details are gone, and nothing was charged.
 * @REJI_SALE_ERROR_VERIFICATION_REQUIRED: KOMOJU skipped 3-D Secure for
 *   the card, and the sale requires it.
 * @REJI_SALE_ERROR_TOKEN_NOT_FOUND: KOMOJU no longer has the secure
 *   token the sale was waiting for (HTTP 404).
 * @REJI_SALE_ERROR_PAYMENT_MISMATCH: KOMOJU captured a payment whose
 *   amount or currency differs from the sale's.
 * @REJI_SALE_ERROR_NOT_RECORDED: a request was not sent, because it could
 *   not be recorded first (see #RejiSale::request-sending).
 */
typedef enum
{
  REJI_SALE_ERROR_ALREADY_SUBMITTED,
  REJI_SALE_ERROR_VERIFICATION_FAILED,
  REJI_SALE_ERROR_NOT_CAPTURED,
  REJI_SALE_ERROR_INTERRUPTED,
  REJI_SALE_ERROR_VERIFICATION_REQUIRED,
  REJI_SALE_ERROR_TOKEN_NOT_FOUND,
  REJI_SALE_ERROR_PAYMENT_MISMATCH,
  REJI_SALE_ERROR_NOT_RECORDED,
} RejiSaleError;

/**
 * RejiSaleRequest:
 * @REJI_SALE_REQUEST_CREATE_TOKEN: `POST /secure_tokens`
 * @REJI_SALE_REQUEST_CHARGE: `POST /payments`, first sent or replayed
 *
 * The requests that change something at KOMOJU, announced by the
 * #RejiSale::request-sending signal before they leave.
 */
typedef enum
{
  REJI_SALE_REQUEST_CREATE_TOKEN,
  REJI_SALE_REQUEST_CHARGE,
} RejiSaleRequest;

/* What a journal keeps of an unfinished sale, so the sale can be resumed
 * after Reji stopped: never the card number or security code. Times are
 * wall-clock microseconds since the Unix epoch. */
typedef struct
{
  const char    *id;
  RejiSaleState  state;
  gint64         amount;
  const char    *currency;
  RejiCardBrand  card_brand;
  const char    *card_last_four;
  const char    *return_url;
  const char    *token_id;
  const char    *authentication_url;
  const char    *token_idempotency_key;
  const char    *payment_idempotency_key;
  gint64         deadline_time;
} RejiSaleSnapshot;

#define REJI_TYPE_SALE (reji_sale_get_type ())

G_DECLARE_FINAL_TYPE (RejiSale, reji_sale, REJI, SALE, GObject)

/* How many rounds the sale spends finding out what happened to an
 * unanswered charge (a look-up, then a replay if KOMOJU has no payment)
 * before it waits for the cashier to ask again with
 * reji_sale_check_outcome(). */
#define REJI_SALE_MAX_CHARGE_REPLAYS         3

/* How many polls in a row may find the token missing (HTTP 404) before
 * the sale gives up on it. */
#define REJI_SALE_MAX_TOKEN_NOT_FOUND        3

/* Defaults, in milliseconds. */
#define REJI_SALE_DEFAULT_POLL_INTERVAL      1000
#define REJI_SALE_DEFAULT_POLL_INTERVAL_MAX  5000
#define REJI_SALE_DEFAULT_DEADLINE           (10 * 60 * 1000)

GQuark                 reji_sale_error_quark            (void);

RejiSale              *reji_sale_new                    (RejiKomojuClient  *client);

RejiSale              *reji_sale_new_resumed            (RejiKomojuClient  *client,
                                                         const RejiSaleSnapshot *snapshot);
void                   reji_sale_resume                 (RejiSale          *self);

const char            *reji_sale_get_id                 (RejiSale          *self);
const char            *reji_sale_get_token_idempotency_key   (RejiSale     *self);
const char            *reji_sale_get_payment_idempotency_key (RejiSale     *self);
gint64                 reji_sale_get_deadline_time      (RejiSale          *self);

RejiSaleState          reji_sale_get_state              (RejiSale          *self);
gboolean               reji_sale_state_is_final         (RejiSaleState      state);

gboolean               reji_sale_submit                 (RejiSale          *self,
                                                         gint64             amount,
                                                         const char        *currency,
                                                         RejiCardDetails   *card,
                                                         GError           **error);
void                   reji_sale_cancel                 (RejiSale          *self);
void                   reji_sale_check_outcome          (RejiSale          *self);
void                   reji_sale_check_now              (RejiSale          *self);

gint64                 reji_sale_get_amount             (RejiSale          *self);
const char            *reji_sale_get_currency           (RejiSale          *self);
RejiCardBrand          reji_sale_get_card_brand         (RejiSale          *self);
const char            *reji_sale_get_card_last_four     (RejiSale          *self);
const char            *reji_sale_get_return_url         (RejiSale          *self);
void                   reji_sale_set_return_url         (RejiSale          *self,
                                                         const char        *return_url);
const RejiSecureToken *reji_sale_get_secure_token       (RejiSale          *self);
const RejiPayment     *reji_sale_get_payment            (RejiSale          *self);
const GError          *reji_sale_get_error              (RejiSale          *self);
gboolean               reji_sale_get_verification_skipped (RejiSale        *self);
gboolean               reji_sale_get_charge_sent        (RejiSale          *self);
gboolean               reji_sale_get_reconnecting       (RejiSale          *self);
gboolean               reji_sale_get_busy               (RejiSale          *self);
guint                  reji_sale_get_n_polls            (RejiSale          *self);

gboolean               reji_sale_get_require_3ds        (RejiSale          *self);
void                   reji_sale_set_require_3ds        (RejiSale          *self,
                                                         gboolean           require_3ds);
gboolean               reji_sale_get_charge_after_verification (RejiSale   *self);
void                   reji_sale_set_charge_after_verification (RejiSale   *self,
                                                         gboolean           charge);

guint                  reji_sale_get_poll_interval      (RejiSale          *self);
void                   reji_sale_set_poll_interval      (RejiSale          *self,
                                                         guint              milliseconds);
guint                  reji_sale_get_poll_interval_max  (RejiSale          *self);
void                   reji_sale_set_poll_interval_max  (RejiSale          *self,
                                                         guint              milliseconds);
guint                  reji_sale_get_deadline           (RejiSale          *self);
void                   reji_sale_set_deadline           (RejiSale          *self,
                                                         guint              milliseconds);
/* Milliseconds until the 3-D Secure deadline; 0 once it has passed or
 * when the sale is not waiting for 3-D Secure. */
gint64                 reji_sale_get_remaining          (RejiSale          *self);

G_END_DECLS
