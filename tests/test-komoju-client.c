/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "reji-komoju-client.h"
#include "reji-test-utils.h"

#define FRICTIONLESS_CARD "4100000000000100"
#define CHALLENGE_CARD    "4100000000005000"
#define SKIPPED_CARD      "4111111111111111"
#define DECLINED_CARD     "4123111111111059"
#define CHALLENGE_PASSWORD "123456"

/* The status of the simulator's 3-D Secure page once it redirects the
 * customer to the return URL. */
#define REDIRECT_STATUS SOUP_STATUS_SEE_OTHER

/* Waiting for one asynchronous call */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for_result (AsyncWait *wait)
{
  reji_test_wait_until (&wait->done);
  return wait->result;
}

static RejiSecureTokenRequest
make_token_request (const char *number)
{
  RejiSecureTokenRequest request = {
    .amount = 1000,
    .currency = "JPY",
    .return_url = "http://127.0.0.1:1/return",
    .number = number,
    .month = 12,
    .year = 2030,
    .security_code = "123",
    .name = NULL,
    .email = NULL,
  };

  return request;
}

static RejiSecureToken *
create_token (RejiKomojuClient             *client,
              const RejiSecureTokenRequest *request,
              const char                   *idempotency_key,
              GCancellable                 *cancellable,
              GError                      **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_create_secure_token_async (client, request, idempotency_key, cancellable,
                                                async_done_cb, &wait);
  result = wait_for_result (&wait);
  return reji_komoju_client_create_secure_token_finish (client, result, error);
}

static RejiSecureToken *
get_token (RejiKomojuClient  *client,
           const char        *token_id,
           GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_get_secure_token_async (client, token_id, NULL, async_done_cb, &wait);
  result = wait_for_result (&wait);
  return reji_komoju_client_get_secure_token_finish (client, result, error);
}

static RejiPayment *
create_payment (RejiKomojuClient  *client,
                const char        *token_id,
                gint64             amount,
                const char        *currency,
                const char        *idempotency_key,
                GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_create_payment_async (client, token_id, amount, currency, idempotency_key,
                                           NULL, async_done_cb, &wait);
  result = wait_for_result (&wait);
  return reji_komoju_client_create_payment_finish (client, result, error);
}

static RejiPayment *
get_payment (RejiKomojuClient  *client,
             const char        *payment_id,
             GCancellable      *cancellable,
             GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_get_payment_async (client, payment_id, cancellable, async_done_cb, &wait);
  result = wait_for_result (&wait);
  return reji_komoju_client_get_payment_finish (client, result, error);
}

/* Types and errors without a server */

static void
test_verification_status_strings (void)
{
  static const struct {
    RejiVerificationStatus status;
    const char *text;
  } cases[] = {
    { REJI_VERIFICATION_STATUS_NEEDS_VERIFY, "NEEDS_VERIFY" },
    { REJI_VERIFICATION_STATUS_OK, "OK" },
    { REJI_VERIFICATION_STATUS_SKIPPED, "SKIPPED" },
    { REJI_VERIFICATION_STATUS_ERRORED, "ERRORED" },
  };
  RejiVerificationStatus status = REJI_VERIFICATION_STATUS_ERRORED;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RejiVerificationStatus parsed = REJI_VERIFICATION_STATUS_NEEDS_VERIFY;

      g_assert_cmpstr (reji_verification_status_to_string (cases[i].status), ==, cases[i].text);
      g_assert_true (reji_verification_status_from_string (cases[i].text, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].status);
    }

  g_assert_false (reji_verification_status_from_string ("ok", &status));
  g_assert_false (reji_verification_status_from_string ("", &status));
  g_assert_false (reji_verification_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, REJI_VERIFICATION_STATUS_ERRORED);
}

static void
test_payment_status_strings (void)
{
  static const struct {
    RejiPaymentStatus status;
    const char *text;
  } cases[] = {
    { REJI_PAYMENT_STATUS_PENDING, "pending" },
    { REJI_PAYMENT_STATUS_AUTHORIZED, "authorized" },
    { REJI_PAYMENT_STATUS_CAPTURED, "captured" },
    { REJI_PAYMENT_STATUS_REFUNDED, "refunded" },
    { REJI_PAYMENT_STATUS_CANCELLED, "cancelled" },
    { REJI_PAYMENT_STATUS_EXPIRED, "expired" },
    { REJI_PAYMENT_STATUS_FAILED, "failed" },
  };
  RejiPaymentStatus status = REJI_PAYMENT_STATUS_FAILED;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RejiPaymentStatus parsed = REJI_PAYMENT_STATUS_PENDING;

      g_assert_cmpstr (reji_payment_status_to_string (cases[i].status), ==, cases[i].text);
      g_assert_true (reji_payment_status_from_string (cases[i].text, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].status);
    }

  g_assert_false (reji_payment_status_from_string ("CAPTURED", &status));
  g_assert_false (reji_payment_status_from_string ("canceled", &status));
  g_assert_false (reji_payment_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, REJI_PAYMENT_STATUS_FAILED);
}

