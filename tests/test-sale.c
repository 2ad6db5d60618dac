/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-enums.h"
#include "reji-money.h"
#include "reji-sale.h"
#include "reji-test-utils.h"

/* Poll quickly so a whole sale takes milliseconds. */
#define TEST_POLL_INTERVAL 10

typedef struct
{
  RejiSimulator    *simulator;
  RejiKomojuClient *client;
  RejiSale         *sale;
} SaleFixture;

static void
sale_fixture_set_up (SaleFixture   *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *base_url = NULL;
  g_autofree char *return_url = NULL;

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  return_url = reji_simulator_dup_return_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (base_url, "sk_test_sale_tests");
  fixture->sale = reji_sale_new (fixture->client);
  reji_sale_set_return_url (fixture->sale, return_url);
  reji_sale_set_poll_interval (fixture->sale, TEST_POLL_INTERVAL);
  reji_sale_set_poll_interval_max (fixture->sale, TEST_POLL_INTERVAL);
}

static void
sale_fixture_tear_down (SaleFixture   *fixture,
                        gconstpointer  user_data)
{
  /* A request still in flight holds a reference until its cancelled
   * callback has run. */
  reji_sale_cancel (fixture->sale);
  reji_test_run_for (2 * TEST_POLL_INTERVAL);
  g_assert_finalize_object (fixture->sale);
  g_clear_object (&fixture->client);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
}

static RejiCardDetails *
make_card (const char *number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  RejiCardDetails *card = reji_card_details_new ();

  card->number = g_strdup (number);
  card->month = 12;
  card->year = g_date_time_get_year (now) + 3;
  card->security_code = g_strdup (g_str_has_prefix (number, "37") ? "1234" : "123");
  card->name = g_strdup ("Test Card");
  card->email = g_strdup ("customer@example.com");
  card->brand = reji_card_brand_from_number (number);

  return card;
}

static void
submit_card (SaleFixture *fixture,
             const char  *number)
{
  g_autoptr(GError) error = NULL;
  gboolean submitted;

  submitted = reji_sale_submit (fixture->sale, 1000, "JPY", make_card (number), &error);
  g_assert_no_error (error);
  g_assert_true (submitted);
}

typedef struct
{
  RejiSaleState wanted;
  gboolean      reached;
} StateWait;

static void
state_changed_cb (RejiSale   *sale,
                  GParamSpec *pspec,
                  StateWait  *wait)
{
  RejiSaleState state = reji_sale_get_state (sale);

  if (state == wait->wanted || reji_sale_state_is_final (state))
    wait->reached = TRUE;
}

/* Waits until the sale is in @state, or in any final state: the caller's
 * assertion on the state then says which one it reached instead. */
static void
wait_for_state (RejiSale      *sale,
                RejiSaleState  state)
{
  StateWait wait = { state, FALSE };
  gulong handler;

  if (reji_sale_get_state (sale) == state || reji_sale_state_is_final (reji_sale_get_state (sale)))
    return;

  handler = g_signal_connect (sale, "notify::state", G_CALLBACK (state_changed_cb), &wait);
  reji_test_wait_until (&wait.reached);
  g_signal_handler_disconnect (sale, handler);
}

static const char *
authentication_url (RejiSale *sale)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);

  g_assert_nonnull (token);
  g_assert_nonnull (token->authentication_url);
  return token->authentication_url;
}

static void
test_sale_paid (SaleFixture   *fixture,
                gconstpointer  user_data)
{
  const RejiPayment *payment;

  submit_card (fixture, "4100000000000100");
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CREATING_TOKEN);

  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_remaining (fixture->sale), >, 0);
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);

  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_null (reji_sale_get_error (fixture->sale));
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), >=, 1);
  g_assert_false (reji_sale_get_verification_skipped (fixture->sale));
  g_assert_true (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpint (reji_sale_get_card_brand (fixture->sale), ==, REJI_CARD_BRAND_VISA);
  g_assert_cmpstr (reji_sale_get_card_last_four (fixture->sale), ==, "0100");
  g_assert_cmpint (reji_sale_get_remaining (fixture->sale), ==, 0);

  payment = reji_sale_get_payment (fixture->sale);
  g_assert_nonnull (payment);
  g_assert_cmpint (payment->status, ==, REJI_PAYMENT_STATUS_CAPTURED);
  g_assert_cmpint (payment->amount, ==, 1000);
  g_assert_cmpstr (payment->currency, ==, "JPY");
  g_assert_cmpstr (reji_simulator_get_payment_status (fixture->simulator, payment->id), ==, "captured");
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 1);
}

