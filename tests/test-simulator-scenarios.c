/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The simulator's fault scenarios, idempotency conflicts, cancel, refund
 * and payment lists. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "reji-simulator.h"
#include "reji-test-utils.h"

#define TEST_KEY "sk_test_scenarios"
#define NO_3DS_CARD "4111111111111111"
#define OTHER_NO_3DS_CARD "5555555555554444"

typedef struct
{
  RejiSimulator *simulator;
  SoupSession   *session;
  char          *base_url;
  char          *origin;
} Fixture;

typedef struct
{
  gboolean  done;
  guint     status;
  GBytes   *body;
  char     *retry_after;
  goffset   content_length;
  GError   *error;
} Response;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->simulator = reji_test_start_simulator ();
  fixture->session = soup_session_new ();
  fixture->base_url = reji_simulator_dup_base_url (fixture->simulator);
  fixture->origin = g_strndup (fixture->base_url, strlen (fixture->base_url) - strlen ("/api/v1"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_clear_object (&fixture->session);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->origin, g_free);
}

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->retry_after, g_free);
  g_clear_error (&response->error);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Response *response = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &response->error);
  response->status = soup_message_get_status (message);
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->content_length = soup_message_headers_get_content_length (headers);
  response->done = TRUE;
}

/* Starts one request with the async API (the sync API deadlocks against
 * a server on the same main context). Each request takes a new
 * connection: on a reused one, libsoup may silently resend a request
 * whose connection the server closed. */
static void
start_request (Fixture    *fixture,
               const char *method,
               const char *url,
               const char *body,
               const char *idempotency_key,
               const char *scenario,
               Response   *response)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autofree char *credentials = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (message);
  headers = soup_message_get_request_headers (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_NEW_CONNECTION);
  credentials = g_base64_encode ((const guchar *) TEST_KEY ":", strlen (TEST_KEY ":"));
  authorization = g_strconcat ("Basic ", credentials, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "X-KOMOJU-IDEMPOTENCY", idempotency_key);
  if (scenario != NULL)
    soup_message_headers_replace (headers, "Komoju-Scenario", scenario);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, response);
}

static void
send_request (Fixture    *fixture,
              const char *method,
              const char *path,
              const char *body,
              const char *idempotency_key,
              const char *scenario,
              Response   *response)
{
  g_autofree char *url = g_str_has_prefix (path, "/simulator/")
                         ? g_strconcat (fixture->origin, path, NULL)
                         : g_strconcat (fixture->base_url, path, NULL);

  start_request (fixture, method, url, body, idempotency_key, scenario, response);
  reji_test_wait_until (&response->done);
}

static JsonObject *
try_parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
parse_object (GBytes *body)
{
  JsonObject *object = try_parse_object (body);

  g_assert_nonnull (object);
  return object;
}

/* Sends a request that must get a JSON response, and returns it. */
static JsonObject *
request_json (Fixture    *fixture,
              const char *method,
              const char *path,
              const char *body,
              const char *idempotency_key,
              guint      *out_status)
{
  Response response = { 0 };
  JsonObject *object;

  send_request (fixture, method, path, body, idempotency_key, NULL, &response);
  g_assert_no_error (response.error);
  *out_status = response.status;
  object = parse_object (response.body);
  response_clear (&response);

  return object;
}

static char *
token_body (const char *number)
{
  return g_strdup_printf ("{\"amount\": 1000, \"currency\": \"JPY\", "
                          "\"return_url\": \"https://shop.example/done\", "
                          "\"payment_details\": {\"type\": \"credit_card\", \"number\": \"%s\", "
                          "\"month\": 8, \"year\": 2030, \"verification_value\": \"123\"}}",
                          number);
}

/* Creates a token for @number without scenarios and returns its id. */
static char *
create_token_id (Fixture    *fixture,
                 const char *number)
{
  g_autofree char *body = token_body (number);
  guint status = 0;
  g_autoptr(JsonObject) token = request_json (fixture, "POST", "/secure_tokens", body, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (token, "id"));
}

static char *
charge_body (const char *token_id,
             const char *extra)
{
  return g_strdup_printf ("{\"amount\": 1000, \"currency\": \"JPY\", \"tax\": 100, "
                          "\"payment_details\": \"%s\"%s}",
                          token_id, extra != NULL ? extra : "");
}

