/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "reji-sim-origin.h"
#include "reji-simulator.h"
#include "reji-test-utils.h"

#define TEST_KEY "sk_test_simulator"
#define RETURN_URL "https://shop.example/complete?order=7"

typedef struct
{
  RejiSimulator *simulator;
  SoupSession   *session;
  char          *base_url;
} Fixture;

typedef struct
{
  gboolean    done;
  guint       status;
  GBytes     *body;
  char       *location;
  GError     *error;
} Response;

/* Headers and body of one request. NULL members are left out. */
typedef struct
{
  const char *key;
  const char *content_type;
  const char *body;
  const char *idempotency_key;
  const char *scenario;
} Request;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->simulator = reji_test_start_simulator ();
  fixture->session = soup_session_new ();
  fixture->base_url = reji_simulator_dup_base_url (fixture->simulator);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_clear_object (&fixture->session);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_clear_pointer (&fixture->base_url, g_free);
}

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->location, g_free);
  g_clear_error (&response->error);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Response *response = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &response->error);
  response->status = soup_message_get_status (message);
  response->location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                               "Location"));
  response->done = TRUE;
}

static void
add_basic_auth (SoupMessage *message,
                const char  *key)
{
  g_autofree char *credentials = g_strconcat (key, ":", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", header);
}

/* Sends one request with the async API (the sync API deadlocks against a
 * server on the same main context) and waits for the response. */
static void
send_request (Fixture        *fixture,
              const char     *method,
              const char     *url,
              const Request  *request,
              Response       *response)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  g_assert_nonnull (message);
  headers = soup_message_get_request_headers (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  if (request->key != NULL)
    add_basic_auth (message, request->key);
  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "X-KOMOJU-IDEMPOTENCY", request->idempotency_key);
  if (request->scenario != NULL)
    soup_message_headers_replace (headers, "Komoju-Scenario", request->scenario);
  if (request->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (request->body, strlen (request->body));

      soup_message_set_request_body_from_bytes (message, request->content_type, body);
    }

  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, response);
  reji_test_wait_until (&response->done);
  g_assert_no_error (response->error);
}

static char *
api_url (Fixture    *fixture,
         const char *path)
{
  return g_strconcat (fixture->base_url, path, NULL);
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

/* POSTs a JSON body to @path with the test key and returns the parsed
 * response and its status. */
static JsonObject *
post_json (Fixture    *fixture,
           const char *path,
           const char *body,
           guint      *out_status)
{
  g_autofree char *url = api_url (fixture, path);
  Request request = { TEST_KEY, "application/json", body, NULL, NULL };
  Response response = { 0 };
  JsonObject *object;

  send_request (fixture, "POST", url, &request, &response);
  *out_status = response.status;
  object = parse_object (response.body);
  response_clear (&response);

  return object;
}

static JsonObject *
get_json (Fixture    *fixture,
          const char *path,
          guint      *out_status)
{
  g_autofree char *url = api_url (fixture, path);
  Request request = { TEST_KEY, NULL, NULL, NULL, NULL };
  Response response = { 0 };
  JsonObject *object;

  send_request (fixture, "GET", url, &request, &response);
  *out_status = response.status;
  object = parse_object (response.body);
  response_clear (&response);

  return object;
}

static char *
token_body (const char *number,
            gint64      amount,
            const char *currency)
{
  return g_strdup_printf ("{\"amount\": %" G_GINT64_FORMAT ", \"currency\": \"%s\", "
                          "\"return_url\": \"" RETURN_URL "\", "
                          "\"payment_details\": {\"type\": \"credit_card\", \"number\": \"%s\", "
                          "\"month\": 8, \"year\": 2030, \"verification_value\": \"123\", "
                          "\"name\": \"Test Card\", \"email\": \"test@example.com\"}}",
                          amount, currency, number);
}

/* Creates a 1000 JPY token for @number and returns its JSON. */
static JsonObject *
create_token (Fixture    *fixture,
              const char *number)
{
  g_autofree char *body = token_body (number, 1000, "JPY");
  guint status = 0;
  JsonObject *token = post_json (fixture, "/secure_tokens", body, &status);

  g_assert_cmpuint (status, ==, 200);
  return token;
}

static char *
payment_body (const char *token_id,
              gint64      amount,
              const char *currency,
              const char *extra)
{
  return g_strdup_printf ("{\"amount\": %" G_GINT64_FORMAT ", \"currency\": \"%s\", "
                          "\"payment_details\": \"%s\"%s}",
                          amount, currency, token_id, extra != NULL ? extra : "");
}

static void
assert_error_shape (JsonObject *answer,
                    const char *code,
                    const char *param)
{
  JsonObject *error;
  JsonNode *param_node;

  g_assert_true (json_object_has_member (answer, "error"));
  error = json_object_get_object_member (answer, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
  g_assert_true (json_object_has_member (error, "param"));
  param_node = json_object_get_member (error, "param");
  if (param == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (param_node));
  else
    g_assert_cmpstr (json_node_get_string (param_node), ==, param);
  g_assert_true (json_object_has_member (error, "details"));
  g_assert_nonnull (json_object_get_object_member (error, "details"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (error, "details")), ==, 0);
  g_assert_cmpuint (json_object_get_size (error), ==, 4);
}

static void
assert_komoju_id (const char *id,
                  const char *prefix)
{
  gsize prefix_length = strlen (prefix);

  g_assert_true (g_str_has_prefix (id, prefix));
  g_assert_cmpuint (strlen (id), ==, prefix_length + 25);
  for (const char *c = id + prefix_length; *c != '\0'; c++)
    g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c));
}

static void
assert_iso_time (const char *text)
{
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", text, 0, 0));
}

/* Drives the token's 3-D Secure page with @password (NULL for a
 * frictionless card) and checks the response status. */
static void
complete_3ds (JsonObject *token,
              const char *password,
              guint       expected_status)
{
  const char *url = json_object_get_string_member (token, "authentication_url");

  g_assert_nonnull (url);
  g_assert_cmpuint (reji_test_complete_3ds (url, password), ==, expected_status);
}

/* Creates a token for @number and completes a frictionless 3-D Secure
 * page when the token needs one. */
static JsonObject *
create_verified_token (Fixture    *fixture,
                       const char *number)
{
  JsonObject *token = create_token (fixture, number);

  if (json_object_has_member (token, "authentication_url"))
    complete_3ds (token, NULL, 303);

  return token;
}

