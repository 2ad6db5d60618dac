/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-enums.h"
#include "reji-money.h"
#include "reji-sale-private.h"
#include "reji-secret.h"

G_DEFINE_FINAL_TYPE (RejiSale, reji_sale, G_TYPE_OBJECT)

G_DEFINE_QUARK (reji-sale-error-quark, reji_sale_error)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ID,
  PROP_STATE,
  PROP_AMOUNT,
  PROP_CURRENCY,
  PROP_CARD_BRAND,
  PROP_CARD_LAST_FOUR,
  PROP_RETURN_URL,
  PROP_SECURE_TOKEN,
  PROP_PAYMENT,
  PROP_ERROR,
  PROP_VERIFICATION_SKIPPED,
  PROP_CHARGE_SENT,
  PROP_RECONNECTING,
  PROP_BUSY,
  PROP_POLL_INTERVAL,
  PROP_POLL_INTERVAL_MAX,
  PROP_DEADLINE,
  PROP_REQUIRE_3DS,
  PROP_CHARGE_AFTER_VERIFICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REQUEST_SENDING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


const char *
_reji_sale_state_to_string (RejiSaleState state)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (REJI_TYPE_SALE_STATE);
  GEnumValue *value = g_enum_get_value (enum_class, state);

  return value != NULL ? value->value_nick : "?";
}