static void
assert_error_code (JsonObject *answer,
                   const char *code)
{
  JsonObject *error = json_object_get_object_member (answer, "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

/* Sets a scenario through `POST /simulator/scenario`. */
static void
post_scenario (Fixture    *fixture,
               const char *body)
{
  guint status = 0;
  g_autoptr(JsonObject) list = request_json (fixture, "POST", "/simulator/scenario", body, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_has_member (list, "scenarios"));
}

typedef enum
{
  WAY_HEADER,
  WAY_CONTROL,
  WAY_API,
  WAY_CARD,
} Way;

typedef enum
{
  OUTCOME_NETWORK_ERROR,
  OUTCOME_ERROR_JSON,
  OUTCOME_INVALID_JSON,
  OUTCOME_TRUNCATED_JSON,
  OUTCOME_PAYMENT,
} Outcome;

typedef struct
{
  const char *spec;
  /* The fault card with the same scenario. */
  const char *card;
  Outcome     outcome;
  guint       status;
  const char *code;
  guint       n_payments;
} ChargeCase;

static const ChargeCase charge_cases[] = {
  { "drop-before", "4111111111119973", OUTCOME_NETWORK_ERROR, 0, NULL, 0 },
  { "drop-after", "4111111111119981", OUTCOME_NETWORK_ERROR, 0, NULL, 1 },
  { "status:503", "4111111111119965", OUTCOME_ERROR_JSON, 503, "service_unavailable", 0 },
  { "status:429", "4111111111119957", OUTCOME_ERROR_JSON, 429, "too_many_requests", 0 },
  { "malformed-json", "4111111111119932", OUTCOME_INVALID_JSON, 200, NULL, 1 },
  { "truncated-json", "4111111111119924", OUTCOME_TRUNCATED_JSON, 200, NULL, 1 },
  { "delay:50", "4111111111119940", OUTCOME_PAYMENT, 200, NULL, 1 },
  { "insufficient_funds", "4123111111111000", OUTCOME_ERROR_JSON, 422, "insufficient_funds", 0 },
};

static void
assert_charge_outcome (const ChargeCase *test_case,
                       Response         *response)
{
  g_autoptr(JsonObject) answer = NULL;

  if (test_case->outcome == OUTCOME_NETWORK_ERROR)
    {
      g_assert_nonnull (response->error);
      return;
    }

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, test_case->status);
  answer = try_parse_object (response->body);

  switch (test_case->outcome)
    {
    case OUTCOME_ERROR_JSON:
      g_assert_nonnull (answer);
      assert_error_code (answer, test_case->code);
      if (test_case->status == 429)
        g_assert_cmpstr (response->retry_after, ==, "1");
      break;
    case OUTCOME_INVALID_JSON:
      g_assert_null (answer);
      break;
    case OUTCOME_TRUNCATED_JSON:
      g_assert_null (answer);
      g_assert_cmpint (response->content_length, ==, (goffset) g_bytes_get_size (response->body));
      g_assert_cmpuint (g_bytes_get_size (response->body), >, 0);
      break;
    case OUTCOME_PAYMENT:
      g_assert_nonnull (answer);
      g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "captured");
      break;
    case OUTCOME_NETWORK_ERROR:
    default:
      g_assert_not_reached ();
    }
}

/* Charges a card with the scenario of @test_case, set in the way @way
 * names, then checks the response, the ledger and that a
 * second charge of another card goes through. */
