/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "reji-journal-csv.h"
#include "reji-journal.h"
#include "reji-test-utils.h"

#define TEST_POLL_INTERVAL 10
#define CARD_3DS           "4100000000000100"
#define CARD_NO_3DS        "4111111111111111"
#define CARD_DECLINED      "4123111111111059"
#define TEST_EMAIL         "customer@example.com"
#define TEST_SECRET_KEY    "sk_test_journal_tests_9f3a"

typedef struct
{
  char             *directory;
  char             *path;
  RejiSimulator    *simulator;
  RejiKomojuClient *client;
  char             *return_url;
  RejiJournal      *journal;
} JournalFixture;

static void
journal_fixture_set_up (JournalFixture *fixture,
                        gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  fixture->directory = g_dir_make_tmp ("reji-journal-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->directory, "journal.sqlite3", NULL);

  fixture->simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (fixture->simulator);
  fixture->return_url = reji_simulator_dup_return_url (fixture->simulator);
  fixture->client = reji_komoju_client_new (base_url, TEST_SECRET_KEY);

  fixture->journal = reji_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->journal);
}

static void
remove_directory (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_unlink (path);
    }
  g_rmdir (directory);
}

static void
journal_fixture_tear_down (JournalFixture *fixture,
                           gconstpointer   user_data)
{
  /* Cancelled requests hold their sale until their callback has run. */
  reji_test_run_for (2 * TEST_POLL_INTERVAL);
  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->client);
  reji_simulator_shutdown (fixture->simulator);
  g_clear_object (&fixture->simulator);
  remove_directory (fixture->directory);
  g_free (fixture->directory);
  g_free (fixture->path);
  g_free (fixture->return_url);
}

static RejiCardDetails *
make_card (const char *number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  RejiCardDetails *card = reji_card_details_new ();

  card->number = g_strdup (number);
  card->month = 12;
  card->year = g_date_time_get_year (now) + 3;
  card->security_code = g_strdup ("123");
  card->name = g_strdup ("Test Card");
  card->email = g_strdup (TEST_EMAIL);
  card->brand = reji_card_brand_from_number (number);

  return card;
}

static RejiSale *
new_tracked_sale (JournalFixture *fixture,
                  RejiMode        mode)
{
  RejiSale *sale = reji_sale_new (fixture->client);

  reji_sale_set_return_url (sale, fixture->return_url);
  reji_sale_set_poll_interval (sale, TEST_POLL_INTERVAL);
  reji_sale_set_poll_interval_max (sale, TEST_POLL_INTERVAL);
  reji_journal_track_sale (fixture->journal, sale, mode);

  return sale;
}