static void
test_boxed_copies (void)
{
  g_autoptr(RejiSecureToken) token = reji_secure_token_new ();
  g_autoptr(RejiSecureToken) token_copy = NULL;
  g_autoptr(RejiPayment) payment = reji_payment_new ();
  g_autoptr(RejiPayment) payment_copy = NULL;

  token->id = g_strdup ("tok_copy");
  token->verification_status = REJI_VERIFICATION_STATUS_SKIPPED;
  token->created_at = g_date_time_new_utc (2026, 12, 4, 9, 0, 0);
  token_copy = g_boxed_copy (REJI_TYPE_SECURE_TOKEN, token);
  g_assert_cmpstr (token_copy->id, ==, "tok_copy");
  g_assert_true (token_copy->id != token->id);
  g_assert_cmpint (token_copy->verification_status, ==, REJI_VERIFICATION_STATUS_SKIPPED);
  g_assert_null (token_copy->authentication_url);
  g_assert_true (g_date_time_equal (token_copy->created_at, token->created_at));

  payment->id = g_strdup ("pay_copy");
  payment->status = REJI_PAYMENT_STATUS_CAPTURED;
  payment->amount = 1234;
  payment->currency = g_strdup ("JPY");
  payment->last_four_digits = g_strdup ("0100");
  payment_copy = g_boxed_copy (REJI_TYPE_PAYMENT, payment);
  g_assert_cmpstr (payment_copy->id, ==, "pay_copy");
  g_assert_cmpint (payment_copy->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpint (payment_copy->amount, ==, 1234);
  g_assert_cmpstr (payment_copy->currency, ==, "JPY");
  g_assert_null (payment_copy->brand);
  g_assert_cmpstr (payment_copy->last_four_digits, ==, "0100");
  g_assert_null (payment_copy->captured_at);
}

static void
test_error_accessors (void)
{
  g_autoptr(GError) api_error = reji_komoju_error_new_api (422, "invalid_parameter",
                                                           "Amount is invalid.", "amount");
  g_autoptr(GError) copy = g_error_copy (api_error);
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

  g_assert_error (api_error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (api_error->message, ==, "Amount is invalid.");
  g_assert_cmpstr (reji_komoju_error_get_api_code (api_error), ==, "invalid_parameter");
  g_assert_cmpstr (reji_komoju_error_get_param (api_error), ==, "amount");
  g_assert_cmpuint (reji_komoju_error_get_http_status (api_error), ==, 422);

  g_assert_cmpstr (reji_komoju_error_get_api_code (copy), ==, "invalid_parameter");
  g_assert_cmpstr (reji_komoju_error_get_param (copy), ==, "amount");
  g_assert_cmpuint (reji_komoju_error_get_http_status (copy), ==, 422);

  g_assert_null (reji_komoju_error_get_api_code (other));
  g_assert_null (reji_komoju_error_get_param (other));
  g_assert_cmpuint (reji_komoju_error_get_http_status (other), ==, 0);
  g_assert_null (reji_komoju_error_get_api_code (NULL));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_client_properties (void)
{
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new ("http://127.0.0.1:1/api/v1/", "sk_test_abc");
  GParamSpec *key_pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (client), "secret-key");
  guint notify_count = 0;

  g_assert_cmpstr (reji_komoju_client_get_base_url (client), ==, "http://127.0.0.1:1/api/v1");
  g_assert_cmpuint (reji_komoju_client_get_timeout (client), ==, REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT);

  g_assert_nonnull (key_pspec);
  g_assert_false (key_pspec->flags & G_PARAM_READABLE);

  g_signal_connect (client, "notify::timeout", G_CALLBACK (count_notify_cb), &notify_count);
  reji_komoju_client_set_timeout (client, 5);
  reji_komoju_client_set_timeout (client, 5);
  g_assert_cmpuint (reji_komoju_client_get_timeout (client), ==, 5);
  g_assert_cmpuint (notify_count, ==, 1);
}

static void
test_client_retry_properties (void)
{
  static const struct {
    const char *name;
    guint       default_value;
  } cases[] = {
    { "connect-timeout", REJI_KOMOJU_CLIENT_DEFAULT_CONNECT_TIMEOUT },
    { "max-attempts", REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS },
    { "retry-base-delay", REJI_KOMOJU_CLIENT_DEFAULT_RETRY_BASE_DELAY },
    { "retry-max-delay", REJI_KOMOJU_CLIENT_DEFAULT_RETRY_MAX_DELAY },
    { "max-retry-wait", REJI_KOMOJU_CLIENT_DEFAULT_MAX_RETRY_WAIT },
  };
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new ("http://127.0.0.1:1/api/v1", "sk_test_abc");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *signal_name = g_strconcat ("notify::", cases[i].name, NULL);
      guint notify_count = 0;
      guint value = 0;
      gulong handler;

      g_test_message ("property %s", cases[i].name);
      g_object_get (client, cases[i].name, &value, NULL);
      g_assert_cmpuint (value, ==, cases[i].default_value);

      handler = g_signal_connect (client, signal_name, G_CALLBACK (count_notify_cb), &notify_count);
      g_object_set (client, cases[i].name, 3, NULL);
      g_object_set (client, cases[i].name, 3, NULL);
      g_object_get (client, cases[i].name, &value, NULL);
      g_assert_cmpuint (value, ==, 3);
      g_assert_cmpuint (notify_count, ==, 1);
      g_signal_handler_disconnect (client, handler);
    }
}

/* Against the in-process simulator */

typedef struct
{
  RejiSimulator    *simulator;
  char             *base_url;
  RejiKomojuClient *client;
} SimulatorFixture;

static void
simulator_setup (SimulatorFixture *fixture,
                 gconstpointer     data)
{
  fixture->simulator = reji_test_start_simulator ();
  fixture->base_url = reji_simulator_dup_base_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (fixture->base_url, "sk_test_reji");
}

static void
simulator_teardown (SimulatorFixture *fixture,
                    gconstpointer     data)
{
  g_clear_object (&fixture->client);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_clear_pointer (&fixture->base_url, g_free);
}

/* Creates a token for @number and, when its status is NEEDS_VERIFY,
 * completes 3-D Secure with @password and reads the token again. */
static RejiSecureToken *
create_verified_token (SimulatorFixture *fixture,
                       const char       *number,
                       const char       *password)
{
  RejiSecureTokenRequest request = make_token_request (number);
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  if (token->verification_status != REJI_VERIFICATION_STATUS_NEEDS_VERIFY)
    return g_steal_pointer (&token);

  g_assert_nonnull (token->authentication_url);
  g_assert_cmpuint (reji_test_complete_3ds (token->authentication_url, password), ==, REDIRECT_STATUS);

  return get_token (fixture->client, token->id, &error);
}

static void
test_simulator_verify_and_charge (SimulatorFixture *fixture,
                                  gconstpointer     data)
{
  RejiSecureTokenRequest request = make_token_request (FRICTIONLESS_CARD);
  g_autofree char *origin = g_strndup (fixture->base_url, strlen (fixture->base_url) - strlen ("/api/v1"));
  g_autofree char *origin_prefix = g_strconcat (origin, "/", NULL);
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(RejiSecureToken) verified = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(RejiPayment) read_back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (fixture->base_url, "/api/v1"));

  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token->id);
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_NEEDS_VERIFY);
  g_assert_nonnull (token->authentication_url);
  g_assert_true (g_str_has_prefix (token->authentication_url, origin_prefix));

  g_assert_cmpuint (reji_test_complete_3ds (token->authentication_url, NULL), ==, REDIRECT_STATUS);
  verified = get_token (fixture->client, token->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (verified->id, ==, token->id);
  g_assert_cmpint (verified->verification_status, ==, REJI_VERIFICATION_STATUS_OK);

  payment = create_payment (fixture->client, token->id, 1000, "JPY", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment->id);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpint (payment->amount, ==, 1000);
  g_assert_cmpstr (payment->currency, ==, "JPY");
  g_assert_cmpstr (payment->brand, ==, "visa");
  g_assert_cmpstr (payment->last_four_digits, ==, "0100");

  read_back = get_payment (fixture->client, payment->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read_back->id, ==, payment->id);
  g_assert_cmpint (read_back->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpint (read_back->amount, ==, 1000);
  g_assert_cmpstr (read_back->currency, ==, "JPY");
  g_assert_cmpstr (read_back->brand, ==, "visa");
  g_assert_cmpstr (read_back->last_four_digits, ==, "0100");
}

static void
test_simulator_challenge_password (SimulatorFixture *fixture,
                                   gconstpointer     data)
{
  RejiSecureTokenRequest request = make_token_request (CHALLENGE_CARD);
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(RejiSecureToken) verified = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_NEEDS_VERIFY);
  g_assert_nonnull (token->authentication_url);

  g_assert_cmpuint (reji_test_complete_3ds (token->authentication_url, CHALLENGE_PASSWORD), ==, REDIRECT_STATUS);
  verified = get_token (fixture->client, token->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verified->verification_status, ==, REJI_VERIFICATION_STATUS_OK);
}

