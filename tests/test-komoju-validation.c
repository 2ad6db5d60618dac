/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-request.h"
#include "reji-test-utils.h"

/* Every way a KOMOJU response or URL can be wrong, each expected to give a
 * clear error and never a crash. A SoupServer on 127.0.0.1 serves one
 * canned answer per path. */

#define JSON_TYPE "application/json"

/* Serve the oversized body with chunked encoding instead of a length. */
#define CHUNKED "chunked"

typedef struct
{
  const char *path;          /* below /api/v1 */
  const char *content_type;  /* (nullable) NULL sends no Content-Type */
  const char *body;          /* (nullable) NULL: more than the size limit */
  const char *expected;      /* (nullable) a part of the error message, or NULL for success */
} ValidationCase;

#define PAYMENT_START "{\"id\": \"pay_v\", \"status\": \"captured\", "

static const ValidationCase payment_cases[] = {
  { "/payments/ok", JSON_TYPE, PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\"}", NULL },
  { "/payments/charset-utf8", "application/json; charset=UTF-8",
    PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\"}", NULL },
  { "/payments/integral-double", JSON_TYPE, PAYMENT_START "\"amount\": 1000.0, \"currency\": \"JPY\"}", NULL },
  { "/payments/html", "text/html", "<html></html>", "text/html" },
  { "/payments/no-content-type", NULL, PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\"}", "Content-Type" },
  { "/payments/latin1", "application/json; charset=iso-8859-1",
    PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\"}", "iso-8859-1" },
  { "/payments/problem-json", "application/problem+json", "{}", "application/problem+json" },
  { "/payments/truncated", JSON_TYPE, PAYMENT_START "\"amount\": 10", "not valid JSON" },
  { "/payments/empty", JSON_TYPE, "", "not valid JSON" },
  { "/payments/array", JSON_TYPE, "[1, 2]", "not a JSON object" },
  { "/payments/id-missing", JSON_TYPE, "{\"status\": \"captured\", \"amount\": 1, \"currency\": \"JPY\"}", "“id”" },
  { "/payments/id-null", JSON_TYPE, "{\"id\": null, \"status\": \"captured\", \"amount\": 1, \"currency\": \"JPY\"}", "“id”" },
  { "/payments/id-number", JSON_TYPE, "{\"id\": 7, \"status\": \"captured\", \"amount\": 1, \"currency\": \"JPY\"}", "“id”" },
  { "/payments/status-null", JSON_TYPE, "{\"id\": \"p\", \"status\": null, \"amount\": 1, \"currency\": \"JPY\"}", "“status”" },
  { "/payments/status-unknown", JSON_TYPE, "{\"id\": \"p\", \"status\": \"paid\", \"amount\": 1, \"currency\": \"JPY\"}", "“status”" },
  { "/payments/amount-missing", JSON_TYPE, PAYMENT_START "\"currency\": \"JPY\"}", "“amount”" },
  { "/payments/amount-null", JSON_TYPE, PAYMENT_START "\"amount\": null, \"currency\": \"JPY\"}", "“amount”" },
  { "/payments/amount-string", JSON_TYPE, PAYMENT_START "\"amount\": \"1000\", \"currency\": \"JPY\"}", "“amount”" },
  { "/payments/amount-fraction", JSON_TYPE, PAYMENT_START "\"amount\": 999.5, \"currency\": \"JPY\"}", "“amount”" },
  { "/payments/amount-bool", JSON_TYPE, PAYMENT_START "\"amount\": true, \"currency\": \"JPY\"}", "“amount”" },
  { "/payments/currency-number", JSON_TYPE, PAYMENT_START "\"amount\": 1000, \"currency\": 392}", "“currency”" },
  { "/payments/order-number", JSON_TYPE,
    PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\", \"external_order_num\": 5}", "“external_order_num”" },
  { "/payments/details-string", JSON_TYPE,
    PAYMENT_START "\"amount\": 1000, \"currency\": \"JPY\", \"payment_details\": \"visa\"}", "“payment_details”" },
  { "/payments/too-large", JSON_TYPE, NULL, "too large" },
  { "/payments/too-large-chunked", CHUNKED, NULL, "too large" },
};

