/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-api.h"
#include "reji-sim-http.h"

/* The currencies KOMOJU's API takes (API version 2025-01-28). */
static const char * const currencies[] = {
  "JPY", "USD", "EUR", "TWD", "KRW", "PLN", "GBP", "HKD", "SGD", "NZD",
  "AUD", "IDR", "MYR", "PHP", "THB", "CNY", "BRL", "CHF", "CAD", "VND",
};

/* KOMOJU's `amount` is an int32 in minor units; a charge needs at least 1. */
#define MIN_AMOUNT 1
#define MAX_AMOUNT ((gint64) G_MAXINT32)

/* Japan's consumption tax, which KOMOJU adds when `tax` is absent or
 * "auto": 10 %, rounded down. */
#define CONSUMPTION_TAX_PERCENT 10

typedef struct
{
  const char *code;
  const char *message;
} DeclineMessage;

static const DeclineMessage decline_messages[] = {
  { "insufficient_funds", N_("The card has insufficient funds.") },
  { "exceeds_limit", N_("The payment exceeds the card’s limit.") },
  { "bad_verification_value", N_("The card’s security code is wrong.") },
  { "card_expired", N_("The card has expired.") },
  { "card_declined", N_("The card was declined.") },
  { "invalid_number", N_("The card number is invalid.") },
  { "fraudulent", N_("The payment was blocked as suspected fraud.") },
};

static gboolean
currency_valid (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (currencies); i++)
    {
      if (g_str_equal (currencies[i], code))
        return TRUE;
    }

  return FALSE;
}

static char *
build_authentication_url (const char *origin,
                          const char *token_id)
{
  return g_strconcat (origin, REJI_SIM_3DS_PATH "?token=", token_id, NULL);
}

static gboolean
read_amount_and_currency (JsonObject    *params,
                          gint64        *out_amount,
                          const char   **out_currency,
                          RejiSimError **error)
{
  if (!reji_sim_param_get_integer (params, NULL, "amount", TRUE, MIN_AMOUNT, MAX_AMOUNT,
                                   NULL, out_amount, error))
    return FALSE;

  if (!reji_sim_param_get_string (params, NULL, "currency", TRUE, out_currency, error))
    return FALSE;

  if (!currency_valid (*out_currency))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "currency",
                                   /* Translators: %s is a currency code such as “JPY”. */
                                   _("The currency “%s” is not supported."), *out_currency);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_return_url (JsonObject    *params,
                 const char   **out_return_url,
                 RejiSimError **error)
{
  if (!reji_sim_param_get_string (params, NULL, "return_url", TRUE, out_return_url, error))
    return FALSE;

  if (!g_uri_is_valid (*out_return_url, G_URI_FLAGS_NONE, NULL))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "return_url",
                                   _("The return URL is not a valid absolute URL."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_card_number (JsonObject    *details,
                  RejiSimCard   *out_card,
                  RejiSimError **error)
{
  const char *number = NULL;

  if (!reji_sim_param_get_string (details, "payment_details", "number", TRUE, &number, error))
    return FALSE;

  if (!reji_sim_card_number_valid (number))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details[number]",
                                   _("The card number is invalid."));
      return FALSE;
    }

  /* "unsupported_card_brand" is KOMOJU's code for a brand that secure
   * tokens do not take. */
  if (reji_sim_card_brand_for_number (number) == NULL)
    {
      *error = reji_sim_error_new (422, "unsupported_card_brand", "payment_details[number]",
                                   _("The card brand is not supported."));
      return FALSE;
    }

  reji_sim_card_classify (number, out_card);
  return TRUE;
}

static gboolean
read_expiry (JsonObject    *details,
             guint         *out_month,
             guint         *out_year,
             RejiSimError **error)
{
  gint64 month = 0;
  gint64 year = 0;

  if (!reji_sim_param_get_integer (details, "payment_details", "month", TRUE, 1, 12,
                                   NULL, &month, error))
    return FALSE;

  if (!reji_sim_param_get_integer (details, "payment_details", "year", TRUE, 0, 9999,
                                   NULL, &year, error))
    return FALSE;

  /* KOMOJU reads a two-digit year as one in this century. */
  if (year < 100)
    year += 2000;
  if (year < 2000 || year > 2099)
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details[year]",
                                   _("The parameter %s is invalid."), "payment_details[year]");
      return FALSE;
    }

  /* NOTE: a past expiry is accepted, as KOMOJU's test mode does: its own
   * curl example for secure tokens uses 08/2025. */
  *out_month = (guint) month;
  *out_year = (guint) year;
  return TRUE;
}