static void
test_token_create_json (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4100000000000100");
  const char *id = json_object_get_string_member (token, "id");
  g_autofree char *expected_url = NULL;

  assert_komoju_id (id, "tok_");
  g_assert_cmpstr (json_object_get_string_member (token, "resource"), ==, "secure_token");
  g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "NEEDS_VERIFY");
  expected_url = g_strdup_printf ("%.*s/three_d_secure_service/offsite?token=%s",
                                  (int) (strlen (fixture->base_url) - strlen ("/api/v1")),
                                  fixture->base_url, id);
  g_assert_cmpstr (json_object_get_string_member (token, "authentication_url"), ==, expected_url);
  assert_iso_time (json_object_get_string_member (token, "created_at"));
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 1);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, "NEEDS_VERIFY");
}

static void
test_token_create_form (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *url = api_url (fixture, "/secure_tokens");
  g_autofree char *form = soup_form_encode ("amount", "1500", "currency", "JPY",
                                            "return_url", RETURN_URL,
                                            "payment_details[type]", "credit_card",
                                            "payment_details[number]", "5100000000000107",
                                            "payment_details[month]", "08",
                                            "payment_details[year]", "25",
                                            "payment_details[verification_value]", "123",
                                            NULL);
  Request request = { TEST_KEY, "application/x-www-form-urlencoded", form, NULL, NULL };
  Response response = { 0 };
  g_autoptr(JsonObject) token = NULL;

  send_request (fixture, "POST", url, &request, &response);
  g_assert_cmpuint (response.status, ==, 200);
  token = parse_object (response.body);
  assert_komoju_id (json_object_get_string_member (token, "id"), "tok_");
  g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "NEEDS_VERIFY");
  g_assert_true (json_object_has_member (token, "authentication_url"));
  response_clear (&response);
}

static void
test_token_show (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JsonObject) created = create_token (fixture, "4100000000005000");
  const char *id = json_object_get_string_member (created, "id");
  g_autofree char *path = g_strconcat ("/secure_tokens/", id, NULL);
  g_autoptr(JsonObject) fetched = NULL;
  g_autoptr(JsonObject) missing = NULL;
  guint status = 0;

  fetched = get_json (fixture, path, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (fetched, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (fetched, "verification_status"), ==, "NEEDS_VERIFY");
  g_assert_cmpstr (json_object_get_string_member (fetched, "authentication_url"), ==,
                   json_object_get_string_member (created, "authentication_url"));
  g_assert_cmpstr (json_object_get_string_member (fetched, "created_at"), ==,
                   json_object_get_string_member (created, "created_at"));

  missing = get_json (fixture, "/secure_tokens/tok_doesnotexist", &status);
  g_assert_cmpuint (status, ==, 404);
  assert_error_shape (missing, "not_found", NULL);
}

typedef struct
{
  const char *number;
  const char *password;
  guint       page_status;
  const char *final_status;
} CardCase;

static const CardCase card_cases[] = {
  { "4100000000000100", NULL, 303, "OK" },
  { "5100000000000107", NULL, 303, "OK" },
  { "3528000000000106", NULL, 303, "OK" },
  { "4242424242424242", NULL, 303, "OK" },
  { "4100000000005000", "123456", 303, "OK" },
  { "5100000000005007", "123456", 303, "OK" },
  { "3528000000005006", "123456", 303, "OK" },
  { "4100000000005000", "111111", 303, "ERRORED" },
  { "4100000000500000", NULL, 303, "ERRORED" },
  { "5100000000500007", NULL, 303, "ERRORED" },
  { "3528000000500006", NULL, 303, "ERRORED" },
  { "4100000000300005", "111111", 303, "ERRORED" },
  { "5100000000300002", "123456", 303, "ERRORED" },
  { "3528000000300001", "111111", 303, "ERRORED" },
};

static void
test_card_classes (Fixture       *fixture,
                   gconstpointer  user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (card_cases); i++)
    {
      const CardCase *card = &card_cases[i];
      g_autoptr(JsonObject) token = create_token (fixture, card->number);
      const char *id = json_object_get_string_member (token, "id");

      g_test_message ("card %s, password %s", card->number, card->password);
      g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "NEEDS_VERIFY");
      complete_3ds (token, card->password, card->page_status);
      g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, card->final_status);

      /* A finished verification shows a page about the result. */
      complete_3ds (token, NULL, 200);
      g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, card->final_status);
    }
}

static void
test_challenge_wrong_password (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4100000000005000");
  const char *id = json_object_get_string_member (token, "id");

  complete_3ds (token, "000000", 200);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, "NEEDS_VERIFY");

  complete_3ds (token, "123456", 303);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, "OK");
}

static void
test_return_location (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4100000000000100");
  const char *id = json_object_get_string_member (token, "id");
  Request request = { NULL, NULL, NULL, NULL, NULL };
  Response response = { 0 };
  g_autofree char *expected = g_strconcat (RETURN_URL "&secure_token_id=", id, NULL);

  send_request (fixture, "GET", json_object_get_string_member (token, "authentication_url"),
                &request, &response);
  g_assert_cmpuint (response.status, ==, 303);
  g_assert_cmpstr (response.location, ==, expected);
  response_clear (&response);
}

static void
test_page_unknown_token (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *url = g_strdup_printf ("%.*s/three_d_secure_service/offsite?token=tok_nope",
                                          (int) (strlen (fixture->base_url) - strlen ("/api/v1")),
                                          fixture->base_url);

  g_assert_cmpuint (reji_test_complete_3ds (url, NULL), ==, 404);
}

static void
test_page_hides_card (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4100000000005000");
  Request request = { NULL, NULL, NULL, NULL, NULL };
  Response response = { 0 };
  g_autofree char *page = NULL;

  send_request (fixture, "GET", json_object_get_string_member (token, "authentication_url"),
                &request, &response);
  g_assert_cmpuint (response.status, ==, 200);
  page = g_strndup (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body));
  g_assert_nonnull (strstr (page, "•••• 5000"));
  g_assert_nonnull (strstr (page, "name=\"password\""));
  g_assert_null (strstr (page, "4100000000005000"));
  g_assert_null (strstr (page, "<script"));
  g_assert_null (strstr (page, "src=\"http"));
  response_clear (&response);
}

static void
test_return_page (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *url = reji_simulator_dup_return_url (fixture->simulator);
  g_autofree char *expected = g_strdup_printf ("%.*s/simulator/return",
                                               (int) (strlen (fixture->base_url) - strlen ("/api/v1")),
                                               fixture->base_url);
  g_autofree char *unknown_url = g_strconcat (expected, "?secure_token_id=tok_nope", NULL);
  Request request = { NULL, NULL, NULL, NULL, NULL };
  Response bare = { 0 };
  Response unknown = { 0 };

  g_assert_cmpstr (url, ==, expected);

  /* Without a token the page has nothing to report. */
  send_request (fixture, "GET", url, &request, &bare);
  g_assert_cmpuint (bare.status, ==, 404);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bare.body, NULL),
                                  g_bytes_get_size (bare.body), "<html"));

  send_request (fixture, "GET", unknown_url, &request, &unknown);
  g_assert_cmpuint (unknown.status, ==, 404);

  response_clear (&bare);
  response_clear (&unknown);
}