static void
test_sale_paid_after_challenge (SaleFixture   *fixture,
                                gconstpointer  user_data)
{
  submit_card (fixture, "4100000000005000");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_AWAITING_3DS);

  /* A wrong password keeps the customer on the page and the sale waiting. */
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), "000000"), ==, 200);
  reji_test_run_for (5 * TEST_POLL_INTERVAL);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_AWAITING_3DS);

  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), "123456"), ==, 303);
  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_sale_paid_without_3ds (SaleFixture   *fixture,
                            gconstpointer  user_data)
{
  submit_card (fixture, "4111111111111111");
  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_true (reji_sale_get_verification_skipped (fixture->sale));
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), ==, 0);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

typedef struct
{
  const char *number;
  const char *api_code;
} DeclineCase;

static const DeclineCase decline_cases[] = {
  { "4123111111111000", "insufficient_funds" },
  { "4123111111111018", "exceeds_limit" },
  { "4123111111111034", "bad_verification_value" },
  { "4123111111111042", "card_expired" },
  { "4123111111111059", "card_declined" },
};

static void
test_sale_declined (SaleFixture   *fixture,
                    gconstpointer  user_data)
{
  const DeclineCase *decline = user_data;
  const GError *error;

  submit_card (fixture, decline->number);
  wait_for_state (fixture->sale, REJI_SALE_STATE_DECLINED);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_DECLINED);
  error = reji_sale_get_error (fixture->sale);
  g_assert_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API);
  g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, decline->api_code);
  g_assert_null (reji_sale_get_payment (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_3ds_failed (SaleFixture   *fixture,
                      gconstpointer  user_data)
{
  const RejiSecureToken *token;

  submit_card (fixture, "4100000000500000");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);
  wait_for_state (fixture->sale, REJI_SALE_STATE_DECLINED);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_DECLINED);
  g_assert_error (reji_sale_get_error (fixture->sale), REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_FAILED);
  token = reji_sale_get_secure_token (fixture->sale);
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_ERRORED);
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_challenge_failed (SaleFixture   *fixture,
                            gconstpointer  user_data)
{
  submit_card (fixture, "4100000000300005");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), "111111"), ==, 303);
  wait_for_state (fixture->sale, REJI_SALE_STATE_DECLINED);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_DECLINED);
  g_assert_error (reji_sale_get_error (fixture->sale), REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_FAILED);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_expired (SaleFixture   *fixture,
                   gconstpointer  user_data)
{
  reji_sale_set_deadline (fixture->sale, 20 * TEST_POLL_INTERVAL);
  submit_card (fixture, "4100000000000100");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_AWAITING_3DS);

  wait_for_state (fixture->sale, REJI_SALE_STATE_EXPIRED);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_EXPIRED);
  g_assert_cmpint (reji_sale_get_remaining (fixture->sale), ==, 0);
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), >=, 1);

  /* 3-D Secure finished after the deadline must not lead to a charge. */
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);
  reji_test_run_for (10 * TEST_POLL_INTERVAL);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_EXPIRED);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_cancelled_while_waiting (SaleFixture   *fixture,
                                   gconstpointer  user_data)
{
  guint polls_at_cancel;

  submit_card (fixture, "4100000000000100");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  reji_test_run_for (3 * TEST_POLL_INTERVAL);

  reji_sale_cancel (fixture->sale);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
  polls_at_cancel = reji_sale_get_n_polls (fixture->sale);

  /* The customer finishes 3-D Secure after the cashier cancelled. */
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);
  reji_test_run_for (10 * TEST_POLL_INTERVAL);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), ==, polls_at_cancel);
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);

  /* Cancelling a final sale changes nothing. */
  reji_sale_cancel (fixture->sale);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
}