static gboolean
read_security_code (JsonObject    *details,
                    RejiSimError **error)
{
  const char *code = NULL;
  gsize length;

  if (!reji_sim_param_get_string (details, "payment_details", "verification_value", FALSE,
                                  &code, error))
    return FALSE;
  if (code == NULL)
    return TRUE;

  length = strlen (code);
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        length = 0;
    }

  if (length < 3 || length > 4)
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details[verification_value]",
                                   _("The parameter %s is invalid."),
                                   "payment_details[verification_value]");
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
get_card_details (JsonObject    *params,
                  RejiSimError **error)
{
  JsonNode *node = json_object_get_member (params, "payment_details");
  JsonObject *details;
  const char *type = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *error = reji_sim_error_new (422, "missing_parameter", "payment_details",
                                   _("The parameter %s is missing."), "payment_details");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details",
                                   _("The parameter %s is invalid."), "payment_details");
      return NULL;
    }

  details = json_node_get_object (node);
  if (!reji_sim_param_get_string (details, "payment_details", "type", TRUE, &type, error))
    return NULL;

  if (!g_str_equal (type, "credit_card"))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details[type]",
                                   /* Translators: %s is the payment type the request sent. */
                                   _("The payment type “%s” is not supported. Use credit_card."),
                                   type);
      return NULL;
    }

  return details;
}

static gboolean
read_card (JsonObject    *params,
           RejiSimToken  *token,
           RejiSimError **error)
{
  JsonObject *details = get_card_details (params, error);
  const char *email = NULL;
  const char *name = NULL;

  if (details == NULL)
    return FALSE;

  if (!read_card_number (details, &token->card, error)
      || !read_expiry (details, &token->month, &token->year, error)
      || !read_security_code (details, error))
    return FALSE;

  if (!reji_sim_param_get_string (details, "payment_details", "email", FALSE, &email, error)
      || !reji_sim_param_get_string (details, "payment_details", "name", FALSE, &name, error))
    return FALSE;

  token->email = g_strdup (email);
  return TRUE;
}

/* Reads and checks a token request into @token, which is not yet in the
 * ledger, so that a rejected request leaves no trace. */
static gboolean
read_token_request (JsonObject    *params,
                    RejiSimToken  *token,
                    RejiSimError **error)
{
  const char *currency = NULL;
  const char *return_url = NULL;

  if (!read_amount_and_currency (params, &token->amount, &currency, error)
      || !read_return_url (params, &return_url, error)
      || !read_card (params, token, error))
    return FALSE;

  token->currency = g_strdup (currency);
  token->return_url = g_strdup (return_url);
  return TRUE;
}

static const char *
initial_token_status (RejiSimCardBehaviour behaviour)
{
  switch (behaviour)
    {
    case REJI_SIM_CARD_NO_3DS:
    case REJI_SIM_CARD_DECLINE:
      return REJI_SIM_TOKEN_SKIPPED;
    case REJI_SIM_CARD_FRICTIONLESS_SUCCESS:
    case REJI_SIM_CARD_CHALLENGE_SUCCESS:
    case REJI_SIM_CARD_FRICTIONLESS_FAILURE:
    case REJI_SIM_CARD_CHALLENGE_FAILURE:
    default:
      return REJI_SIM_TOKEN_NEEDS_VERIFY;
    }
}

static void
respond_token (SoupServerMessage  *message,
               const RejiSimToken *token,
               const char         *origin)
{
  g_autofree char *authentication_url = build_authentication_url (origin, token->id);

  reji_sim_respond_json (message, SOUP_STATUS_OK,
                         reji_sim_token_to_json (token, authentication_url));
}

/**
 * reji_sim_api_create_token:
 * @ledger: the ledger
 * @message: a `POST /api/v1/secure_tokens` request
 * @origin: the simulator's "http://HOST:PORT"
 *
 * Creates a secure token from the card in the request. 3-D Secure test
 * cards (and unknown cards) start NEEDS_VERIFY; KOMOJU's non-3-D Secure
 * and decline test cards start SKIPPED.
 *
 * Returns: (transfer none) (nullable): the new token, or %NULL when the
 *   request failed
 */
