/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-sim-ledger.h"

/* Every token and payment the simulator has made, in creation order. The
 * ledger contains no secrets. Of a card it keeps the brand, the last four
 * digits, the expiry and the test-card behaviour. */
struct _RejiSimLedger
{
  GPtrArray  *tokens;
  GHashTable *tokens_by_id;
  GPtrArray  *payments;
  GHashTable *payments_by_id;
};

/* KOMOJU's ids are 25 lowercase letters and digits (tokens add "tok_"). */
#define ID_LENGTH 25

static char *
generate_id (const char *prefix)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  GString *id = g_string_new (prefix);

  for (guint i = 0; i < ID_LENGTH; i++)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

static void
token_free (RejiSimToken *token)
{
  g_free (token->id);
  g_free (token->currency);
  g_free (token->email);
  g_free (token->return_url);
  g_free (token->authentication_url);
  g_clear_pointer (&token->created_at, g_date_time_unref);
  g_clear_pointer (&token->verified_at, g_date_time_unref);
  g_free (token);
}

static void
refund_free (RejiSimRefund *refund)
{
  g_free (refund->id);
  g_free (refund->description);
  g_clear_pointer (&refund->created_at, g_date_time_unref);
  g_free (refund);
}

static void
payment_free (RejiSimPayment *payment)
{
  g_free (payment->id);
  g_free (payment->external_order_num);
  g_clear_pointer (&payment->cancelled_at, g_date_time_unref);
  g_ptr_array_unref (payment->refunds);
  g_free (payment->currency);
  g_free (payment->token_id);
  g_free (payment->email);
  g_clear_pointer (&payment->created_at, g_date_time_unref);
  g_clear_pointer (&payment->captured_at, g_date_time_unref);
  g_free (payment);
}

RejiSimLedger *
reji_sim_ledger_new (void)
{
  RejiSimLedger *ledger = g_new0 (RejiSimLedger, 1);

  ledger->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  ledger->tokens_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  ledger->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) payment_free);
  ledger->payments_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  return ledger;
}

void
reji_sim_ledger_free (RejiSimLedger *ledger)
{
  g_hash_table_unref (ledger->tokens_by_id);
  g_ptr_array_unref (ledger->tokens);
  g_hash_table_unref (ledger->payments_by_id);
  g_ptr_array_unref (ledger->payments);
  g_free (ledger);
}

/**
 * reji_sim_ledger_add_token:
 * @ledger: the ledger
 *
 * Adds a token with a new id and the current time, for the caller to fill
 * in.
 *
 * Returns: (transfer none): the token, owned by @ledger
 */
RejiSimToken *
reji_sim_ledger_add_token (RejiSimLedger *ledger)
{
  RejiSimToken *token = g_new0 (RejiSimToken, 1);

  do
    {
      g_free (token->id);
      token->id = generate_id ("tok_");
    }
  while (g_hash_table_contains (ledger->tokens_by_id, token->id));

  token->created_at = g_date_time_new_now_utc ();
  g_ptr_array_add (ledger->tokens, token);
  g_hash_table_insert (ledger->tokens_by_id, token->id, token);

  return token;
}

RejiSimToken *
reji_sim_ledger_lookup_token (RejiSimLedger *ledger,
                              const char    *id)
{
  return g_hash_table_lookup (ledger->tokens_by_id, id);
}

guint
reji_sim_ledger_get_n_tokens (RejiSimLedger *ledger)
{
  return ledger->tokens->len;
}

/**
 * reji_sim_token_set_status:
 * @token: a token
 * @status: one of the REJI_SIM_TOKEN_* strings
 *
 * Sets the verification status and, when it leaves NEEDS_VERIFY, the time
 * of the change in `verified_at`.
 */
