/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "reji-sale.h"

G_BEGIN_DECLS

/* The request a sale has in flight; at most one at a time. */
typedef enum
{
  REJI_SALE_CALL_NONE,
  REJI_SALE_CALL_TOKEN,
  REJI_SALE_CALL_POLL,
  REJI_SALE_CALL_CHARGE,
  REJI_SALE_CALL_LOOKUP,
  REJI_SALE_CALL_FIND,
} RejiSaleCall;

struct _RejiSale
{
  GObject            parent_instance;

  RejiKomojuClient  *client;              /* (owned) */
  GCancellable      *cancellable;         /* (owned): cancelled when the sale ends */
  char              *id;                  /* (owned) */

  RejiSaleState      state;
  gint64             amount;
  char              *currency;            /* (owned) (nullable) */
  RejiCardBrand      card_brand;
  char               card_last_four[5];
  char              *return_url;          /* (owned) (nullable) */

  /* Fixed at submit time and reused byte for byte on every retry. */
  char              *token_idempotency_key;   /* (owned) (nullable) */
  char              *payment_idempotency_key; /* (owned) (nullable) */

  RejiSecureToken   *secure_token;        /* (owned) (nullable) */
  RejiPayment       *payment;             /* (owned) (nullable) */
  GError            *error;               /* (owned) (nullable) */
  gboolean           verification_skipped;
  gboolean           require_3ds;
  gboolean           charge_after_verification;
  gboolean           charge_sent;
  gboolean           reconnecting;
  gboolean           resumed;

  guint              poll_interval;       /* milliseconds */
  guint              poll_interval_max;   /* milliseconds */
  guint              deadline;            /* milliseconds */

  gint64             awaiting_since;      /* monotonic µs; 0 when not waiting */
  gint64             deadline_at;         /* monotonic µs; 0 when not waiting */
  gint64             deadline_time;       /* wall-clock µs, for the journal; 0 when unset */
  guint              current_poll_delay;  /* milliseconds */
  guint              poll_source_id;
  guint              deadline_source_id;
  guint              replay_source_id;
  RejiSaleCall       call_in_flight;
  guint              n_polls;
  guint              n_tokens_not_found;
  guint              n_charges_sent;      /* the first charge and its replays */
  guint              n_resolve_rounds;    /* automatic rounds of finding out an unknown outcome */
  gboolean           no_payment_found;    /* KOMOJU listed no payment for the sale's order */
};

/* Setters that notify, in reji-sale.c. _reji_sale_set_state() takes
 * ownership of @error. */
const char *_reji_sale_state_to_string        (RejiSaleState    state);
void        _reji_sale_set_state              (RejiSale        *self,
                                               RejiSaleState    state,
                                               GError          *error);
void        _reji_sale_set_secure_token       (RejiSale        *self,
                                               RejiSecureToken *token);
void        _reji_sale_set_payment            (RejiSale        *self,
                                               RejiPayment     *payment);
void        _reji_sale_set_reconnecting       (RejiSale        *self,
                                               gboolean         reconnecting);
void        _reji_sale_set_verification_skipped (RejiSale      *self);
void        _reji_sale_set_charge_sent        (RejiSale        *self);
void        _reji_sale_set_call_in_flight     (RejiSale        *self,
                                               RejiSaleCall     call);
gboolean    _reji_sale_emit_request_sending   (RejiSale        *self,
                                               RejiSaleRequest  request,
                                               const char      *idempotency_key);

/* The flow, in reji-sale-flow.c. */
void        _reji_sale_clear_timers           (RejiSale        *self);
void        _reji_sale_send_token_request     (RejiSale        *self,
                                               const RejiSecureTokenRequest *request);
void        _reji_sale_start_awaiting_3ds     (RejiSale        *self,
                                               guint            time_left);
void        _reji_sale_send_poll              (RejiSale        *self);
void        _reji_sale_send_charge            (RejiSale        *self);
void        _reji_sale_resolve_outcome        (RejiSale        *self);

G_END_DECLS