RejiSimToken *
reji_sim_api_create_token (RejiSimLedger     *ledger,
                           SoupServerMessage *message,
                           const char        *origin)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = reji_sim_parse_body (message, &error);
  RejiSimToken request = { 0 };
  RejiSimToken *token;

  if (params == NULL || !read_token_request (params, &request, &error))
    {
      g_free (request.currency);
      g_free (request.return_url);
      g_free (request.email);
      g_debug ("Secure token rejected: %s (param %s)", error->code,
               error->param != NULL ? error->param : "none");
      reji_sim_respond_error (message, error);
      return NULL;
    }

  token = reji_sim_ledger_add_token (ledger);
  token->amount = request.amount;
  token->currency = request.currency;
  token->card = request.card;
  token->month = request.month;
  token->year = request.year;
  token->email = request.email;
  token->return_url = request.return_url;
  token->authentication_url = build_authentication_url (origin, token->id);
  reji_sim_token_set_status (token, initial_token_status (token->card.behaviour));

  g_debug ("Secure token %s created: %s, %s", token->id, token->status,
           reji_sim_card_behaviour_to_string (token->card.behaviour));
  respond_token (message, token, origin);
  return token;
}

void
reji_sim_api_show_token (RejiSimLedger     *ledger,
                         SoupServerMessage *message,
                         const char        *origin,
                         const char        *token_id)
{
  RejiSimToken *token = reji_sim_ledger_lookup_token (ledger, token_id);

  if (token == NULL)
    {
      g_autoptr(RejiSimError) error =
        /* Translators: %s is a secure token id. */
        reji_sim_error_new (404, "not_found", NULL, _("No secure token has the id %s."), token_id);

      reji_sim_respond_error (message, error);
      return;
    }

  respond_token (message, token, origin);
}

static RejiSimToken *
find_chargeable_token (RejiSimLedger *ledger,
                       JsonObject    *params,
                       RejiSimError **error)
{
  JsonNode *node = json_object_get_member (params, "payment_details");
  const char *token_id;
  RejiSimToken *token;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *error = reji_sim_error_new (422, "missing_parameter", "payment_details",
                                   _("The parameter %s is missing."), "payment_details");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "payment_details",
                                   _("The simulator charges secure tokens only: send the token id as payment_details."));
      return NULL;
    }

  token_id = json_node_get_string (node);
  token = reji_sim_ledger_lookup_token (ledger, token_id);
  if (token == NULL || token->charged
      || !(g_str_equal (token->status, REJI_SIM_TOKEN_OK)
           || g_str_equal (token->status, REJI_SIM_TOKEN_SKIPPED)))
    {
      *error = reji_sim_error_new (422, "invalid_token", "payment_details",
                                   /* Translators: %s is a secure token id. */
                                   _("The secure token %s cannot be charged: it is unknown, already charged or not verified."),
                                   token_id);
      return NULL;
    }

  return token;
}

static gboolean
check_token_matches (const RejiSimToken *token,
                     gint64              amount,
                     const char         *currency,
                     RejiSimError      **error)
{
  if (amount != token->amount)
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "amount",
                                   /* Translators: %s is a secure token id. */
                                   _("The amount differs from the amount of the secure token %s."),
                                   token->id);
      return FALSE;
    }

  if (!g_str_equal (currency, token->currency))
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "currency",
                                   /* Translators: %s is a secure token id. */
                                   _("The currency differs from the currency of the secure token %s."),
                                   token->id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_tax (JsonObject    *params,
          gint64         amount,
          gint64        *out_tax,
          RejiSimError **error)
{
  JsonNode *node = json_object_get_member (params, "tax");
  gboolean present = FALSE;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING
      && g_str_equal (json_node_get_string (node), "auto"))
    node = NULL;

  if (node != NULL
      && !reji_sim_param_get_integer (params, NULL, "tax", FALSE, 0, MAX_AMOUNT,
                                      &present, out_tax, error))
    return FALSE;

  if (!present)
    *out_tax = amount * CONSUMPTION_TAX_PERCENT / 100;

  return TRUE;
}

static RejiSimError *
decline_error (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (decline_messages); i++)
    {
      if (g_str_equal (decline_messages[i].code, code))
        return reji_sim_error_new (422, code, NULL, "%s", _(decline_messages[i].message));
    }

  /* Translators: %s is a KOMOJU error code, such as “card_declined”. */
  return reji_sim_error_new (422, code, NULL, _("The payment failed with the error %s."), code);
}

/* Checks whether a decline scenario or a decline card fails the charge,
 * and sets @error to KOMOJU's error for it.
 *
 * KOMOJU documents no HTTP status for declines, and its clients branch on
 * the error code. The simulator responds to every decline with 422 so that a
 * client that retries 5xx responses cannot mistake a decline for an outage. */