/* Sends @method @url with an optional form @body and returns the page. */
static char *
fetch_page (Fixture    *fixture,
            const char *method,
            const char *url,
            const char *form,
            guint      *out_status)
{
  Request request = { NULL, form != NULL ? "application/x-www-form-urlencoded" : NULL, form, NULL, NULL };
  Response response = { 0 };
  char *page;

  send_request (fixture, method, url, &request, &response);
  *out_status = response.status;
  page = g_strndup (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body));
  response_clear (&response);

  return page;
}

typedef struct
{
  const char *number;
  /* NULL: the 3-D Secure page is not opened; "": opened without a password. */
  const char *password;
  const char *outcome;
  gboolean    links_back;
} ReturnCase;

static const ReturnCase return_cases[] = {
  { "4100000000005000", "123456", "3-D Secure is complete. Please return to the cashier.", FALSE },
  { "4100000000000100", "", "3-D Secure is complete. Please return to the cashier.", FALSE },
  { "4111111111111111", NULL, "3-D Secure is complete. Please return to the cashier.", FALSE },
  { "4100000000005000", "111111", "3-D Secure was not successful. Please tell the cashier.", FALSE },
  { "4100000000500000", "", "3-D Secure was not successful. Please tell the cashier.", FALSE },
  { "4100000000005000", NULL, "3-D Secure is not finished yet.", TRUE },
};

static void
test_return_page_outcome (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *return_url = reji_simulator_dup_return_url (fixture->simulator);

  for (gsize i = 0; i < G_N_ELEMENTS (return_cases); i++)
    {
      const ReturnCase *test_case = &return_cases[i];
      g_autoptr(JsonObject) token = create_token (fixture, test_case->number);
      const char *id = json_object_get_string_member (token, "id");
      g_autofree char *url = g_strconcat (return_url, "?secure_token_id=", id, NULL);
      g_autofree char *link = g_strconcat ("href=\"/three_d_secure_service/offsite?token=", id, "\"", NULL);
      g_autofree char *page = NULL;
      guint status = 0;

      g_test_message ("card %s, password %s", test_case->number, test_case->password);
      if (test_case->password != NULL)
        complete_3ds (token, *test_case->password != '\0' ? test_case->password : NULL, 303);

      page = fetch_page (fixture, "GET", url, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (page, test_case->outcome));
      g_assert_null (strstr (page, "Verification finished"));
      if (test_case->links_back)
        g_assert_nonnull (strstr (page, link));
      else
        g_assert_null (strstr (page, link));
    }
}

/* The page of a finished token shows whether 3-D Secure passed. */
static void
test_finished_page_outcome (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(JsonObject) passed = create_token (fixture, "4100000000005000");
  g_autoptr(JsonObject) failed = create_token (fixture, "4100000000005000");
  g_autofree char *passed_page = NULL;
  g_autofree char *failed_page = NULL;
  guint status = 0;

  complete_3ds (passed, "123456", 303);
  complete_3ds (failed, "111111", 303);

  passed_page = fetch_page (fixture, "GET", json_object_get_string_member (passed, "authentication_url"),
                            NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (passed_page, "3-D Secure is complete."));
  g_assert_null (strstr (passed_page, "not successful"));

  failed_page = fetch_page (fixture, "GET", json_object_get_string_member (failed, "authentication_url"),
                            NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (failed_page, "3-D Secure was not successful."));
  g_assert_null (strstr (failed_page, "3-D Secure is complete."));
}

static const char * const blank_passwords[] = { "password=", "password=+++", "" };

static void
test_blank_password (Fixture       *fixture,
                     gconstpointer  user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (blank_passwords); i++)
    {
      /* A challenge-failure card also requires a password first. */
      const char *numbers[] = { "4100000000005000", "4100000000300005" };

      for (gsize j = 0; j < G_N_ELEMENTS (numbers); j++)
        {
          g_autoptr(JsonObject) token = create_token (fixture, numbers[j]);
          const char *id = json_object_get_string_member (token, "id");
          g_autofree char *page = NULL;
          guint status = 0;

          g_test_message ("card %s, form “%s”", numbers[j], blank_passwords[i]);
          page = fetch_page (fixture, "POST", json_object_get_string_member (token, "authentication_url"),
                             blank_passwords[i], &status);
          g_assert_cmpuint (status, ==, 200);
          g_assert_nonnull (strstr (page, "Enter the password."));
          g_assert_null (strstr (page, "The password is wrong"));
          g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, id), ==, "NEEDS_VERIFY");
        }
    }
}

static const char * const skipped_cards[] = {
  "4111111111111111", "5555555555554444", "3530111333300000", "378282246310005",
  "30569309025904", "4123111111111059",
};

static void
test_skipped_cards (Fixture       *fixture,
                    gconstpointer  user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (skipped_cards); i++)
    {
      g_autoptr(JsonObject) token = create_token (fixture, skipped_cards[i]);

      g_test_message ("card %s", skipped_cards[i]);
      g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "SKIPPED");
      g_assert_false (json_object_has_member (token, "authentication_url"));
    }
}

typedef struct
{
  const char *authorization;
  const char *key;
} AuthCase;

static const AuthCase auth_cases[] = {
  { NULL, NULL },
  { NULL, "pk_test_publishable" },
  { NULL, "sk_live_0123456789" },
  { NULL, "" },
  { "Bearer sk_test_x", NULL },
};

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *url = api_url (fixture, "/secure_tokens");
  g_autofree char *body = token_body ("4100000000000100", 1000, "JPY");

  for (gsize i = 0; i < G_N_ELEMENTS (auth_cases); i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(JsonObject) answer = NULL;
      Response response = { 0 };

      g_test_message ("key %s", auth_cases[i].key);
      if (auth_cases[i].key != NULL)
        add_basic_auth (message, auth_cases[i].key);
      if (auth_cases[i].authorization != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (message),
                                      "Authorization", auth_cases[i].authorization);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
      soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                        send_cb, &response);
      reji_test_wait_until (&response.done);
      g_assert_no_error (response.error);

      g_assert_cmpuint (response.status, ==, 401);
      g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL),
                       ==, "application/json");
      answer = parse_object (response.body);
      assert_error_shape (answer, "unauthorized", NULL);
      response_clear (&response);
    }

  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
test_key_without_colon (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *url = api_url (fixture, "/secure_tokens/tok_none");
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *encoded = g_base64_encode ((const guchar *) TEST_KEY, strlen (TEST_KEY));
  g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
  Response response = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", header);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, &response);
  reji_test_wait_until (&response.done);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 404);
  response_clear (&response);
}

