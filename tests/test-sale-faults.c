/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The sale against a scripted KOMOJU on 127.0.0.1: each test queues the
 * answers the charge gets, and checks the state the sale ends in and the
 * requests it sent. */

#include "config.h"

#include <libsoup/soup.h>

#include "reji-sale.h"
#include "reji-test-utils.h"

#define TEST_POLL_INTERVAL 5

#define CAPTURED_PAYMENT \
  "{\"id\":\"pay_scripted\",\"status\":\"captured\",\"amount\":1000,\"currency\":\"JPY\"," \
  "\"payment_details\":{\"brand\":\"visa\",\"last_four_digits\":\"1111\"}," \
  "\"captured_at\":\"2026-12-04T09:00:00Z\"}"
#define PENDING_PAYMENT \
  "{\"id\":\"pay_scripted\",\"status\":\"pending\",\"amount\":1000,\"currency\":\"JPY\"}"
#define WRONG_AMOUNT_PAYMENT \
  "{\"id\":\"pay_scripted\",\"status\":\"captured\",\"amount\":100000,\"currency\":\"JPY\"}"

/* One scripted response. HOLD keeps the request open until the test releases it. */
typedef struct
{
  guint       status;
  const char *body;
} Answer;

#define HOLD 0

typedef struct
{
  SoupServer        *server;
  RejiKomojuClient  *client;
  RejiSale          *sale;
  GQueue             charge_answers;   /* (element-type Answer) (unowned) */
  GQueue             lookup_answers;   /* (element-type Answer) (unowned) */
  gboolean           find_captured;    /* the order look-up lists a captured payment */
  GPtrArray         *charge_bodies;    /* (element-type utf8) */
  GPtrArray         *charge_keys;      /* (element-type utf8) */
  guint              n_lookups;
  guint              n_finds;
  SoupServerMessage *held;             /* (nullable) (unowned) */
} Fixture;

static void
answer_with (SoupServerMessage *message,
             const Answer      *answer)
{
  soup_server_message_set_status (message, answer->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    answer->body, strlen (answer->body));
}