void
reji_sim_token_set_status (RejiSimToken *token,
                           const char   *status)
{
  gboolean was_pending = token->status == NULL
                         || g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY);

  token->status = status;
  if (was_pending && !g_str_equal (status, REJI_SIM_TOKEN_NEEDS_VERIFY))
    token->verified_at = g_date_time_new_now_utc ();
}

/**
 * reji_sim_ledger_add_payment:
 * @ledger: the ledger
 *
 * Adds a payment with a new id and the current time, for the caller to
 * fill in.
 *
 * Returns: (transfer none): the payment, owned by @ledger
 */
RejiSimPayment *
reji_sim_ledger_add_payment (RejiSimLedger *ledger)
{
  RejiSimPayment *payment = g_new0 (RejiSimPayment, 1);

  do
    {
      g_free (payment->id);
      payment->id = generate_id ("");
    }
  while (g_hash_table_contains (ledger->payments_by_id, payment->id));

  payment->created_at = g_date_time_new_now_utc ();
  payment->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) refund_free);
  g_ptr_array_add (ledger->payments, payment);
  g_hash_table_insert (ledger->payments_by_id, payment->id, payment);

  return payment;
}

RejiSimPayment *
reji_sim_ledger_lookup_payment (RejiSimLedger *ledger,
                                const char    *id)
{
  return g_hash_table_lookup (ledger->payments_by_id, id);
}

guint
reji_sim_ledger_get_n_payments (RejiSimLedger *ledger)
{
  return ledger->payments->len;
}

/* Returns the payments (RejiSimPayment) in creation order. */
GPtrArray *
reji_sim_ledger_get_payments (RejiSimLedger *ledger)
{
  return ledger->payments;
}

/**
 * reji_sim_payment_add_refund:
 * @payment: a payment
 * @amount: the refunded amount, tax included
 * @description: (nullable): the merchant's reason
 *
 * Adds a refund with a new id and adds @amount to the payment's
 * `amount_refunded`. The caller checks the amount and updates the status.
 *
 * Returns: (transfer none): the refund, owned by @payment
 */
RejiSimRefund *
reji_sim_payment_add_refund (RejiSimPayment *payment,
                             gint64          amount,
                             const char     *description)
{
  RejiSimRefund *refund = g_new0 (RejiSimRefund, 1);

  /* Refund ids are not checked for uniqueness: 36^25 ids make a clash
   * as good as impossible. */
  refund->id = generate_id ("");
  refund->amount = amount;
  refund->description = g_strdup (description);
  refund->created_at = g_date_time_new_now_utc ();
  g_ptr_array_add (payment->refunds, refund);
  payment->amount_refunded += amount;

  return refund;
}

/* Formats @time as KOMOJU does: ISO 8601 in UTC with a "Z", whole seconds. */
char *
reji_sim_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *time)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (time == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  text = reji_sim_format_time (time);
  json_builder_add_string_value (builder, text);
}

static void
add_nullable_string_member (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * reji_sim_token_to_json:
 * @token: a token
 * @authentication_url: (nullable): the token's 3-D Secure page, added
 *   while the token is NEEDS_VERIFY
 *
 * Builds the token as KOMOJU's `POST` and `GET /secure_tokens` return it.
 */
JsonNode *
reji_sim_token_to_json (const RejiSimToken *token,
                        const char         *authentication_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, token->id);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, "secure_token");
  json_builder_set_member_name (builder, "verification_status");
  json_builder_add_string_value (builder, token->status);
  if (authentication_url != NULL && g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY))
    {
      json_builder_set_member_name (builder, "authentication_url");
      json_builder_add_string_value (builder, authentication_url);
    }
  add_time_member (builder, "created_at", token->created_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_payment_details (JsonBuilder          *builder,
                     const RejiSimPayment *payment)
{
  json_builder_set_member_name (builder, "payment_details");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "credit_card");
  json_builder_set_member_name (builder, "brand");
  json_builder_add_string_value (builder, payment->card.brand);
  json_builder_set_member_name (builder, "last_four_digits");
  json_builder_add_string_value (builder, payment->card.last_four);
  json_builder_set_member_name (builder, "month");
  json_builder_add_int_value (builder, payment->month);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, payment->year);
  add_nullable_string_member (builder, "email", payment->email);
  json_builder_end_object (builder);
}

