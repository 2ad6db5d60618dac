/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-retry.h"
#include "reji-test-utils.h"

/* Retries, timeouts, TLS failures and the payment lookup, against a
 * SoupServer on 127.0.0.1 that responds to each request with the next step of
 * a script. */

#define JSON_TYPE "application/json"

#define PAYMENT_BODY \
  "{\"id\": \"pay_1\", \"status\": \"captured\", \"amount\": 1000, \"currency\": \"JPY\"," \
  " \"external_order_num\": \"order-1\"}"

#define DECLINED_BODY \
  "{\"error\": {\"code\": \"card_declined\", \"message\": \"The card was declined.\", \"param\": null}}"

typedef enum
{
  STEP_RESPOND,
  STEP_DROP,  /* close the connection without a response */
  STEP_HOLD,  /* never answer */
} StepAction;

typedef struct
{
  StepAction  action;
  guint       status;
  const char *retry_after;  /* (nullable) */
  const char *body;         /* (nullable) */
} Step;

#define RESPOND(status, body) { STEP_RESPOND, status, NULL, body }
#define DROP { STEP_DROP, 0, NULL, NULL }
#define HOLD { STEP_HOLD, 0, NULL, NULL }
#define END_OF_SCRIPT { STEP_RESPOND, 0, NULL, NULL }

typedef struct
{
  SoupServer       *server;
  char             *base_url;
  RejiKomojuClient *client;

  const Step       *script;    /* ends with END_OF_SCRIPT; the last step repeats */
  guint             requests;
  GPtrArray        *methods;   /* (element-type utf8) */
  GPtrArray        *paths;     /* (element-type utf8) with the query */
  GPtrArray        *keys;      /* (element-type utf8) X-KOMOJU-IDEMPOTENCY or "" */
  GPtrArray        *bodies;    /* (element-type GBytes) */
  GPtrArray        *held_messages;  /* (element-type SoupServerMessage) paused, never completed */
} RetryFixture;

static const Step *
next_step (RetryFixture *fixture)
{
  guint last = 0;

  while (fixture->script[last + 1].action != STEP_RESPOND || fixture->script[last + 1].status != 0)
    last++;

  return &fixture->script[MIN (fixture->requests - 1, last)];
}

static void
record_request (RetryFixture      *fixture,
                SoupServerMessage *message)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  "X-KOMOJU-IDEMPOTENCY");

  fixture->requests++;
  g_ptr_array_add (fixture->methods, g_strdup (soup_server_message_get_method (message)));
  g_ptr_array_add (fixture->paths, g_strconcat (g_uri_get_path (uri),
                                                g_uri_get_query (uri) != NULL ? "?" : "",
                                                g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                                                NULL));
  g_ptr_array_add (fixture->keys, g_strdup (key != NULL ? key : ""));
  g_ptr_array_add (fixture->bodies, soup_message_body_flatten (soup_server_message_get_request_body (message)));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RetryFixture *fixture = user_data;
  const Step *step;

  record_request (fixture, message);
  step = next_step (fixture);

  if (step->action == STEP_DROP)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  if (step->action == STEP_HOLD)
    {
      soup_server_message_pause (message);
      g_ptr_array_add (fixture->held_messages, g_object_ref (message));
      return;
    }

  soup_server_message_set_status (message, step->status, NULL);
  /* libsoup resends a request by itself when a reused connection closes
   * before the response; a fresh connection for each request keeps the
   * request counts exact. */
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
  if (step->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "Retry-After", step->retry_after);
  if (step->body != NULL)
    soup_server_message_set_response (message, JSON_TYPE, SOUP_MEMORY_STATIC,
                                      step->body, strlen (step->body));
}

static char *
start_server (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  GSList *uris;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  root = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* root is "http://127.0.0.1:PORT/". */
  return g_strconcat (root, "api/v1", NULL);
}