static void
test_sale_cancelled_while_creating (SaleFixture   *fixture,
                                    gconstpointer  user_data)
{
  submit_card (fixture, "4111111111111111");
  reji_sale_cancel (fixture->sale);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);

  reji_test_run_for (10 * TEST_POLL_INTERVAL);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_CANCELLED);
  g_assert_null (reji_sale_get_secure_token (fixture->sale));
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_submit_twice (SaleFixture   *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean submitted;

  submit_card (fixture, "4100000000000100");
  submitted = reji_sale_submit (fixture->sale, 1000, "JPY", make_card ("4100000000000100"), &error);

  g_assert_false (submitted);
  g_assert_error (error, REJI_SALE_ERROR, REJI_SALE_ERROR_ALREADY_SUBMITTED);
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 1);
}

typedef struct
{
  const char *name;
  gint64      amount;
  const char *currency;
  const char *number;
  guint       month;
  int         years_ahead;
  const char *security_code;
  GQuark      domain;
  int         code;
} InvalidCase;

static void
test_sale_invalid_input (SaleFixture   *fixture,
                         gconstpointer  user_data)
{
  const InvalidCase cases[] = {
    { "zero amount", 0, "JPY", "4100000000000100", 12, 3, "123", REJI_MONEY_ERROR, REJI_MONEY_ERROR_ZERO },
    { "negative amount", -5, "JPY", "4100000000000100", 12, 3, "123", REJI_MONEY_ERROR, REJI_MONEY_ERROR_NEGATIVE },
    { "amount over int32", G_GINT64_CONSTANT (2147483648), "JPY", "4100000000000100", 12, 3, "123",
      REJI_MONEY_ERROR, REJI_MONEY_ERROR_OVERFLOW },
    { "unknown currency", 1000, "XYZ", "4100000000000100", 12, 3, "123",
      REJI_MONEY_ERROR, REJI_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "bad check digit", 1000, "JPY", "4100000000000101", 12, 3, "123",
      REJI_CARD_ERROR, REJI_CARD_ERROR_NUMBER_CHECKSUM },
    { "expired card", 1000, "JPY", "4100000000000100", 1, -1, "123", REJI_CARD_ERROR, REJI_CARD_ERROR_EXPIRED },
    { "short security code", 1000, "JPY", "4100000000000100", 12, 3, "12",
      REJI_CARD_ERROR, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GError) error = NULL;
      RejiCardDetails *card = make_card (cases[i].number);
      gboolean submitted;

      g_test_message ("case: %s", cases[i].name);
      card->month = cases[i].month;
      card->year = g_date_time_get_year (now) + cases[i].years_ahead;
      g_free (card->security_code);
      card->security_code = g_strdup (cases[i].security_code);

      submitted = reji_sale_submit (fixture->sale, cases[i].amount, cases[i].currency, card, &error);
      g_assert_false (submitted);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_EDITING);
    }

  reji_test_run_for (5 * TEST_POLL_INTERVAL);
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
test_sale_network_failure (void)
{
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", reji_test_get_closed_port ());
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (base_url, "sk_test_sale_tests");
  g_autoptr(RejiSale) sale = reji_sale_new (client);
  g_autoptr(GError) error = NULL;

  reji_sale_set_return_url (sale, "https://example.com/complete");
  reji_sale_submit (sale, 1000, "JPY", make_card ("4100000000000100"), &error);
  g_assert_no_error (error);
  wait_for_state (sale, REJI_SALE_STATE_FAILED);

  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_error (reji_sale_get_error (sale), REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK);
  g_assert_false (reji_sale_get_charge_sent (sale));
}

