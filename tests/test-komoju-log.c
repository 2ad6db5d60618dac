/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-log.h"
#include "reji-test-utils.h"

/* The client's debug logs show every request and response but never a
 * card number, security code, secret key or Authorization value. */

#define CARD_NUMBER   "4100000000000100"
#define SECURITY_CODE "123"
#define SECRET_KEY    "sk_test_reji"

/* Every log line while capturing is on, formatted as the default writer
 * would print it. */
static GString  *captured;
static gboolean  capturing;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = NULL;

  if (!capturing)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  g_string_append (captured, line);
  g_string_append_c (captured, '\n');

  /* A failing test still shows why. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

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

/* Creates a token, completes 3-D Secure, reads the token and charges it,
 * as a sale does. */
static void
run_sale_flow (RejiKomojuClient *client)
{
  RejiSecureTokenRequest request = {
    .amount = 1000,
    .currency = "JPY",
    .return_url = "http://127.0.0.1:1/return",
    .number = CARD_NUMBER,
    .month = 12,
    .year = 2030,
    .security_code = SECURITY_CODE,
  };
  AsyncWait create_wait = { 0 };
  AsyncWait get_wait = { 0 };
  AsyncWait pay_wait = { 0 };
  g_autoptr(GAsyncResult) create_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GAsyncResult) pay_result = NULL;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(RejiSecureToken) verified = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  reji_komoju_client_create_secure_token_async (client, &request, NULL, NULL, async_done_cb, &create_wait);
  create_result = wait_for_result (&create_wait);
  token = reji_komoju_client_create_secure_token_finish (client, create_result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token->authentication_url);

  reji_test_complete_3ds (token->authentication_url, NULL);
  reji_komoju_client_get_secure_token_async (client, token->id, NULL, async_done_cb, &get_wait);
  get_result = wait_for_result (&get_wait);
  verified = reji_komoju_client_get_secure_token_finish (client, get_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verified->verification_status, ==, REJI_VERIFICATION_STATUS_OK);

  reji_komoju_client_create_payment_for_order_async (client, token->id, 1000, "JPY", "order-log-1",
                                                     NULL, NULL, async_done_cb, &pay_wait);
  pay_result = wait_for_result (&pay_wait);
  payment = reji_komoju_client_create_payment_finish (client, pay_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
}

static void
assert_absent (const char *text,
               const char *secret)
{
  g_test_message ("must not appear: %s", secret);
  g_assert_null (strstr (text, secret));
}

static void
assert_present (const char *text,
                const char *marker)
{
  g_test_message ("must appear: %s", marker);
  g_assert_nonnull (strstr (text, marker));
}

static void
test_sale_flow_redacted (void)
{
  g_autoptr(RejiSimulator) simulator = reji_test_start_simulator ();
  g_autofree char *base_url = reji_simulator_dup_base_url (simulator);
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (base_url, SECRET_KEY);
  g_autofree char *encoded_key = g_base64_encode ((const guchar *) SECRET_KEY ":", strlen (SECRET_KEY ":"));

  captured = g_string_new (NULL);
  capturing = TRUE;
  run_sale_flow (client);
  capturing = FALSE;

  assert_present (captured->str, "Request POST /api/v1/secure_tokens");
  assert_present (captured->str, "Request GET /api/v1/secure_tokens/");
  assert_present (captured->str, "Request POST /api/v1/payments");
  assert_present (captured->str, "Response to POST /api/v1/payments: HTTP 200");
  assert_present (captured->str, "Authorization: Basic [redacted]");
  assert_present (captured->str, "\"number\":\"[redacted]\"");
  assert_present (captured->str, "\"verification_value\":\"[redacted]\"");
  assert_present (captured->str, "\"external_order_num\":\"order-log-1\"");

  assert_absent (captured->str, CARD_NUMBER);
  assert_absent (captured->str, "\"verification_value\":\"" SECURITY_CODE "\"");
  assert_absent (captured->str, "\"verification_value\": \"" SECURITY_CODE "\"");
  assert_absent (captured->str, SECRET_KEY);
  assert_absent (captured->str, encoded_key);

  g_string_free (g_steal_pointer (&captured), TRUE);
  reji_simulator_shutdown (simulator);
}

static void
test_redact_body (void)
{
  static const struct {
    const char *body;
    const char *expected;
  } cases[] = {
    { "{\"number\":\"4100000000000100\",\"verification_value\":\"123\"}",
      "{\"number\":\"[redacted]\",\"verification_value\":\"[redacted]\"}" },
    { "{\"number\" : 4100000000000100, \"month\": 12}",
      "{\"number\" : \"[redacted]\", \"month\": 12}" },
    { "{\"verification_value\":\"1\\\"23\"}", "{\"verification_value\":\"[redacted]\"}" },
    { "card 4100 0000 0000 0100 end", "card [redacted] end" },
    { "card 4100-0000-0000-0100", "card [redacted]" },
    { "pan=4100000000000000100", "pan=[redacted]" },
    { "pan=4100000000001", "pan=[redacted]" },
    { "{\"amount\":1000,\"id\":\"123456789012\"}", "{\"amount\":1000,\"id\":\"123456789012\"}" },
    { "{\"created_at\":\"2026-12-04T09:00:00Z\"}", "{\"created_at\":\"2026-12-04T09:00:00Z\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = reji_komoju_redact_body (cases[i].body, strlen (cases[i].body));

      g_assert_cmpstr (redacted, ==, cases[i].expected);
    }
}

static void
test_redact_unusual_bodies (void)
{
  static const char invalid_utf8[] = "{\"number\":\"41000000\xff" "00000100\"}";
  g_autofree char *empty = reji_komoju_redact_body (NULL, 0);
  g_autofree char *broken = reji_komoju_redact_body (invalid_utf8, sizeof invalid_utf8 - 1);
  g_autofree char *long_body = g_strnfill (10000, '7');
  g_autofree char *long_redacted = reji_komoju_redact_body (long_body, strlen (long_body));

  g_assert_cmpstr (empty, ==, "(empty)");
  g_assert_cmpstr (broken, ==, "{\"number\":\"[redacted]\"}");
  g_assert_cmpstr (long_redacted, ==, "[redacted]");
}

int
main (int   argc,
      char *argv[])
{
  /* Before any log line, so the debug lines are formatted at all. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/komoju-log/redact-body", test_redact_body);
  g_test_add_func ("/reji/komoju-log/redact-unusual-bodies", test_redact_unusual_bodies);
  g_test_add_func ("/reji/komoju-log/sale-flow-redacted", test_sale_flow_redacted);

  return g_test_run ();
}