static void
test_simulator_skipped_card (SimulatorFixture *fixture,
                             gconstpointer     data)
{
  RejiSecureTokenRequest request = make_token_request (SKIPPED_CARD);
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_SKIPPED);

  payment = create_payment (fixture->client, token->id, 1000, "JPY", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpstr (payment->last_four_digits, ==, "1111");
}

static void
test_simulator_declined_card (SimulatorFixture *fixture,
                              gconstpointer     data)
{
  g_autoptr(RejiSecureToken) token = create_verified_token (fixture, DECLINED_CARD, CHALLENGE_PASSWORD);
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = create_payment (fixture->client, token->id, 1000, "JPY", NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "card_declined");
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_simulator_amount_mismatch (SimulatorFixture *fixture,
                                gconstpointer     data)
{
  g_autoptr(RejiSecureToken) token = create_verified_token (fixture, SKIPPED_CARD, NULL);
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = create_payment (fixture->client, token->id, 999, "JPY", NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "invalid_parameter");
  g_assert_cmpstr (reji_komoju_error_get_param (error), ==, "amount");
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 422);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_simulator_rejected_keys (SimulatorFixture *fixture,
                              gconstpointer     data)
{
  static const char * const keys[] = { "pk_test_x", "sk_live_x", "" };
  RejiSecureTokenRequest request = make_token_request (FRICTIONLESS_CARD);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (fixture->base_url, keys[i]);
      g_autoptr(RejiSecureToken) token = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("key “%s”", keys[i]);
      token = create_token (client, &request, NULL, NULL, &error);
      g_assert_null (token);
      g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
      g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 401);
      g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "unauthorized");
    }

  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