static void
test_sale_rejected_key (void)
{
  g_autoptr(RejiSimulator) simulator = reji_test_start_simulator ();
  g_autofree char *base_url = reji_simulator_dup_base_url (simulator);
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new (base_url, "sk_live_not_for_simulators");
  g_autoptr(RejiSale) sale = reji_sale_new (client);
  g_autoptr(GError) error = NULL;

  reji_sale_set_return_url (sale, "https://example.com/complete");
  reji_sale_submit (sale, 1000, "JPY", make_card ("4100000000000100"), &error);
  g_assert_no_error (error);
  wait_for_state (sale, REJI_SALE_STATE_FAILED);

  /* A key KOMOJU refuses is the shop's problem, not a declined card. */
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpuint (reji_komoju_error_get_http_status (reji_sale_get_error (sale)), ==, 401);
  g_assert_cmpuint (reji_simulator_get_n_tokens (simulator), ==, 0);
  reji_simulator_shutdown (simulator);
}

typedef struct
{
  GPtrArray *requests;
  GPtrArray *keys;
} RequestLog;

static gboolean
request_sending_cb (RejiSale        *sale,
                    RejiSaleRequest  request,
                    const char      *idempotency_key,
                    RequestLog      *log)
{
  g_ptr_array_add (log->requests, GINT_TO_POINTER (request));
  g_ptr_array_add (log->keys, g_strdup (idempotency_key));

  return FALSE;
}

static void
test_sale_request_sending (SaleFixture   *fixture,
                           gconstpointer  user_data)
{
  RequestLog log = { g_ptr_array_new (), g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (fixture->sale, "request-sending", G_CALLBACK (request_sending_cb), &log);
  submit_card (fixture, "4111111111111111");
  g_assert_cmpuint (log.requests->len, ==, 1);
  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);

  g_assert_cmpuint (log.requests->len, ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (log.requests->pdata[0]), ==, REJI_SALE_REQUEST_CREATE_TOKEN);
  g_assert_cmpstr (log.keys->pdata[0], ==, reji_sale_get_token_idempotency_key (fixture->sale));
  g_assert_cmpint (GPOINTER_TO_INT (log.requests->pdata[1]), ==, REJI_SALE_REQUEST_CHARGE);
  g_assert_cmpstr (log.keys->pdata[1], ==, reji_sale_get_payment_idempotency_key (fixture->sale));
  g_assert_cmpstr (log.keys->pdata[0], !=, log.keys->pdata[1]);

  g_ptr_array_unref (log.requests);
  g_ptr_array_unref (log.keys);
}

/* Builds the snapshot a journal would have kept of @sale. */
static RejiSaleSnapshot
snapshot_of (RejiSale      *sale,
             RejiSaleState  state)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);
  RejiSaleSnapshot snapshot = {
    .id = reji_sale_get_id (sale),
    .state = state,
    .amount = reji_sale_get_amount (sale),
    .currency = reji_sale_get_currency (sale),
    .card_brand = reji_sale_get_card_brand (sale),
    .card_last_four = reji_sale_get_card_last_four (sale),
    .return_url = reji_sale_get_return_url (sale),
    .token_id = token != NULL ? token->id : NULL,
    .authentication_url = token != NULL ? token->authentication_url : NULL,
    .token_idempotency_key = reji_sale_get_token_idempotency_key (sale),
    .payment_idempotency_key = reji_sale_get_payment_idempotency_key (sale),
    .deadline_time = reji_sale_get_deadline_time (sale),
  };

  return snapshot;
}

static RejiSale *
resume_sale (SaleFixture            *fixture,
             const RejiSaleSnapshot *snapshot)
{
  RejiSale *resumed = reji_sale_new_resumed (fixture->client, snapshot);

  reji_sale_set_poll_interval (resumed, TEST_POLL_INTERVAL);
  reji_sale_set_poll_interval_max (resumed, TEST_POLL_INTERVAL);
  return resumed;
}