static void
run_charge_case (Fixture          *fixture,
                 Way               way,
                 const ChargeCase *test_case)
{
  const char *number = way == WAY_CARD ? test_case->card : NO_3DS_CARD;
  g_autofree char *token_id = create_token_id (fixture, number);
  g_autofree char *other_token_id = create_token_id (fixture, OTHER_NO_3DS_CARD);
  g_autofree char *body = charge_body (token_id, NULL);
  g_autofree char *other_body = charge_body (other_token_id, NULL);
  g_autofree char *control = NULL;
  RejiSimScenario scenario = { 0 };
  Response response = { 0 };
  Response other = { 0 };

  g_test_message ("scenario %s", test_case->spec);
  reji_simulator_clear_scenarios (fixture->simulator);
  if (way == WAY_CONTROL)
    {
      control = g_strdup_printf ("{\"scenario\": \"%s\", \"times\": 1, \"path\": \"payments\", "
                                 "\"card\": \"1111\"}", test_case->spec);
      post_scenario (fixture, control);
    }
  else if (way == WAY_API)
    {
      g_assert_true (reji_simulator_parse_scenario (test_case->spec, &scenario, NULL));
      scenario.times = 1;
      reji_simulator_set_scenario (fixture->simulator, &scenario);
    }

  send_request (fixture, "POST", "/payments", body, NULL,
                way == WAY_HEADER ? test_case->spec : NULL, &response);
  assert_charge_outcome (test_case, &response);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, test_case->n_payments);

  /* The scenario has done its one request, or it is for one card only. */
  send_request (fixture, "POST", "/payments", other_body, NULL, NULL, &other);
  g_assert_no_error (other.error);
  g_assert_cmpuint (other.status, ==, 200);

  response_clear (&response);
  response_clear (&other);
}

static void
test_charge_faults (Fixture       *fixture,
                    gconstpointer  user_data)
{
  Way way = GPOINTER_TO_INT (user_data);

  for (gsize i = 0; i < G_N_ELEMENTS (charge_cases); i++)
    {
      /* Each case starts with an empty ledger. */
      fixture_teardown (fixture, NULL);
      fixture_setup (fixture, NULL);

      run_charge_case (fixture, way, &charge_cases[i]);
      g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==,
                        charge_cases[i].n_payments + 1);
      g_assert_cmpuint (reji_simulator_get_n_requests (fixture->simulator, "POST", "/payments"), ==, 2);
    }
}

typedef struct
{
  gboolean       done;
  RejiSimulator *simulator;
  const char    *token_id;
  const char    *status;
} StatusWait;

static gboolean
check_token_status_cb (gpointer user_data)
{
  StatusWait *wait = user_data;

  wait->done = g_strcmp0 (reji_simulator_get_token_status (wait->simulator, wait->token_id),
                          wait->status) == 0;
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
wait_for_token_status (Fixture    *fixture,
                       const char *token_id,
                       const char *status)
{
  StatusWait wait = { FALSE, fixture->simulator, token_id, status };
  guint source = g_timeout_add (50, check_token_status_cb, &wait);

  reji_test_wait_until (&wait.done);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, token_id), ==, status);
  if (!wait.done)
    g_source_remove (source);
}

/* Creates a 3-D Secure token with the token scenario @spec set in the way
 * @way names, and returns the token's JSON. */
static JsonObject *
create_token_with (Fixture    *fixture,
                   Way         way,
                   const char *spec,
                   const char *fault_card)
{
  const char *number = way == WAY_CARD ? fault_card : "4100000000000100";
  g_autofree char *body = token_body (number);
  g_autofree char *control = NULL;
  RejiSimScenario scenario = { 0 };
  Response response = { 0 };
  JsonObject *token;

  if (way == WAY_CONTROL)
    {
      control = g_strdup_printf ("{\"scenario\": \"%s\", \"times\": 1, \"path\": \"secure_tokens\", "
                                 "\"card\": \"4100000000000100\"}", spec);
      post_scenario (fixture, control);
    }
  else if (way == WAY_API)
    {
      g_assert_true (reji_simulator_parse_scenario (spec, &scenario, NULL));
      scenario.times = 1;
      reji_simulator_set_scenario (fixture->simulator, &scenario);
    }

  send_request (fixture, "POST", "/secure_tokens", body, NULL,
                way == WAY_HEADER ? spec : NULL, &response);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 200);
  token = parse_object (response.body);
  response_clear (&response);

  return token;
}

