/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The requests of a sale and what each response leads to: creating the
 * token, polling it until 3-D Secure is done, charging it, and finding out
 * what happened to a charge whose response was lost. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-sale-private.h"

/* Polls run at the base interval for this long after the customer was
 * sent to 3-D Secure, then back off towards the maximum interval. */
#define FAST_POLL_PHASE_US (60 * G_USEC_PER_SEC)

/* KOMOJU's error codes that mean the issuer or KOMOJU refused the card
 * itself. KOMOJU does not document which HTTP status carries them, so the
 * sale goes by the code alone. */
static const char * const decline_codes[] = {
  "bad_verification_value",
  "card_declined",
  "card_expired",
  "exceeds_limit",
  "fraudulent",
  "insufficient_funds",
  "invalid_account",
  "invalid_number",
  "other_invalid",
  "restricted_account",
  "unsupported_card_brand",
};

/* What a failed request means for the money. */
typedef enum
{
  FAILURE_DECLINED,      /* the card was refused; nothing was charged */
  FAILURE_NOT_CHARGED,   /* KOMOJU rejected the request; nothing was charged */
  FAILURE_UNKNOWN,       /* a charge may exist */
} FailureKind;

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
is_decline (const GError *error)
{
  const char *code = reji_komoju_error_get_api_code (error);

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (decline_codes); i++)
    {
      if (g_str_equal (code, decline_codes[i]))
        return TRUE;
    }

  return FALSE;
}

/* Sorts a failed charge. Only a decline code or a request KOMOJU rejected
 * outright proves that no payment exists. A conflict (the first request
 * still running), a server error, a lost connection or an unreadable
 * response leave the outcome open, and so does `invalid_token` until a
 * look-up has found no payment for the sale's order. */
static FailureKind
classify_charge_failure (RejiSale     *self,
                         const GError *error)
{
  guint status;

  /* The client refused the base URL before sending anything. */
  if (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL))
    return FAILURE_NOT_CHARGED;

  if (!g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API))
    return FAILURE_UNKNOWN;

  if (is_decline (error))
    return FAILURE_DECLINED;

  status = reji_komoju_error_get_http_status (error);
  if (status == 409 || status == 429 || status >= 500)
    return FAILURE_UNKNOWN;

  /* The client may have sent this charge more than once by itself, so an
   * earlier attempt may have used the token. Only once KOMOJU has listed
   * no payment for the sale's order is the token's refusal proof that
   * nothing was charged. */
  if (g_strcmp0 (reji_komoju_error_get_api_code (error), "invalid_token") == 0 && !self->no_payment_found)
    return FAILURE_UNKNOWN;

  return FAILURE_NOT_CHARGED;
}

static void
log_request_error (RejiSale     *self,
                   const char   *request,
                   const char   *idempotency_key,
                   const GError *error)
{
  const char *code = reji_komoju_error_get_api_code (error);

  g_warning ("sale %s: %s failed (token %s, idempotency key %s, HTTP %u, code %s): %s",
             self->id, request,
             self->secure_token != NULL ? self->secure_token->id : "none",
             idempotency_key != NULL ? idempotency_key : "none",
             reji_komoju_error_get_http_status (error),
             code != NULL ? code : "none",
             error->message);
}

void
_reji_sale_clear_timers (RejiSale *self)
{
  g_clear_handle_id (&self->poll_source_id, g_source_remove);
  g_clear_handle_id (&self->deadline_source_id, g_source_remove);
  g_clear_handle_id (&self->replay_source_id, g_source_remove);
}

/* With charging after verification off, the shop's own server charges the
 * token, so the sale ends once 3-D Secure has passed. */
static void
verified (RejiSale *self)
{
  if (self->charge_after_verification)
    _reji_sale_send_charge (self);
  else
    _reji_sale_set_state (self, REJI_SALE_STATE_VERIFIED, NULL);
}

static void
verification_failed (RejiSale   *self,
                     const char *status)
{
  g_message ("sale %s: 3-D Secure ended %s for token %s", self->id, status, self->secure_token->id);
  _reji_sale_set_state (self, REJI_SALE_STATE_DECLINED,
                        g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_FAILED,
                                             _("The customer did not pass 3-D Secure.")));
}