/* Builds @refund of @payment in the shape of KOMOJU's Refund object. */
JsonNode *
reji_sim_refund_to_json (const RejiSimPayment *payment,
                         const RejiSimRefund  *refund)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, refund->id);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, "refund");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, refund->amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, payment->currency);
  json_builder_set_member_name (builder, "payment");
  json_builder_add_string_value (builder, payment->id);
  add_nullable_string_member (builder, "description", refund->description);
  add_time_member (builder, "created_at", refund->created_at);
  json_builder_set_member_name (builder, "chargeback");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * reji_sim_payment_to_json:
 * @payment: a payment
 *
 * Builds the payment as KOMOJU's `POST` and `GET /payments` return it.
 */
JsonNode *
reji_sim_payment_to_json (const RejiSimPayment *payment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, payment->id);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, "payment");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, payment->status);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, payment->amount);
  json_builder_set_member_name (builder, "tax");
  json_builder_add_int_value (builder, payment->tax);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, payment->amount + payment->tax);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, payment->currency);
  json_builder_set_member_name (builder, "payment_method_fee");
  json_builder_add_int_value (builder, 0);
  add_payment_details (builder, payment);
  add_time_member (builder, "captured_at", payment->captured_at);
  add_time_member (builder, "cancelled_at", payment->cancelled_at);
  add_time_member (builder, "created_at", payment->created_at);
  json_builder_set_member_name (builder, "amount_refunded");
  json_builder_add_int_value (builder, payment->amount_refunded);
  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < payment->refunds->len; i++)
    {
      g_autoptr(JsonNode) node = reji_sim_refund_to_json (payment, g_ptr_array_index (payment->refunds, i));

      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  add_nullable_string_member (builder, "description", NULL);
  add_nullable_string_member (builder, "external_order_num", payment->external_order_num);
  add_nullable_string_member (builder, "customer", NULL);
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, "ja");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_ledger_token (JsonBuilder        *builder,
                  const RejiSimToken *token)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, token->id);
  json_builder_set_member_name (builder, "verification_status");
  json_builder_add_string_value (builder, token->status);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, token->amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, token->currency);
  json_builder_set_member_name (builder, "brand");
  json_builder_add_string_value (builder, token->card.brand);
  json_builder_set_member_name (builder, "last_four_digits");
  json_builder_add_string_value (builder, token->card.last_four);
  json_builder_set_member_name (builder, "behaviour");
  json_builder_add_string_value (builder, reji_sim_card_behaviour_to_string (token->card.behaviour));
  json_builder_set_member_name (builder, "return_url");
  json_builder_add_string_value (builder, token->return_url);
  add_nullable_string_member (builder, "authentication_url", token->authentication_url);
  add_time_member (builder, "created_at", token->created_at);
  add_time_member (builder, "verified_at", token->verified_at);
  json_builder_set_member_name (builder, "charged");
  json_builder_add_boolean_value (builder, token->charged);
  json_builder_end_object (builder);
}

/**
 * reji_sim_ledger_to_json:
 * @ledger: the ledger
 *
 * Builds the ledger document `{"secure_tokens": [...], "payments": [...]}`
 * in creation order. Each payment has the shape of KOMOJU's payment.
 */
JsonNode *
reji_sim_ledger_to_json (RejiSimLedger *ledger)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "secure_tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ledger->tokens->len; i++)
    add_ledger_token (builder, g_ptr_array_index (ledger->tokens, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ledger->payments->len; i++)
    {
      g_autoptr(JsonNode) node = reji_sim_payment_to_json (g_ptr_array_index (ledger->payments, i));

      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