static void
handle_charge (Fixture           *fixture,
               SoupServerMessage *message)
{
  static const Answer no_more = { 500, "{\"error\":{\"code\":\"internal_server_error\",\"message\":\"no answer queued\",\"param\":null}}" };
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const Answer *answer = g_queue_pop_head (&fixture->charge_answers);

  g_ptr_array_add (fixture->charge_bodies, g_strndup (body->data, body->length));
  g_ptr_array_add (fixture->charge_keys,
                   g_strdup (soup_message_headers_get_one (headers, "X-KOMOJU-IDEMPOTENCY")));

  if (answer != NULL && answer->status == HOLD)
    {
      fixture->held = message;
      soup_server_message_pause (message);
      return;
    }

  answer_with (message, answer != NULL ? answer : &no_more);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  static const Answer token = { 200, "{\"id\":\"tok_scripted\",\"verification_status\":\"SKIPPED\"}" };
  static const Answer not_found = { 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\",\"param\":null}}" };
  Fixture *fixture = user_data;
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/secure_tokens"))
    answer_with (message, &token);
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/payments"))
    handle_charge (fixture, message);
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/payments"))
    {
      static const Answer empty_list = {
        200, "{\"resource\":\"list\",\"data\":[],\"total\":0,\"page\":1,\"per_page\":10,\"last_page\":1}"
      };

      const char *order = query != NULL ? g_hash_table_lookup (query, "external_order_num") : NULL;

      fixture->n_finds++;
      if (fixture->find_captured && order != NULL)
        {
          g_autofree char *body = g_strdup_printf (
            "{\"resource\":\"list\",\"data\":[{\"id\":\"pay_scripted\",\"status\":\"captured\","
            "\"amount\":1000,\"currency\":\"JPY\",\"external_order_num\":\"%s\"}],"
            "\"total\":1,\"page\":1,\"per_page\":10,\"last_page\":1}", order);

          soup_server_message_set_status (message, 200, NULL);
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                            body, strlen (body));
        }
      else
        {
          answer_with (message, &empty_list);
        }
    }
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/payments/pay_scripted"))
    {
      const Answer *answer = g_queue_pop_head (&fixture->lookup_answers);

      fixture->n_lookups++;
      answer_with (message, answer != NULL ? answer : &not_found);
    }
  else
    answer_with (message, &not_found);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handle_request, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d/api/v1", g_uri_get_port (uris->data));

  g_queue_init (&fixture->charge_answers);
  g_queue_init (&fixture->lookup_answers);
  fixture->charge_bodies = g_ptr_array_new_with_free_func (g_free);
  fixture->charge_keys = g_ptr_array_new_with_free_func (g_free);

  fixture->client = reji_komoju_client_new (base_url, "sk_test_scripted");
  /* The sale's own replays are under test, not the client's retries. */
  g_object_set (fixture->client, "max-attempts", 1, NULL);
  fixture->sale = reji_sale_new (fixture->client);
  reji_sale_set_return_url (fixture->sale, "https://example.com/complete");
  reji_sale_set_poll_interval (fixture->sale, TEST_POLL_INTERVAL);
  reji_sale_set_poll_interval_max (fixture->sale, TEST_POLL_INTERVAL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->held != NULL)
    soup_server_message_unpause (fixture->held);
  reji_sale_cancel (fixture->sale);
  reji_test_run_for (20);
  g_assert_finalize_object (fixture->sale);
  g_clear_object (&fixture->client);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_queue_clear (&fixture->charge_answers);
  g_queue_clear (&fixture->lookup_answers);
  g_clear_pointer (&fixture->charge_bodies, g_ptr_array_unref);
  g_clear_pointer (&fixture->charge_keys, g_ptr_array_unref);
}

static void
queue_charge_answers (Fixture      *fixture,
                      const Answer *answers,
                      guint         n_answers)
{
  for (guint i = 0; i < n_answers; i++)
    g_queue_push_tail (&fixture->charge_answers, (gpointer) &answers[i]);
}

static void
submit (Fixture *fixture)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  RejiCardDetails *card = reji_card_details_new ();

  card->number = g_strdup ("4111111111111111");
  card->month = 12;
  card->year = g_date_time_get_year (now) + 2;
  card->security_code = g_strdup ("123");
  card->name = g_strdup ("Test Card");

  reji_sale_submit (fixture->sale, 1000, "JPY", card, &error);
  g_assert_no_error (error);
}

/* The maximum pause between two replays of an unknown charge, with the
 * test's poll interval, plus a margin. */
#define QUIET_PERIOD (TEST_POLL_INTERVAL << (REJI_SALE_MAX_CHARGE_REPLAYS + 2))

static guint
n_requests (Fixture *fixture)
{
  return fixture->charge_bodies->len + fixture->n_lookups + fixture->n_finds;
}

/* Waits until the sale is final, or sits in OUTCOME_UNKNOWN with no
 * request in flight and none sent for a whole quiet period: it has given
 * up replaying. */
static void
wait_until_settled (Fixture *fixture)
{
  for (;;)
    {
      RejiSaleState state = reji_sale_get_state (fixture->sale);
      guint requests_before = n_requests (fixture);

      if (reji_sale_state_is_final (state))
        return;

      reji_test_run_for (QUIET_PERIOD);
      if (reji_sale_get_state (fixture->sale) == REJI_SALE_STATE_OUTCOME_UNKNOWN &&
          !reji_sale_get_busy (fixture->sale) &&
          n_requests (fixture) == requests_before)
        return;
    }
}

static gboolean
refuse_charge_cb (RejiSale        *sale,
                  RejiSaleRequest  request,
                  const char      *idempotency_key,
                  gpointer         user_data)
{
  return request == REJI_SALE_REQUEST_CHARGE;
}