static void
fixture_setup (RetryFixture  *fixture,
               gconstpointer  data)
{
  fixture->methods = g_ptr_array_new_with_free_func (g_free);
  fixture->paths = g_ptr_array_new_with_free_func (g_free);
  fixture->keys = g_ptr_array_new_with_free_func (g_free);
  fixture->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  fixture->held_messages = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);
  fixture->base_url = start_server (fixture->server);

  fixture->client = reji_komoju_client_new (fixture->base_url, "sk_test_abc");
  g_object_set (fixture->client,
                "retry-base-delay", 10,
                "retry-max-delay", 20,
                NULL);
}

static void
fixture_teardown (RetryFixture  *fixture,
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
  g_clear_pointer (&fixture->methods, g_ptr_array_unref);
  g_clear_pointer (&fixture->paths, g_ptr_array_unref);
  g_clear_pointer (&fixture->keys, g_ptr_array_unref);
  g_clear_pointer (&fixture->bodies, g_ptr_array_unref);
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

static RejiPayment *
get_payment (RejiKomojuClient  *client,
             GCancellable      *cancellable,
             GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_get_payment_async (client, "pay_1", cancellable, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  return reji_komoju_client_get_payment_finish (client, result, error);
}

static RejiPayment *
create_payment (RejiKomojuClient  *client,
                const char        *idempotency_key,
                GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_create_payment_for_order_async (client, "tok_1", 1000, "JPY", "order-1",
                                                     idempotency_key, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  return reji_komoju_client_create_payment_finish (client, result, error);
}

static RejiPayment *
find_payment (RejiKomojuClient  *client,
              const char        *external_order_num,
              GError           **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  reji_komoju_client_find_payment_async (client, external_order_num, NULL, async_done_cb, &wait);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  return reji_komoju_client_find_payment_finish (client, result, error);
}

/* GET retries */

typedef struct
{
  const char *name;
  Step        script[4];
  guint       expected_requests;
} RetryCase;

static const RetryCase get_retry_cases[] = {
  { "500", { RESPOND (500, NULL), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "502", { RESPOND (502, NULL), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "503", { RESPOND (503, NULL), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "429 Retry-After 0", { { STEP_RESPOND, 429, "0", NULL }, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "429 Retry-After 1", { { STEP_RESPOND, 429, "1", NULL }, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "dropped connection", { DROP, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 2 },
  { "503 then dropped", { RESPOND (503, NULL), DROP, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT }, 3 },
};

static void
test_get_retried (RetryFixture  *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (get_retry_cases); i++)
    {
      const RetryCase *test_case = &get_retry_cases[i];
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;
      guint first_request = fixture->requests;

      g_test_message ("case: %s", test_case->name);
      fixture->script = test_case->script;
      fixture->requests = 0;

      payment = get_payment (fixture->client, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (payment);
      g_assert_cmpstr (payment->id, ==, "pay_1");
      g_assert_cmpuint (fixture->requests, ==, test_case->expected_requests);
      for (guint j = first_request; j < fixture->methods->len; j++)
        g_assert_cmpstr (g_ptr_array_index (fixture->methods, j), ==, "GET");
    }
}

static void
test_get_exhausted (RetryFixture  *fixture,
                    gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (500, NULL), DROP, RESPOND (503, NULL), RESPOND (502, NULL), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = get_payment (fixture->client, NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS);
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 502);
  g_assert_cmpuint (fixture->requests, ==, REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS);
}

static void
test_get_not_retried_on_4xx (RetryFixture  *fixture,
                             gconstpointer  data)
{
  static const guint statuses[] = { 400, 401, 404, 409, 422 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      const Step script[] = { RESPOND (statuses[i], DECLINED_BODY), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT };
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("status %u", statuses[i]);
      fixture->script = script;
      fixture->requests = 0;

      payment = get_payment (fixture->client, NULL, &error);
      g_assert_null (payment);
      g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
      g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, statuses[i]);
      g_assert_cmpuint (fixture->requests, ==, 1);
      fixture->script = NULL;
    }
}

static void
test_retry_wait_limit (RetryFixture  *fixture,
                       gconstpointer  data)
{
  static const Step script[] = {
    { STEP_RESPOND, 429, "120", NULL }, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (fixture->client, "max-retry-wait", 1000, NULL);
  fixture->script = script;
  payment = get_payment (fixture->client, NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS);
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 429);
  g_assert_cmpuint (fixture->requests, ==, 1);
}

static void
test_cancel_while_waiting (RetryFixture  *fixture,
                           gconstpointer  data)
{
  static const Step script[] = {
    { STEP_RESPOND, 503, "20", NULL }, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  fixture->script = script;
  reji_komoju_client_get_payment_async (fixture->client, "pay_1", cancellable, async_done_cb, &wait);
  /* The client is then waiting out the 20 s Retry-After. */
  reji_test_run_for (300);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_false (wait.done);

  g_cancellable_cancel (cancellable);
  reji_test_wait_until (&wait.done);
  result = wait.result;
  payment = reji_komoju_client_get_payment_finish (fixture->client, result, &error);
  g_assert_null (payment);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->requests, ==, 1);
}

/* POST retries */

static void
assert_identical_attempts (RetryFixture *fixture,
                           const char   *expected_key)
{
  GBytes *first_body = g_ptr_array_index (fixture->bodies, 0);

  g_assert_cmpuint (g_bytes_get_size (first_body), >, 0);
  for (guint i = 0; i < fixture->requests; i++)
    {
      g_test_message ("attempt %u", i + 1);
      g_assert_cmpstr (g_ptr_array_index (fixture->methods, i), ==, "POST");
      g_assert_cmpstr (g_ptr_array_index (fixture->keys, i), ==, expected_key);
      g_assert_true (g_bytes_equal (g_ptr_array_index (fixture->bodies, i), first_body));
    }
}

static void
test_post_same_key_and_body (RetryFixture  *fixture,
                             gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (500, NULL), DROP, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = create_payment (fixture->client, "sale-42-charge", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payment->id, ==, "pay_1");
  g_assert_cmpstr (payment->external_order_num, ==, "order-1");
  g_assert_cmpuint (fixture->requests, ==, 3);
  assert_identical_attempts (fixture, "sale-42-charge");
}

static void
test_post_random_key_kept (RetryFixture  *fixture,
                           gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (503, NULL), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  const char *first_key;

  fixture->script = script;
  payment = create_payment (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->requests, ==, 2);

  first_key = g_ptr_array_index (fixture->keys, 0);
  g_assert_true (g_uuid_string_is_valid (first_key));
  assert_identical_attempts (fixture, first_key);
}

static void
test_post_conflict_then_success (RetryFixture  *fixture,
                                 gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (409, NULL), RESPOND (409, NULL), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = create_payment (fixture->client, "sale-43-charge", &error);
  g_assert_no_error (error);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpuint (fixture->requests, ==, 3);
  assert_identical_attempts (fixture, "sale-43-charge");
}

static void
test_post_conflict_exhausted (RetryFixture  *fixture,
                              gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (409, "{\"error\": {\"code\": \"conflict\", \"message\": \"Busy.\", \"param\": null}}"),
    END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = create_payment (fixture->client, "sale-44-charge", &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_IN_PROGRESS);
  g_assert_null (reji_komoju_error_get_api_code (error));
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 409);
  g_assert_cmpuint (fixture->requests, ==, REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS);
  assert_identical_attempts (fixture, "sale-44-charge");
}

static void
test_post_decline_not_retried (RetryFixture  *fixture,
                               gconstpointer  data)
{
  static const Step script[] = {
    RESPOND (402, DECLINED_BODY), RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT,
  };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = create_payment (fixture->client, "sale-45-charge", &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, "card_declined");
  g_assert_cmpuint (fixture->requests, ==, 1);
}

/* Timeouts */

static void
test_read_timeout (RetryFixture  *fixture,
                   gconstpointer  data)
{
  static const Step script[] = { HOLD, END_OF_SCRIPT };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (fixture->client, "timeout", 1, "max-attempts", 2, NULL);
  fixture->script = script;
  payment = get_payment (fixture->client, NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT);
  g_assert_cmpuint (fixture->requests, ==, 2);
}

static void
test_timeout_then_success (RetryFixture  *fixture,
                           gconstpointer  data)
{
  static const Step script[] = { HOLD, RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (fixture->client, "timeout", 1, NULL);
  fixture->script = script;
  payment = create_payment (fixture->client, "sale-46-charge", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payment->id, ==, "pay_1");
  g_assert_cmpuint (fixture->requests, ==, 2);
  assert_identical_attempts (fixture, "sale-46-charge");
}

/* A listening socket whose accept queue is full: the kernel drops further
 * SYNs, so a connection attempt hangs until the client's deadline. */
static void
test_connect_timeout (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) filler = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autofree char *base_url = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_bind (listener, any_port, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  /* Two connections fill the queue of a listener with backlog 0. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (socket, FALSE);
      g_socket_connect (socket, bound, NULL, NULL);
      if (i == 0)
        filler = g_steal_pointer (&socket);
      else
        g_object_set_data_full (G_OBJECT (filler), "second", g_steal_pointer (&socket), g_object_unref);
    }

  base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = reji_komoju_client_new (base_url, "sk_test_abc");
  g_object_set (client, "connect-timeout", 1, "max-attempts", 1, NULL);

  payment = get_payment (client, NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "connect"));
}

/* TLS */

/* Responds to every connection with plain HTTP bytes and closes it, so a TLS
 * client reads a record that is not TLS. */
static gboolean
plain_http_incoming_cb (GSocketService    *service,
                        GSocketConnection *connection,
                        GObject           *source_object,
                        gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
test_tls_failure (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *https_url = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (plain_http_incoming_cb), NULL);
  g_socket_service_start (service);

  https_url = g_strdup_printf ("https://127.0.0.1:%u/api/v1",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = reji_komoju_client_new (https_url, "sk_test_abc");
  g_object_set (client, "max-attempts", 1, NULL);

  payment = get_payment (client, NULL, &error);
  g_assert_null (payment);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TLS);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* Lookup by order number */

#define LIST_BODY \
  "{\"resource\": \"list\", \"total\": 2, \"page\": 1, \"per_page\": 10, \"last_page\": 1, \"data\": [" \
  "{\"id\": \"pay_0\", \"status\": \"failed\", \"amount\": 1000, \"currency\": \"JPY\", \"external_order_num\": \"order-0\"}," \
  "{\"id\": \"pay_1\", \"status\": \"captured\", \"amount\": 1000, \"currency\": \"JPY\", \"external_order_num\": \"order 1/á\"}]}"

#define EMPTY_LIST_BODY \
  "{\"resource\": \"list\", \"total\": 0, \"page\": 1, \"per_page\": 10, \"last_page\": 1, \"data\": []}"

static void
test_find_payment (RetryFixture  *fixture,
                   gconstpointer  data)
{
  static const Step script[] = { RESPOND (503, NULL), RESPOND (200, LIST_BODY), END_OF_SCRIPT };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  fixture->script = script;
  payment = find_payment (fixture->client, "order 1/á", &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment);
  g_assert_cmpstr (payment->id, ==, "pay_1");
  g_assert_cmpstr (payment->external_order_num, ==, "order 1/á");
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->methods, 1), ==, "GET");
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 1), ==,
                   "/api/v1/payments?external_order_num=order%201%2F%C3%A1");
}

static void
test_find_payment_none (RetryFixture  *fixture,
                        gconstpointer  data)
{
  static const Step list_scripts[][2] = {
    { RESPOND (200, EMPTY_LIST_BODY), END_OF_SCRIPT },
    { RESPOND (200, LIST_BODY), END_OF_SCRIPT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (list_scripts); i++)
    {
      g_autoptr(RejiPayment) payment = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("list %u", i);
      fixture->script = list_scripts[i];
      fixture->requests = 0;
      payment = find_payment (fixture->client, "order-9", &error);
      g_assert_no_error (error);
      g_assert_null (payment);
      g_assert_cmpuint (fixture->requests, ==, 1);
    }
}

static void
test_payment_body_has_order (RetryFixture  *fixture,
                             gconstpointer  data)
{
  static const Step script[] = { RESPOND (200, PAYMENT_BODY), END_OF_SCRIPT };
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  fixture->script = script;
  payment = create_payment (fixture->client, "sale-47-charge", &error);
  g_assert_no_error (error);

  body = g_ptr_array_index (fixture->bodies, 0);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  "\"external_order_num\":\"order-1\""));
}

/* Retry helpers without a server */

static void
test_retry_after_values (void)
{
  static const struct {
    const char *value;
    gboolean    valid;
    guint       ms;
  } cases[] = {
    { "0", TRUE, 0 },
    { "1", TRUE, 1000 },
    { " 7", TRUE, 7000 },
    { "Fri, 04 Dec 2026 09:00:10 GMT", TRUE, 10000 },
    { "Fri, 04 Dec 2026 08:59:00 GMT", TRUE, 0 },
    { "-1", FALSE, 0 },
    { "soon", FALSE, 0 },
    { "", FALSE, 0 },
    { NULL, FALSE, 0 },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 4, 9, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint ms = G_MAXUINT;

      g_test_message ("Retry-After: %s", cases[i].value != NULL ? cases[i].value : "(absent)");
      g_assert_cmpint (reji_komoju_parse_retry_after (cases[i].value, now, &ms), ==, cases[i].valid);
      if (cases[i].valid)
        g_assert_cmpuint (ms, ==, cases[i].ms);
    }
}

static void
test_backoff_bounds (void)
{
  static const guint caps[] = { 100, 200, 400, 800, 1000, 1000 };

  for (guint retry = 1; retry <= G_N_ELEMENTS (caps); retry++)
    {
      for (guint i = 0; i < 200; i++)
        g_assert_cmpuint (reji_komoju_backoff_delay (retry, 100, 1000), <=, caps[retry - 1]);
    }

  g_assert_cmpuint (reji_komoju_backoff_delay (1, 0, 1000), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/komoju-retry/retry-after-values", test_retry_after_values);
  g_test_add_func ("/reji/komoju-retry/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/reji/komoju-retry/connect-timeout", test_connect_timeout);
  g_test_add_func ("/reji/komoju-retry/tls-failure", test_tls_failure);

#define ADD_TEST(name, func) \
  g_test_add ("/reji/komoju-retry/" name, RetryFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD_TEST ("get-retried", test_get_retried);
  ADD_TEST ("get-exhausted", test_get_exhausted);
  ADD_TEST ("get-not-retried-on-4xx", test_get_not_retried_on_4xx);
  ADD_TEST ("retry-wait-limit", test_retry_wait_limit);
  ADD_TEST ("cancel-while-waiting", test_cancel_while_waiting);
  ADD_TEST ("post-same-key-and-body", test_post_same_key_and_body);
  ADD_TEST ("post-random-key-kept", test_post_random_key_kept);
  ADD_TEST ("post-conflict-then-success", test_post_conflict_then_success);
  ADD_TEST ("post-conflict-exhausted", test_post_conflict_exhausted);
  ADD_TEST ("post-decline-not-retried", test_post_decline_not_retried);
  ADD_TEST ("read-timeout", test_read_timeout);
  ADD_TEST ("timeout-then-success", test_timeout_then_success);
  ADD_TEST ("find-payment", test_find_payment);
  ADD_TEST ("find-payment-none", test_find_payment_none);
  ADD_TEST ("payment-body-has-order", test_payment_body_has_order);
#undef ADD_TEST

  return g_test_run ();
}