static void
test_needs_verify_forever (Fixture       *fixture,
                           gconstpointer  user_data)
{
  Way way = GPOINTER_TO_INT (user_data);
  g_autoptr(JsonObject) token = create_token_with (fixture, way, "needs-verify-forever", "4100000000009994");
  const char *token_id = json_object_get_string_member (token, "id");
  const char *url = json_object_get_string_member (token, "authentication_url");
  guint status = 0;
  g_autofree char *path = g_strconcat ("/secure_tokens/", token_id, NULL);
  g_autoptr(JsonObject) shown = NULL;

  g_assert_nonnull (url);
  g_assert_cmpuint (reji_test_complete_3ds (url, NULL), ==, 303);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, token_id), ==, "NEEDS_VERIFY");
  shown = request_json (fixture, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (shown, "verification_status"), ==, "NEEDS_VERIFY");
}

static void
test_flip (Fixture       *fixture,
           gconstpointer  user_data)
{
  Way way = GPOINTER_TO_INT (user_data);
  const char *spec = way == WAY_CARD ? "flip:ERRORED:3" : "flip:OK:1";
  const char *expected = way == WAY_CARD ? "ERRORED" : "OK";
  g_autoptr(JsonObject) token = create_token_with (fixture, way, spec, "4100000000009978");
  const char *token_id = json_object_get_string_member (token, "id");

  g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "NEEDS_VERIFY");
  wait_for_token_status (fixture, token_id, expected);
}

typedef struct
{
  gboolean       done;
  RejiSimulator *simulator;
  guint          n_payments;
  guint          n_requests;
} PaymentWait;

static gboolean
check_requests_cb (gpointer user_data)
{
  PaymentWait *wait = user_data;

  wait->done = reji_simulator_get_n_requests (wait->simulator, "POST", "/payments") >= wait->n_requests;
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Waits until @n_requests charge requests have reached the simulator. */
static void
wait_for_charge_requests (Fixture *fixture,
                          guint    n_requests)
{
  PaymentWait wait = { FALSE, fixture->simulator, 0, n_requests };

  g_timeout_add (20, check_requests_cb, &wait);
  reji_test_wait_until (&wait.done);
}

static gboolean
check_payments_cb (gpointer user_data)
{
  PaymentWait *wait = user_data;

  wait->done = reji_simulator_get_n_payments (wait->simulator) >= wait->n_payments;
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
wait_for_payments (Fixture *fixture,
                   guint    n_payments)
{
  PaymentWait wait = { FALSE, fixture->simulator, n_payments, 0 };

  g_timeout_add (20, check_payments_cb, &wait);
  reji_test_wait_until (&wait.done);
}

static void
test_charge_never_answers (Fixture       *fixture,
                           gconstpointer  user_data)
{
  Way way = GPOINTER_TO_INT (user_data);
  g_autofree char *token_id = create_token_id (fixture, way == WAY_CARD ? "4111111111119999" : NO_3DS_CARD);
  g_autofree char *body = charge_body (token_id, NULL);
  g_autofree char *url = g_strconcat (fixture->base_url, "/payments", NULL);
  RejiSimScenario scenario = { .fault = REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS, .card = "1111" };
  Response response = { 0 };

  if (way == WAY_CONTROL)
    post_scenario (fixture, "{\"scenario\": \"charge-never-answers\"}");
  else if (way == WAY_API)
    reji_simulator_set_scenario (fixture->simulator, &scenario);

  start_request (fixture, "POST", url, body, NULL,
                 way == WAY_HEADER ? "charge-never-answers" : NULL, &response);
  wait_for_payments (fixture, 1);
  reji_test_run_for (200);
  g_assert_false (response.done);

  /* Only the shutdown ends the request, with a network error. */
  reji_simulator_shutdown (fixture->simulator);
  reji_test_wait_until (&response.done);
  g_assert_nonnull (response.error);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  response_clear (&response);
}

static void
test_conflict_while_delayed (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *token_id = create_token_id (fixture, NO_3DS_CARD);
  g_autofree char *body = charge_body (token_id, NULL);
  g_autofree char *url = g_strconcat (fixture->base_url, "/payments", NULL);
  Response first = { 0 };
  Response repeat = { 0 };
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) payment = NULL;

  start_request (fixture, "POST", url, body, "sale-7-charge", "delay:3000", &first);
  wait_for_charge_requests (fixture, 1);
  send_request (fixture, "POST", "/payments", body, "sale-7-charge", NULL, &repeat);
  g_assert_no_error (repeat.error);
  g_assert_cmpuint (repeat.status, ==, 409);
  conflict = parse_object (repeat.body);
  assert_error_code (conflict, "conflict");
  g_assert_false (first.done);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);

  reji_test_wait_until (&first.done);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.status, ==, 200);
  payment = parse_object (first.body);
  g_assert_cmpstr (json_object_get_string_member (payment, "status"), ==, "captured");
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_requests (fixture->simulator, "POST", "/payments"), ==, 2);

  response_clear (&first);
  response_clear (&repeat);
}