static void
assert_replays_identical (Fixture *fixture)
{
  for (guint i = 1; i < fixture->charge_bodies->len; i++)
    {
      g_assert_cmpstr (fixture->charge_bodies->pdata[i], ==, fixture->charge_bodies->pdata[0]);
      g_assert_cmpstr (fixture->charge_keys->pdata[i], ==, fixture->charge_keys->pdata[0]);
    }
}

static void
test_conflict_then_captured (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const Answer answers[] = {
    { 409, "{\"error\":{\"code\":\"conflict\",\"message\":\"still running\",\"param\":null}}" },
    { 200, CAPTURED_PAYMENT },
  };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 2);
  assert_replays_identical (fixture);
  g_assert_cmpstr (fixture->charge_keys->pdata[0], ==, reji_sale_get_payment_idempotency_key (fixture->sale));
}

static void
test_decline_as_bad_gateway (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const Answer answers[] = {
    { 502, "{\"error\":{\"code\":\"card_declined\",\"message\":\"declined\",\"param\":null}}" },
  };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_DECLINED);
  g_assert_cmpstr (reji_komoju_error_get_api_code (reji_sale_get_error (fixture->sale)), ==, "card_declined");
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
}

static void
test_server_errors_then_captured (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const Answer answers[] = {
    { 500, "{\"error\":{\"code\":\"internal_server_error\",\"message\":\"oops\",\"param\":null}}" },
    { 503, "maintenance" },
    { 200, CAPTURED_PAYMENT },
  };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 3);
  assert_replays_identical (fixture);
}

static void
test_unknown_until_checked (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const Answer failure = { 500, "{\"error\":{\"code\":\"internal_server_error\",\"message\":\"oops\",\"param\":null}}" };
  const Answer captured = { 200, CAPTURED_PAYMENT };

  for (guint i = 0; i <= REJI_SALE_MAX_CHARGE_REPLAYS; i++)
    g_queue_push_tail (&fixture->charge_answers, (gpointer) &failure);
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_OUTCOME_UNKNOWN);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, REJI_SALE_MAX_CHARGE_REPLAYS + 1);
  reji_test_run_for (20 * TEST_POLL_INTERVAL);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, REJI_SALE_MAX_CHARGE_REPLAYS + 1);

  /* The cashier checks again once KOMOJU is back. */
  g_queue_push_tail (&fixture->charge_answers, (gpointer) &captured);
  reji_sale_check_outcome (fixture->sale);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, REJI_SALE_MAX_CHARGE_REPLAYS + 2);
  assert_replays_identical (fixture);
}

static void
test_pending_then_lookup (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const Answer charge = { 200, PENDING_PAYMENT };
  const Answer lookup = { 200, CAPTURED_PAYMENT };

  g_queue_push_tail (&fixture->charge_answers, (gpointer) &charge);
  g_queue_push_tail (&fixture->lookup_answers, (gpointer) &lookup);
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
  g_assert_cmpuint (fixture->n_lookups, ==, 1);
  g_assert_cmpstr (reji_sale_get_payment (fixture->sale)->id, ==, "pay_scripted");
}

static void
test_amount_mismatch (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const Answer answers[] = { { 200, WRONG_AMOUNT_PAYMENT } };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_OUTCOME_UNKNOWN);
  g_assert_error (reji_sale_get_error (fixture->sale), REJI_SALE_ERROR, REJI_SALE_ERROR_PAYMENT_MISMATCH);
  reji_test_run_for (20 * TEST_POLL_INTERVAL);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
  g_assert_cmpuint (fixture->n_lookups, ==, 0);
}

#define INVALID_TOKEN \
  "{\"error\":{\"code\":\"invalid_token\",\"message\":\"token used\",\"param\":\"payment_details\"}}"