#define TOKEN_START "{\"id\": \"tok_v\", \"verification_status\": \"NEEDS_VERIFY\", \"authentication_url\": "

static const ValidationCase token_cases[] = {
  { "/secure_tokens/ok", JSON_TYPE, TOKEN_START "\"https://komoju.example/3ds/tok_v\"}", NULL },
  { "/secure_tokens/loopback-http", JSON_TYPE, TOKEN_START "\"http://127.0.0.1:1/3ds\"}", NULL },
  { "/secure_tokens/no-url", JSON_TYPE, "{\"id\": \"tok_v\", \"verification_status\": \"OK\"}", NULL },
  { "/secure_tokens/status-unknown", JSON_TYPE, "{\"id\": \"t\", \"verification_status\": \"DONE\"}", "“verification_status”" },
  { "/secure_tokens/status-null", JSON_TYPE, "{\"id\": \"t\", \"verification_status\": null}", "“verification_status”" },
  { "/secure_tokens/status-number", JSON_TYPE, "{\"id\": \"t\", \"verification_status\": 1}", "“verification_status”" },
  { "/secure_tokens/id-null", JSON_TYPE, "{\"id\": null, \"verification_status\": \"OK\"}", "“id”" },
  { "/secure_tokens/url-number", JSON_TYPE, TOKEN_START "3}", "“authentication_url”" },
  { "/secure_tokens/url-javascript", JSON_TYPE, TOKEN_START "\"javascript:alert(1)\"}", "3-D Secure" },
  { "/secure_tokens/url-remote-http", JSON_TYPE, TOKEN_START "\"http://komoju.example/3ds\"}", "3-D Secure" },
  { "/secure_tokens/url-userinfo", JSON_TYPE, TOKEN_START "\"https://user:pw@komoju.example/3ds\"}", "3-D Secure" },
  { "/secure_tokens/url-space", JSON_TYPE, TOKEN_START "\"https://komoju.example/3ds x\"}", "3-D Secure" },
  { "/secure_tokens/url-control", JSON_TYPE, TOKEN_START "\"https://komoju.example/\\u00073ds\"}", "3-D Secure" },
};

typedef struct
{
  SoupServer       *server;
  char             *base_url;
  RejiKomojuClient *client;
  guint             requests;
} ValidationFixture;

/* A body of JSON whitespace, one byte more than the client reads. */
static char *oversized_body;

static const ValidationCase *
find_case (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (payment_cases); i++)
    if (g_str_equal (payment_cases[i].path, path))
      return &payment_cases[i];

  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    if (g_str_equal (token_cases[i].path, path))
      return &token_cases[i];

  return NULL;
}

static void
serve_oversized (SoupServerMessage *message,
                 gboolean           chunked)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_message_headers_replace (headers, "Content-Type", JSON_TYPE);
  if (chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, oversized_body, REJI_KOMOJU_MAX_BODY_SIZE + 1);
  soup_message_body_complete (body);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  ValidationFixture *fixture = user_data;
  const ValidationCase *test_case;

  fixture->requests++;
  test_case = g_str_has_prefix (path, "/api/v1") ? find_case (path + strlen ("/api/v1")) : NULL;
  if (test_case == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  if (test_case->body == NULL)
    {
      serve_oversized (message, g_strcmp0 (test_case->content_type, CHUNKED) == 0);
      return;
    }

  if (test_case->content_type != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "Content-Type", test_case->content_type);
  soup_message_body_append (soup_server_message_get_response_body (message), SOUP_MEMORY_STATIC,
                            test_case->body, strlen (test_case->body));
}

static void
fixture_setup (ValidationFixture *fixture,
               gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  root = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->base_url = g_strconcat (root, "api/v1", NULL);
  fixture->client = reji_komoju_client_new (fixture->base_url, "sk_test_abc");
}