static char *
dup_only_payment_id (Fixture *fixture)
{
  g_autofree char *ledger = reji_simulator_dup_ledger_json (fixture->simulator);
  g_autoptr(GBytes) bytes = g_bytes_new (ledger, strlen (ledger));
  g_autoptr(JsonObject) root = parse_object (bytes);
  JsonArray *payments = json_object_get_array_member (root, "payments");

  g_assert_cmpuint (json_array_get_length (payments), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (payments, 0), "id"));
}

static void
test_replay_after_drop (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *token_id = create_token_id (fixture, NO_3DS_CARD);
  g_autofree char *body = charge_body (token_id, NULL);
  g_autofree char *payment_id = NULL;
  Response dropped = { 0 };
  Response replay = { 0 };
  g_autoptr(JsonObject) payment = NULL;

  send_request (fixture, "POST", "/payments", body, "sale-8-charge", "drop-after", &dropped);
  g_assert_nonnull (dropped.error);
  payment_id = dup_only_payment_id (fixture);

  send_request (fixture, "POST", "/payments", body, "sale-8-charge", NULL, &replay);
  g_assert_no_error (replay.error);
  g_assert_cmpuint (replay.status, ==, 200);
  payment = parse_object (replay.body);
  g_assert_cmpstr (json_object_get_string_member (payment, "id"), ==, payment_id);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_requests (fixture->simulator, "POST", "/payments"), ==, 2);

  response_clear (&dropped);
  response_clear (&replay);
}

/* Charges a new no-3-D Secure token for 1000 JPY plus 100 tax and returns
 * the payment's id. */
static char *
charge (Fixture    *fixture,
        const char *extra)
{
  g_autofree char *token_id = create_token_id (fixture, NO_3DS_CARD);
  g_autofree char *body = charge_body (token_id, extra);
  guint status = 0;
  g_autoptr(JsonObject) payment = request_json (fixture, "POST", "/payments", body, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (payment, "id"));
}

static JsonObject *
post_action (Fixture    *fixture,
             const char *payment_id,
             const char *action,
             const char *body,
             const char *idempotency_key,
             guint      *out_status)
{
  g_autofree char *path = g_strdup_printf ("/payments/%s/%s", payment_id, action);

  return request_json (fixture, "POST", path, body, idempotency_key, out_status);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *authorized_id = charge (fixture, ", \"capture\": false");
  g_autofree char *captured_id = charge (fixture, NULL);
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) captured = NULL;
  g_autoptr(JsonObject) unknown = NULL;
  guint status = 0;

  cancelled = post_action (fixture, authorized_id, "cancel", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");
  g_assert_cmpstr (reji_simulator_get_payment_status (fixture->simulator, authorized_id), ==, "cancelled");

  again = post_action (fixture, authorized_id, "cancel", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (again, "not_cancellable");

  captured = post_action (fixture, captured_id, "cancel", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (captured, "not_cancellable");
  g_assert_cmpstr (reji_simulator_get_payment_status (fixture->simulator, captured_id), ==, "captured");

  unknown = post_action (fixture, "nosuchpayment", "cancel", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  assert_error_code (unknown, "not_found");
}

static void
test_refund (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *payment_id = charge (fixture, NULL);
  g_autoptr(JsonObject) partial = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(JsonObject) too_much = NULL;
  g_autoptr(JsonObject) rest = NULL;
  g_autoptr(JsonObject) after = NULL;
  JsonObject *refund;
  guint status = 0;

  partial = post_action (fixture, payment_id, "refund", "{\"amount\": 500, \"description\": \"returned item\"}",
                         "refund-1", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (partial, "status"), ==, "captured");
  g_assert_cmpint (json_object_get_int_member (partial, "amount_refunded"), ==, 500);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (partial, "refunds")), ==, 1);
  refund = json_array_get_object_element (json_object_get_array_member (partial, "refunds"), 0);
  g_assert_cmpstr (json_object_get_string_member (refund, "resource"), ==, "refund");
  g_assert_cmpint (json_object_get_int_member (refund, "amount"), ==, 500);
  g_assert_cmpstr (json_object_get_string_member (refund, "currency"), ==, "JPY");
  g_assert_cmpstr (json_object_get_string_member (refund, "payment"), ==, payment_id);
  g_assert_cmpstr (json_object_get_string_member (refund, "description"), ==, "returned item");
  g_assert_false (json_object_get_boolean_member (refund, "chargeback"));

  /* The same key and body replay the refund instead of making another. */
  replay = post_action (fixture, payment_id, "refund", "{\"amount\": 500, \"description\": \"returned item\"}",
                        "refund-1", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (replay, "amount_refunded"), ==, 500);

  too_much = post_action (fixture, payment_id, "refund", "{\"amount\": 601}", NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (too_much, "invalid_parameter");

  /* Without an amount, the rest of the 1100 is refunded. */
  rest = post_action (fixture, payment_id, "refund", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (rest, "status"), ==, "refunded");
  g_assert_cmpint (json_object_get_int_member (rest, "amount_refunded"), ==, 1100);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rest, "refunds")), ==, 2);

  after = post_action (fixture, payment_id, "refund", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (after, "not_refundable");
}

