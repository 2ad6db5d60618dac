/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Checks the KOMOJU client against Prism, a mock server that responds from
 * KOMOJU's OpenAPI description. REJI_PRISM_URL is the base URL of a running
 * Prism and REJI_OPENAPI_SPEC the description it serves; build-aux/with-prism
 * sets both. Without REJI_PRISM_URL every case is skipped.
 *
 * The description is a third-party one and disagrees with the client in
 * places. The client copes with these without change:
 *  - SecureToken has no `created_at`, and Payment has no `captured_at`.
 *    Both are optional for the client.
 *  - Payment's `payment_details` is a free-form object; Prism sends {}, so
 *    the brand and last four digits stay unknown.
 *  - Reji's request bodies carry members the description does not list
 *    (`amount` and `currency` of a secure token, `tax` of a payment). The
 *    description allows extra members, and Prism accepts them.
 * One disagreement is kept on purpose: the description marks no member as
 * required, so it allows a payment without `id`, `status`, `amount` or
 * `currency`, and an error without `code` or `message`. KOMOJU's reference
 * always sends these, and the client rejects a response without them rather
 * than charge or report on a guess. Prism fills in every member, so the
 * cases below never receive such a response. */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-json.h"
#include "reji-test-utils.h"

#define TOKEN_ID   "tok_contract"
#define PAYMENT_ID "pay_contract"

/* Prism's responses built from the description alone: its placeholder for a
 * string, its sample URI and the first value of each enum. */
#define PRISM_STRING "string"

/* The number of random responses requested from each endpoint. */
#define N_DYNAMIC_ROUNDS 10

static const char *
get_prism_url (void)
{
  const char *url = g_getenv ("REJI_PRISM_URL");

  if (url == NULL || *url == '\0')
    {
      g_test_skip ("REJI_PRISM_URL is not set; run the test under build-aux/with-prism "
                   "to check the client against KOMOJU's OpenAPI description");
      return NULL;
    }

  return url;
}

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

static RejiSecureTokenRequest
make_token_request (const char *return_url)
{
  RejiSecureTokenRequest request = {
    .amount = 1000,
    .currency = "JPY",
    .return_url = return_url,
    .number = "4100000000000100",
    .month = 12,
    .year = 2030,
    .security_code = "123",
    .name = "TARO YAMADA",
    .email = NULL,
  };

  return request;
}

static RejiSecureToken *
create_token (RejiKomojuClient *client,
              const char       *return_url,
              GError          **error)
{
  RejiSecureTokenRequest request = make_token_request (return_url);
  g_autoptr(GAsyncResult) result = NULL;
  AsyncWait wait = { 0 };

  reji_komoju_client_create_secure_token_async (client, &request, NULL, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  return reji_komoju_client_create_secure_token_finish (client, result, error);
}

/* Round trips through the client */

/* The description has no example for `authentication_url`, so Prism
 * makes one up from its `format: uri`: a plain http:// address on the
 * internet. KOMOJU sends https://, and the client rejects anything else
 * before it can reach a QR code, so a round trip of the default token
 * ends in that rejection. */
static void
assert_default_token_rejected (const RejiSecureToken *token,
                               const GError          *error)
{
  g_assert_null (token);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "3-D Secure"));
}

static void
assert_default_payment (const RejiPayment *payment)
{
  g_assert_nonnull (payment);
  g_assert_cmpstr (payment->id, ==, PRISM_STRING);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_PENDING);
  g_assert_cmpint (payment->amount, ==, 0);
  g_assert_cmpstr (payment->currency, ==, PRISM_STRING);
  g_assert_null (payment->brand);
  g_assert_null (payment->last_four_digits);
  g_assert_null (payment->captured_at);
}

static void
test_create_secure_token (void)
{
  const char *url = get_prism_url ();
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  if (url == NULL)
    return;

  client = reji_komoju_client_new (url, "sk_test_contract");
  token = create_token (client, "https://example.com/return", &error);

  assert_default_token_rejected (token, error);
}