test_simulator_idempotent_payment (SimulatorFixture *fixture,
                                   gconstpointer     data)
{
  g_autoptr(RejiSecureToken) token = create_verified_token (fixture, SKIPPED_CARD, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(RejiPayment) first = NULL;
  g_autoptr(RejiPayment) second = NULL;
  g_autoptr(GError) error = NULL;

  first = create_payment (fixture->client, token->id, 1000, "JPY", key, &error);
  g_assert_no_error (error);
  second = create_payment (fixture->client, token->id, 1000, "JPY", key, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (second->id, ==, first->id);
  g_assert_cmpint (second->status, ==, first->status);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

/* Against a fixture server with canned responses */

#define JSON_TYPE "application/json"

typedef struct
{
  const char *method;
  const char *path;
  guint       status;
  const char *content_type;
  const char *body;
} CannedResponse;

static const CannedResponse canned_responses[] = {
  { "POST", "/api/v1/secure_tokens", 200, JSON_TYPE,
    "{\"id\": \"tok_created\", \"verification_status\": \"NEEDS_VERIFY\","
    " \"authentication_url\": \"http://127.0.0.1:1/3ds\", \"created_at\": \"2026-12-04T09:00:00Z\"}" },
  { "POST", "/api/v1/payments", 422, JSON_TYPE,
    "{\"error\": {\"code\": \"invalid_token\", \"message\": \"The token is invalid.\","
    " \"param\": null, \"details\": {}}}" },
  { "GET", "/api/v1/secure_tokens/tok_fallback", 200, JSON_TYPE,
    "{\"secure_token\": \"tok_x\", \"verification_status\": \"OK\"}" },
  { "GET", "/api/v1/secure_tokens/tok_malformed", 200, JSON_TYPE, "{\"id\": \"tok_m\", " },
  { "GET", "/api/v1/secure_tokens/tok_array", 200, JSON_TYPE, "[\"tok_a\"]" },
  { "GET", "/api/v1/secure_tokens/tok_empty", 200, JSON_TYPE, "" },
  { "GET", "/api/v1/secure_tokens/tok_html", 200, "text/html", "<html></html>" },
  { "GET", "/api/v1/secure_tokens/tok_unknown_status", 200, JSON_TYPE,
    "{\"id\": \"tok_u\", \"verification_status\": \"MAYBE\"}" },
  { "GET", "/api/v1/secure_tokens/tok_numeric_id", 200, JSON_TYPE,
    "{\"id\": 42, \"verification_status\": \"OK\"}" },
  { "GET", "/api/v1/secure_tokens/tok_url_number", 200, JSON_TYPE,
    "{\"id\": \"tok_n\", \"verification_status\": \"NEEDS_VERIFY\", \"authentication_url\": 7}" },
  { "GET", "/api/v1/secure_tokens/tok_bad_date", 200, JSON_TYPE,
    "{\"id\": \"tok_d\", \"verification_status\": \"OK\", \"created_at\": \"yesterday\"}" },
  { "GET", "/api/v1/payments/pay_full", 200, JSON_TYPE,
    "{\"id\": \"pay_full\", \"resource\": \"payment\", \"status\": \"captured\", \"amount\": 1000,"
    " \"tax\": 0, \"currency\": \"JPY\", \"captured_at\": \"2026-12-04T09:01:02Z\","
    " \"payment_details\": {\"type\": \"credit_card\", \"brand\": \"visa\", \"last_four_digits\": \"0100\"}}" },
  { "GET", "/api/v1/payments/pay_amount_double", 200, JSON_TYPE,
    "{\"id\": \"pay_d\", \"status\": \"pending\", \"amount\": 1000.0, \"currency\": \"JPY\","
    " \"captured_at\": null, \"payment_details\": null}" },
  { "GET", "/api/v1/payments/pay_amount_string", 200, JSON_TYPE,
    "{\"id\": \"pay_s\", \"status\": \"captured\", \"amount\": \"1000\", \"currency\": \"JPY\"}" },
  { "GET", "/api/v1/payments/pay_amount_fraction", 200, JSON_TYPE,
    "{\"id\": \"pay_f\", \"status\": \"captured\", \"amount\": 1000.5, \"currency\": \"JPY\"}" },
  { "GET", "/api/v1/payments/pay_amount_huge", 200, JSON_TYPE,
    "{\"id\": \"pay_h\", \"status\": \"captured\", \"amount\": 1e19, \"currency\": \"JPY\"}" },
  { "GET", "/api/v1/payments/pay_missing_currency", 200, JSON_TYPE,
    "{\"id\": \"pay_c\", \"status\": \"captured\", \"amount\": 1000}" },
  { "GET", "/api/v1/payments/pay_unknown_status", 200, JSON_TYPE,
    "{\"id\": \"pay_u\", \"status\": \"settled\", \"amount\": 1000, \"currency\": \"JPY\"}" },
  { "GET", "/api/v1/payments/pay_brand_number", 200, JSON_TYPE,
    "{\"id\": \"pay_b\", \"status\": \"captured\", \"amount\": 1000, \"currency\": \"JPY\","
    " \"payment_details\": {\"brand\": 4}}" },
  { "GET", "/api/v1/payments/pay_bad_date", 200, JSON_TYPE,
    "{\"id\": \"pay_t\", \"status\": \"captured\", \"amount\": 1000, \"currency\": \"JPY\","
    " \"captured_at\": \"soon\"}" },
  { "GET", "/api/v1/payments/pay_unavailable", 503, "text/plain", "Down for maintenance" },
  { "GET", "/api/v1/payments/pay_bad_gateway_json", 502, JSON_TYPE, "{\"message\": \"upstream\"}" },
};

/* The path whose requests the server pauses until the test ends. */
#define HELD_PATH "/api/v1/payments/pay_held"

typedef struct
{
  SoupServer         *server;
  char               *base_url;
  RejiKomojuClient   *client;

  /* The last request the server received. */
  char               *request_method;
  char               *request_path;
  guint               request_query_size;
  SoupMessageHeaders *request_headers;
  GBytes             *request_body;

  GPtrArray          *held_messages;  /* (element-type SoupServerMessage) paused */
  gboolean            request_held;
} ServerFixture;

static const CannedResponse *
find_canned_response (const char *method,
                    const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (canned_responses); i++)
    {
      if (g_str_equal (canned_responses[i].method, method)
          && g_str_equal (canned_responses[i].path, path))
        return &canned_responses[i];
    }

  return NULL;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  ServerFixture *fixture = user_data;
  const char *method = soup_server_message_get_method (message);
  const CannedResponse *response;

  g_free (fixture->request_method);
  fixture->request_method = g_strdup (method);
  /* libsoup hands the path over percent-decoded. */
  g_free (fixture->request_path);
  fixture->request_path = g_strdup (path);
  fixture->request_query_size = query != NULL ? g_hash_table_size (query) : 0;
  g_clear_pointer (&fixture->request_headers, soup_message_headers_unref);
  fixture->request_headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  g_clear_pointer (&fixture->request_body, g_bytes_unref);
  fixture->request_body = soup_message_body_flatten (soup_server_message_get_request_body (message));

  if (g_str_equal (path, HELD_PATH))
    {
      soup_server_message_pause (message);
      g_ptr_array_add (fixture->held_messages, g_object_ref (message));
      fixture->request_held = TRUE;
      return;
    }

  response = find_canned_response (method, path);
  if (response == NULL)
    {
      const char *not_found = "{\"error\": {\"code\": \"not_found\", \"message\": \"Not found.\", \"param\": null}}";

      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (message, JSON_TYPE, SOUP_MEMORY_STATIC, not_found, strlen (not_found));
      return;
    }

  soup_server_message_set_status (message, response->status, NULL);
  soup_server_message_set_response (message, response->content_type, SOUP_MEMORY_STATIC,
                                    response->body, strlen (response->body));
}

static void
server_setup (ServerFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *root = NULL;

  fixture->held_messages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  root = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* root is "http://127.0.0.1:PORT/". */
  fixture->base_url = g_strconcat (root, "api/v1", NULL);
  fixture->client = reji_komoju_client_new (fixture->base_url, "sk_test_abc");
  /* Retries are tested in test-komoju-retry.c; here they only slow the
   * failure cases down. */
  g_object_set (fixture->client, "retry-base-delay", 1, "retry-max-delay", 1, NULL);
}

static void
server_teardown (ServerFixture *fixture,
                 gconstpointer  data)
{
  g_clear_object (&fixture->client);

  for (guint i = 0; i < fixture->held_messages->len; i++)
    {
      SoupServerMessage *message = g_ptr_array_index (fixture->held_messages, i);

      soup_server_message_set_status (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (message);
    }
  g_clear_pointer (&fixture->held_messages, g_ptr_array_unref);

  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->request_method, g_free);
  g_clear_pointer (&fixture->request_path, g_free);
  g_clear_pointer (&fixture->request_headers, soup_message_headers_unref);
  g_clear_pointer (&fixture->request_body, g_bytes_unref);
}

static JsonObject *
parse_request_body (ServerFixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  g_assert_nonnull (fixture->request_body);
  data = g_bytes_get_data (fixture->request_body, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_member_type (JsonObject *object,
                    const char *name,
                    GType       expected_type)
{
  JsonNode *node = json_object_get_member (object, name);

  g_test_message ("member “%s”", name);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, g_type_name (expected_type));
}

static void
assert_common_headers (ServerFixture *fixture)
{
  g_autofree char *expected_authorization = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "sk_test_abc:", strlen ("sk_test_abc:"));
  SoupMessageHeaders *headers = fixture->request_headers;

  expected_authorization = g_strconcat ("Basic ", encoded, NULL);
  g_assert_nonnull (headers);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, expected_authorization);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Accept"), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-KOMOJU-API-VERSION"), ==, "2025-01-28");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "User-Agent"), ==, "Reji/" PACKAGE_VERSION);
}