static void
fixture_teardown (ValidationFixture *fixture,
                  gconstpointer      data)
{
  g_clear_object (&fixture->client);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base_url, g_free);
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

static void
assert_outcome (const ValidationCase *test_case,
                gpointer              result,
                const GError         *error)
{
  if (test_case->expected == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (result);
      return;
    }

  g_assert_null (result);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, test_case->expected));
}

static void
test_payment_answers (ValidationFixture *fixture,
                      gconstpointer      data)
{
  for (guint i = 0; i < G_N_ELEMENTS (payment_cases); i++)
    {
      const ValidationCase *test_case = &payment_cases[i];
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;
      AsyncWait wait = { 0 };

      g_test_message ("case: %s", test_case->path);
      fixture->requests = 0;
      reji_komoju_client_get_payment_async (fixture->client, test_case->path + strlen ("/payments/"),
                                            NULL, async_done_cb, &wait);
      reji_test_wait_until (&wait.done);
      result = wait.result;
      payment = reji_komoju_client_get_payment_finish (fixture->client, result, &error);
      assert_outcome (test_case, payment, error);
      /* An invalid response is final: retrying would read the same one. */
      g_assert_cmpuint (fixture->requests, ==, 1);
    }
}

static void
test_token_answers (ValidationFixture *fixture,
                    gconstpointer      data)
{
  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    {
      const ValidationCase *test_case = &token_cases[i];
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(RejiSecureToken) token = NULL;
      g_autoptr(GError) error = NULL;
      AsyncWait wait = { 0 };

      g_test_message ("case: %s", test_case->path);
      reji_komoju_client_get_secure_token_async (fixture->client, test_case->path + strlen ("/secure_tokens/"),
                                                 NULL, async_done_cb, &wait);
      reji_test_wait_until (&wait.done);
      result = wait.result;
      token = reji_komoju_client_get_secure_token_finish (fixture->client, result, &error);
      assert_outcome (test_case, token, error);
    }
}

/* URL rules without a server */

static void
test_base_url_rules (void)
{
  static const struct {
    const char *url;
    gboolean    allowed;
  } cases[] = {
    { "https://komoju.com/api/v1", TRUE },
    { "HTTPS://komoju.com/api/v1", TRUE },
    { "http://127.0.0.1:8080/api/v1", TRUE },
    { "http://127.1.2.3/api/v1", TRUE },
    { "http://[::1]:8080/api/v1", TRUE },
    { "http://localhost:1/api/v1", TRUE },
    { "http://LOCALHOST/api/v1", TRUE },
    { "http://komoju.com/api/v1", FALSE },
    { "http://127.0.0.1.example.com/api/v1", FALSE },
    { "http://10.0.0.1/api/v1", FALSE },
    { "http://[::2]/api/v1", FALSE },
    { "ftp://127.0.0.1/api/v1", FALSE },
    { "https://sk_live_x@komoju.com/api/v1", FALSE },
    { "https://user:pw@komoju.com/api/v1", FALSE },
    { "https://komoju.com/api v1", FALSE },
    { "https://komoju.com/api\nv1", FALSE },
    { "https:///api/v1", FALSE },
    { "komoju.com/api/v1", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean allowed;

      g_test_message ("base URL “%s”", cases[i].url);
      allowed = reji_komoju_base_url_is_allowed (cases[i].url, &error);
      g_assert_cmpint (allowed, ==, cases[i].allowed);
      if (cases[i].allowed)
        g_assert_no_error (error);
      else
        g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL);
    }
}