static void
submit (RejiSale   *sale,
        gint64      amount,
        const char *currency,
        const char *number)
{
  g_autoptr(GError) error = NULL;
  gboolean submitted;

  submitted = reji_sale_submit (sale, amount, currency, make_card (number), &error);
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

static RejiSale *
make_paid_sale (JournalFixture *fixture,
                RejiMode        mode,
                gint64          amount,
                const char     *currency)
{
  RejiSale *sale = new_tracked_sale (fixture, mode);

  submit (sale, amount, currency, CARD_NO_3DS);
  wait_for_state (sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_PAID);

  return sale;
}

/* Counts rows through a connection of its own, as another process would
 * see the file. */
static int
count_rows (const char *path,
            const char *sql,
            const char *parameter)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

typedef struct
{
  const char *path;
  guint       n_requests;
  int         rows_seen[2];
} RequestCheck;

static gboolean
request_sending_cb (RejiSale        *sale,
                    RejiSaleRequest  request,
                    const char      *idempotency_key,
                    RequestCheck    *check)
{
  /* The journal's handler ran first: the request must be on disk before
   * this handler returns and the sale sends it. */
  if (check->n_requests < G_N_ELEMENTS (check->rows_seen))
    check->rows_seen[check->n_requests] =
      count_rows (check->path, "SELECT COUNT (*) FROM sale_events WHERE idempotency_key = ?1",
                  idempotency_key);
  check->n_requests++;

  return FALSE;
}

typedef struct
{
  RejiSaleState  state;
  const char    *request;
} ExpectedEvent;

static void
test_journal_records_every_state (JournalFixture *fixture,
                                  gconstpointer   user_data)
{
  g_autoptr(RejiSale) sale = new_tracked_sale (fixture, REJI_MODE_TEST);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(RejiJournalSale) row = NULL;
  g_autoptr(GError) error = NULL;
  RequestCheck check = { fixture->path, 0, { -1, -1 } };
  const ExpectedEvent expected[] = {
    { REJI_SALE_STATE_CREATING_TOKEN, NULL },
    { REJI_SALE_STATE_CREATING_TOKEN, REJI_JOURNAL_REQUEST_CREATE_TOKEN },
    { REJI_SALE_STATE_AWAITING_3DS, NULL },
    { REJI_SALE_STATE_CHARGING, NULL },
    { REJI_SALE_STATE_CHARGING, REJI_JOURNAL_REQUEST_CHARGE },
    /* KOMOJU's payment, recorded before the state it leads to. */
    { REJI_SALE_STATE_CHARGING, NULL },
    { REJI_SALE_STATE_PAID, NULL },
  };

  g_signal_connect (sale, "request-sending", G_CALLBACK (request_sending_cb), &check);
  submit (sale, 1500, "JPY", CARD_3DS);

  /* No response has arrived yet, because the main loop has not run. */
  g_assert_cmpint (check.rows_seen[0], ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT COUNT (*) FROM sales WHERE state = ?1", "creating-token"), ==, 1);

  wait_for_state (sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (reji_sale_get_secure_token (sale)->authentication_url, NULL), ==, 303);
  wait_for_state (sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_PAID);
  g_assert_cmpuint (check.n_requests, ==, 2);
  g_assert_cmpint (check.rows_seen[1], ==, 1);

  events = reji_journal_list_events (fixture->journal, reji_sale_get_id (sale), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < events->len; i++)
    {
      RejiJournalEvent *event = g_ptr_array_index (events, i);

      g_test_message ("event %u: %s %s", i, reji_journal_state_to_string (event->state),
                      event->request != NULL ? event->request : "-");
      g_assert_cmpint (event->state, ==, expected[i].state);
      g_assert_cmpstr (event->request, ==, expected[i].request);
      if (i > 0)
        g_assert_cmpint (event->at, >=, ((RejiJournalEvent *) g_ptr_array_index (events, i - 1))->at);
    }
  g_assert_cmpstr (((RejiJournalEvent *) g_ptr_array_index (events, 1))->idempotency_key, ==,
                   reji_sale_get_token_idempotency_key (sale));
  g_assert_cmpstr (((RejiJournalEvent *) g_ptr_array_index (events, 4))->idempotency_key, ==,
                   reji_sale_get_payment_idempotency_key (sale));

  row = reji_journal_lookup_sale (fixture->journal, reji_sale_get_id (sale), &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->state, ==, REJI_SALE_STATE_PAID);
  g_assert_cmpint (row->mode, ==, REJI_MODE_TEST);
  g_assert_cmpint (row->amount, ==, 1500);
  g_assert_cmpstr (row->currency, ==, "JPY");
  g_assert_cmpint (row->card_brand, ==, REJI_CARD_BRAND_VISA);
  g_assert_cmpstr (row->card_last_four, ==, "0100");
  g_assert_cmpstr (row->token_id, ==, reji_sale_get_secure_token (sale)->id);
  g_assert_cmpstr (row->payment_id, ==, reji_sale_get_payment (sale)->id);
  g_assert_cmpstr (row->token_idempotency_key, ==, reji_sale_get_token_idempotency_key (sale));
  g_assert_cmpstr (row->payment_idempotency_key, ==, reji_sale_get_payment_idempotency_key (sale));
  g_assert_null (row->error_code);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
assert_files_lack (const char *path,
                   const char *needle)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_test_message ("searching %s for %s", file, needle);
      g_assert_false (file_contains (file, needle));
    }
}

static void
test_journal_keeps_no_card_data (JournalFixture *fixture,
                                 gconstpointer   user_data)
{
  g_autoptr(RejiSale) sale = new_tracked_sale (fixture, REJI_MODE_TEST);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  /* The security code "123" as the request carried it, in either body
   * encoding KOMOJU accepts. */
  const char *needles[] = {
    CARD_3DS, "4100 0000", TEST_EMAIL, TEST_SECRET_KEY, "Test Card",
    "\"123\"", "=123", "verification_value", "security_code",
  };

  submit (sale, 1000, "JPY", CARD_3DS);
  wait_for_state (sale, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpuint (reji_test_complete_3ds (reji_sale_get_secure_token (sale)->authentication_url, NULL), ==, 303);
  wait_for_state (sale, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_PAID);

  /* The log still contains every write: search it before the close
   * checkpoints it into the main file, then search the file. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (file_contains (wal, reji_sale_get_id (sale)));
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    assert_files_lack (fixture->path, needles[i]);

  g_clear_object (&fixture->journal);
  g_assert_true (file_contains (fixture->path, reji_sale_get_id (sale)));
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    assert_files_lack (fixture->path, needles[i]);
}

static void
test_journal_closes_abandoned (JournalFixture *fixture,
                               gconstpointer   user_data)
{
  g_autoptr(RejiSale) waiting = new_tracked_sale (fixture, REJI_MODE_TRAINING);
  g_autoptr(RejiJournalSale) row = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RejiJournalEvent *last;

  submit (waiting, 700, "JPY", CARD_3DS);
  wait_for_state (waiting, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (waiting), ==, REJI_SALE_STATE_AWAITING_3DS);
  id = g_strdup (reji_sale_get_id (waiting));
  g_signal_handlers_disconnect_by_data (waiting, fixture->journal);

  g_assert_true (reji_journal_close_abandoned (fixture->journal, id, "gone with its simulator", &error));
  g_assert_no_error (error);

  unfinished = reji_journal_list_unfinished (fixture->journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 0);
  row = reji_journal_lookup_sale (fixture->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->state, ==, REJI_SALE_STATE_FAILED);
  events = reji_journal_list_events (fixture->journal, id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (last->state, ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (last->detail, ==, "gone with its simulator");
  reji_sale_cancel (waiting);
}

static void
test_journal_lists_unfinished (JournalFixture *fixture,
                               gconstpointer   user_data)
{
  g_autoptr(RejiSale) paid = make_paid_sale (fixture, REJI_MODE_TEST, 500, "JPY");
  g_autoptr(RejiSale) waiting = new_tracked_sale (fixture, REJI_MODE_TEST);
  g_autoptr(RejiSale) resumed = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  RejiJournalSale *row;
  RejiSaleSnapshot snapshot;

  submit (waiting, 2500, "JPY", CARD_3DS);
  wait_for_state (waiting, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpint (reji_sale_get_state (waiting), ==, REJI_SALE_STATE_AWAITING_3DS);

  unfinished = reji_journal_list_unfinished (fixture->journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 1);
  row = g_ptr_array_index (unfinished, 0);
  g_assert_cmpstr (row->id, ==, reji_sale_get_id (waiting));
  g_assert_cmpint (row->state, ==, REJI_SALE_STATE_AWAITING_3DS);
  g_assert_cmpstr (row->authentication_url, ==, reji_sale_get_secure_token (waiting)->authentication_url);
  g_assert_cmpint (row->deadline_time, ==, reji_sale_get_deadline_time (waiting));
  g_assert_cmpstr (row->return_url, ==, fixture->return_url);

  /* Reji "stops": the window's sale goes away without a response, and the
   * customer finishes 3-D Secure meanwhile. */
  g_signal_handlers_disconnect_by_data (waiting, fixture->journal);
  g_clear_object (&waiting);
  g_assert_cmpuint (reji_test_complete_3ds (row->authentication_url, NULL), ==, 303);

  reji_journal_sale_get_snapshot (row, &snapshot);
  resumed = reji_sale_new_resumed (fixture->client, &snapshot);
  reji_sale_set_poll_interval (resumed, TEST_POLL_INTERVAL);
  reji_journal_track_sale (fixture->journal, resumed, row->mode);
  reji_sale_resume (resumed);
  wait_for_state (resumed, REJI_SALE_STATE_PAID);
  g_assert_cmpint (reji_sale_get_state (resumed), ==, REJI_SALE_STATE_PAID);

  after = reji_journal_list_unfinished (fixture->journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 2);
}

static void
test_journal_day_totals (JournalFixture *fixture,
                         gconstpointer   user_data)
{
  g_autoptr(RejiSale) first = make_paid_sale (fixture, REJI_MODE_TEST, 1000, "JPY");
  g_autoptr(RejiSale) second = make_paid_sale (fixture, REJI_MODE_LIVE, 2345, "JPY");
  g_autoptr(RejiSale) dollars = make_paid_sale (fixture, REJI_MODE_TEST, 1999, "USD");
  g_autoptr(RejiSale) training = make_paid_sale (fixture, REJI_MODE_TRAINING, 777777, "JPY");
  g_autoptr(RejiSale) declined = new_tracked_sale (fixture, REJI_MODE_TEST);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GArray) empty = NULL;
  g_autoptr(GPtrArray) day = NULL;
  g_autoptr(GPtrArray) training_only = NULL;
  g_autoptr(GPtrArray) declined_only = NULL;
  g_autoptr(GError) error = NULL;
  RejiJournalTotal *total;

  submit (declined, 5000, "JPY", CARD_DECLINED);
  wait_for_state (declined, REJI_SALE_STATE_DECLINED);
  g_assert_cmpint (reji_sale_get_state (declined), ==, REJI_SALE_STATE_DECLINED);

  /* A partial refund of the first sale is deducted. */
  g_assert_true (reji_journal_record_refund_sending (fixture->journal, reji_sale_get_id (first), 300, "refund-key-1", &error));
  g_assert_no_error (error);
  g_assert_true (reji_journal_record_refund_result (fixture->journal, reji_sale_get_id (first), 300, "refund-key-1", NULL, &error));
  g_assert_no_error (error);

  totals = reji_journal_get_day_totals (fixture->journal, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 2);
  total = &g_array_index (totals, RejiJournalTotal, 0);
  g_assert_cmpstr (total->currency, ==, "JPY");
  g_assert_cmpint (total->amount, ==, 1000 - 300 + 2345);
  g_assert_cmpuint (total->n_sales, ==, 2);
  total = &g_array_index (totals, RejiJournalTotal, 1);
  g_assert_cmpstr (total->currency, ==, "USD");
  g_assert_cmpint (total->amount, ==, 1999);
  g_assert_cmpuint (total->n_sales, ==, 1);

  empty = reji_journal_get_day_totals (fixture->journal, tomorrow, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  day = reji_journal_list_day (fixture->journal, today, -1, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 5);
  training_only = reji_journal_list_day (fixture->journal, today, -1, REJI_MODE_TRAINING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (training_only->len, ==, 1);
  g_assert_cmpstr (((RejiJournalSale *) g_ptr_array_index (training_only, 0))->id, ==, reji_sale_get_id (training));
  declined_only = reji_journal_list_day (fixture->journal, today, REJI_SALE_STATE_DECLINED, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (declined_only->len, ==, 1);
  g_assert_cmpstr (((RejiJournalSale *) g_ptr_array_index (declined_only, 0))->error_code, ==, "card_declined");
}

static void
test_journal_records_refunds (JournalFixture *fixture,
                              gconstpointer   user_data)
{
  g_autoptr(RejiSale) sale = make_paid_sale (fixture, REJI_MODE_TEST, 1000, "JPY");
  g_autoptr(GError) refund_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "refund refused");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(RejiJournalSale) row = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = reji_sale_get_id (sale);
  RejiJournalEvent *event;

  g_assert_true (reji_journal_record_refund_sending (fixture->journal, id, 0, "refund-a", &error));
  g_assert_true (reji_journal_record_refund_result (fixture->journal, id, 0, "refund-a", refund_error, &error));
  g_assert_true (reji_journal_record_refund_sending (fixture->journal, id, 0, "refund-b", &error));
  g_assert_true (reji_journal_record_refund_result (fixture->journal, id, 0, "refund-b", NULL, &error));
  g_assert_no_error (error);

  row = reji_journal_lookup_sale (fixture->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->refunded_amount, ==, 1000);

  events = reji_journal_list_events (fixture->journal, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 4);
  event = g_ptr_array_index (events, events->len - 4);
  g_assert_cmpstr (event->request, ==, REJI_JOURNAL_REQUEST_REFUND);
  g_assert_cmpstr (event->idempotency_key, ==, "refund-a");
  g_assert_cmpstr (event->detail, ==, "refund 1000 requested");
  event = g_ptr_array_index (events, events->len - 3);
  g_assert_cmpstr (event->detail, ==, "refund 1000 failed: refund refused");
  event = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (event->idempotency_key, ==, "refund-b");
  g_assert_cmpstr (event->detail, ==, "refunded 1000");

  g_assert_false (reji_journal_record_refund_sending (fixture->journal, "no-such-sale", 0, "refund-c", &error));
  g_assert_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_NOT_FOUND);
}

/* The version 1 schema exactly as the first release wrote it. */
static const char v1_schema[] =
  "CREATE TABLE sales (id TEXT PRIMARY KEY NOT NULL, mode TEXT NOT NULL, created_at INTEGER NOT NULL,"
  " amount INTEGER NOT NULL, currency TEXT, card_brand TEXT, card_last_four TEXT, state TEXT NOT NULL,"
  " return_url TEXT, token_id TEXT, authentication_url TEXT, token_idempotency_key TEXT,"
  " payment_idempotency_key TEXT, deadline_time INTEGER NOT NULL DEFAULT 0, payment_id TEXT,"
  " error_code TEXT, error_message TEXT, updated_at INTEGER NOT NULL);"
  "CREATE TABLE sale_events (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE, at INTEGER NOT NULL,"
  " state TEXT NOT NULL, request TEXT, idempotency_key TEXT, detail TEXT);"
  "INSERT INTO sales (id, mode, created_at, amount, currency, card_brand, card_last_four, state,"
  " payment_id, updated_at) VALUES ('old-sale', 'live', 1700000000000000, 4200, 'JPY', 'Visa', '4242',"
  " 'charging', NULL, 1700000000000000);"
  "INSERT INTO sale_events (sale_id, at, state) VALUES ('old-sale', 1700000000000000, 'charging');"
  "PRAGMA user_version = 1;";

static void
write_database (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_journal_migrates_v1 (JournalFixture *fixture,
                          gconstpointer   user_data)
{
  g_autofree char *path = g_build_filename (fixture->directory, "v1.sqlite3", NULL);
  g_autoptr(RejiJournal) journal = NULL;
  g_autoptr(RejiJournalSale) row = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;

  write_database (path, v1_schema);

  journal = reji_journal_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "PRAGMA user_version", NULL), ==, REJI_JOURNAL_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (path, "SELECT COUNT (*) FROM sqlite_master WHERE name = ?1", "sales_created_at"), ==, 1);

  row = reji_journal_lookup_sale (journal, "old-sale", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->amount, ==, 4200);
  g_assert_cmpint (row->refunded_amount, ==, 0);
  g_assert_cmpint (row->card_brand, ==, REJI_CARD_BRAND_VISA);

  unfinished = reji_journal_list_unfinished (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 1);

  /* Opening again finds nothing to migrate. */
  g_clear_object (&journal);
  journal = reji_journal_open (path, &error);
  g_assert_no_error (error);
}

static void
test_journal_rejects_newer_schema (JournalFixture *fixture,
                                   gconstpointer   user_data)
{
  g_autofree char *path = g_build_filename (fixture->directory, "future.sqlite3", NULL);
  g_autoptr(RejiJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  write_database (path, "PRAGMA user_version = 99;");

  journal = reji_journal_open (path, &error);
  g_assert_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_TOO_NEW);
  g_assert_null (journal);
}

typedef struct
{
  guint  n_failures;
  char  *sale_id;
} FailureCount;

static void
write_failed_cb (RejiJournal  *journal,
                 const char   *sale_id,
                 const GError *error,
                 FailureCount *count)
{
  count->n_failures++;
  g_free (count->sale_id);
  count->sale_id = g_strdup (sale_id);
}

static void
test_journal_reports_write_failure (JournalFixture *fixture,
                                    gconstpointer   user_data)
{
  g_autoptr(RejiSale) sale = new_tracked_sale (fixture, REJI_MODE_TEST);
  FailureCount count = { 0, NULL };

  /* Another program breaks the file under Reji. */
  write_database (fixture->path, "DROP TABLE sale_events;");
  g_signal_connect (fixture->journal, "write-failed", G_CALLBACK (write_failed_cb), &count);

  submit (sale, 1000, "JPY", CARD_NO_3DS);

  /* The new state, the request, and the failure it leads to: a request
   * the journal could not write down is not sent. */
  g_assert_cmpuint (count.n_failures, ==, 3);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_FAILED);
  g_assert_error (reji_sale_get_error (sale), REJI_SALE_ERROR, REJI_SALE_ERROR_NOT_RECORDED);
  g_assert_null (reji_sale_get_secure_token (sale));
  g_assert_cmpstr (count.sale_id, ==, reji_sale_get_id (sale));
  g_assert_error (reji_journal_get_write_error (fixture->journal), REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_WRITE);

  g_signal_handlers_disconnect_by_data (fixture->journal, &count);
  g_free (count.sale_id);
  reji_sale_cancel (sale);
}