static void
test_server_token_request (ServerFixture *fixture,
                           gconstpointer  data)
{
  RejiSecureTokenRequest request = make_token_request ("4100000000000100");
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GDateTime) expected_created_at = g_date_time_new_utc (2026, 12, 4, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  JsonObject *details;

  request.name = "TARO YAMADA";
  token = create_token (fixture->client, &request, "idem-token-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token->id, ==, "tok_created");
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_NEEDS_VERIFY);
  g_assert_cmpstr (token->authentication_url, ==, "http://127.0.0.1:1/3ds");
  g_assert_nonnull (token->created_at);
  g_assert_true (g_date_time_equal (token->created_at, expected_created_at));

  g_assert_cmpstr (fixture->request_method, ==, "POST");
  g_assert_cmpstr (fixture->request_path, ==, "/api/v1/secure_tokens");
  assert_common_headers (fixture);
  g_assert_cmpstr (soup_message_headers_get_content_type (fixture->request_headers, NULL), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (fixture->request_headers, "X-KOMOJU-IDEMPOTENCY"), ==, "idem-token-1");

  body = parse_request_body (fixture);
  assert_member_type (body, "amount", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "amount"), ==, 1000);
  assert_member_type (body, "currency", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (body, "currency"), ==, "JPY");
  g_assert_cmpstr (json_object_get_string_member (body, "return_url"), ==, "http://127.0.0.1:1/return");

  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "payment_details")));
  details = json_object_get_object_member (body, "payment_details");
  g_assert_cmpstr (json_object_get_string_member (details, "type"), ==, "credit_card");
  assert_member_type (details, "number", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (details, "number"), ==, "4100000000000100");
  assert_member_type (details, "month", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (details, "month"), ==, 12);
  assert_member_type (details, "year", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (details, "year"), ==, 2030);
  assert_member_type (details, "verification_value", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (details, "verification_value"), ==, "123");
  g_assert_cmpstr (json_object_get_string_member (details, "name"), ==, "TARO YAMADA");
  g_assert_false (json_object_has_member (details, "email"));
}