static void
test_get_secure_token (void)
{
  const char *url = get_prism_url ();
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  if (url == NULL)
    return;

  client = reji_komoju_client_new (url, "sk_test_contract");
  reji_komoju_client_get_secure_token_async (client, TOKEN_ID, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  token = reji_komoju_client_get_secure_token_finish (client, result, &error);

  assert_default_token_rejected (token, error);
}

static void
test_create_payment (void)
{
  const char *url = get_prism_url ();
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  if (url == NULL)
    return;

  client = reji_komoju_client_new (url, "sk_test_contract");
  reji_komoju_client_create_payment_async (client, TOKEN_ID, 1000, "JPY", NULL, NULL,
                                           async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  payment = reji_komoju_client_create_payment_finish (client, result, &error);

  g_assert_no_error (error);
  assert_default_payment (payment);
}

static void
test_get_payment (void)
{
  const char *url = get_prism_url ();
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  if (url == NULL)
    return;

  client = reji_komoju_client_new (url, "sk_test_contract");
  reji_komoju_client_get_payment_async (client, PAYMENT_ID, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  payment = reji_komoju_client_get_payment_finish (client, result, &error);

  g_assert_no_error (error);
  assert_default_payment (payment);
}

/* Prism validates requests against the description: a return URL that is
 * not a URI gets the description's 422 response, KOMOJU's error body. */
static void
test_rejected_request (void)
{
  const char *url = get_prism_url ();
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(GError) error = NULL;

  if (url == NULL)
    return;

  client = reji_komoju_client_new (url, "sk_test_contract");
  token = create_token (client, "not a URI", &error);

  g_assert_null (token);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, PRISM_STRING);
}

/* The endpoints Reji uses */

typedef enum
{
  ENDPOINT_CREATE_SECURE_TOKEN,
  ENDPOINT_GET_SECURE_TOKEN,
  ENDPOINT_CREATE_PAYMENT,
  ENDPOINT_GET_PAYMENT,
  N_ENDPOINTS,
} Endpoint;

typedef gpointer (*ResponseParser) (JsonObject  *object,
                                    GError     **error);

typedef struct
{
  const char     *method;
  const char     *path;      /* the description's path template */
  const char     *url_path;  /* the path requested */
  ResponseParser  parse;
  GDestroyNotify  free;
} EndpointInfo;

static const EndpointInfo endpoints[N_ENDPOINTS] = {
  [ENDPOINT_CREATE_SECURE_TOKEN] = {
    "POST", "/secure_tokens", "/secure_tokens",
    (ResponseParser) reji_komoju_json_parse_secure_token, (GDestroyNotify) reji_secure_token_free,
  },
  [ENDPOINT_GET_SECURE_TOKEN] = {
    "GET", "/secure_tokens/{id}", "/secure_tokens/" TOKEN_ID,
    (ResponseParser) reji_komoju_json_parse_secure_token, (GDestroyNotify) reji_secure_token_free,
  },
  [ENDPOINT_CREATE_PAYMENT] = {
    "POST", "/payments", "/payments",
    (ResponseParser) reji_komoju_json_parse_payment, (GDestroyNotify) reji_payment_free,
  },
  [ENDPOINT_GET_PAYMENT] = {
    "GET", "/payments/{id}", "/payments/" PAYMENT_ID,
    (ResponseParser) reji_komoju_json_parse_payment, (GDestroyNotify) reji_payment_free,
  },
};

static int
find_endpoint (const char *method,
               const char *path)
{
  for (int i = 0; i < N_ENDPOINTS; i++)
    {
      if (g_ascii_strcasecmp (endpoints[i].method, method) == 0
          && g_strcmp0 (endpoints[i].path, path) == 0)
        return i;
    }

  return -1;
}

/* Reading the description */

/* One response the description declares for an endpoint Reji uses: an
 * HTTP status, and the name of one of its examples if it has any. */
typedef struct
{
  Endpoint  endpoint;
  guint     status;
  char     *example;
} DeclaredResponse;

static void
declared_response_free (DeclaredResponse *response)
{
  g_free (response->example);
  g_free (response);
}

static void
add_declared_response (GPtrArray  *responses,
                       int         endpoint,
                       guint       status,
                       const char *example)
{
  DeclaredResponse *response;

  if (endpoint < 0)
    return;

  response = g_new0 (DeclaredResponse, 1);
  response->endpoint = endpoint;
  response->status = status;
  response->example = g_strdup (example);
  g_ptr_array_add (responses, response);
}

/* Returns the key of a "key: value" line without its quotes, or NULL when
 * the line is not a mapping key. */
static char *
get_yaml_key (const char *line)
{
  const char *start = line + strspn (line, " ");
  const char *colon = strchr (start, ':');
  g_autofree char *key = NULL;

  if (*start == '#' || *start == '-' || colon == NULL || colon == start)
    return NULL;
  if (colon[1] != '\0' && colon[1] != ' ')
    return NULL;

  key = g_strndup (start, colon - start);
  if (strlen (key) >= 2 && (key[0] == '\'' || key[0] == '"') && key[strlen (key) - 1] == key[0])
    return g_strndup (key + 1, strlen (key) - 2);

  return g_steal_pointer (&key);
}

static guint
parse_status (const char *key)
{
  guint64 status = 0;

  if (key == NULL || !g_ascii_string_to_unsigned (key, 10, 100, 599, &status, NULL))
    return 0;

  return status;
}

/* The position of the scanner in the `paths` section. */
typedef struct
{
  gboolean  in_paths;
  char     *path;
  char     *method;
  gboolean  in_responses;
  guint     status;
  gsize     examples_indent;  /* 0 outside an `examples` mapping */
} SpecScanner;

static void
scan_response_line (SpecScanner *scanner,
                    gsize        indent,
                    const char  *key,
                    GPtrArray   *responses)
{
  int endpoint = find_endpoint (scanner->method, scanner->path);

  if (indent == 8)
    {
      scanner->status = parse_status (key);
      scanner->examples_indent = 0;
      if (scanner->status != 0)
        add_declared_response (responses, endpoint, scanner->status, NULL);
      return;
    }

  if (scanner->status == 0 || key == NULL)
    return;

  if (scanner->examples_indent != 0 && indent <= scanner->examples_indent)
    scanner->examples_indent = 0;

  if (g_str_equal (key, "examples"))
    scanner->examples_indent = indent;
  else if (scanner->examples_indent != 0 && indent == scanner->examples_indent + 2)
    add_declared_response (responses, endpoint, scanner->status, key);
}

static void
scan_line (SpecScanner *scanner,
           const char  *line,
           GPtrArray   *responses)
{
  gsize indent = strspn (line, " ");
  g_autofree char *key = get_yaml_key (line);

  if (line[indent] == '\0' || line[indent] == '#')
    return;

  if (indent == 0)
    {
      scanner->in_paths = g_strcmp0 (key, "paths") == 0;
      return;
    }
  if (!scanner->in_paths)
    return;

  switch (indent)
    {
    case 2:
      g_free (scanner->path);
      scanner->path = g_steal_pointer (&key);
      g_clear_pointer (&scanner->method, g_free);
      scanner->in_responses = FALSE;
      break;

    case 4:
      g_free (scanner->method);
      scanner->method = g_steal_pointer (&key);
      scanner->in_responses = FALSE;
      break;

    case 6:
      scanner->in_responses = scanner->method != NULL && g_strcmp0 (key, "responses") == 0;
      scanner->status = 0;
      break;

    default:
      if (scanner->in_responses && indent >= 8)
        scan_response_line (scanner, indent, key, responses);
      break;
    }
}

/* Lists the responses, with their named examples, that the description
 * declares for the endpoints Reji uses. This reads the layout of this
 * description only (two spaces per level, responses and examples written
 * out under each operation).
 * NOTE: examples of a response declared through $ref under
 * components/responses are not followed, so they are not listed. */
static GPtrArray *
scan_spec (const char *spec_path)
{
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func ((GDestroyNotify) declared_response_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  SpecScanner scanner = { 0 };

  g_file_get_contents (spec_path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    scan_line (&scanner, lines[i], responses);

  g_free (scanner.path);
  g_free (scanner.method);

  return g_steal_pointer (&responses);
}

/* Requests sent to Prism directly, to choose its response */

static GBytes *
build_request_body (Endpoint endpoint)
{
  RejiSecureTokenRequest request = make_token_request ("https://example.com/return");

  switch (endpoint)
    {
    case ENDPOINT_CREATE_SECURE_TOKEN:
      return reji_komoju_json_build_secure_token_body (&request);

    case ENDPOINT_CREATE_PAYMENT:
      return reji_komoju_json_build_payment_body (TOKEN_ID, 1000, "JPY", NULL);

    case ENDPOINT_GET_SECURE_TOKEN:
    case ENDPOINT_GET_PAYMENT:
    case N_ENDPOINTS:
    default:
      return NULL;
    }
}

/* Sends the request the client would send for @endpoint, with a Prefer
 * header that selects the declared response Prism returns. */
static GBytes *
send_to_prism (SoupSession *session,
               Endpoint     endpoint,
               const char  *prefer,
               guint       *out_status)
{
  g_autofree char *url = g_strconcat (g_getenv ("REJI_PRISM_URL"), endpoints[endpoint].url_path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (endpoints[endpoint].method, url);
  g_autoptr(GBytes) request_body = build_request_body (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  AsyncWait wait = { 0 };
  GBytes *body;

  /* HTTP Basic with "sk_test_contract" as the user and no password. */
  soup_message_headers_replace (headers, "Authorization", "Basic c2tfdGVzdF9jb250cmFjdDo=");
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Prefer", prefer);
  if (request_body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", request_body);

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  *out_status = soup_message_get_status (message);
  return body;
}

/* Checks that the client's parser for @endpoint reads @body: a success
 * as the endpoint's object, anything else as KOMOJU's error body. */
static void
assert_client_parses (Endpoint  endpoint,
                      guint     status,
                      GBytes   *body)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) api_error = NULL;
  g_autoptr(GError) error = NULL;
  gpointer parsed;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      api_error = reji_komoju_json_parse_api_error (status, body);
      g_assert_error (api_error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
      g_assert_cmpuint (reji_komoju_error_get_http_status (api_error), ==, status);
      return;
    }

  object = reji_komoju_json_parse_object (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  parsed = endpoints[endpoint].parse (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  endpoints[endpoint].free (parsed);
}

/* Every response and example the description declares */

static void
test_declared_responses (void)
{
  const char *spec_path = g_getenv ("REJI_OPENAPI_SPEC");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  gboolean has_success[N_ENDPOINTS] = { FALSE };

  if (get_prism_url () == NULL)
    return;
  if (spec_path == NULL || *spec_path == '\0')
    {
      g_test_skip ("REJI_OPENAPI_SPEC is not set; build-aux/with-prism sets it to the description Prism serves");
      return;
    }

  responses = scan_spec (spec_path);
  session = soup_session_new ();

  for (guint i = 0; i < responses->len; i++)
    {
      DeclaredResponse *response = g_ptr_array_index (responses, i);
      g_autofree char *prefer = NULL;
      g_autoptr(GBytes) body = NULL;
      guint status = 0;

      if (response->example != NULL)
        prefer = g_strdup_printf ("code=%u, example=%s", response->status, response->example);
      else
        prefer = g_strdup_printf ("code=%u", response->status);
      g_test_message ("%s %s with Prefer: %s", endpoints[response->endpoint].method,
                      endpoints[response->endpoint].path, prefer);

      body = send_to_prism (session, response->endpoint, prefer, &status);
      g_assert_cmpuint (status, ==, response->status);
      assert_client_parses (response->endpoint, status, body);

      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        has_success[response->endpoint] = TRUE;
    }

  for (int i = 0; i < N_ENDPOINTS; i++)
    g_assert_true (has_success[i]);
}

/* Prism's random responses, which take every value an enum allows and any
 * string, number or date the schema allows. */
static void
test_dynamic_responses (void)
{
  g_autoptr(SoupSession) session = NULL;

  if (get_prism_url () == NULL)
    return;

  session = soup_session_new ();
  for (int endpoint = 0; endpoint < N_ENDPOINTS; endpoint++)
    {
      for (guint round = 0; round < N_DYNAMIC_ROUNDS; round++)
        {
          g_autoptr(GBytes) body = NULL;
          guint status = 0;

          body = send_to_prism (session, endpoint, "dynamic=true", &status);
          g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
          assert_client_parses (endpoint, status, body);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/contract/create-secure-token", test_create_secure_token);
  g_test_add_func ("/reji/contract/get-secure-token", test_get_secure_token);
  g_test_add_func ("/reji/contract/create-payment", test_create_payment);
  g_test_add_func ("/reji/contract/get-payment", test_get_payment);
  g_test_add_func ("/reji/contract/rejected-request", test_rejected_request);
  g_test_add_func ("/reji/contract/declared-responses", test_declared_responses);
  g_test_add_func ("/reji/contract/dynamic-responses", test_dynamic_responses);

  return g_test_run ();
}
