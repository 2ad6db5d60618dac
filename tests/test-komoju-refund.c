/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-refund.h"
#include "reji-test-utils.h"

/* A stand-in for KOMOJU's refund endpoint until the simulator serves it:
 * it records what arrived and answers like KOMOJU. */
typedef struct
{
  SoupServer *server;
  char       *base_url;
  guint       n_requests;
  char       *method;
  char       *path;
  char       *idempotency_key;
  char       *body;
  guint       status;
  const char *response;
} RefundFixture;

static void
refund_handler (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  RefundFixture *fixture = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  fixture->n_requests++;
  g_free (fixture->method);
  g_free (fixture->path);
  g_free (fixture->idempotency_key);
  g_free (fixture->body);
  fixture->method = g_strdup (soup_server_message_get_method (message));
  fixture->path = g_strdup (path);
  fixture->idempotency_key = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                                      "X-KOMOJU-IDEMPOTENCY"));
  fixture->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  soup_server_message_set_status (message, fixture->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    fixture->response, strlen (fixture->response));
}

static void
refund_fixture_set_up (RefundFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *root = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/api/v1", refund_handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  root = g_uri_to_string (uris->data);
  fixture->base_url = g_strconcat (root, "api/v1", NULL);
}

static void
refund_fixture_tear_down (RefundFixture *fixture,
                          gconstpointer  user_data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->base_url);
  g_free (fixture->method);
  g_free (fixture->path);
  g_free (fixture->idempotency_key);
  g_free (fixture->body);
}

typedef struct
{
  gboolean     done;
  RejiPayment *payment;
  GError      *error;
} RefundResult;

static void
refunded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RefundResult *refund = user_data;

  refund->payment = reji_komoju_client_refund_payment_finish (REJI_KOMOJU_CLIENT (source), result, &refund->error);
  refund->done = TRUE;
}

static void
refund (RefundFixture *fixture,
        gint64         amount,
        const char    *key,
        RefundResult  *result)
{
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (fixture->base_url, "sk_test_refunds");

  reji_komoju_client_refund_payment_async (client, "pay_123", amount, key, NULL, refunded_cb, result);
  reji_test_wait_until (&result->done);
}

static void
test_refund_full (RefundFixture *fixture,
                  gconstpointer  user_data)
{
  RefundResult result = { 0 };

  fixture->status = 200;
  fixture->response = "{\"id\":\"pay_123\",\"status\":\"refunded\",\"amount\":1000,\"currency\":\"JPY\","
                      "\"amount_refunded\":1000}";
  refund (fixture, 0, "refund-key-1", &result);

  g_assert_no_error (result.error);
  g_assert_cmpstr (fixture->method, ==, "POST");
  g_assert_cmpstr (fixture->path, ==, "/api/v1/payments/pay_123/refund");
  g_assert_cmpstr (fixture->idempotency_key, ==, "refund-key-1");
  g_assert_cmpstr (fixture->body, ==, "{}");
  g_assert_cmpstr (result.payment->id, ==, "pay_123");
  g_assert_cmpint (result.payment->status, ==, REJI_PAYMENT_STATUS_REFUNDED);
  reji_payment_free (result.payment);
}

static void
test_refund_partial (RefundFixture *fixture,
                     gconstpointer  user_data)
{
  RefundResult result = { 0 };

  fixture->status = 200;
  fixture->response = "{\"id\":\"pay_123\",\"status\":\"captured\",\"amount\":1000,\"currency\":\"JPY\","
                      "\"amount_refunded\":400}";
  refund (fixture, 400, "refund-key-2", &result);

  g_assert_no_error (result.error);
  g_assert_cmpstr (fixture->body, ==, "{\"amount\":400}");
  g_assert_cmpint (result.payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  reji_payment_free (result.payment);
}

static void
test_refund_rejected (RefundFixture *fixture,
                      gconstpointer  user_data)
{
  RefundResult result = { 0 };

  fixture->status = 422;
  fixture->response = "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"The amount is too large.\","
                      "\"param\":\"amount\"}}";
  refund (fixture, 99999, "refund-key-3", &result);

  g_assert_error (result.error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (result.error), ==, "invalid_parameter");
  g_assert_cmpstr (reji_komoju_error_get_param (result.error), ==, "amount");
  g_assert_null (result.payment);
  g_clear_error (&result.error);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add ("/reji/komoju-refund/full", RefundFixture, NULL,
              refund_fixture_set_up, test_refund_full, refund_fixture_tear_down);
  g_test_add ("/reji/komoju-refund/partial", RefundFixture, NULL,
              refund_fixture_set_up, test_refund_partial, refund_fixture_tear_down);
  g_test_add ("/reji/komoju-refund/rejected", RefundFixture, NULL,
              refund_fixture_set_up, test_refund_rejected, refund_fixture_tear_down);

  return g_test_run ();
}
