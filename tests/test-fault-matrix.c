/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The fault matrix: each of the simulator's fault scenarios against a
 * whole sale through the real client, checking the state the sale ends
 * in, its error, what the cashier's result page says about it, and that
 * the simulator's ledger never contains more than one payment. */

#include "config.h"

#include "reji-resources.h"
#include "reji-result-page.h"
#include "reji-sale.h"
#include "reji-test-window.h"

#define TEST_POLL_INTERVAL 10

/* Long enough for every row's retries, short enough for a fast test. */
#define TEST_DEADLINE 3000

/* When the scenario is set, relative to the sale. */
typedef enum
{
  SET_BEFORE_SUBMIT,
  SET_WHILE_WAITING,   /* once the sale waits for 3-D Secure: hits the polls only */
} ScenarioTiming;

typedef struct
{
  const char     *name;
  const char     *scenario;        /* (nullable) reji_simulator_parse_scenario() syntax */
  ScenarioTiming  timing;
  const char     *card;
  gboolean        open_page;       /* the customer opens the 3-D Secure page */
  guint           min_charges;     /* POST /payments that must have arrived: proves the fault hit */
  RejiSaleState   state;
  guint           n_payments;
  GQuark          error_domain;    /* 0: no error */
  int             error_code;
  const char     *api_code;        /* (nullable) KOMOJU's error code */
  const char     *shown;           /* the result page's title and next step, in English */
} MatrixRow;

#define PAID         "Paid ¥1,000"
#define KOMOJU_PROBLEM "KOMOJU had a problem. Nothing was charged. Try again in a moment."
#define FRICTIONLESS "4100000000000100"
#define NO_3DS       "4111111111111111"

static GPtrArray *
matrix_rows (void)
{
  const MatrixRow rows[] = {
    { "normal", NULL, SET_BEFORE_SUBMIT, FRICTIONLESS, TRUE, 1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "slow-charge", "delay:300,path=payments", SET_BEFORE_SUBMIT, NO_3DS, FALSE, 1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "drop-before-charge", "drop-before,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "drop-after-charge", "drop-after,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "charge-500-twice", "status:500,path=payments,times=2", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      3, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "charge-502", "status:502,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "charge-503", "status:503,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "charge-429", "status:429,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "malformed-charge", "malformed-json,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "truncated-charge", "truncated-json,path=payments,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "charge-never-answers", "charge-never-answers,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      2, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "payments-down", "status:503,path=payments", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      3, REJI_SALE_STATE_OUTCOME_UNKNOWN, 0, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API, .shown =
      "The result of the charge is not known yet. Do not charge again. KOMOJU did not answer the "
      "charge. Reji is sending the same request again with the same idempotency key, which cannot "
      "charge the card twice. If the result stays unknown, press “Check Again” or look the payment "
      "up in the KOMOJU dashboard." },
    { "tokens-down", "status:503,path=secure_tokens", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      0, REJI_SALE_STATE_FAILED, 0, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API, .shown = KOMOJU_PROBLEM },
    { "token-drop-after", "drop-after,path=secure_tokens,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "token-malformed", "malformed-json,path=secure_tokens,times=1", SET_BEFORE_SUBMIT, NO_3DS, FALSE,
      0, REJI_SALE_STATE_FAILED, 0, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE, .shown = KOMOJU_PROBLEM },
    { "polls-fail", "status:503,path=secure_tokens,times=4", SET_WHILE_WAITING, FRICTIONLESS, TRUE,
      1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "polls-drop", "drop-before,path=secure_tokens,times=4", SET_WHILE_WAITING, FRICTIONLESS, TRUE,
      1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "needs-verify-forever", "needs-verify-forever", SET_BEFORE_SUBMIT, FRICTIONLESS, TRUE,
      0, REJI_SALE_STATE_EXPIRED, 0, .shown =
      "3-D Secure was not completed in time. Nothing was charged. Start a new sale to try again." },
    { "flip-ok", "flip:OK:1", SET_BEFORE_SUBMIT, FRICTIONLESS, FALSE, 1, REJI_SALE_STATE_PAID, 1, .shown = PAID },
    { "flip-errored", "flip:ERRORED:1", SET_BEFORE_SUBMIT, FRICTIONLESS, FALSE, 0, REJI_SALE_STATE_DECLINED, 0,
      REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_FAILED, .shown =
      "Declined The customer could not complete 3-D Secure. Ask for another card." },
    { "card-declined", "card_declined", SET_BEFORE_SUBMIT, NO_3DS, FALSE, 1, REJI_SALE_STATE_DECLINED, 0,
      REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API, "card_declined", .shown =
      "Declined The card was declined. Ask for another card." },
    { "insufficient-funds", "insufficient_funds", SET_BEFORE_SUBMIT, NO_3DS, FALSE, 1, REJI_SALE_STATE_DECLINED, 0,
      REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API, "insufficient_funds", .shown =
      "Declined The card has insufficient funds. Ask for another card." },
  };
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_ptr_array_add (array, g_memdup2 (&rows[i], sizeof rows[i]));

  return array;
}

static RejiKomojuClient *
make_client (RejiSimulator *simulator)
{
  g_autofree char *base_url = reji_simulator_dup_base_url (simulator);
  RejiKomojuClient *client = reji_komoju_client_new (base_url, "sk_test_matrix");

  /* A charge that never gets a response times out after three seconds,
   * long enough for a loaded CI machine; retries wait milliseconds, apart
   * from a Retry-After of one second. */
  g_object_set (client,
                "timeout", 3,
                "connect-timeout", 3,
                "max-attempts", 3,
                "retry-base-delay", 10,
                "retry-max-delay", 50,
                "max-retry-wait", 5000,
                NULL);
  return client;
}