static void
test_server_payment_request (ServerFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  payment = create_payment (fixture->client, "tok_paid", 2500, "JPY", "idem-payment-1", &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);

  g_assert_cmpstr (fixture->request_method, ==, "POST");
  g_assert_cmpstr (fixture->request_path, ==, "/api/v1/payments");
  assert_common_headers (fixture);
  g_assert_cmpstr (soup_message_headers_get_content_type (fixture->request_headers, NULL), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (fixture->request_headers, "X-KOMOJU-IDEMPOTENCY"), ==, "idem-payment-1");

  body = parse_request_body (fixture);
  assert_member_type (body, "amount", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "amount"), ==, 2500);
  g_assert_cmpstr (json_object_get_string_member (body, "currency"), ==, "JPY");
  assert_member_type (body, "payment_details", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (body, "payment_details"), ==, "tok_paid");
  assert_member_type (body, "tax", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "tax"), ==, 0);
}

static void
test_server_random_idempotency_key (ServerFixture *fixture,
                                    gconstpointer  data)
{
  RejiSecureTokenRequest request = make_token_request ("4100000000000100");
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_key = NULL;
  const char *second_key;

  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  first_key = g_strdup (soup_message_headers_get_one (fixture->request_headers, "X-KOMOJU-IDEMPOTENCY"));
  g_assert_nonnull (first_key);
  g_assert_true (g_uuid_string_is_valid (first_key));

  g_clear_pointer (&token, reji_secure_token_free);
  token = create_token (fixture->client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  second_key = soup_message_headers_get_one (fixture->request_headers, "X-KOMOJU-IDEMPOTENCY");
  g_assert_nonnull (second_key);
  g_assert_cmpstr (second_key, !=, first_key);
}

static void
test_server_get_has_no_body (ServerFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = get_payment (fixture->client, "pay_full", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fixture->request_method, ==, "GET");
  assert_common_headers (fixture);
  g_assert_null (soup_message_headers_get_one (fixture->request_headers, "X-KOMOJU-IDEMPOTENCY"));
  g_assert_cmpuint (g_bytes_get_size (fixture->request_body), ==, 0);
}

static void
test_server_escaped_id (ServerFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = get_token (fixture->client, "tok a/b?c", &error);
  g_assert_null (token);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "not_found");
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 404);
  /* A '?' sent unescaped would have started a query. */
  g_assert_cmpstr (fixture->request_path, ==, "/api/v1/secure_tokens/tok a/b?c");
  g_assert_cmpuint (fixture->request_query_size, ==, 0);
}