static void
test_refund_authorized (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *payment_id = charge (fixture, ", \"capture\": false");
  guint status = 0;
  g_autoptr(JsonObject) answer = post_action (fixture, payment_id, "refund", NULL, NULL, &status);

  g_assert_cmpuint (status, ==, 422);
  assert_error_code (answer, "not_refundable");
  g_assert_cmpstr (reji_simulator_get_payment_status (fixture->simulator, payment_id), ==, "authorized");
}

static void
test_list_by_order (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *first = charge (fixture, ", \"external_order_num\": \"order-1\"");
  g_autofree char *second = charge (fixture, ", \"external_order_num\": \"order-2\"");
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(JsonObject) all = NULL;
  JsonArray *data;
  guint status = 0;

  list = request_json (fixture, "GET", "/payments?external_order_num=order-2", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (list, "resource"), ==, "list");
  data = json_object_get_array_member (list, "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "external_order_num"),
                   ==, "order-2");
  g_assert_cmpint (json_object_get_int_member (list, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (list, "page"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (list, "per_page"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (list, "last_page"), ==, 1);

  none = request_json (fixture, "GET", "/payments?external_order_num=order-9", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (none, "data")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (none, "total"), ==, 0);

  all = request_json (fixture, "GET", "/payments?per_page=1&page=2", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (all, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (all, "last_page"), ==, 2);
  data = json_object_get_array_member (all, "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"), ==, second);
  g_assert_cmpstr (first, !=, second);
}

static void
test_external_order_num_too_long (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *token_id = create_token_id (fixture, NO_3DS_CARD);
  g_autofree char *order = g_strnfill (256, 'o');
  g_autofree char *extra = g_strdup_printf (", \"external_order_num\": \"%s\"", order);
  g_autofree char *body = charge_body (token_id, extra);
  guint status = 0;
  g_autoptr(JsonObject) answer = request_json (fixture, "POST", "/payments", body, NULL, &status);

  g_assert_cmpuint (status, ==, 422);
  assert_error_code (answer, "invalid_parameter");
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_control_endpoint (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) bad_path = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonObject) cleared = NULL;
  JsonArray *scenarios;
  JsonObject *entry;
  guint status = 0;

  bad = request_json (fixture, "POST", "/simulator/scenario", "{\"scenario\": \"status:418\"}", NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (bad, "invalid_parameter");

  bad_path = request_json (fixture, "POST", "/simulator/scenario",
                           "{\"scenario\": \"drop-after\", \"path\": \"refunds\"}", NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_code (bad_path, "invalid_parameter");

  post_scenario (fixture, "{\"scenario\": \"delay:200\", \"times\": 2, \"card\": \"4111111111111111\"}");
  listed = request_json (fixture, "GET", "/simulator/scenario", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  scenarios = json_object_get_array_member (listed, "scenarios");
  g_assert_cmpuint (json_array_get_length (scenarios), ==, 1);
  entry = json_array_get_object_element (scenarios, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "scenario"), ==, "delay:200");
  g_assert_cmpint (json_object_get_int_member (entry, "times"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "*");
  /* Only the last four digits of a card come back. */
  g_assert_cmpstr (json_object_get_string_member (entry, "card"), ==, "1111");

  cleared = request_json (fixture, "DELETE", "/simulator/scenario", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cleared, "scenarios")), ==, 0);
}

static void
test_invalid_header (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *body = token_body (NO_3DS_CARD);
  Response response = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  send_request (fixture, "POST", "/secure_tokens", body, NULL, "delay:soon", &response);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 422);
  answer = parse_object (response.body);
  assert_error_code (answer, "invalid_parameter");
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
  response_clear (&response);
}

typedef struct
{
  const char    *text;
  gboolean       valid;
  RejiSimFault   fault;
  guint          value;
  const char    *code;
  RejiSimTarget  target;
  guint          times;
  const char    *card;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "delay:2000", TRUE, REJI_SIM_FAULT_DELAY, 2000, "", REJI_SIM_TARGET_ANY, 0, "" },
  { "drop-before,times=1", TRUE, REJI_SIM_FAULT_DROP_BEFORE, 0, "", REJI_SIM_TARGET_ANY, 1, "" },
  { "drop-after,path=payments", TRUE, REJI_SIM_FAULT_DROP_AFTER, 0, "", REJI_SIM_TARGET_PAYMENTS, 0, "" },
  { "status:429,card=9999", TRUE, REJI_SIM_FAULT_STATUS, 429, "", REJI_SIM_TARGET_ANY, 0, "9999" },
  { "malformed-json", TRUE, REJI_SIM_FAULT_MALFORMED_JSON, 0, "", REJI_SIM_TARGET_ANY, 0, "" },
  { "truncated-json", TRUE, REJI_SIM_FAULT_TRUNCATED_JSON, 0, "", REJI_SIM_TARGET_ANY, 0, "" },
  { "charge-never-answers", TRUE, REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS, 0, "", REJI_SIM_TARGET_ANY, 0, "" },
  { "needs-verify-forever,path=secure_tokens", TRUE, REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER, 0, "",
    REJI_SIM_TARGET_SECURE_TOKENS, 0, "" },
  { "flip:SKIPPED:5", TRUE, REJI_SIM_FAULT_FLIP, 5, "SKIPPED", REJI_SIM_TARGET_ANY, 0, "" },
  { "card_declined,path=*,times=3", TRUE, REJI_SIM_FAULT_DECLINE, 0, "card_declined", REJI_SIM_TARGET_ANY, 3, "" },
  { "status:418", FALSE },
  { "delay:", FALSE },
  { "delay:-5", FALSE },
  { "flip:NEEDS_VERIFY:5", FALSE },
  { "flip:OK", FALSE },
  { "Drop-Before", FALSE },
  { "drop-before,times=x", FALSE },
  { "drop-before,card=12", FALSE },
  { "drop-before,path=refunds", FALSE },
  { "", FALSE },
};

static void
test_parse (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *test_case = &parse_cases[i];
      RejiSimScenario scenario = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean valid;

      g_test_message ("scenario “%s”", test_case->text);
      valid = reji_simulator_parse_scenario (test_case->text, &scenario, &error);
      g_assert_cmpint (valid, ==, test_case->valid);
      if (!test_case->valid)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpint (scenario.fault, ==, test_case->fault);
      g_assert_cmpuint (scenario.value, ==, test_case->value);
      g_assert_cmpstr (scenario.code, ==, test_case->code);
      g_assert_cmpint (scenario.target, ==, test_case->target);
      g_assert_cmpuint (scenario.times, ==, test_case->times);
      g_assert_cmpstr (scenario.card, ==, test_case->card);
    }
}

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} LineResult;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineResult *line_result = user_data;

  line_result->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                 NULL, &line_result->error);
  line_result->done = TRUE;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} WaitResult;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  WaitResult *wait_result = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait_result->error);
  wait_result->done = TRUE;
}