gboolean
reji_sale_state_is_final (RejiSaleState state)
{
  switch (state)
    {
    case REJI_SALE_STATE_PAID:
    case REJI_SALE_STATE_DECLINED:
    case REJI_SALE_STATE_FAILED:
    case REJI_SALE_STATE_EXPIRED:
    case REJI_SALE_STATE_CANCELLED:
    case REJI_SALE_STATE_VERIFIED:
      return TRUE;

    case REJI_SALE_STATE_EDITING:
    case REJI_SALE_STATE_CREATING_TOKEN:
    case REJI_SALE_STATE_AWAITING_3DS:
    case REJI_SALE_STATE_CHARGING:
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
    default:
      return FALSE;
    }
}

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Sets a boolean field and notifies its property if the value changed. */
static void
set_boolean (RejiSale *self,
             gboolean *field,
             gboolean  value,
             guint     prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_reji_sale_set_reconnecting (RejiSale *self,
                             gboolean  reconnecting)
{
  set_boolean (self, &self->reconnecting, reconnecting, PROP_RECONNECTING);
}

void
_reji_sale_set_call_in_flight (RejiSale     *self,
                               RejiSaleCall  call)
{
  gboolean was_busy = self->call_in_flight != REJI_SALE_CALL_NONE;

  self->call_in_flight = call;
  if (was_busy != (call != REJI_SALE_CALL_NONE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Setting a final state stops every timer and cancels the request in
 * flight, so no late response can act on the sale afterwards. The one
 * exception is a charge or look-up still running when the cashier
 * cancels: its response is kept on record, because it shows whether money
 * moved. */
void
_reji_sale_set_state (RejiSale      *self,
                      RejiSaleState  state,
                      GError        *error)
{
  g_autoptr(GError) owned_error = error;
  gboolean charge_running;

  if (owned_error != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&owned_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  if (self->state == state)
    return;

  g_debug ("sale %s: %s -> %s", self->id,
           _reji_sale_state_to_string (self->state), _reji_sale_state_to_string (state));
  self->state = state;

  if (state != REJI_SALE_STATE_AWAITING_3DS)
    {
      self->awaiting_since = 0;
      self->deadline_at = 0;
    }

  if (reji_sale_state_is_final (state))
    {
      charge_running = self->call_in_flight == REJI_SALE_CALL_CHARGE ||
                       self->call_in_flight == REJI_SALE_CALL_LOOKUP;
      _reji_sale_clear_timers (self);
      if (state != REJI_SALE_STATE_CANCELLED || !charge_running)
        g_cancellable_cancel (self->cancellable);
      _reji_sale_set_reconnecting (self, FALSE);
      g_message ("sale %s ended %s (token %s, payment %s)",
                 self->id, _reji_sale_state_to_string (state),
                 self->secure_token != NULL ? self->secure_token->id : "none",
                 self->payment != NULL ? self->payment->id : "none");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_reji_sale_set_secure_token (RejiSale        *self,
                             RejiSecureToken *token)
{
  g_clear_pointer (&self->secure_token, reji_secure_token_free);
  self->secure_token = token;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURE_TOKEN]);
}

void
_reji_sale_set_payment (RejiSale    *self,
                        RejiPayment *payment)
{
  g_clear_pointer (&self->payment, reji_payment_free);
  self->payment = payment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT]);
}

void
_reji_sale_set_verification_skipped (RejiSale *self)
{
  set_boolean (self, &self->verification_skipped, TRUE, PROP_VERIFICATION_SKIPPED);
}

void
_reji_sale_set_charge_sent (RejiSale *self)
{
  set_boolean (self, &self->charge_sent, TRUE, PROP_CHARGE_SENT);
}

/* Returns TRUE when a handler stopped the request. */
gboolean
_reji_sale_emit_request_sending (RejiSale        *self,
                                 RejiSaleRequest  request,
                                 const char      *idempotency_key)
{
  gboolean stopped = FALSE;

  g_signal_emit (self, signals[REQUEST_SENDING], 0, request, idempotency_key, &stopped);
  if (stopped)
    g_warning ("sale %s: request not sent, because it could not be recorded first (idempotency key %s)",
               self->id, idempotency_key);
  return stopped;
}

/* Checks what the form checked once more, so that no caller can send a
 * request for an amount or a card that Reji would reject. */
static gboolean
validate_submission (gint64                 amount,
                     const char            *currency,
                     const RejiCardDetails *card,
                     GError               **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(RejiSecretString) number = NULL;
  g_autoptr(RejiSecretString) security_code = NULL;
  RejiCardBrand brand;

  if (reji_currency_lookup (currency) == NULL)
    {
      g_set_error (error, REJI_MONEY_ERROR, REJI_MONEY_ERROR_UNKNOWN_CURRENCY,
                   /* Translators: %s is a currency code such as "XYZ" */
                   _("KOMOJU does not accept the currency %s."), currency);
      return FALSE;
    }

  if (amount <= 0)
    {
      g_set_error_literal (error, REJI_MONEY_ERROR,
                           amount == 0 ? REJI_MONEY_ERROR_ZERO : REJI_MONEY_ERROR_NEGATIVE,
                           _("Enter an amount greater than zero."));
      return FALSE;
    }

  if (amount > REJI_MONEY_MAX_MINOR_UNITS)
    {
      g_set_error_literal (error, REJI_MONEY_ERROR, REJI_MONEY_ERROR_OVERFLOW,
                           _("The amount is larger than KOMOJU accepts."));
      return FALSE;
    }

  number = reji_card_check_number (card->number, &brand, error);
  if (number == NULL)
    return FALSE;

  if (!reji_card_check_expiry (card->month, card->year, now, error))
    return FALSE;

  security_code = reji_card_check_security_code (card->security_code, brand, error);
  if (security_code == NULL)
    return FALSE;

  return TRUE;
}

/**
 * reji_sale_submit:
 * @self: a sale in the editing state
 * @amount: the total in the currency's minor units
 * @currency: an ISO 4217 code KOMOJU accepts
 * @card: (transfer full): the checked card details
 * @error: return location for a #GError
 *
 * Starts the payment: sends `POST /secure_tokens` and moves to
 * %REJI_SALE_STATE_CREATING_TOKEN. The sale takes @card in every case and
 * wipes its number and security code as soon as the request body contains
 * them, or at once when the submission is rejected.
 *
 * Returns: %FALSE, with nothing sent, when the sale already left the
 *   editing state or the input is invalid
 */
gboolean
reji_sale_submit (RejiSale         *self,
                  gint64            amount,
                  const char       *currency,
                  RejiCardDetails  *card,
                  GError          **error)
{
  g_autoptr(RejiCardDetails) owned_card = card;
  RejiSecureTokenRequest request = { 0 };

  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (card != NULL, FALSE);
  /* KOMOJU requires a return URL; the application always sets one. */
  g_return_val_if_fail (self->return_url != NULL, FALSE);

  if (self->state != REJI_SALE_STATE_EDITING)
    {
      g_set_error_literal (error, REJI_SALE_ERROR, REJI_SALE_ERROR_ALREADY_SUBMITTED,
                           _("This sale was already sent. Start a new sale."));
      return FALSE;
    }

  if (!validate_submission (amount, currency, owned_card, error))
    return FALSE;

  self->amount = amount;
  set_string (&self->currency, currency);
  self->card_brand = reji_card_brand_from_number (owned_card->number);
  g_strlcpy (self->card_last_four, reji_card_get_last_four (owned_card->number),
             sizeof self->card_last_four);
  self->token_idempotency_key = g_uuid_string_random ();
  self->payment_idempotency_key = g_uuid_string_random ();

  request.amount = amount;
  request.currency = currency;
  request.return_url = self->return_url;
  request.number = owned_card->number;
  request.month = owned_card->month;
  request.year = owned_card->year;
  request.security_code = owned_card->security_code;
  request.name = owned_card->name;
  request.email = owned_card->email;

  g_message ("sale %s: creating a secure token for %" G_GINT64_FORMAT " %s, %s card ending %s "
             "(idempotency key %s)",
             self->id, amount, currency, reji_card_brand_get_name (self->card_brand),
             self->card_last_four, self->token_idempotency_key);

  /* Observers (the journal) see the new state and the request before it
   * leaves, so a crash from here on leaves a record of it. */
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_BRAND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_LAST_FOUR]);
  _reji_sale_set_state (self, REJI_SALE_STATE_CREATING_TOKEN, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  _reji_sale_send_token_request (self, &request);

  /* The request body now has its own copy; wipe ours (owned_card). */
  g_clear_pointer (&owned_card, reji_card_details_free);

  return TRUE;
}

/**
 * reji_sale_cancel:
 * @self: a sale
 *
 * Ends a sale that is not final yet as %REJI_SALE_STATE_CANCELLED and
 * cancels its request in flight, so responses that still arrive change
 * nothing. A charge already sent (reji_sale_get_charge_sent()) is the
 * exception: KOMOJU may have taken the payment all the same, so a charge
 * request in flight is left to finish and a payment in its response is
 * kept in #RejiSale:payment, while the state stays cancelled. The cashier
 * must learn that the payment may have gone through.
 */
void
reji_sale_cancel (RejiSale *self)
{
  g_return_if_fail (REJI_IS_SALE (self));

  if (reji_sale_state_is_final (self->state))
    return;

  g_message ("sale %s: cancelled by the cashier in state %s", self->id, _reji_sale_state_to_string (self->state));
  _reji_sale_set_state (self, REJI_SALE_STATE_CANCELLED, NULL);
}

/**
 * reji_sale_check_outcome:
 * @self: a sale whose charge outcome is unknown
 *
 * Starts another round of finding out what happened to the charge: a
 * look-up by payment id or order number, and a replay of the same charge
 * (same idempotency key and body) only when KOMOJU has no payment for the
 * sale, so the charge can never happen twice.
 */
void
reji_sale_check_outcome (RejiSale *self)
{
  g_return_if_fail (REJI_IS_SALE (self));

  if (self->state != REJI_SALE_STATE_OUTCOME_UNKNOWN)
    return;

  g_clear_handle_id (&self->replay_source_id, g_source_remove);
  _reji_sale_resolve_outcome (self);
}

/**
 * reji_sale_check_now:
 * @self: a sale waiting for 3-D Secure
 *
 * Polls the token at once, for a cashier who watched the customer finish.
 * Does nothing while a poll is already in flight, so the two responses can
 * never race.
 */
void
reji_sale_check_now (RejiSale *self)
{
  g_return_if_fail (REJI_IS_SALE (self));

  if (self->state != REJI_SALE_STATE_AWAITING_3DS || self->call_in_flight != REJI_SALE_CALL_NONE)
    return;

  g_clear_handle_id (&self->poll_source_id, g_source_remove);
  _reji_sale_send_poll (self);
}

/* Accessors */

const char *
reji_sale_get_id (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->id;
}

const char *
reji_sale_get_token_idempotency_key (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->token_idempotency_key;
}

const char *
reji_sale_get_payment_idempotency_key (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->payment_idempotency_key;
}

/* Wall-clock microseconds when the 3-D Secure deadline passes; 0 before
 * the sale starts waiting. */
gint64
reji_sale_get_deadline_time (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->deadline_time;
}

RejiSaleState
reji_sale_get_state (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), REJI_SALE_STATE_EDITING);
  return self->state;
}