/* Waiting for 3-D Secure: polls and the deadline */

static gboolean
deadline_passed_cb (gpointer user_data)
{
  RejiSale *self = user_data;

  self->deadline_source_id = 0;
  if (self->state == REJI_SALE_STATE_AWAITING_3DS)
    {
      g_message ("sale %s: 3-D Secure not finished within the deadline (token %s)",
                 self->id, self->secure_token->id);
      _reji_sale_set_state (self, REJI_SALE_STATE_EXPIRED, NULL);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
poll_due_cb (gpointer user_data)
{
  RejiSale *self = user_data;

  self->poll_source_id = 0;
  _reji_sale_send_poll (self);

  return G_SOURCE_REMOVE;
}

/* The first minute polls at the base interval, so a finished 3-D Secure
 * shows up quickly. After that each wait is half as long again, up to the
 * maximum interval. */
static guint
next_poll_delay (RejiSale *self)
{
  gint64 waited = g_get_monotonic_time () - self->awaiting_since;
  guint delay = self->poll_interval;

  if (waited >= FAST_POLL_PHASE_US)
    delay = MAX (self->current_poll_delay + self->current_poll_delay / 2, self->poll_interval);

  self->current_poll_delay = MIN (delay, MAX (self->poll_interval_max, self->poll_interval));
  return self->current_poll_delay;
}

static void
schedule_poll (RejiSale *self,
               guint     delay)
{
  g_clear_handle_id (&self->poll_source_id, g_source_remove);
  self->poll_source_id = g_timeout_add (delay, poll_due_cb, self);
}

/* @time_left is in milliseconds: the whole deadline for a new wait, what
 * is left of it for a resumed one. */
void
_reji_sale_start_awaiting_3ds (RejiSale *self,
                               guint     time_left)
{
  self->awaiting_since = g_get_monotonic_time ();
  self->deadline_at = self->awaiting_since + (gint64) time_left * 1000;
  if (self->deadline_time == 0)
    self->deadline_time = g_get_real_time () + (gint64) time_left * 1000;
  self->current_poll_delay = self->poll_interval;

  g_clear_handle_id (&self->deadline_source_id, g_source_remove);
  self->deadline_source_id = g_timeout_add (time_left, deadline_passed_cb, self);

  _reji_sale_set_state (self, REJI_SALE_STATE_AWAITING_3DS, NULL);
  schedule_poll (self, self->poll_interval);
}

static void
token_not_found (RejiSale     *self,
                 const GError *error)
{
  log_request_error (self, "polling the secure token", NULL, error);

  if (++self->n_tokens_not_found < REJI_SALE_MAX_TOKEN_NOT_FOUND)
    {
      schedule_poll (self, next_poll_delay (self));
      return;
    }

  _reji_sale_set_state (self, REJI_SALE_STATE_FAILED,
                        g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_TOKEN_NOT_FOUND,
                                             _("KOMOJU no longer knows this sale's secure token. "
                                               "Nothing was charged.")));
}

static void
poll_finished_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RejiSale) self = user_data;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = reji_komoju_client_get_secure_token_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_NONE);

  if (is_cancelled (error) || self->state != REJI_SALE_STATE_AWAITING_3DS)
    return;

  if (reji_komoju_error_get_http_status (error) == 404)
    {
      token_not_found (self, error);
      return;
    }

  if (error != NULL)
    {
      /* A dropped connection or a slow response does not end the wait; only
       * the deadline does. */
      log_request_error (self, "polling the secure token", NULL, error);
      _reji_sale_set_reconnecting (self, TRUE);
      schedule_poll (self, next_poll_delay (self));
      return;
    }

  self->n_tokens_not_found = 0;
  _reji_sale_set_reconnecting (self, FALSE);

  switch (token->verification_status)
    {
    case REJI_VERIFICATION_STATUS_NEEDS_VERIFY:
      schedule_poll (self, next_poll_delay (self));
      break;

    case REJI_VERIFICATION_STATUS_OK:
      _reji_sale_set_secure_token (self, g_steal_pointer (&token));
      verified (self);
      break;

    case REJI_VERIFICATION_STATUS_SKIPPED:
      /* After a challenge only OK counts as verified. */
    case REJI_VERIFICATION_STATUS_ERRORED:
    default:
      _reji_sale_set_secure_token (self, g_steal_pointer (&token));
      verification_failed (self, reji_verification_status_to_string (self->secure_token->verification_status));
      break;
    }
}