static void
test_standalone_scenario (void)
{
  g_autofree char *program = g_build_filename (g_getenv ("REJI_BUILD_ROOT"), "src", "reji-simulator", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Fixture fixture = { 0 };
  LineResult line = { 0 };
  Response first = { 0 };
  Response second = { 0 };
  WaitResult exit_result = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              program, "--scenario", "status:503,times=1,path=secure_tokens",
                              "--scenario", "drop-before,path=payments", NULL);
  g_assert_no_error (error);
  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (stdout_stream, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  reji_test_wait_until (&line.done);
  g_assert_no_error (line.error);
  g_assert_nonnull (line.line);

  fixture.session = soup_session_new ();
  url = g_strconcat (line.line, "/secure_tokens/tok_unknown", NULL);
  start_request (&fixture, "GET", url, NULL, NULL, NULL, &first);
  reji_test_wait_until (&first.done);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.status, ==, 503);
  answer = parse_object (first.body);
  assert_error_code (answer, "service_unavailable");

  /* The scenario was for one request only. */
  start_request (&fixture, "GET", url, NULL, NULL, NULL, &second);
  reji_test_wait_until (&second.done);
  g_assert_no_error (second.error);
  g_assert_cmpuint (second.status, ==, 404);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, wait_cb, &exit_result);
  reji_test_wait_until (&exit_result.done);
  g_assert_no_error (exit_result.error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  response_clear (&first);
  response_clear (&second);
  g_clear_object (&fixture.session);
  g_free (line.line);
}