typedef struct
{
  const char *body;
  const char *code;
  const char *param;
} ParamCase;

#define CARD_JSON(number, month, year) \
  "\"payment_details\": {\"type\": \"credit_card\", \"number\": \"" number "\", " \
  "\"month\": " month ", \"year\": " year "}"

static const ParamCase token_param_cases[] = {
  { "{\"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "missing_parameter", "amount" },
  { "{\"amount\": 0, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "invalid_parameter", "amount" },
  { "{\"amount\": \"12a\", \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "invalid_parameter", "amount" },
  { "{\"amount\": 1000, \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "missing_parameter", "currency" },
  { "{\"amount\": 1000, \"currency\": \"XXX\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "invalid_parameter", "currency" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", "
    CARD_JSON ("4100000000000100", "8", "2030") "}", "missing_parameter", "return_url" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\"}",
    "missing_parameter", "payment_details" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    "\"payment_details\": {\"type\": \"credit_card\", \"month\": 8, \"year\": 2030}}",
    "missing_parameter", "payment_details[number]" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000101", "8", "2030") "}", "invalid_parameter", "payment_details[number]" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    CARD_JSON ("4100000000000100", "13", "2030") "}", "invalid_parameter", "payment_details[month]" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    "\"payment_details\": {\"type\": \"credit_card\", \"number\": \"4100000000000100\", \"month\": 8}}",
    "missing_parameter", "payment_details[year]" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    "\"payment_details\": {\"type\": \"konbini\", \"number\": \"4100000000000100\", "
    "\"month\": 8, \"year\": 2030}}", "invalid_parameter", "payment_details[type]" },
  { "{\"amount\": 1000, \"currency\": \"JPY\", \"return_url\": \"" RETURN_URL "\", "
    "\"payment_details\": {\"type\": \"credit_card\", \"number\": \"4100000000000100\", "
    "\"month\": 8, \"year\": 2030, \"verification_value\": \"12\"}}",
    "invalid_parameter", "payment_details[verification_value]" },
};

static void
test_token_invalid_params (Fixture       *fixture,
                           gconstpointer  user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (token_param_cases); i++)
    {
      const ParamCase *param_case = &token_param_cases[i];
      g_autoptr(JsonObject) answer = NULL;
      guint status = 0;

      g_test_message ("body %s", param_case->body);
      answer = post_json (fixture, "/secure_tokens", param_case->body, &status);
      g_assert_cmpuint (status, ==, 422);
      assert_error_shape (answer, param_case->code, param_case->param);
    }

  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static JsonObject *
charge_token (Fixture    *fixture,
              const char *token_id,
              const char *extra,
              guint      *out_status)
{
  g_autofree char *body = payment_body (token_id, 1000, "JPY", extra);

  return post_json (fixture, "/payments", body, out_status);
}

static void
test_payment_tax_zero (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "4100000000000100");
  const char *token_id = json_object_get_string_member (token, "id");
  g_autoptr(JsonObject) payment = NULL;
  g_autoptr(JsonObject) fetched = NULL;
  g_autofree char *path = NULL;
  JsonObject *details;
  guint status = 0;

  payment = charge_token (fixture, token_id, ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 200);
  assert_komoju_id (json_object_get_string_member (payment, "id"), "");
  g_assert_cmpstr (json_object_get_string_member (payment, "resource"), ==, "payment");
  g_assert_cmpstr (json_object_get_string_member (payment, "status"), ==, "captured");
  g_assert_cmpint (json_object_get_int_member (payment, "amount"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (payment, "tax"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (payment, "total"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (payment, "currency"), ==, "JPY");
  g_assert_cmpint (json_object_get_int_member (payment, "payment_method_fee"), ==, 0);
  assert_iso_time (json_object_get_string_member (payment, "captured_at"));
  assert_iso_time (json_object_get_string_member (payment, "created_at"));
  g_assert_cmpint (json_object_get_int_member (payment, "amount_refunded"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payment, "refunds")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (payment, "locale"), ==, "ja");

  details = json_object_get_object_member (payment, "payment_details");
  g_assert_cmpstr (json_object_get_string_member (details, "type"), ==, "credit_card");
  g_assert_cmpstr (json_object_get_string_member (details, "brand"), ==, "visa");
  g_assert_cmpstr (json_object_get_string_member (details, "last_four_digits"), ==, "0100");
  g_assert_cmpint (json_object_get_int_member (details, "month"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (details, "year"), ==, 2030);
  g_assert_cmpstr (json_object_get_string_member (details, "email"), ==, "test@example.com");

  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_cmpstr (reji_simulator_get_payment_status (fixture->simulator,
                                                      json_object_get_string_member (payment, "id")),
                   ==, "captured");

  path = g_strconcat ("/payments/", json_object_get_string_member (payment, "id"), NULL);
  fetched = get_json (fixture, path, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (fetched, "id"), ==,
                   json_object_get_string_member (payment, "id"));
  g_assert_cmpint (json_object_get_int_member (fetched, "total"), ==, 1000);
}

static void
test_payment_tax_added (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *extras[] = { NULL, ", \"tax\": \"auto\"" };

  for (gsize i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autoptr(JsonObject) token = create_verified_token (fixture, "4111111111111111");
      g_autoptr(JsonObject) payment = NULL;
      guint status = 0;

      payment = charge_token (fixture, json_object_get_string_member (token, "id"), extras[i], &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (payment, "amount"), ==, 1000);
      g_assert_cmpint (json_object_get_int_member (payment, "tax"), ==, 100);
      g_assert_cmpint (json_object_get_int_member (payment, "total"), ==, 1100);
    }
}

static void
test_payment_create_form (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "3528000000000106");
  g_autofree char *url = api_url (fixture, "/payments");
  g_autofree char *form = soup_form_encode ("amount", "1000", "currency", "JPY",
                                            "payment_details", json_object_get_string_member (token, "id"),
                                            "tax", "0", "capture", "true",
                                            NULL);
  g_autofree char *mixed = soup_form_encode ("payment_details", "tok_x",
                                             "payment_details[number]", "4100000000000100",
                                             NULL);
  Request request = { TEST_KEY, "application/x-www-form-urlencoded", form, NULL, NULL };
  Request mixed_request = { TEST_KEY, "application/x-www-form-urlencoded", mixed, NULL, NULL };
  Response response = { 0 };
  Response mixed_response = { 0 };
  g_autoptr(JsonObject) payment = NULL;

  send_request (fixture, "POST", url, &request, &response);
  g_assert_cmpuint (response.status, ==, 200);
  payment = parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (payment, "status"), ==, "captured");
  g_assert_cmpint (json_object_get_int_member (payment, "total"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (payment, "payment_details"),
                                                  "brand"), ==, "jcb");

  /* A plain key and a bracket key of the same name must not crash the parser. */
  send_request (fixture, "POST", url, &mixed_request, &mixed_response);
  g_assert_cmpuint (mixed_response.status, ==, 422);

  response_clear (&response);
  response_clear (&mixed_response);
}

static void
test_payment_authorize_only (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "5555555555554444");
  g_autoptr(JsonObject) payment = NULL;
  guint status = 0;

  payment = charge_token (fixture, json_object_get_string_member (token, "id"),
                          ", \"tax\": 0, \"capture\": false", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (payment, "status"), ==, "authorized");
  g_assert_true (json_object_get_null_member (payment, "captured_at"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (payment, "payment_details"),
                                                  "brand"), ==, "master");
}

typedef struct
{
  const char *number;
  const char *code;
} DeclineCase;

static const DeclineCase decline_cases[] = {
  { "4123111111111000", "insufficient_funds" },
  { "4123111111111018", "exceeds_limit" },
  { "4123111111111034", "bad_verification_value" },
  { "4123111111111042", "card_expired" },
  { "4123111111111059", "card_declined" },
  { "4123111111111067", "invalid_number" },
  { "4123111111111075", "invalid_number" },
  { "4123111111111083", "fraudulent" },
};

static void
test_decline_cards (Fixture       *fixture,
                    gconstpointer  user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (decline_cases); i++)
    {
      g_autoptr(JsonObject) token = create_token (fixture, decline_cases[i].number);
      g_autoptr(JsonObject) answer = NULL;
      guint status = 0;

      g_test_message ("card %s", decline_cases[i].number);
      g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "SKIPPED");
      answer = charge_token (fixture, json_object_get_string_member (token, "id"), ", \"tax\": 0", &status);
      g_assert_cmpuint (status, ==, 422);
      assert_error_shape (answer, decline_cases[i].code, NULL);
    }

  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_scenario_header (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "4100000000000100");
  g_autofree char *url = api_url (fixture, "/payments");
  g_autofree char *body = payment_body (json_object_get_string_member (token, "id"), 1000, "JPY",
                                        ", \"tax\": 0");
  Request request = { TEST_KEY, "application/json", body, NULL, "insufficient_funds" };
  Response response = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) payment = NULL;
  guint status = 0;

  send_request (fixture, "POST", url, &request, &response);
  g_assert_cmpuint (response.status, ==, 422);
  answer = parse_object (response.body);
  assert_error_shape (answer, "insufficient_funds", NULL);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
  response_clear (&response);

  /* Without the header the same token still charges. */
  payment = charge_token (fixture, json_object_get_string_member (token, "id"), ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_invalid_token (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(JsonObject) pending = create_token (fixture, "4100000000005000");
  g_autoptr(JsonObject) failed = create_token (fixture, "4100000000500000");
  g_autoptr(JsonObject) verified = create_verified_token (fixture, "4100000000000100");
  const char *token_ids[] = {
    json_object_get_string_member (pending, "id"),
    json_object_get_string_member (failed, "id"),
    "tok_unknown",
  };
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  guint status = 0;

  complete_3ds (failed, NULL, 303);
  for (gsize i = 0; i < G_N_ELEMENTS (token_ids); i++)
    {
      g_autoptr(JsonObject) answer = charge_token (fixture, token_ids[i], ", \"tax\": 0", &status);

      g_test_message ("token %s", token_ids[i]);
      g_assert_cmpuint (status, ==, 422);
      assert_error_shape (answer, "invalid_token", "payment_details");
    }

  first = charge_token (fixture, json_object_get_string_member (verified, "id"), ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 200);
  second = charge_token (fixture, json_object_get_string_member (verified, "id"), ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_shape (second, "invalid_token", "payment_details");
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_payment_mismatch (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "4100000000000100");
  const char *token_id = json_object_get_string_member (token, "id");
  g_autofree char *wrong_amount = payment_body (token_id, 999, "JPY", ", \"tax\": 0");
  g_autofree char *wrong_currency = payment_body (token_id, 1000, "USD", ", \"tax\": 0");
  g_autoptr(JsonObject) amount_answer = NULL;
  g_autoptr(JsonObject) currency_answer = NULL;
  g_autoptr(JsonObject) missing_answer = NULL;
  guint status = 0;

  amount_answer = post_json (fixture, "/payments", wrong_amount, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_shape (amount_answer, "invalid_parameter", "amount");

  currency_answer = post_json (fixture, "/payments", wrong_currency, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_shape (currency_answer, "invalid_parameter", "currency");

  missing_answer = post_json (fixture, "/payments", "{\"amount\": 1000, \"currency\": \"JPY\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  assert_error_shape (missing_answer, "missing_parameter", "payment_details");

  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
send_idempotent (Fixture    *fixture,
                 const char *body,
                 Response   *response)
{
  g_autofree char *url = api_url (fixture, "/payments");
  Request request = { TEST_KEY, "application/json", body, "sale-42-charge", NULL };

  send_request (fixture, "POST", url, &request, response);
}

static void
test_idempotent_replay (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_verified_token (fixture, "4100000000000100");
  g_autofree char *body = payment_body (json_object_get_string_member (token, "id"), 1000, "JPY",
                                        ", \"tax\": 0");
  g_autofree char *other_body = payment_body (json_object_get_string_member (token, "id"), 1000, "JPY",
                                              NULL);
  Response first = { 0 };
  Response replay = { 0 };
  Response other = { 0 };
  g_autoptr(JsonObject) first_payment = NULL;
  g_autoptr(JsonObject) replayed_payment = NULL;
  g_autoptr(JsonObject) other_answer = NULL;

  send_idempotent (fixture, body, &first);
  g_assert_cmpuint (first.status, ==, 200);
  send_idempotent (fixture, body, &replay);
  g_assert_cmpuint (replay.status, ==, 200);
  g_assert_true (g_bytes_equal (first.body, replay.body));

  first_payment = parse_object (first.body);
  replayed_payment = parse_object (replay.body);
  g_assert_cmpstr (json_object_get_string_member (first_payment, "id"), ==,
                   json_object_get_string_member (replayed_payment, "id"));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);

  send_idempotent (fixture, other_body, &other);
  g_assert_cmpuint (other.status, ==, 422);
  other_answer = parse_object (other.body);
  assert_error_shape (other_answer, "unprocessable_entity", NULL);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);

  response_clear (&first);
  response_clear (&replay);
  response_clear (&other);
}

static void
test_idempotent_error_replay (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4123111111111000");
  g_autofree char *body = payment_body (json_object_get_string_member (token, "id"), 1000, "JPY",
                                        ", \"tax\": 0");
  Response first = { 0 };
  Response replay = { 0 };

  send_idempotent (fixture, body, &first);
  g_assert_cmpuint (first.status, ==, 422);
  send_idempotent (fixture, body, &replay);
  g_assert_cmpuint (replay.status, ==, 422);
  g_assert_true (g_bytes_equal (first.body, replay.body));

  response_clear (&first);
  response_clear (&replay);
}

static void
test_idempotency_key_too_long (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *url = api_url (fixture, "/secure_tokens");
  g_autofree char *body = token_body ("4100000000000100", 1000, "JPY");
  g_autofree char *key = g_strnfill (101, 'k');
  Request request = { TEST_KEY, "application/json", body, key, NULL };
  Response response = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  send_request (fixture, "POST", url, &request, &response);
  g_assert_cmpuint (response.status, ==, 422);
  answer = parse_object (response.body);
  assert_error_shape (answer, "invalid_parameter", "X-KOMOJU-IDEMPOTENCY");
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
  response_clear (&response);
}

static void
test_ledger_json (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonObject) charged = create_verified_token (fixture, "4100000000000100");
  g_autoptr(JsonObject) pending = create_token (fixture, "4100000000005000");
  g_autoptr(JsonObject) payment = NULL;
  g_autofree char *url = NULL;
  g_autofree char *ledger_text = NULL;
  g_autofree char *served_text = NULL;
  g_autoptr(JsonObject) ledger = NULL;
  g_autoptr(GBytes) ledger_bytes = NULL;
  Request request = { NULL, NULL, NULL, NULL, NULL };
  Response response = { 0 };
  JsonArray *tokens;
  JsonObject *first_token;
  JsonObject *second_token;
  guint status = 0;

  payment = charge_token (fixture, json_object_get_string_member (charged, "id"), ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 2);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_null (reji_simulator_get_token_status (fixture->simulator, "tok_unknown"));
  g_assert_null (reji_simulator_get_payment_status (fixture->simulator, "unknown"));

  ledger_text = reji_simulator_dup_ledger_json (fixture->simulator);
  g_assert_null (strstr (ledger_text, "4100000000000100"));
  g_assert_null (strstr (ledger_text, "4100000000005000"));
  ledger_bytes = g_bytes_new (ledger_text, strlen (ledger_text));
  ledger = parse_object (ledger_bytes);
  tokens = json_object_get_array_member (ledger, "secure_tokens");
  g_assert_cmpuint (json_array_get_length (tokens), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ledger, "payments")), ==, 1);
  first_token = json_array_get_object_element (tokens, 0);
  g_assert_cmpstr (json_object_get_string_member (first_token, "id"), ==,
                   json_object_get_string_member (charged, "id"));
  g_assert_cmpstr (json_object_get_string_member (first_token, "verification_status"), ==, "OK");
  g_assert_cmpstr (json_object_get_string_member (first_token, "last_four_digits"), ==, "0100");
  g_assert_cmpstr (json_object_get_string_member (first_token, "brand"), ==, "visa");
  g_assert_true (json_object_get_boolean_member (first_token, "charged"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (tokens, 1), "charged"));

  /* The 3-D Secure page and the time it was passed, for tools. */
  g_assert_cmpstr (json_object_get_string_member (first_token, "authentication_url"), ==,
                   json_object_get_string_member (charged, "authentication_url"));
  assert_iso_time (json_object_get_string_member (first_token, "verified_at"));
  second_token = json_array_get_object_element (tokens, 1);
  g_assert_cmpstr (json_object_get_string_member (second_token, "authentication_url"), ==,
                   json_object_get_string_member (pending, "authentication_url"));
  g_assert_true (json_object_has_member (second_token, "verified_at"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (second_token, "verified_at")));

  url = g_strdup_printf ("%.*s/simulator/ledger",
                         (int) (strlen (fixture->base_url) - strlen ("/api/v1")), fixture->base_url);
  send_request (fixture, "GET", url, &request, &response);
  g_assert_cmpuint (response.status, ==, 200);
  served_text = g_strndup (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body));
  g_assert_cmpstr (served_text, ==, ledger_text);
  response_clear (&response);
}

