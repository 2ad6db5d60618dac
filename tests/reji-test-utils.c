/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>

#include "reji-i18n.h"
#include "reji-test-utils.h"

/**
 * reji_test_init:
 *
 * Initialises a test program: the GLib test framework, Reji's message
 * catalogue for the locale the test runs in, and which log levels abort.
 * g_test_init() makes warnings fatal; Reji logs every failure it handles
 * (a declined card, a dropped connection) as a warning, and the tests
 * provoke those on purpose, so only criticals abort here.
 */
void
reji_test_init (int    *argc,
                char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  reji_i18n_init ();
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

static gboolean
wait_timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * reji_test_wait_until:
 * @condition: a flag that a callback sets
 *
 * Iterates the default main context until @condition becomes TRUE, and
 * fails the test after %REJI_TEST_WAIT_TIMEOUT seconds.
 */
void
reji_test_wait_until (const gboolean *condition)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (REJI_TEST_WAIT_TIMEOUT, wait_timed_out_cb, &timed_out);
  while (!*condition && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("condition not met within %d s", REJI_TEST_WAIT_TIMEOUT);
  g_source_remove (timeout_id);
}

/**
 * reji_test_run_for:
 * @milliseconds: how long to run
 *
 * Iterates the default main context for @milliseconds, so that late
 * answers and timers that should change nothing get their chance to.
 */
void
reji_test_run_for (guint milliseconds)
{
  gboolean elapsed = FALSE;

  g_timeout_add (milliseconds, wait_timed_out_cb, &elapsed);
  reji_test_wait_until (&elapsed);
}

/**
 * reji_test_start_simulator:
 *
 * Starts a simulator on 127.0.0.1 with a port the system picks, on the
 * default main context.
 *
 * Returns: (transfer full): the running simulator
 */
RejiSimulator *
reji_test_start_simulator (void)
{
  g_autoptr(RejiSimulator) simulator = reji_simulator_new ();
  g_autoptr(GError) error = NULL;

  reji_simulator_listen (simulator, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&simulator);
}

/**
 * reji_test_get_closed_port:
 *
 * Finds a TCP port on 127.0.0.1 that nothing listens on: the system picks
 * a free one for a socket that is closed again at once.
 *
 * Returns: the port number
 */
guint
reji_test_get_closed_port (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

typedef struct
{
  gboolean  done;
  guint     status;
  GBytes   *body;
  GError   *error;
} PageResponse;

static void
page_response_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PageResponse *response = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &response->error);
  response->status = soup_message_get_status (message);
  response->done = TRUE;
}

static guint
send_page_request (SoupSession *session,
                   SoupMessage *message)
{
  PageResponse response = { 0 };

  /* The page redirects to the sale's return URL, which in tests is not a
   * server anyone runs: stop at the redirect. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    page_response_cb, &response);
  reji_test_wait_until (&response.done);
  g_assert_no_error (response.error);
  g_clear_pointer (&response.body, g_bytes_unref);

  return response.status;
}

/**
 * reji_test_complete_3ds:
 * @authentication_url: a secure token's authentication URL on the simulator
 * @password: (nullable): the challenge password to submit, if the page asks
 *
 * Does over HTTP what a customer does in a browser: opens the simulator's
 * 3-D Secure page and, when the page shows a challenge form, submits
 * @password.
 *
 * Returns: the HTTP status of the last answer (303 once the page sends the
 *   customer on to the return URL, 200 when it shows the form again)
 */
guint
reji_test_complete_3ds (const char *authentication_url,
                        const char *password)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) page = soup_message_new ("GET", authentication_url);
  g_autoptr(SoupMessage) answer = NULL;
  g_autofree char *form = NULL;
  guint status;

  g_assert_nonnull (page);
  status = send_page_request (session, page);
  if (status != SOUP_STATUS_OK || password == NULL)
    return status;

  form = soup_form_encode ("password", password, NULL);
  answer = soup_message_new_from_encoded_form ("POST", authentication_url, g_steal_pointer (&form));
  return send_page_request (session, answer);
}