gint64
reji_sale_get_amount (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->amount;
}

const char *
reji_sale_get_currency (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->currency;
}

RejiCardBrand
reji_sale_get_card_brand (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), REJI_CARD_BRAND_UNKNOWN);
  return self->card_brand;
}

const char *
reji_sale_get_card_last_four (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->card_last_four[0] != '\0' ? self->card_last_four : NULL;
}

const char *
reji_sale_get_return_url (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->return_url;
}

void
reji_sale_set_return_url (RejiSale   *self,
                          const char *return_url)
{
  g_return_if_fail (REJI_IS_SALE (self));
  g_return_if_fail (self->state == REJI_SALE_STATE_EDITING);

  if (set_string (&self->return_url, return_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_URL]);
}

const RejiSecureToken *
reji_sale_get_secure_token (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->secure_token;
}

const RejiPayment *
reji_sale_get_payment (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->payment;
}

const GError *
reji_sale_get_error (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), NULL);
  return self->error;
}

gboolean
reji_sale_get_verification_skipped (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  return self->verification_skipped;
}

gboolean
reji_sale_get_charge_sent (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  return self->charge_sent;
}

gboolean
reji_sale_get_reconnecting (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  return self->reconnecting;
}

/* Whether a request is in flight; a second one is not sent meanwhile. */
gboolean
reji_sale_get_busy (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  return self->call_in_flight != REJI_SALE_CALL_NONE;
}