/* A token that never needed 3-D Secure was verified when it was made. */
static void
test_ledger_skipped_verified_at (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = create_token (fixture, "4111111111111111");
  g_autofree char *text = reji_simulator_dup_ledger_json (fixture->simulator);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(JsonObject) ledger = parse_object (bytes);
  JsonObject *entry = json_array_get_object_element (json_object_get_array_member (ledger, "secure_tokens"), 0);

  g_assert_cmpstr (json_object_get_string_member (entry, "verification_status"), ==, "SKIPPED");
  g_assert_cmpstr (json_object_get_string_member (entry, "verified_at"), ==,
                   json_object_get_string_member (entry, "created_at"));
}

typedef struct
{
  const char *listen_host;
  guint       port;
  /* The request URI, whose host and port come from the Host header. */
  const char *request_uri;
  const char *expected;
} OriginCase;

static const OriginCase origin_cases[] = {
  { "127.0.0.1", 8080, NULL, "http://127.0.0.1:8080" },
  { "127.0.0.1", 8080, "http://192.0.2.7:9999/api/v1/secure_tokens", "http://127.0.0.1:8080" },
  { "::1", 8080, "http://192.0.2.7:9999/", "http://[::1]:8080" },
  { "192.0.2.7", 8080, "http://localhost:8080/", "http://192.0.2.7:8080" },
  { "0.0.0.0", 8080, NULL, "http://127.0.0.1:8080" },
  { "::", 8080, NULL, "http://[::1]:8080" },
  { "0.0.0.0", 8080, "http://192.168.1.20:8080/api/v1/secure_tokens", "http://192.168.1.20:8080" },
  { "0.0.0.0", 8080, "http://reji-trainer.local:8080/", "http://reji-trainer.local:8080" },
  { "0.0.0.0", 80, "http://192.168.1.20/api/v1", "http://192.168.1.20" },
  { "::", 8080, "http://[fd00::20]:8080/api/v1", "http://[fd00::20]:8080" },
};