typedef struct
{
  const char *field;
  const char *expected;
} CsvCase;

static void
test_journal_csv_quoting (void)
{
  const CsvCase cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "カード,拒否", "\"カード,拒否\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) line = g_string_new ("first");

      reji_journal_csv_append_field (line, cases[i].field);
      g_assert_true (g_str_has_prefix (line->str, "first,"));
      g_assert_cmpstr (line->str + strlen ("first,"), ==, cases[i].expected);
    }
}

static void
test_journal_exports_csv (JournalFixture *fixture,
                          gconstpointer   user_data)
{
  g_autoptr(RejiSale) paid = make_paid_sale (fixture, REJI_MODE_TEST, 1200, "JPY");
  g_autoptr(RejiSale) declined = new_tracked_sale (fixture, REJI_MODE_TEST);
  g_autofree char *path = g_build_filename (fixture->directory, "day.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  submit (declined, 800, "JPY", CARD_DECLINED);
  wait_for_state (declined, REJI_SALE_STATE_DECLINED);

  g_assert_true (reji_journal_export_csv (fixture->journal, today, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, CARD_NO_3DS));
  g_assert_null (strstr (contents, CARD_DECLINED));

  lines = g_strsplit (contents, "\r\n", -1);
  /* Header, two sales, and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "sale_id,created_at,mode,state,amount,currency,"));
  g_assert_true (g_str_has_prefix (lines[1], reji_sale_get_id (paid)));
  g_assert_nonnull (strstr (lines[1], ",test,paid,1200,JPY,Visa,1111,"));
  g_assert_nonnull (strstr (lines[2], ",test,declined,800,JPY,Visa,1059,"));
  g_assert_nonnull (strstr (lines[2], ",card_declined,"));
  g_assert_cmpstr (lines[3], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, JournalFixture, NULL, journal_fixture_set_up, func, journal_fixture_tear_down)

  ADD ("/reji/journal/records-every-state", test_journal_records_every_state);
  ADD ("/reji/journal/keeps-no-card-data", test_journal_keeps_no_card_data);
  ADD ("/reji/journal/lists-unfinished", test_journal_lists_unfinished);
  ADD ("/reji/journal/day-totals", test_journal_day_totals);
  ADD ("/reji/journal/records-refunds", test_journal_records_refunds);
  ADD ("/reji/journal/migrates-v1", test_journal_migrates_v1);
  ADD ("/reji/journal/rejects-newer-schema", test_journal_rejects_newer_schema);
  ADD ("/reji/journal/reports-write-failure", test_journal_reports_write_failure);
  ADD ("/reji/journal/closes-abandoned", test_journal_closes_abandoned);
  ADD ("/reji/journal/exports-csv", test_journal_exports_csv);
  g_test_add_func ("/reji/journal/csv-quoting", test_journal_csv_quoting);

#undef ADD

  return g_test_run ();
}