void
_reji_sale_send_poll (RejiSale *self)
{
  if (self->state != REJI_SALE_STATE_AWAITING_3DS || self->call_in_flight != REJI_SALE_CALL_NONE)
    return;

  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_POLL);
  self->n_polls++;
  reji_komoju_client_get_secure_token_async (self->client,
                                             self->secure_token->id,
                                             self->cancellable,
                                             poll_finished_cb,
                                             g_object_ref (self));
}

/* Charging */

static gboolean
resolve_due_cb (gpointer user_data)
{
  RejiSale *self = user_data;

  self->replay_source_id = 0;
  _reji_sale_resolve_outcome (self);

  return G_SOURCE_REMOVE;
}

/* The charge may have happened. Find out with requests that cannot charge
 * again, a bounded number of times at growing intervals; after that the
 * cashier asks again with reji_sale_check_outcome(). */
static void
enter_outcome_unknown (RejiSale *self,
                       GError   *error)
{
  _reji_sale_set_state (self, REJI_SALE_STATE_OUTCOME_UNKNOWN, error);

  if (self->n_resolve_rounds >= REJI_SALE_MAX_CHARGE_REPLAYS)
    {
      g_message ("sale %s: charge outcome still unknown after %u rounds (idempotency key %s)",
                 self->id, self->n_resolve_rounds, self->payment_idempotency_key);
      return;
    }

  self->n_resolve_rounds++;
  g_clear_handle_id (&self->replay_source_id, g_source_remove);
  self->replay_source_id = g_timeout_add (self->poll_interval << MIN (self->n_resolve_rounds, 8),
                                          resolve_due_cb, self);
}

/* Takes ownership of @payment and decides the sale from it. */
static void
handle_payment (RejiSale    *self,
                RejiPayment *payment)
{
  g_autofree char *expected = NULL;
  g_autofree char *captured = NULL;

  _reji_sale_set_payment (self, payment);

  switch (self->payment->status)
    {
    case REJI_PAYMENT_STATUS_CAPTURED:
      if (self->payment->amount != self->amount ||
          g_ascii_strcasecmp (self->payment->currency, self->currency) != 0)
        {
          expected = g_strdup_printf ("%" G_GINT64_FORMAT " %s", self->amount, self->currency);
          captured = g_strdup_printf ("%" G_GINT64_FORMAT " %s", self->payment->amount, self->payment->currency);
          g_warning ("sale %s: payment %s captured %s, but the sale is for %s",
                     self->id, self->payment->id, captured, expected);
          /* Money moved, but not what the cashier asked for: no replay can
           * fix that, so the sale waits for a person to check it. */
          self->n_resolve_rounds = REJI_SALE_MAX_CHARGE_REPLAYS;
          enter_outcome_unknown (self,
                                 g_error_new (REJI_SALE_ERROR, REJI_SALE_ERROR_PAYMENT_MISMATCH,
                                              /* Translators: both placeholders are amounts with
                                               * their currency codes, such as "1000 JPY" */
                                              _("KOMOJU captured %s instead of %s. Check the payment."),
                                              captured, expected));
          break;
        }
      _reji_sale_set_state (self, REJI_SALE_STATE_PAID, NULL);
      break;

    case REJI_PAYMENT_STATUS_FAILED:
    case REJI_PAYMENT_STATUS_CANCELLED:
    case REJI_PAYMENT_STATUS_EXPIRED:
    case REJI_PAYMENT_STATUS_REFUNDED:
      _reji_sale_set_state (self, REJI_SALE_STATE_DECLINED,
                            g_error_new (REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_CAPTURED,
                                         /* Translators: %s is KOMOJU's payment status, such as "failed" */
                                         _("KOMOJU did not capture the payment (status %s)."),
                                         reji_payment_status_to_string (self->payment->status)));
      break;

    case REJI_PAYMENT_STATUS_PENDING:
    case REJI_PAYMENT_STATUS_AUTHORIZED:
    default:
      /* Reji never requests an authorisation only, so these mean KOMOJU
       * has not finished: look the payment up again later. */
      enter_outcome_unknown (self,
                             g_error_new (REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_CAPTURED,
                                          _("KOMOJU did not capture the payment (status %s)."),
                                          reji_payment_status_to_string (self->payment->status)));
      break;
    }
}