guint
reji_sale_get_n_polls (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->n_polls;
}

gboolean
reji_sale_get_require_3ds (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), FALSE);
  return self->require_3ds;
}

void
reji_sale_set_require_3ds (RejiSale *self,
                           gboolean  require_3ds)
{
  g_return_if_fail (REJI_IS_SALE (self));

  set_boolean (self, &self->require_3ds, require_3ds, PROP_REQUIRE_3DS);
}

gboolean
reji_sale_get_charge_after_verification (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), TRUE);
  return self->charge_after_verification;
}

void
reji_sale_set_charge_after_verification (RejiSale *self,
                                         gboolean  charge)
{
  g_return_if_fail (REJI_IS_SALE (self));

  set_boolean (self, &self->charge_after_verification, charge, PROP_CHARGE_AFTER_VERIFICATION);
}

guint
reji_sale_get_poll_interval (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->poll_interval;
}

void
reji_sale_set_poll_interval (RejiSale *self,
                             guint     milliseconds)
{
  g_return_if_fail (REJI_IS_SALE (self));
  g_return_if_fail (milliseconds > 0);

  if (self->poll_interval == milliseconds)
    return;

  self->poll_interval = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
reji_sale_get_poll_interval_max (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->poll_interval_max;
}

void
reji_sale_set_poll_interval_max (RejiSale *self,
                                 guint     milliseconds)
{
  g_return_if_fail (REJI_IS_SALE (self));
  g_return_if_fail (milliseconds > 0);

  if (self->poll_interval_max == milliseconds)
    return;

  self->poll_interval_max = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL_MAX]);
}

guint
reji_sale_get_deadline (RejiSale *self)
{
  g_return_val_if_fail (REJI_IS_SALE (self), 0);
  return self->deadline;
}

/* The deadline counts from the moment the customer is sent to 3-D Secure,
 * so changing it once the sale waits has no effect on that sale. */