static void
test_server_token_fallback_id (ServerFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = get_token (fixture->client, "tok_fallback", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token->id, ==, "tok_x");
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_OK);
  g_assert_null (token->authentication_url);
  g_assert_null (token->created_at);
}

static void
test_server_invalid_tokens (ServerFixture *fixture,
                            gconstpointer  data)
{
  static const char * const token_ids[] = {
    "tok_malformed",
    "tok_array",
    "tok_empty",
    "tok_html",
    "tok_unknown_status",
    "tok_numeric_id",
    "tok_url_number",
    "tok_bad_date",
  };

  for (guint i = 0; i < G_N_ELEMENTS (token_ids); i++)
    {
      g_autoptr(RejiSecureToken) token = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("token %s", token_ids[i]);
      token = get_token (fixture->client, token_ids[i], &error);
      g_assert_null (token);
      g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
      g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 0);
    }
}

static void
test_server_payment_parsed (ServerFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(RejiPayment) pending = NULL;
  g_autoptr(GDateTime) expected_captured_at = g_date_time_new_utc (2026, 12, 4, 9, 1, 2);
  g_autoptr(GError) error = NULL;

  payment = get_payment (fixture->client, "pay_full", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payment->id, ==, "pay_full");
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpint (payment->amount, ==, 1000);
  g_assert_cmpstr (payment->currency, ==, "JPY");
  g_assert_cmpstr (payment->brand, ==, "visa");
  g_assert_cmpstr (payment->last_four_digits, ==, "0100");
  g_assert_nonnull (payment->captured_at);
  g_assert_true (g_date_time_equal (payment->captured_at, expected_captured_at));

  /* 1000.0 is an integral amount even though json-glib reads a double. */
  pending = get_payment (fixture->client, "pay_amount_double", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pending->amount, ==, 1000);
  g_assert_cmpint (pending->status, ==, REJI_PAYMENT_STATUS_PENDING);
  g_assert_null (pending->brand);
  g_assert_null (pending->last_four_digits);
  g_assert_null (pending->captured_at);
}

static void
test_server_invalid_payments (ServerFixture *fixture,
                              gconstpointer  data)
{
  static const char * const payment_ids[] = {
    "pay_amount_string",
    "pay_amount_fraction",
    "pay_amount_huge",
    "pay_missing_currency",
    "pay_unknown_status",
    "pay_brand_number",
    "pay_bad_date",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payment_ids); i++)
    {
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("payment %s", payment_ids[i]);
      payment = get_payment (fixture->client, payment_ids[i], NULL, &error);
      g_assert_null (payment);
      g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
    }
}

static void
test_server_http_status (ServerFixture *fixture,
                         gconstpointer  data)
{
  static const struct {
    const char *payment_id;
    guint       status;
  } cases[] = {
    { "pay_unavailable", 503 },
    { "pay_bad_gateway_json", 502 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *status_text = g_strdup_printf ("%u", cases[i].status);

      g_test_message ("payment %s", cases[i].payment_id);
      payment = get_payment (fixture->client, cases[i].payment_id, NULL, &error);
      g_assert_null (payment);
      g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS);
      g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, cases[i].status);
      g_assert_null (reji_komoju_error_get_api_code (error));
      g_assert_nonnull (strstr (error->message, status_text));
    }
}