/* A charge response that arrives after the cashier cancelled still shows
 * whether money moved: keep the payment on record (the state stays
 * CANCELLED) and say so in the log for staff to refund. */
static void
record_late_payment (RejiSale    *self,
                     RejiPayment *payment)
{
  g_warning ("sale %s was cancelled, but KOMOJU responded to its charge with payment %s (%s)",
             self->id, payment->id, reji_payment_status_to_string (payment->status));
  _reji_sale_set_payment (self, payment);
}

static void
charge_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RejiSale) self = user_data;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  RejiSaleCall call = self->call_in_flight;

  if (call == REJI_SALE_CALL_LOOKUP)
    payment = reji_komoju_client_get_payment_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  else if (call == REJI_SALE_CALL_FIND)
    payment = reji_komoju_client_find_payment_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  else
    payment = reji_komoju_client_create_payment_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_NONE);

  if (is_cancelled (error))
    return;

  if (self->state == REJI_SALE_STATE_CANCELLED)
    {
      if (payment != NULL)
        record_late_payment (self, g_steal_pointer (&payment));
      return;
    }

  if (self->state != REJI_SALE_STATE_CHARGING && self->state != REJI_SALE_STATE_OUTCOME_UNKNOWN)
    return;

  /* No payment carries this sale's order number: the charge never reached
   * KOMOJU, or is still running there. KOMOJU's idempotency makes a
   * replay with the same key charge at most once either way. */
  if (call == REJI_SALE_CALL_FIND && error == NULL && payment == NULL)
    {
      self->no_payment_found = TRUE;
      g_message ("sale %s: KOMOJU has no payment for this sale yet; replaying the charge", self->id);
      _reji_sale_send_charge (self);
      return;
    }

  if (error == NULL)
    {
      handle_payment (self, g_steal_pointer (&payment));
      return;
    }

  log_request_error (self, call == REJI_SALE_CALL_CHARGE ? "charging" : "looking up the payment",
                     self->payment_idempotency_key, error);

  /* A failed look-up proves nothing about the charge. */
  if (call != REJI_SALE_CALL_CHARGE)
    {
      enter_outcome_unknown (self, g_steal_pointer (&error));
      return;
    }

  switch (classify_charge_failure (self, error))
    {
    case FAILURE_DECLINED:
      _reji_sale_set_state (self, REJI_SALE_STATE_DECLINED, g_steal_pointer (&error));
      break;

    case FAILURE_NOT_CHARGED:
      _reji_sale_set_state (self, REJI_SALE_STATE_FAILED, g_steal_pointer (&error));
      break;

    case FAILURE_UNKNOWN:
    default:
      enter_outcome_unknown (self, g_steal_pointer (&error));
      break;
    }
}

void
_reji_sale_send_charge (RejiSale *self)
{
  if (self->call_in_flight != REJI_SALE_CALL_NONE)
    return;

  if (self->state != REJI_SALE_STATE_OUTCOME_UNKNOWN)
    _reji_sale_set_state (self, REJI_SALE_STATE_CHARGING, NULL);

  if (_reji_sale_emit_request_sending (self, REJI_SALE_REQUEST_CHARGE, self->payment_idempotency_key))
    {
      /* Nothing was sent: before the first charge that proves nothing was
       * charged; a replay leaves the outcome as unknown as it was. */
      if (!self->charge_sent)
        _reji_sale_set_state (self, REJI_SALE_STATE_FAILED,
                              g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_RECORDED,
                                                   _("Reji could not record the charge, so it did not "
                                                     "send it. Nothing was charged.")));
      return;
    }

  _reji_sale_set_charge_sent (self);

  self->n_charges_sent++;
  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_CHARGE);
  /* The sale id as KOMOJU's order number lets a payment whose response was lost be found with
   * reji_komoju_client_find_payment_async(). */
  reji_komoju_client_create_payment_for_order_async (self->client,
                                                     self->secure_token->id,
                                                     self->amount,
                                                     self->currency,
                                                     self->id,
                                                     self->payment_idempotency_key,
                                                     self->cancellable,
                                                     charge_finished_cb,
                                                     g_object_ref (self));
}