void
reji_sale_set_deadline (RejiSale *self,
                        guint     milliseconds)
{
  g_return_if_fail (REJI_IS_SALE (self));
  g_return_if_fail (milliseconds > 0);

  if (self->deadline == milliseconds)
    return;

  self->deadline = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

gint64
reji_sale_get_remaining (RejiSale *self)
{
  gint64 remaining;

  g_return_val_if_fail (REJI_IS_SALE (self), 0);

  if (self->state != REJI_SALE_STATE_AWAITING_3DS || self->deadline_at == 0)
    return 0;

  remaining = (self->deadline_at - g_get_monotonic_time ()) / 1000;
  return MAX (remaining, 0);
}

/* GObject */

static void
reji_sale_dispose (GObject *object)
{
  RejiSale *self = REJI_SALE (object);

  _reji_sale_clear_timers (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (reji_sale_parent_class)->dispose (object);
}

static void
reji_sale_finalize (GObject *object)
{
  RejiSale *self = REJI_SALE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->return_url, g_free);
  g_clear_pointer (&self->token_idempotency_key, g_free);
  g_clear_pointer (&self->payment_idempotency_key, g_free);
  g_clear_pointer (&self->secure_token, reji_secure_token_free);
  g_clear_pointer (&self->payment, reji_payment_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (reji_sale_parent_class)->finalize (object);
}

static void
reji_sale_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RejiSale *self = REJI_SALE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_AMOUNT:
      g_value_set_int64 (value, self->amount);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_CARD_BRAND:
      g_value_set_enum (value, self->card_brand);
      break;
    case PROP_CARD_LAST_FOUR:
      g_value_set_string (value, reji_sale_get_card_last_four (self));
      break;
    case PROP_RETURN_URL:
      g_value_set_string (value, self->return_url);
      break;
    case PROP_SECURE_TOKEN:
      g_value_set_boxed (value, self->secure_token);
      break;
    case PROP_PAYMENT:
      g_value_set_boxed (value, self->payment);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_VERIFICATION_SKIPPED:
      g_value_set_boolean (value, self->verification_skipped);
      break;
    case PROP_CHARGE_SENT:
      g_value_set_boolean (value, self->charge_sent);
      break;
    case PROP_RECONNECTING:
      g_value_set_boolean (value, self->reconnecting);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, reji_sale_get_busy (self));
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_POLL_INTERVAL_MAX:
      g_value_set_uint (value, self->poll_interval_max);
      break;
    case PROP_DEADLINE:
      g_value_set_uint (value, self->deadline);
      break;
    case PROP_REQUIRE_3DS:
      g_value_set_boolean (value, self->require_3ds);
      break;
    case PROP_CHARGE_AFTER_VERIFICATION:
      g_value_set_boolean (value, self->charge_after_verification);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_sale_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RejiSale *self = REJI_SALE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_RETURN_URL:
      reji_sale_set_return_url (self, g_value_get_string (value));
      break;
    case PROP_POLL_INTERVAL:
      reji_sale_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_POLL_INTERVAL_MAX:
      reji_sale_set_poll_interval_max (self, g_value_get_uint (value));
      break;
    case PROP_DEADLINE:
      reji_sale_set_deadline (self, g_value_get_uint (value));
      break;
    case PROP_REQUIRE_3DS:
      reji_sale_set_require_3ds (self, g_value_get_boolean (value));
      break;
    case PROP_CHARGE_AFTER_VERIFICATION:
      reji_sale_set_charge_after_verification (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_sale_class_init (RejiSaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_write = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = reji_sale_dispose;
  object_class->finalize = reji_sale_finalize;
  object_class->get_property = reji_sale_get_property;
  object_class->set_property = reji_sale_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, REJI_TYPE_KOMOJU_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, read_only);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, REJI_TYPE_SALE_STATE, REJI_SALE_STATE_EDITING, read_only);
  properties[PROP_AMOUNT] =
    g_param_spec_int64 ("amount", NULL, NULL, 0, G_MAXINT64, 0, read_only);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL, read_only);
  properties[PROP_CARD_BRAND] =
    g_param_spec_enum ("card-brand", NULL, NULL, REJI_TYPE_CARD_BRAND, REJI_CARD_BRAND_UNKNOWN, read_only);
  properties[PROP_CARD_LAST_FOUR] =
    g_param_spec_string ("card-last-four", NULL, NULL, NULL, read_only);
  properties[PROP_RETURN_URL] =
    g_param_spec_string ("return-url", NULL, NULL, NULL, read_write);
  properties[PROP_SECURE_TOKEN] =
    g_param_spec_boxed ("secure-token", NULL, NULL, REJI_TYPE_SECURE_TOKEN, read_only);
  properties[PROP_PAYMENT] =
    g_param_spec_boxed ("payment", NULL, NULL, REJI_TYPE_PAYMENT, read_only);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, read_only);
  properties[PROP_VERIFICATION_SKIPPED] =
    g_param_spec_boolean ("verification-skipped", NULL, NULL, FALSE, read_only);
  properties[PROP_CHARGE_SENT] =
    g_param_spec_boolean ("charge-sent", NULL, NULL, FALSE, read_only);
  properties[PROP_RECONNECTING] =
    g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE, read_only);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, read_only);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 1, G_MAXUINT,
                       REJI_SALE_DEFAULT_POLL_INTERVAL, read_write);
  properties[PROP_POLL_INTERVAL_MAX] =
    g_param_spec_uint ("poll-interval-max", NULL, NULL, 1, G_MAXUINT,
                       REJI_SALE_DEFAULT_POLL_INTERVAL_MAX, read_write);
  properties[PROP_DEADLINE] =
    g_param_spec_uint ("deadline", NULL, NULL, 1, G_MAXUINT,
                       REJI_SALE_DEFAULT_DEADLINE, read_write);

  properties[PROP_REQUIRE_3DS] =
    g_param_spec_boolean ("require-3ds", NULL, NULL, FALSE, read_write);
  properties[PROP_CHARGE_AFTER_VERIFICATION] =
    g_param_spec_boolean ("charge-after-verification", NULL, NULL, TRUE, read_write);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RejiSale::request-sending:
   * @sale: the sale
   * @request: the #RejiSaleRequest about to be sent
   * @idempotency_key: its `X-KOMOJU-IDEMPOTENCY` key
   *
   * Emitted just before a request that changes something at KOMOJU is
   * sent, including every replay of the charge. A handler that returns
   * %TRUE stops the request: a journal does so when it cannot write the
   * request down first.
   *
   * Returns: %TRUE to stop the request
   */
  signals[REQUEST_SENDING] =
    g_signal_new ("request-sending",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2,
                  REJI_TYPE_SALE_REQUEST, G_TYPE_STRING);
}