static void
test_sale_resume_awaiting_3ds (SaleFixture   *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(RejiSale) resumed = NULL;
  RejiSaleSnapshot snapshot;

  submit_card (fixture, "4100000000000100");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_deadline_time (fixture->sale), >, g_get_real_time ());

  /* Reji stops; the customer finishes 3-D Secure meanwhile. */
  snapshot = snapshot_of (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  resumed = resume_sale (fixture, &snapshot);
  reji_sale_cancel (fixture->sale);
  g_assert_cmpuint (reji_test_complete_3ds (snapshot.authentication_url, NULL), ==, 303);

  reji_sale_resume (resumed);
  wait_for_state (resumed, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (resumed), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpstr (reji_sale_get_id (resumed), ==, reji_sale_get_id (fixture->sale));
  g_assert_cmpstr (reji_sale_get_card_last_four (resumed), ==, "0100");
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_sale_resume_charging (SaleFixture   *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(RejiSale) resumed = NULL;
  g_autofree char *first_payment_id = NULL;
  RejiSaleSnapshot snapshot;

  /* The charge went through, but Reji stopped before the response arrived. */
  submit_card (fixture, "4111111111111111");
  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  first_payment_id = g_strdup (reji_sale_get_payment (fixture->sale)->id);

  snapshot = snapshot_of (fixture->sale, REJI_SALE_STATE_CHARGING);
  resumed = resume_sale (fixture, &snapshot);
  g_assert_true (reji_sale_get_charge_sent (resumed));
  reji_sale_resume (resumed);
  wait_for_state (resumed, REJI_SALE_STATE_PAID);

  g_assert_cmpint (reji_sale_get_state (resumed), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpstr (reji_sale_get_payment (resumed)->id, ==, first_payment_id);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_sale_resume_creating_token (SaleFixture   *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(RejiSale) resumed = NULL;
  RejiSaleSnapshot snapshot = {
    .id = "resumed-sale",
    .state = REJI_SALE_STATE_CREATING_TOKEN,
    .amount = 1000,
    .currency = "JPY",
    .card_brand = REJI_CARD_BRAND_VISA,
    .card_last_four = "0100",
    .return_url = "https://example.com/complete",
    .token_idempotency_key = "token-key",
    .payment_idempotency_key = "payment-key",
  };

  resumed = resume_sale (fixture, &snapshot);
  reji_sale_resume (resumed);

  g_assert_cmpint (reji_sale_get_state (resumed), ==, REJI_SALE_STATE_FAILED);
  g_assert_error (reji_sale_get_error (resumed), REJI_SALE_ERROR, REJI_SALE_ERROR_INTERRUPTED);
  g_assert_false (reji_sale_get_charge_sent (resumed));
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
test_sale_require_3ds (SaleFixture   *fixture,
                       gconstpointer  user_data)
{
  reji_sale_set_require_3ds (fixture->sale, TRUE);
  submit_card (fixture, "4111111111111111");
  wait_for_state (fixture->sale, REJI_SALE_STATE_DECLINED);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_DECLINED);
  g_assert_error (reji_sale_get_error (fixture->sale), REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_REQUIRED);
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_verified_without_charge (SaleFixture   *fixture,
                                   gconstpointer  user_data)
{
  const RejiSecureToken *token;

  reji_sale_set_charge_after_verification (fixture->sale, FALSE);
  submit_card (fixture, "4100000000000100");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);
  wait_for_state (fixture->sale, REJI_SALE_STATE_VERIFIED);

  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_VERIFIED);
  g_assert_true (reji_sale_state_is_final (REJI_SALE_STATE_VERIFIED));
  token = reji_sale_get_secure_token (fixture->sale);
  g_assert_cmpint (token->verification_status, ==, REJI_VERIFICATION_STATUS_OK);
  g_assert_cmpstr (reji_simulator_get_token_status (fixture->simulator, token->id), ==, "OK");
  g_assert_false (reji_sale_get_charge_sent (fixture->sale));
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_sale_token_not_found (SaleFixture   *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(RejiSale) resumed = NULL;
  RejiSaleSnapshot snapshot = {
    .id = "sale-with-unknown-token",
    .state = REJI_SALE_STATE_AWAITING_3DS,
    .amount = 1000,
    .currency = "JPY",
    .card_brand = REJI_CARD_BRAND_VISA,
    .card_last_four = "0100",
    .return_url = "https://example.com/complete",
    .token_id = "tok_unknowntounknowntounknown",
    .authentication_url = "http://127.0.0.1:1/three_d_secure_service/offsite?token=tok_unknown",
    .token_idempotency_key = "token-key",
    .payment_idempotency_key = "payment-key",
    .deadline_time = g_get_real_time () + 60 * G_USEC_PER_SEC,
  };

  resumed = resume_sale (fixture, &snapshot);
  reji_sale_resume (resumed);
  wait_for_state (resumed, REJI_SALE_STATE_FAILED);

  g_assert_cmpint (reji_sale_get_state (resumed), ==, REJI_SALE_STATE_FAILED);
  g_assert_error (reji_sale_get_error (resumed), REJI_SALE_ERROR, REJI_SALE_ERROR_TOKEN_NOT_FOUND);
  g_assert_cmpuint (reji_sale_get_n_polls (resumed), ==, REJI_SALE_MAX_TOKEN_NOT_FOUND);
  g_assert_false (reji_sale_get_charge_sent (resumed));
}

static void
test_sale_check_now (SaleFixture   *fixture,
                     gconstpointer  user_data)
{
  /* Slow polls, so only the manual check can see 3-D Secure finish. */
  reji_sale_set_poll_interval (fixture->sale, 60 * 1000);
  reji_sale_set_poll_interval_max (fixture->sale, 60 * 1000);
  submit_card (fixture, "4100000000000100");
  wait_for_state (fixture->sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (authentication_url (fixture->sale), NULL), ==, 303);

  reji_sale_check_now (fixture->sale);
  /* A second press while the first poll is in flight sends nothing. */
  reji_sale_check_now (fixture->sale);
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), ==, 1);

  wait_for_state (fixture->sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (fixture->sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (reji_sale_get_n_polls (fixture->sale), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
add_sale_test (const char    *path,
               gconstpointer  data,
               void         (*test) (SaleFixture *, gconstpointer))
{
  g_test_add (path, SaleFixture, data, sale_fixture_set_up, test, sale_fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  add_sale_test ("/reji/sale/paid", NULL, test_sale_paid);
  add_sale_test ("/reji/sale/paid-after-challenge", NULL, test_sale_paid_after_challenge);
  add_sale_test ("/reji/sale/paid-without-3ds", NULL, test_sale_paid_without_3ds);
  for (guint i = 0; i < G_N_ELEMENTS (decline_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reji/sale/declined/%s", decline_cases[i].api_code);

      add_sale_test (path, &decline_cases[i], test_sale_declined);
    }
  add_sale_test ("/reji/sale/3ds-failed", NULL, test_sale_3ds_failed);
  add_sale_test ("/reji/sale/challenge-failed", NULL, test_sale_challenge_failed);
  add_sale_test ("/reji/sale/expired", NULL, test_sale_expired);
  add_sale_test ("/reji/sale/cancelled-while-waiting", NULL, test_sale_cancelled_while_waiting);
  add_sale_test ("/reji/sale/cancelled-while-creating", NULL, test_sale_cancelled_while_creating);
  add_sale_test ("/reji/sale/submit-twice", NULL, test_sale_submit_twice);
  add_sale_test ("/reji/sale/invalid-input", NULL, test_sale_invalid_input);
  add_sale_test ("/reji/sale/request-sending", NULL, test_sale_request_sending);
  add_sale_test ("/reji/sale/resume-awaiting-3ds", NULL, test_sale_resume_awaiting_3ds);
  add_sale_test ("/reji/sale/resume-charging", NULL, test_sale_resume_charging);
  add_sale_test ("/reji/sale/resume-creating-token", NULL, test_sale_resume_creating_token);
  add_sale_test ("/reji/sale/require-3ds", NULL, test_sale_require_3ds);
  add_sale_test ("/reji/sale/verified-without-charge", NULL, test_sale_verified_without_charge);
  add_sale_test ("/reji/sale/token-not-found", NULL, test_sale_token_not_found);
  add_sale_test ("/reji/sale/check-now", NULL, test_sale_check_now);
  g_test_add_func ("/reji/sale/network-failure", test_sale_network_failure);
  g_test_add_func ("/reji/sale/rejected-key", test_sale_rejected_key);

  return g_test_run ();
}
