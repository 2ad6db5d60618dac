/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "reji-test-utils.h"

/* Crash recovery with real processes: a standalone simulator, and Reji
 * started, killed with SIGKILL and started again with --resume. */

#define POLL_STEP_US (100 * 1000)

typedef struct
{
  char  *directory;
  char  *journal_path;
  GPid   simulator_pid;
  char  *base_url;
  GPid   reji_pid;
} RecoveryFixture;

static char *
build_path (const char *program)
{
  const char *root = g_getenv ("REJI_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", program, NULL);
}

static void
start_simulator (RecoveryFixture *fixture,
                 const char      *scenario)
{
  g_autofree char *program = build_path ("reji-simulator");
  const char *argv[] = { program, "--port", "0", scenario != NULL ? "--scenario" : NULL, scenario, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  int out_fd = -1;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &fixture->simulator_pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* The simulator prints its base URL on the first line of its output. */
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  fixture->base_url = g_strstrip (g_steal_pointer (&line));
  g_test_message ("simulator at %s", fixture->base_url);
}

static void
start_reji (RecoveryFixture *fixture,
            const char      *autosubmit,
            gboolean         resume)
{
  g_autofree char *program = build_path ("reji");
  const char *argv[] = { program, resume ? "--resume" : NULL, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;

  envp = g_environ_setenv (envp, "REJI_JOURNAL_PATH", fixture->journal_path, TRUE);
  envp = g_environ_setenv (envp, "REJI_KOMOJU_BASE_URL", fixture->base_url, TRUE);
  envp = g_environ_setenv (envp, "REJI_KOMOJU_SECRET_KEY", "sk_test_x", TRUE);
  /* No session bus: each Reji runs as its own non-unique instance. */
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/reji-test", TRUE);
  if (autosubmit != NULL)
    envp = g_environ_setenv (envp, "REJI_TEST_AUTOSUBMIT", autosubmit, TRUE);
  else
    envp = g_environ_unsetenv (envp, "REJI_TEST_AUTOSUBMIT");

  g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                 &fixture->reji_pid, &error);
  g_assert_no_error (error);
}

static void
stop_process (GPid *pid,
              int   signal_number)
{
  int status;

  if (*pid <= 0)
    return;

  kill (*pid, signal_number);
  waitpid (*pid, &status, 0);
  g_spawn_close_pid (*pid);
  *pid = 0;
}

static void
recovery_fixture_set_up (RecoveryFixture *fixture,
                         gconstpointer    user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("reji-recovery-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->journal_path = g_build_filename (fixture->directory, "journal.sqlite3", NULL);
}

static void
recovery_fixture_tear_down (RecoveryFixture *fixture,
                            gconstpointer    user_data)
{
  g_autofree char *command = NULL;

  stop_process (&fixture->reji_pid, SIGTERM);
  stop_process (&fixture->simulator_pid, SIGTERM);

  command = g_strdup_printf ("rm -rf '%s'", fixture->directory);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->directory);
  g_free (fixture->journal_path);
  g_free (fixture->base_url);
}

/* Reads one sale's state and authentication URL through a connection of
 * its own; FALSE while the journal or the sale does not exist yet. */
static gboolean
read_sale (const char  *journal_path,
           char       **out_id,
           char       **out_state,
           char       **out_authentication_url)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (!g_file_test (journal_path, G_FILE_TEST_EXISTS)
      || sqlite3_open_v2 (journal_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, 1000);
  if (sqlite3_prepare_v2 (db, "SELECT id, state, authentication_url FROM sales ORDER BY created_at LIMIT 1",
                          -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *out_state = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *out_authentication_url = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      found = TRUE;
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

/* Polls the journal until its first sale is in @state; fails after
 * REJI_TEST_WAIT_TIMEOUT seconds. Returns the authentication URL. */
static char *
wait_for_journal_state (RecoveryFixture *fixture,
                        const char      *state,
                        char           **out_id)
{
  gint64 give_up = g_get_monotonic_time () + REJI_TEST_WAIT_TIMEOUT * G_USEC_PER_SEC;
  g_autofree char *last_state = NULL;

  while (g_get_monotonic_time () < give_up)
    {
      g_autofree char *id = NULL;
      g_autofree char *current = NULL;
      g_autofree char *url = NULL;

      if (read_sale (fixture->journal_path, &id, &current, &url))
        {
          g_free (last_state);
          last_state = g_strdup (current);
          if (g_strcmp0 (current, state) == 0)
            {
              if (out_id != NULL)
                *out_id = g_steal_pointer (&id);
              return g_steal_pointer (&url);
            }
        }
      g_usleep (POLL_STEP_US);
    }

  g_test_message ("journal state is %s, expected %s", last_state != NULL ? last_state : "(no sale)", state);
  g_assert_cmpstr (last_state, ==, state);
  return NULL;
}

static guint
count_ledger_payments (RecoveryFixture *fixture)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) base = g_uri_parse (fixture->base_url, G_URI_FLAGS_NONE, &error);
  JsonObject *root;

  g_assert_no_error (error);
  url = g_strdup_printf ("http://%s:%d/simulator/ledger", g_uri_get_host (base), g_uri_get_port (base));
  message = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  return json_array_get_length (json_object_get_array_member (root, "payments"));
}

static void
test_recovery_awaiting_3ds (RecoveryFixture *fixture,
                            gconstpointer    user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *paid_id = NULL;
  g_autofree char *ignored = NULL;

  start_simulator (fixture, NULL);
  start_reji (fixture, "1000 JPY 4100000000000100 12/30 123 Test Card", FALSE);

  url = wait_for_journal_state (fixture, "awaiting-3ds", &id);
  g_assert_nonnull (url);

  /* Reji dies; the customer finishes 3-D Secure while it is down. */
  stop_process (&fixture->reji_pid, SIGKILL);
  g_assert_cmpuint (reji_test_complete_3ds (url, NULL), ==, 303);

  start_reji (fixture, NULL, TRUE);
  ignored = wait_for_journal_state (fixture, "paid", &paid_id);
  g_assert_cmpstr (paid_id, ==, id);
  g_assert_cmpuint (count_ledger_payments (fixture), ==, 1);
}

static void
test_recovery_charging (RecoveryFixture *fixture,
                        gconstpointer    user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *paid_id = NULL;
  g_autofree char *charging = NULL;
  g_autofree char *ignored = NULL;

  /* The simulator holds only the charge, for three seconds, so Reji can
   * be killed while it is on its way. */
  start_simulator (fixture, "delay:3000,path=payments");
  start_reji (fixture, "1000 JPY 4100000000000100 12/30 123 Test Card", FALSE);

  url = wait_for_journal_state (fixture, "awaiting-3ds", &id);
  g_assert_cmpuint (reji_test_complete_3ds (url, NULL), ==, 303);

  /* The charge is on its way to the simulator when Reji dies. */
  charging = wait_for_journal_state (fixture, "charging", NULL);
  stop_process (&fixture->reji_pid, SIGKILL);

  start_reji (fixture, NULL, TRUE);
  ignored = wait_for_journal_state (fixture, "paid", &paid_id);
  g_assert_cmpstr (paid_id, ==, id);
  g_assert_cmpuint (count_ledger_payments (fixture), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add ("/reji/recovery/awaiting-3ds", RecoveryFixture, NULL,
              recovery_fixture_set_up, test_recovery_awaiting_3ds, recovery_fixture_tear_down);
  g_test_add ("/reji/recovery/charging", RecoveryFixture, NULL,
              recovery_fixture_set_up, test_recovery_charging, recovery_fixture_tear_down);

  return g_test_run ();
}