static void
test_authentication_url_rules (void)
{
  static const struct {
    const char *url;
    gboolean    allowed_remote;    /* with an https:// base URL */
    gboolean    allowed_loopback;  /* with the simulator's base URL */
  } cases[] = {
    { "https://komoju.com/3ds/tok_1", TRUE, TRUE },
    { "https://[::1]/3ds", TRUE, TRUE },
    { "http://127.0.0.1:1/3ds", FALSE, TRUE },
    { "http://localhost/3ds", FALSE, TRUE },
    { "http://komoju.com/3ds", FALSE, FALSE },
    { "javascript:alert(1)", FALSE, FALSE },
    { "data:text/html,<p>pay</p>", FALSE, FALSE },
    { "file:///etc/passwd", FALSE, FALSE },
    { "https://user@komoju.com/3ds", FALSE, FALSE },
    { "https://komoju.com/3ds\tx", FALSE, FALSE },
    { "https://komoju.com/3ds\x7f", FALSE, FALSE },
    { "https:///3ds", FALSE, FALSE },
    { "", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) remote_error = NULL;
      g_autoptr(GError) loopback_error = NULL;

      g_test_message ("authentication URL “%s”", cases[i].url);
      g_assert_cmpint (reji_komoju_authentication_url_is_allowed (cases[i].url, "https://komoju.com/api/v1",
                                                                  &remote_error),
                       ==, cases[i].allowed_remote);
      g_assert_cmpint (reji_komoju_authentication_url_is_allowed (cases[i].url, "http://127.0.0.1:8080/api/v1",
                                                                  &loopback_error),
                       ==, cases[i].allowed_loopback);
      if (!cases[i].allowed_remote)
        g_assert_error (remote_error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
      if (!cases[i].allowed_loopback)
        g_assert_error (loopback_error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
    }
}

static void
test_authentication_url_length (void)
{
  const char *prefix = "https://komoju.com/3ds/";
  g_autofree char *longest = g_strnfill (REJI_KOMOJU_MAX_URL_LENGTH, 'a');
  g_autofree char *too_long = g_strnfill (REJI_KOMOJU_MAX_URL_LENGTH + 1, 'a');
  g_autoptr(GError) error = NULL;

  memcpy (longest, prefix, strlen (prefix));
  memcpy (too_long, prefix, strlen (prefix));

  g_assert_true (reji_komoju_authentication_url_is_allowed (longest, NULL, NULL));
  g_assert_false (reji_komoju_authentication_url_is_allowed (too_long, NULL, &error));
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "too long"));
}

static void
test_client_rejects_base_url (ValidationFixture *fixture,
                              gconstpointer      data)
{
  g_autofree char *remote_http = g_strdup ("http://komoju.example/api/v1");
  g_autoptr(RejiKomojuClient) checked = NULL;
  g_autoptr(RejiKomojuClient) unchecked = NULL;
  g_autoptr(RejiKomojuClient) loopback = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) request_error = NULL;
  AsyncWait wait = { 0 };

  checked = reji_komoju_client_new_checked (remote_http, "sk_test_abc", &error);
  g_assert_null (checked);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL);

  loopback = reji_komoju_client_new_checked (fixture->base_url, "sk_test_abc", NULL);
  g_assert_nonnull (loopback);

  /* The old constructor accepts the URL but never sends to it. */
  unchecked = reji_komoju_client_new (remote_http, "sk_test_abc");
  reji_komoju_client_get_payment_async (unchecked, "pay_1", NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  payment = reji_komoju_client_get_payment_finish (unchecked, result, &request_error);
  g_assert_null (payment);
  g_assert_error (request_error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  reji_test_init (&argc, &argv);

  oversized_body = g_strnfill (REJI_KOMOJU_MAX_BODY_SIZE + 1, ' ');

  g_test_add_func ("/reji/komoju-validation/base-url-rules", test_base_url_rules);
  g_test_add_func ("/reji/komoju-validation/authentication-url-rules", test_authentication_url_rules);
  g_test_add_func ("/reji/komoju-validation/authentication-url-length", test_authentication_url_length);

#define ADD_TEST(name, func) \
  g_test_add ("/reji/komoju-validation/" name, ValidationFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD_TEST ("payment-answers", test_payment_answers);
  ADD_TEST ("token-answers", test_token_answers);
  ADD_TEST ("client-rejects-base-url", test_client_rejects_base_url);
#undef ADD_TEST

  status = g_test_run ();
  g_free (oversized_body);

  return status;
}