static void
submit (RejiSale   *sale,
        const char *number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  RejiCardDetails *card = reji_card_details_new ();

  card->number = g_strdup (number);
  card->month = 12;
  card->year = g_date_time_get_year (now) + 2;
  card->security_code = g_strdup ("123");
  card->name = g_strdup ("Test Card");

  reji_sale_submit (sale, 1000, "JPY", card, &error);
  g_assert_no_error (error);
}

static void
set_scenario (RejiSimulator *simulator,
              const char    *text)
{
  g_autoptr(GError) error = NULL;
  RejiSimScenario scenario;

  reji_simulator_parse_scenario (text, &scenario, &error);
  g_assert_no_error (error);
  reji_simulator_set_scenario (simulator, &scenario);
}

static void
wait_for_waiting (RejiSale *sale)
{
  while (reji_sale_get_state (sale) < REJI_SALE_STATE_AWAITING_3DS)
    reji_test_run_for (TEST_POLL_INTERVAL);
}

/* Waits until the sale is final, or sits in OUTCOME_UNKNOWN without a
 * request in flight for longer than its slowest automatic round. */
static void
wait_until_settled (RejiSale *sale)
{
  const guint quiet_period = TEST_POLL_INTERVAL << (REJI_SALE_MAX_CHARGE_REPLAYS + 3);
  guint quiet = 0;

  while (!reji_sale_state_is_final (reji_sale_get_state (sale)))
    {
      reji_test_run_for (TEST_POLL_INTERVAL);
      if (reji_sale_get_state (sale) == REJI_SALE_STATE_OUTCOME_UNKNOWN && !reji_sale_get_busy (sale))
        quiet += TEST_POLL_INTERVAL;
      else
        quiet = 0;
      if (quiet >= quiet_period)
        break;
    }
}

static void
test_matrix_row (gconstpointer data)
{
  const MatrixRow *row = data;
  g_autoptr(RejiSimulator) simulator = reji_test_start_simulator ();
  g_autoptr(RejiKomojuClient) client = make_client (simulator);
  g_autoptr(RejiSale) sale = reji_sale_new (client);
  g_autofree char *return_url = reji_simulator_dup_return_url (simulator);
  RejiResultPage *page;
  const GError *error;

  reji_sale_set_return_url (sale, return_url);
  reji_sale_set_poll_interval (sale, TEST_POLL_INTERVAL);
  reji_sale_set_poll_interval_max (sale, TEST_POLL_INTERVAL);
  reji_sale_set_deadline (sale, TEST_DEADLINE);

  if (row->scenario != NULL && row->timing == SET_BEFORE_SUBMIT)
    set_scenario (simulator, row->scenario);

  submit (sale, row->card);

  if (row->open_page)
    {
      wait_for_waiting (sale);
      g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_AWAITING_3DS);
      if (row->scenario != NULL && row->timing == SET_WHILE_WAITING)
        set_scenario (simulator, row->scenario);
      reji_test_complete_3ds (reji_sale_get_secure_token (sale)->authentication_url, NULL);
    }

  wait_until_settled (sale);

  g_assert_cmpuint (reji_simulator_get_n_requests (simulator, "POST", "/payments"), >=, row->min_charges);
  g_assert_cmpint (reji_sale_get_state (sale), ==, row->state);
  g_assert_cmpuint (reji_simulator_get_n_payments (simulator), <=, 1);
  g_assert_cmpuint (reji_simulator_get_n_payments (simulator), ==, row->n_payments);

  error = reji_sale_get_error (sale);
  if (row->state == REJI_SALE_STATE_PAID)
    {
      g_assert_nonnull (reji_sale_get_payment (sale));
      g_assert_cmpstr (reji_simulator_get_payment_status (simulator, reji_sale_get_payment (sale)->id),
                       ==, "captured");
    }
  if (row->error_domain != 0)
    g_assert_error (error, row->error_domain, row->error_code);
  if (row->api_code != NULL)
    g_assert_cmpstr (reji_komoju_error_get_api_code (error), ==, row->api_code);

  /* What the cashier reads: the real result page, filled from the sale. */
  page = g_object_ref_sink (g_object_new (REJI_TYPE_RESULT_PAGE, NULL));
  reji_result_page_show_sale (page, sale);
  g_test_message ("%s: the page says \"%s\"", row->name, reji_result_page_get_summary (page));
  g_assert_cmpstr (reji_result_page_get_summary (page), ==, row->shown);
  g_clear_object (&page);

  g_test_message ("%s: %u charge requests, %u token requests, %u polls",
                  row->name,
                  reji_simulator_get_n_requests (simulator, "POST", "/payments"),
                  reji_simulator_get_n_requests (simulator, "POST", "/secure_tokens"),
                  reji_sale_get_n_polls (sale));

  reji_sale_cancel (sale);
  reji_test_run_for (2 * TEST_POLL_INTERVAL);
  reji_simulator_shutdown (simulator);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) rows = NULL;

  reji_test_window_init (&argc, &argv);
  /* The result page's template is in Reji's resources, which a program
   * that creates no window does not otherwise pull in. */
  g_resources_register (reji_get_resource ());

  rows = matrix_rows ();
  for (guint i = 0; i < rows->len; i++)
    {
      const MatrixRow *row = rows->pdata[i];
      g_autofree char *path = g_strdup_printf ("/reji/fault-matrix/%s", row->name);

      g_test_add_data_func (path, row, test_matrix_row);
    }

  return g_test_run ();
}
