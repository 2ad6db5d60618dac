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
 * @REJI_SALE_STATE_OUTCOME_UNKNOWN: the charge got no usable answer, so a
 *   payment may exist; only a replay of the same charge or a look-up may
 *   follow, never a new charge.
 * @REJI_SALE_STATE_PAID: final; the payment is captured.
 * @REJI_SALE_STATE_DECLINED: final; KOMOJU or 3-D Secure refused the card.
 * @REJI_SALE_STATE_FAILED: final; the token could not be created and
 *   nothing was charged.
 * @REJI_SALE_STATE_EXPIRED: final; 3-D Secure did not finish before the
 *   deadline.
 * @REJI_SALE_STATE_CANCELLED: final; the cashier cancelled the sale.
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
} RejiSaleState;

#define REJI_SALE_ERROR (reji_sale_error_quark ())

/**
 * RejiSaleError:
 * @REJI_SALE_ERROR_ALREADY_SUBMITTED: submit was called on a sale that left
 *   the editing state; nothing was sent.
 * @REJI_SALE_ERROR_VERIFICATION_FAILED: the customer did not pass 3-D Secure
 *   (the token ended `ERRORED`, or was not `OK` after the challenge).
 * @REJI_SALE_ERROR_NOT_CAPTURED: KOMOJU answered the charge with a payment
 *   that is not captured (for example `failed`).
 */
typedef enum
{
  REJI_SALE_ERROR_ALREADY_SUBMITTED,
  REJI_SALE_ERROR_VERIFICATION_FAILED,
  REJI_SALE_ERROR_NOT_CAPTURED,
} RejiSaleError;

#define REJI_TYPE_SALE (reji_sale_get_type ())

G_DECLARE_FINAL_TYPE (RejiSale, reji_sale, REJI, SALE, GObject)

/* How often an unanswered charge is replayed before the sale waits for
 * the cashier to ask again with reji_sale_check_outcome(). */
#define REJI_SALE_MAX_CHARGE_REPLAYS         3

/* Defaults, in milliseconds. */
#define REJI_SALE_DEFAULT_POLL_INTERVAL      1000
#define REJI_SALE_DEFAULT_POLL_INTERVAL_MAX  5000
#define REJI_SALE_DEFAULT_DEADLINE           (10 * 60 * 1000)

GQuark                 reji_sale_error_quark            (void);

RejiSale              *reji_sale_new                    (RejiKomojuClient  *client);

const char            *reji_sale_get_id                 (RejiSale          *self);

RejiSaleState          reji_sale_get_state              (RejiSale          *self);
gboolean               reji_sale_state_is_final         (RejiSaleState      state);

gboolean               reji_sale_submit                 (RejiSale          *self,
                                                         gint64             amount,
                                                         const char        *currency,
                                                         RejiCardDetails   *card,
                                                         GError           **error);
void                   reji_sale_cancel                 (RejiSale          *self);
void                   reji_sale_check_outcome          (RejiSale          *self);

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
guint                  reji_sale_get_n_polls            (RejiSale          *self);

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