static void
test_origin_format (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (origin_cases); i++)
    {
      const OriginCase *test_case = &origin_cases[i];
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (test_case->listen_host);
      g_autoptr(GUri) uri = NULL;
      g_autofree char *origin = NULL;

      g_test_message ("listening on %s, request %s", test_case->listen_host, test_case->request_uri);
      if (test_case->request_uri != NULL)
        uri = g_uri_parse (test_case->request_uri, G_URI_FLAGS_NONE, NULL);
      origin = reji_sim_origin_format (address, test_case->port, uri);
      g_assert_cmpstr (origin, ==, test_case->expected);
    }

  g_assert_true (reji_sim_origin_is_wildcard ("0.0.0.0"));
  g_assert_true (reji_sim_origin_is_wildcard ("::"));
  g_assert_false (reji_sim_origin_is_wildcard ("127.0.0.1"));
  g_assert_false (reji_sim_origin_is_wildcard ("::1"));
  g_assert_false (reji_sim_origin_is_wildcard ("localhost"));
}

/* On 127.0.0.1 the Host header does not change the authentication URL. */
static void
test_host_header_on_loopback (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *url = api_url (fixture, "/secure_tokens");
  g_autofree char *body = token_body ("4100000000005000", 1000, "JPY");
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
  g_autoptr(JsonObject) token = NULL;
  g_autofree char *origin = g_strndup (fixture->base_url, strlen (fixture->base_url) - strlen ("/api/v1"));
  Response response = { 0 };

  add_basic_auth (message, TEST_KEY);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Host", "192.0.2.7:9999");
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL, send_cb, &response);
  reji_test_wait_until (&response.done);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 200);

  token = parse_object (response.body);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (token, "authentication_url"), origin));
  g_assert_null (strstr (json_object_get_string_member (token, "authentication_url"), "192.0.2.7"));
  response_clear (&response);
}