static void
test_invalid_token_proven_unused (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const Answer answers[] = { { 422, INVALID_TOKEN }, { 422, INVALID_TOKEN } };

  /* The client may have sent the first charge twice, so its invalid_token
   * proves nothing until KOMOJU lists no payment for the sale's order;
   * then the replay's invalid_token means nothing was charged. */
  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (reji_komoju_error_get_api_code (reji_sale_get_error (fixture->sale)), ==, "invalid_token");
  g_assert_cmpuint (fixture->n_finds, ==, 1);
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 2);
  assert_replays_identical (fixture);
}

static void
test_invalid_token_but_paid (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const Answer answers[] = { { 422, INVALID_TOKEN } };

  /* An earlier attempt of the same charge used the token and was captured. */
  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  fixture->find_captured = TRUE;
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpstr (reji_sale_get_payment (fixture->sale)->id, ==, "pay_scripted");
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
}

static void
test_unrecorded_charge_not_sent (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  gulong handler;

  /* A journal that cannot write the charge down stops it. */
  handler = g_signal_connect (fixture->sale, "request-sending", G_CALLBACK (refuse_charge_cb), NULL);
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_error (reji_sale_get_error (fixture->sale), REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_RECORDED);
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 0);
  g_signal_handler_disconnect (fixture->sale, handler);
}

static void
test_rejected_request (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const Answer answers[] = {
    { 422, "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"bad amount\",\"param\":\"amount\"}}" },
  };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  wait_until_settled (fixture);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (reji_komoju_error_get_param (reji_sale_get_error (fixture->sale)), ==, "amount");
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
}

static void
test_cancel_while_charging (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const Answer captured = { 200, CAPTURED_PAYMENT };
  const Answer answers[] = { { HOLD, NULL } };

  queue_charge_answers (fixture, answers, G_N_ELEMENTS (answers));
  submit (fixture);
  while (fixture->held == NULL)
    reji_test_run_for (TEST_POLL_INTERVAL);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CHARGING);
  g_assert_true (reji_sale_get_busy (fixture->sale));

  reji_sale_cancel (fixture->sale);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_true (reji_sale_get_charge_sent (fixture->sale));

  /* KOMOJU took the charge after all: the sale keeps the payment on record
   * and stays cancelled. */
  answer_with (fixture->held, &captured);
  soup_server_message_unpause (fixture->held);
  fixture->held = NULL;
  while (reji_sale_get_busy (fixture->sale))
    reji_test_run_for (TEST_POLL_INTERVAL);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_nonnull (reji_sale_get_payment (fixture->sale));
  g_assert_cmpstr (reji_sale_get_payment (fixture->sale)->id, ==, "pay_scripted");
  g_assert_cmpuint (fixture->charge_bodies->len, ==, 1);
}

static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  add_test ("/reji/sale-faults/conflict-then-captured", test_conflict_then_captured);
  add_test ("/reji/sale-faults/decline-as-bad-gateway", test_decline_as_bad_gateway);
  add_test ("/reji/sale-faults/server-errors-then-captured", test_server_errors_then_captured);
  add_test ("/reji/sale-faults/unknown-until-checked", test_unknown_until_checked);
  add_test ("/reji/sale-faults/pending-then-lookup", test_pending_then_lookup);
  add_test ("/reji/sale-faults/amount-mismatch", test_amount_mismatch);
  add_test ("/reji/sale-faults/invalid-token-proven-unused", test_invalid_token_proven_unused);
  add_test ("/reji/sale-faults/invalid-token-but-paid", test_invalid_token_but_paid);
  add_test ("/reji/sale-faults/unrecorded-charge-not-sent", test_unrecorded_charge_not_sent);
  add_test ("/reji/sale-faults/rejected-request", test_rejected_request);
  add_test ("/reji/sale-faults/cancel-while-charging", test_cancel_while_charging);

  return g_test_run ();
}