static void
test_standalone_bad_scenario (void)
{
  g_autofree char *program = g_build_filename (g_getenv ("REJI_BUILD_ROOT"), "src", "reji-simulator", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  WaitResult exit_result = { 0 };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, program, "--scenario", "status:200", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, wait_cb, &exit_result);
  reji_test_wait_until (&exit_result.done);
  g_assert_no_error (exit_result.error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
}

static const struct
{
  const char *name;
  Way         way;
} ways[] = {
  { "header", WAY_HEADER },
  { "control", WAY_CONTROL },
  { "api", WAY_API },
  { "card", WAY_CARD },
};

static void
add_way_test (const char    *name,
              GTestFixtureFunc func,
              gsize          first_way)
{
  for (gsize i = first_way; i < G_N_ELEMENTS (ways); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reji/simulator/scenarios/%s-%s", name, ways[i].name);

      g_test_add (path, Fixture, GINT_TO_POINTER (ways[i].way), fixture_setup,
                  (void (*) (Fixture *, gconstpointer)) func, fixture_teardown);
    }
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add ("/reji/simulator/scenarios/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  add_way_test ("charge-faults", (GTestFixtureFunc) test_charge_faults, 0);
  add_way_test ("needs-verify-forever", (GTestFixtureFunc) test_needs_verify_forever, 0);
  add_way_test ("flip", (GTestFixtureFunc) test_flip, 0);
  add_way_test ("charge-never-answers", (GTestFixtureFunc) test_charge_never_answers, 0);
  ADD_FIXTURE_TEST ("conflict-while-delayed", test_conflict_while_delayed);
  ADD_FIXTURE_TEST ("replay-after-drop", test_replay_after_drop);
  ADD_FIXTURE_TEST ("cancel", test_cancel);
  ADD_FIXTURE_TEST ("refund", test_refund);
  ADD_FIXTURE_TEST ("refund-authorized", test_refund_authorized);
  ADD_FIXTURE_TEST ("list-by-order", test_list_by_order);
  ADD_FIXTURE_TEST ("external-order-num-too-long", test_external_order_num_too_long);
  ADD_FIXTURE_TEST ("control-endpoint", test_control_endpoint);
  ADD_FIXTURE_TEST ("invalid-header", test_invalid_header);
  g_test_add_func ("/reji/simulator/scenarios/parse", test_parse);
  g_test_add_func ("/reji/simulator/scenarios/standalone", test_standalone_scenario);
  g_test_add_func ("/reji/simulator/scenarios/standalone-bad-scenario", test_standalone_bad_scenario);

  return g_test_run ();
}