static void
test_unknown_route (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *refunds_url = api_url (fixture, "/refunds");
  g_autofree char *tokens_url = api_url (fixture, "/secure_tokens");
  Request request = { TEST_KEY, NULL, NULL, NULL, NULL };
  Response not_found = { 0 };
  Response not_allowed = { 0 };
  g_autoptr(JsonObject) not_found_answer = NULL;
  g_autoptr(JsonObject) not_allowed_answer = NULL;

  send_request (fixture, "GET", refunds_url, &request, &not_found);
  g_assert_cmpuint (not_found.status, ==, 404);
  not_found_answer = parse_object (not_found.body);
  assert_error_shape (not_found_answer, "not_found", NULL);

  send_request (fixture, "GET", tokens_url, &request, &not_allowed);
  g_assert_cmpuint (not_allowed.status, ==, 405);
  not_allowed_answer = parse_object (not_allowed.body);
  assert_error_shape (not_allowed_answer, "bad_request", NULL);

  response_clear (&not_found);
  response_clear (&not_allowed);
}

static void
test_listen_rejects_host_name (void)
{
  g_autoptr(RejiSimulator) simulator = reji_simulator_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (reji_simulator_listen (simulator, "localhost", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (reji_simulator_dup_base_url (simulator));
}

static void
test_listen_ipv6 (void)
{
  g_autoptr(RejiSimulator) simulator = reji_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  if (!reji_simulator_listen (simulator, "::1", 0, &error))
    {
      g_autofree char *reason = g_strdup_printf ("IPv6 loopback is not available: %s", error->message);

      g_test_skip (reason);
      return;
    }

  base_url = reji_simulator_dup_base_url (simulator);
  g_assert_true (g_regex_match_simple ("^http://\\[::1\\]:\\d+/api/v1$", base_url, 0, 0));
}

static void
test_shutdown_stops_listening (void)
{
  g_autoptr(RejiSimulator) simulator = reji_test_start_simulator ();
  g_autofree char *base_url = reji_simulator_dup_base_url (simulator);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (base_url);
  reji_simulator_shutdown (simulator);
  g_assert_null (reji_simulator_dup_base_url (simulator));
  g_assert_null (reji_simulator_dup_return_url (simulator));

  /* A stopped simulator may listen again. */
  g_assert_true (reji_simulator_listen (simulator, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
}

/* Log lines written while a test captures them, to search for secrets. */
static GString *captured_logs;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (captured_logs != NULL)
    {
      g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

      g_string_append_printf (captured_logs, "%s\n", line);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
test_logs_hide_secrets (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) token = NULL;
  g_autoptr(JsonObject) payment = NULL;
  g_autofree char *logs = NULL;
  gboolean debug_was_enabled = g_log_get_debug_enabled ();
  guint status = 0;

  captured_logs = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);

  token = create_token (fixture, "4100000000005000");
  complete_3ds (token, "123456", 303);
  payment = charge_token (fixture, json_object_get_string_member (token, "id"), ", \"tax\": 0", &status);
  g_assert_cmpuint (status, ==, 200);

  g_log_set_debug_enabled (debug_was_enabled);
  logs = g_string_free (g_steal_pointer (&captured_logs), FALSE);

  /* The requests were logged, without card data or the key. */
  g_assert_nonnull (strstr (logs, "POST /api/v1/payments"));
  g_assert_null (strstr (logs, "4100000000005000"));
  g_assert_null (strstr (logs, "123456"));
  g_assert_null (strstr (logs, TEST_KEY));
  g_assert_null (strstr (logs, "Authorization"));
}

typedef struct
{
  gboolean  done;
  char     *stdout_text;
  char     *stderr_text;
  GError   *error;
} ProcessResult;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProcessResult *process_result = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &process_result->stdout_text,
                                        &process_result->stderr_text, &process_result->error);
  process_result->done = TRUE;
}

static void
test_curl_example (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *url = api_url (fixture, "/secure_tokens");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(JsonObject) token = NULL;
  ProcessResult result = { 0 };

  if (curl == NULL)
    {
      g_test_skip ("curl is not installed");
      return;
    }

  /* KOMOJU's own example, with only the host changed. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              curl, "--silent", "--show-error", "--noproxy", "*",
                              "-X", "POST", url, "-u", "sk_12345:",
                              "-d", "amount=1000", "-d", "currency=JPY",
                              "-d", "return_url=https://example.com/complete",
                              "-d", "payment_details[type]=credit_card",
                              "-d", "payment_details[email]=test@example.com",
                              "-d", "payment_details[number]=4100000000000100",
                              "-d", "payment_details[month]=08",
                              "-d", "payment_details[year]=2025",
                              "-d", "payment_details[verification_value]=123",
                              "-d", "payment_details[name]=Test Card",
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &result);
  reji_test_wait_until (&result.done);
  g_assert_no_error (result.error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  output = g_bytes_new_take (result.stdout_text, strlen (result.stdout_text));
  token = parse_object (output);
  assert_komoju_id (json_object_get_string_member (token, "id"), "tok_");
  g_assert_cmpstr (json_object_get_string_member (token, "verification_status"), ==, "NEEDS_VERIFY");
  g_assert_true (json_object_has_member (token, "authentication_url"));
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 1);
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

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ProcessResult *process_result = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &process_result->error);
  process_result->done = TRUE;
}

static void
test_standalone_program (void)
{
  g_autofree char *program = g_build_filename (g_getenv ("REJI_BUILD_ROOT"), "src", "reji-simulator", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger_url = NULL;
  LineResult line = { 0 };
  Response response = { 0 };
  ProcessResult exit_result = { 0 };

  g_assert_nonnull (g_getenv ("REJI_BUILD_ROOT"));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--host", "127.0.0.1", "--port", "0", NULL);
  g_assert_no_error (error);

  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (stdout_stream, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  reji_test_wait_until (&line.done);
  g_assert_no_error (line.error);
  g_assert_nonnull (line.line);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:\\d+/api/v1$", line.line, 0, 0));

  message = soup_message_new ("GET", line.line);
  g_assert_nonnull (message);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, send_cb, &response);
  reji_test_wait_until (&response.done);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 401);
  response_clear (&response);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, wait_cb, &exit_result);
  reji_test_wait_until (&exit_result.done);
  g_assert_no_error (exit_result.error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_free (line.line);
}

static void
test_standalone_bad_port (void)
{
  g_autofree char *program = g_build_filename (g_getenv ("REJI_BUILD_ROOT"), "src", "reji-simulator", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  ProcessResult exit_result = { 0 };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, program, "--port", "70000", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, wait_cb, &exit_result);
  reji_test_wait_until (&exit_result.done);
  g_assert_no_error (exit_result.error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
}

/* Runs reji-simulator with @arguments until it exits. */
static GSubprocess *
run_program (const char * const *arguments,
             ProcessResult       *output)
{
  g_autofree char *program = g_build_filename (g_getenv ("REJI_BUILD_ROOT"), "src", "reji-simulator", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, program);
  for (gsize i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, output);
  reji_test_wait_until (&output->done);
  g_assert_no_error (output->error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return process;
}

static void
test_standalone_port_in_use (void)
{
  g_autoptr(RejiSimulator) simulator = reji_test_start_simulator ();
  g_autofree char *base_url = reji_simulator_dup_base_url (simulator);
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (uri));
  const char *arguments[] = { "--host", "127.0.0.1", "--port", port, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_auto(GStrv) lines = NULL;
  ProcessResult output = { 0 };

  process = run_program (arguments, &output);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (output.stdout_text, ==, "");

  /* One line, in words the user can act on. */
  g_assert_true (g_str_has_suffix (output.stderr_text, "\n"));
  lines = g_strsplit (output.stderr_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], "is already in use"));
  g_assert_nonnull (strstr (lines[0], port));
  g_assert_null (strstr (lines[0], "WARNING"));

  g_free (output.stdout_text);
  g_free (output.stderr_text);
}

static void
test_standalone_help_mentions_lan (void)
{
  const char *arguments[] = { "--help", NULL };
  g_autoptr(GSubprocess) process = NULL;
  ProcessResult output = { 0 };

  process = run_program (arguments, &output);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (output.stdout_text, "0.0.0.0"));
  g_assert_nonnull (strstr (output.stdout_text, "phone"));

  g_free (output.stdout_text);
  g_free (output.stderr_text);
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add ("/reji/simulator/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  ADD_FIXTURE_TEST ("curl-example", test_curl_example);
  ADD_FIXTURE_TEST ("token-create-json", test_token_create_json);
  ADD_FIXTURE_TEST ("token-create-form", test_token_create_form);
  ADD_FIXTURE_TEST ("token-show", test_token_show);
  ADD_FIXTURE_TEST ("token-invalid-params", test_token_invalid_params);
  ADD_FIXTURE_TEST ("card-classes", test_card_classes);
  ADD_FIXTURE_TEST ("challenge-wrong-password", test_challenge_wrong_password);
  ADD_FIXTURE_TEST ("return-location", test_return_location);
  ADD_FIXTURE_TEST ("page-unknown-token", test_page_unknown_token);
  ADD_FIXTURE_TEST ("page-hides-card", test_page_hides_card);
  ADD_FIXTURE_TEST ("return-page", test_return_page);
  ADD_FIXTURE_TEST ("return-page-outcome", test_return_page_outcome);
  ADD_FIXTURE_TEST ("finished-page-outcome", test_finished_page_outcome);
  ADD_FIXTURE_TEST ("blank-password", test_blank_password);
  ADD_FIXTURE_TEST ("skipped-cards", test_skipped_cards);
  ADD_FIXTURE_TEST ("unauthorized", test_unauthorized);
  ADD_FIXTURE_TEST ("key-without-colon", test_key_without_colon);
  ADD_FIXTURE_TEST ("payment-tax-zero", test_payment_tax_zero);
  ADD_FIXTURE_TEST ("payment-tax-added", test_payment_tax_added);
  ADD_FIXTURE_TEST ("payment-create-form", test_payment_create_form);
  ADD_FIXTURE_TEST ("payment-authorize-only", test_payment_authorize_only);
  ADD_FIXTURE_TEST ("decline-cards", test_decline_cards);
  ADD_FIXTURE_TEST ("scenario-header", test_scenario_header);
  ADD_FIXTURE_TEST ("invalid-token", test_invalid_token);
  ADD_FIXTURE_TEST ("payment-mismatch", test_payment_mismatch);
  ADD_FIXTURE_TEST ("idempotent-replay", test_idempotent_replay);
  ADD_FIXTURE_TEST ("idempotent-error-replay", test_idempotent_error_replay);
  ADD_FIXTURE_TEST ("idempotency-key-too-long", test_idempotency_key_too_long);
  ADD_FIXTURE_TEST ("ledger-json", test_ledger_json);
  ADD_FIXTURE_TEST ("ledger-skipped-verified-at", test_ledger_skipped_verified_at);
  ADD_FIXTURE_TEST ("host-header-on-loopback", test_host_header_on_loopback);
  g_test_add_func ("/reji/simulator/origin-format", test_origin_format);
  ADD_FIXTURE_TEST ("unknown-route", test_unknown_route);
  g_test_add_func ("/reji/simulator/listen-rejects-host-name", test_listen_rejects_host_name);
  ADD_FIXTURE_TEST ("logs-hide-secrets", test_logs_hide_secrets);
  g_test_add_func ("/reji/simulator/listen-ipv6", test_listen_ipv6);
  g_test_add_func ("/reji/simulator/shutdown-stops-listening", test_shutdown_stops_listening);
  g_test_add_func ("/reji/simulator/standalone-program", test_standalone_program);
  g_test_add_func ("/reji/simulator/standalone-bad-port", test_standalone_bad_port);
  g_test_add_func ("/reji/simulator/standalone-port-in-use", test_standalone_port_in_use);
  g_test_add_func ("/reji/simulator/standalone-help-mentions-lan", test_standalone_help_mentions_lan);

  return g_test_run ();
}