static void
reji_sale_init (RejiSale *self)
{
  self->cancellable = g_cancellable_new ();
  self->id = g_uuid_string_random ();
  self->state = REJI_SALE_STATE_EDITING;
  self->poll_interval = REJI_SALE_DEFAULT_POLL_INTERVAL;
  self->poll_interval_max = REJI_SALE_DEFAULT_POLL_INTERVAL_MAX;
  self->deadline = REJI_SALE_DEFAULT_DEADLINE;
  self->charge_after_verification = TRUE;
}

/**
 * reji_sale_new:
 * @client: the KOMOJU client the sale sends its requests with
 *
 * Creates a sale in the editing state.
 */
RejiSale *
reji_sale_new (RejiKomojuClient *client)
{
  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (client), NULL);

  return g_object_new (REJI_TYPE_SALE, "client", client, NULL);
}

/**
 * reji_sale_new_resumed:
 * @client: the KOMOJU client the sale sends its requests with
 * @snapshot: what the journal kept of a sale Reji did not finish
 *
 * Recreates an unfinished sale in the state it was left in. Nothing is
 * sent until reji_sale_resume() is called.
 */
RejiSale *
reji_sale_new_resumed (RejiKomojuClient       *client,
                       const RejiSaleSnapshot *snapshot)
{
  RejiSale *self;

  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (client), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (snapshot->id != NULL, NULL);
  g_return_val_if_fail (snapshot->currency != NULL, NULL);

  self = reji_sale_new (client);
  set_string (&self->id, snapshot->id);
  self->state = snapshot->state;
  self->amount = snapshot->amount;
  self->currency = g_strdup (snapshot->currency);
  self->card_brand = snapshot->card_brand;
  g_strlcpy (self->card_last_four, snapshot->card_last_four != NULL ? snapshot->card_last_four : "",
             sizeof self->card_last_four);
  self->return_url = g_strdup (snapshot->return_url);
  self->token_idempotency_key = g_strdup (snapshot->token_idempotency_key);
  self->payment_idempotency_key = g_strdup (snapshot->payment_idempotency_key);
  self->deadline_time = snapshot->deadline_time;
  self->resumed = TRUE;

  if (snapshot->token_id != NULL)
    {
      self->secure_token = reji_secure_token_new ();
      self->secure_token->id = g_strdup (snapshot->token_id);
      self->secure_token->authentication_url = g_strdup (snapshot->authentication_url);
      self->secure_token->verification_status =
        snapshot->state == REJI_SALE_STATE_AWAITING_3DS ? REJI_VERIFICATION_STATUS_NEEDS_VERIFY
                                                        : REJI_VERIFICATION_STATUS_OK;
    }

  self->charge_sent = snapshot->state == REJI_SALE_STATE_CHARGING ||
                      snapshot->state == REJI_SALE_STATE_OUTCOME_UNKNOWN;

  return self;
}