static void
test_server_api_error_null_param (ServerFixture *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = create_payment (fixture->client, "tok_used", 1000, "JPY", NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (error->message, ==, "The token is invalid.");
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "invalid_token");
  g_assert_null (reji_komoju_error_get_param (error));
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 422);
}

static void
test_server_cancel_held_request (ServerFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  reji_komoju_client_get_payment_async (fixture->client, "pay_held", cancellable, async_done_cb, &wait);
  reji_test_wait_until (&fixture->request_held);
  g_assert_false (wait.done);

  g_cancellable_cancel (cancellable);
  result = wait_for_result (&wait);
  payment = reji_komoju_client_get_payment_finish (fixture->client, result, &error);
  g_assert_null (payment);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_server_cancel_before_call (ServerFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RejiSecureTokenRequest request = make_token_request ("4100000000000100");
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  token = create_token (fixture->client, &request, NULL, cancellable, &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_server_timeout (ServerFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (fixture->base_url, "sk_test_abc");
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  reji_komoju_client_set_timeout (client, 1);
  g_object_set (client, "max-attempts", 1, NULL);
  payment = get_payment (client, "pay_held", NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT);
  g_assert_true (fixture->request_held);
}

/* Network failure, without any server */

static guint
find_unused_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return port;
}

static void
test_network_failure (void)
{
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", find_unused_port ());
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (base_url, "sk_test_abc");
  RejiSecureTokenRequest request = make_token_request ("4100000000000100");
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (client, &request, NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/komoju-client/verification-status-strings", test_verification_status_strings);
  g_test_add_func ("/reji/komoju-client/payment-status-strings", test_payment_status_strings);
  g_test_add_func ("/reji/komoju-client/boxed-copies", test_boxed_copies);
  g_test_add_func ("/reji/komoju-client/error-accessors", test_error_accessors);
  g_test_add_func ("/reji/komoju-client/properties", test_client_properties);
  g_test_add_func ("/reji/komoju-client/retry-properties", test_client_retry_properties);

#define ADD_SIMULATOR_TEST(name, func) \
  g_test_add ("/reji/komoju-client/simulator/" name, SimulatorFixture, NULL, \
              simulator_setup, func, simulator_teardown)
  ADD_SIMULATOR_TEST ("verify-and-charge", test_simulator_verify_and_charge);
  ADD_SIMULATOR_TEST ("challenge-password", test_simulator_challenge_password);
  ADD_SIMULATOR_TEST ("skipped-card", test_simulator_skipped_card);
  ADD_SIMULATOR_TEST ("declined-card", test_simulator_declined_card);
  ADD_SIMULATOR_TEST ("amount-mismatch", test_simulator_amount_mismatch);
  ADD_SIMULATOR_TEST ("rejected-keys", test_simulator_rejected_keys);
  ADD_SIMULATOR_TEST ("idempotent-payment", test_simulator_idempotent_payment);
#undef ADD_SIMULATOR_TEST

#define ADD_SERVER_TEST(name, func) \
  g_test_add ("/reji/komoju-client/fixture/" name, ServerFixture, NULL, \
              server_setup, func, server_teardown)
  ADD_SERVER_TEST ("token-request", test_server_token_request);
  ADD_SERVER_TEST ("payment-request", test_server_payment_request);
  ADD_SERVER_TEST ("random-idempotency-key", test_server_random_idempotency_key);
  ADD_SERVER_TEST ("get-has-no-body", test_server_get_has_no_body);
  ADD_SERVER_TEST ("escaped-id", test_server_escaped_id);
  ADD_SERVER_TEST ("token-fallback-id", test_server_token_fallback_id);
  ADD_SERVER_TEST ("invalid-tokens", test_server_invalid_tokens);
  ADD_SERVER_TEST ("payment-parsed", test_server_payment_parsed);
  ADD_SERVER_TEST ("invalid-payments", test_server_invalid_payments);
  ADD_SERVER_TEST ("http-status", test_server_http_status);
  ADD_SERVER_TEST ("api-error-null-param", test_server_api_error_null_param);
  ADD_SERVER_TEST ("cancel-held-request", test_server_cancel_held_request);
  ADD_SERVER_TEST ("cancel-before-call", test_server_cancel_before_call);
  ADD_SERVER_TEST ("timeout", test_server_timeout);
#undef ADD_SERVER_TEST

  g_test_add_func ("/reji/komoju-client/network-failure", test_network_failure);

  return g_test_run ();
}