static gboolean
check_charge_outcome (const RejiSimToken *token,
                      const char         *decline_code,
                      RejiSimError      **error)
{
  if (decline_code != NULL)
    {
      *error = decline_error (decline_code);
      return FALSE;
    }

  if (token->card.decline_code != NULL)
    {
      *error = decline_error (token->card.decline_code);
      return FALSE;
    }

  return TRUE;
}

/* KOMOJU's limit on `external_order_num` in its 2019 schema. */
#define MAX_EXTERNAL_ORDER_NUM_LENGTH 255

static gboolean
read_external_order_num (JsonObject    *params,
                         const char   **out_value,
                         RejiSimError **error)
{
  if (!reji_sim_param_get_string (params, NULL, "external_order_num", FALSE, out_value, error))
    return FALSE;

  if (*out_value != NULL && g_utf8_strlen (*out_value, -1) > MAX_EXTERNAL_ORDER_NUM_LENGTH)
    {
      *error = reji_sim_error_new (422, "invalid_parameter", "external_order_num",
                                   _("The parameter %s is invalid."), "external_order_num");
      return FALSE;
    }

  return TRUE;
}

static RejiSimPayment *
record_payment (RejiSimLedger *ledger,
                RejiSimToken  *token,
                gint64         tax,
                gboolean       capture,
                const char    *external_order_num)
{
  RejiSimPayment *payment = reji_sim_ledger_add_payment (ledger);

  payment->status = capture ? "captured" : "authorized";
  payment->amount = token->amount;
  payment->tax = tax;
  payment->currency = g_strdup (token->currency);
  payment->token_id = g_strdup (token->id);
  payment->card = token->card;
  payment->month = token->month;
  payment->year = token->year;
  payment->email = g_strdup (token->email);
  payment->external_order_num = g_strdup (external_order_num);
  if (capture)
    payment->captured_at = g_date_time_ref (payment->created_at);

  token->charged = TRUE;
  return payment;
}

static RejiSimPayment *
charge (RejiSimLedger      *ledger,
        JsonObject         *params,
        const char         *decline_code,
        RejiSimError      **error)
{
  gint64 amount = 0;
  gint64 tax = 0;
  const char *currency = NULL;
  const char *external_order_num = NULL;
  gboolean capture = TRUE;
  RejiSimToken *token;

  if (!read_amount_and_currency (params, &amount, &currency, error))
    return NULL;

  token = find_chargeable_token (ledger, params, error);
  if (token == NULL)
    return NULL;

  if (!check_token_matches (token, amount, currency, error)
      || !read_tax (params, amount, &tax, error)
      || !reji_sim_param_get_boolean (params, "capture", TRUE, &capture, error)
      || !read_external_order_num (params, &external_order_num, error)
      || !check_charge_outcome (token, decline_code, error))
    return NULL;

  return record_payment (ledger, token, tax, capture, external_order_num);
}

/**
 * reji_sim_api_create_payment:
 * @ledger: the ledger
 * @message: a `POST /api/v1/payments` request
 * @decline_code: (nullable): the KOMOJU error code of a decline scenario
 *
 * Charges a secure token that is OK or SKIPPED and not charged yet, with
 * the token's amount and currency. Decline cards and @decline_code fail
 * the charge with KOMOJU's error code.
 *
 * Returns: (transfer none) (nullable): the new payment, or %NULL when the
 *   request failed
 */
RejiSimPayment *
reji_sim_api_create_payment (RejiSimLedger     *ledger,
                             SoupServerMessage *message,
                             const char        *decline_code)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = reji_sim_parse_body (message, &error);
  RejiSimPayment *payment = NULL;

  if (params != NULL)
    payment = charge (ledger, params, decline_code, &error);

  if (payment == NULL)
    {
      g_debug ("Payment rejected: %s (param %s)", error->code,
               error->param != NULL ? error->param : "none");
      reji_sim_respond_error (message, error);
      return NULL;
    }

  g_debug ("Payment %s %s for secure token %s", payment->id, payment->status, payment->token_id);
  reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_payment_to_json (payment));
  return payment;
}

void
reji_sim_api_show_payment (RejiSimLedger     *ledger,
                           SoupServerMessage *message,
                           const char        *payment_id)
{
  RejiSimPayment *payment = reji_sim_ledger_lookup_payment (ledger, payment_id);

  if (payment == NULL)
    {
      g_autoptr(RejiSimError) error =
        /* Translators: %s is a payment id. */
        reji_sim_error_new (404, "not_found", NULL, _("No payment has the id %s."), payment_id);

      reji_sim_respond_error (message, error);
      return;
    }

  reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_payment_to_json (payment));
}