/* Finds out what happened to a charge without charging again. Without a
 * payment id, the sale first requests the payment with its order
 * number, and replays the charge (same idempotency key and body, for
 * which KOMOJU returns the first request's result) only when there is none.
 * Once a payment id is known, a replay would only repeat the stored
 * response, so the payment is looked up to see it change. */
void
_reji_sale_resolve_outcome (RejiSale *self)
{
  if (self->state != REJI_SALE_STATE_OUTCOME_UNKNOWN || self->call_in_flight != REJI_SALE_CALL_NONE)
    return;

  if (self->payment == NULL)
    {
      _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_FIND);
      reji_komoju_client_find_payment_async (self->client,
                                             self->id,
                                             self->cancellable,
                                             charge_finished_cb,
                                             g_object_ref (self));
      return;
    }

  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_LOOKUP);
  reji_komoju_client_get_payment_async (self->client,
                                        self->payment->id,
                                        self->cancellable,
                                        charge_finished_cb,
                                        g_object_ref (self));
}

/* Creating the token */

static void
token_created_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RejiSale) self = user_data;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = reji_komoju_client_create_secure_token_finish (REJI_KOMOJU_CLIENT (source), result, &error);
  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_NONE);

  if (is_cancelled (error) || self->state != REJI_SALE_STATE_CREATING_TOKEN)
    return;

  if (error != NULL)
    {
      /* No token, so no charge: whatever went wrong, nothing was charged. */
      log_request_error (self, "creating the secure token", self->token_idempotency_key, error);
      _reji_sale_set_state (self,
                            is_decline (error) ? REJI_SALE_STATE_DECLINED : REJI_SALE_STATE_FAILED,
                            g_steal_pointer (&error));
      return;
    }

  _reji_sale_set_secure_token (self, g_steal_pointer (&token));
  g_debug ("sale %s: secure token %s is %s", self->id, self->secure_token->id,
           reji_verification_status_to_string (self->secure_token->verification_status));

  switch (self->secure_token->verification_status)
    {
    case REJI_VERIFICATION_STATUS_NEEDS_VERIFY:
      if (self->secure_token->authentication_url == NULL)
        {
          _reji_sale_set_state (self, REJI_SALE_STATE_FAILED,
                                g_error_new_literal (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                                                     _("KOMOJU asked for 3-D Secure but sent no authentication URL.")));
          return;
        }
      _reji_sale_start_awaiting_3ds (self, self->deadline);
      break;

    case REJI_VERIFICATION_STATUS_SKIPPED:
      _reji_sale_set_verification_skipped (self);
      if (self->require_3ds)
        {
          g_message ("sale %s: token %s skipped 3-D Secure, which this sale requires",
                     self->id, self->secure_token->id);
          _reji_sale_set_state (self, REJI_SALE_STATE_DECLINED,
                                g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_REQUIRED,
                                                     _("3-D Secure is required, but it was skipped for this card.")));
          break;
        }
      verified (self);
      break;

    case REJI_VERIFICATION_STATUS_OK:
      verified (self);
      break;

    case REJI_VERIFICATION_STATUS_ERRORED:
    default:
      verification_failed (self, "ERRORED");
      break;
    }
}

void
_reji_sale_send_token_request (RejiSale                     *self,
                               const RejiSecureTokenRequest *request)
{
  if (_reji_sale_emit_request_sending (self, REJI_SALE_REQUEST_CREATE_TOKEN, self->token_idempotency_key))
    {
      _reji_sale_set_state (self, REJI_SALE_STATE_FAILED,
                            g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_RECORDED,
                                                 _("Reji could not record the sale, so it did not "
                                                   "send the card. Nothing was charged.")));
      return;
    }

  _reji_sale_set_call_in_flight (self, REJI_SALE_CALL_TOKEN);
  reji_komoju_client_create_secure_token_async (self->client, request,
                                                self->token_idempotency_key,
                                                self->cancellable,
                                                token_created_cb,
                                                g_object_ref (self));
}