/**
 * reji_sale_resume:
 * @self: a sale made by reji_sale_new_resumed()
 *
 * Carries on where the sale stopped. A sale that was waiting for 3-D
 * Secure polls its token again until what is left of its deadline passes;
 * one that was charging replays the charge with the same idempotency key,
 * so KOMOJU returns the first charge instead of making a second one.
 * A sale that stopped while its token was being created cannot go on (the
 * card details are gone) and ends %REJI_SALE_STATE_FAILED.
 */
void
reji_sale_resume (RejiSale *self)
{
  gint64 time_left;

  g_return_if_fail (REJI_IS_SALE (self));

  g_message ("sale %s: resuming in state %s", self->id, _reji_sale_state_to_string (self->state));

  switch (self->state)
    {
    case REJI_SALE_STATE_CREATING_TOKEN:
      _reji_sale_set_state (self, REJI_SALE_STATE_FAILED,
                 g_error_new_literal (REJI_SALE_ERROR, REJI_SALE_ERROR_INTERRUPTED,
                                      _("Reji stopped before the card was sent for 3-D Secure. "
                                        "Nothing was charged.")));
      break;

    case REJI_SALE_STATE_AWAITING_3DS:
      g_return_if_fail (self->secure_token != NULL);
      /* Poll at least once: the customer may have finished while Reji was
       * not running. */
      time_left = (self->deadline_time - g_get_real_time ()) / 1000;
      _reji_sale_start_awaiting_3ds (self, (guint) CLAMP (time_left, (gint64) self->poll_interval * 2,
                                               (gint64) self->deadline));
      break;

    case REJI_SALE_STATE_CHARGING:
    case REJI_SALE_STATE_OUTCOME_UNKNOWN:
      g_return_if_fail (self->secure_token != NULL);
      g_return_if_fail (self->payment_idempotency_key != NULL);
      _reji_sale_set_state (self, REJI_SALE_STATE_OUTCOME_UNKNOWN, NULL);
      _reji_sale_resolve_outcome (self);
      break;

    case REJI_SALE_STATE_EDITING:
    case REJI_SALE_STATE_PAID:
    case REJI_SALE_STATE_DECLINED:
    case REJI_SALE_STATE_FAILED:
    case REJI_SALE_STATE_EXPIRED:
    case REJI_SALE_STATE_CANCELLED:
    case REJI_SALE_STATE_VERIFIED:
    default:
      break;
    }
}
