/* SPDX-License-Identifier: GPL-3.0-or-later */

/* reji-simulator: the KOMOJU simulator as a program of its own, for any
 * HTTP client (curl, a standalone Reji, tests). It prints its base URL on
 * one line and serves until SIGINT or SIGTERM. */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "reji-i18n.h"
#include "reji-sim-origin.h"
#include "reji-simulator.h"

/* The exit status for invalid command-line arguments. */
#define EXIT_USAGE 2

/* Writes log messages to stderr only. GLib's default writer sends debug
 * and info messages to stdout, which is reserved for the base URL line. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (log_level, fields, n_fields,
                                     g_log_writer_supports_color (fileno (stderr)));
  fprintf (stderr, "%s\n", line);
  fflush (stderr);

  return G_LOG_WRITER_HANDLED;
}

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Stopping on a signal");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

/* Parses each --scenario into @scenarios (RejiSimScenario). */
static gboolean
parse_scenarios (char      **specs,
                 GArray     *scenarios)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      RejiSimScenario scenario = { 0 };
      g_autoptr(GError) error = NULL;

      if (!reji_simulator_parse_scenario (specs[i], &scenario, &error))
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }

      g_array_append_val (scenarios, scenario);
    }

  return TRUE;
}

static gboolean
parse_arguments (int     *argc,
                 char  ***argv,
                 char   **out_host,
                 int     *out_port,
                 GArray  *out_scenarios)
{
  g_auto(GStrv) specs = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    /* Translators: keep 127.0.0.1, 0.0.0.0 and :: as they are. */
    { "host", 0, 0, G_OPTION_ARG_STRING, out_host,
      N_("IP address to listen on (default 127.0.0.1). 0.0.0.0 or :: makes the simulator reachable from the network, for example so that a phone can open the 3-D Secure page from the QR code; use it only on a network you trust"),
      N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, out_port,
      N_("TCP port to listen on; 0 picks a free port (default 0)"), N_("PORT") },
    /* Translators: keep the scenario names and the option names times=, path= and card= in English. */
    { "scenario", 0, 0, G_OPTION_ARG_STRING_ARRAY, &specs,
      N_("Inject a fault into matching requests; repeatable. SPEC is delay:MS, drop-before, drop-after, status:429|500|502|503|504, malformed-json, truncated-json, charge-never-answers, needs-verify-forever, flip:OK|ERRORED|SKIPPED:SECONDS or a KOMOJU error code such as insufficient_funds, optionally followed by ,times=N (0: every request, the default), ,path=payments|secure_tokens|* (default *) and ,card=DIGITS (last four digits or whole number)"),
      N_("SPEC") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serve a simulated KOMOJU API and 3-D Secure page for training and tests."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  if (*argc > 1)
    {
      /* Translators: %s is a command-line argument the program does not take. */
      g_printerr (_("Unexpected argument “%s”.\n"), (*argv)[1]);
      return FALSE;
    }

  if (*out_port < 0 || *out_port > G_MAXUINT16)
    {
      /* Translators: %d is the port number the user gave. */
      g_printerr (_("Invalid port %d. Give a number from 0 to 65535.\n"), *out_port);
      return FALSE;
    }

  return parse_scenarios (specs, out_scenarios);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *host = NULL;
  int port = 0;
  g_autoptr(RejiSimulator) simulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GArray) scenarios = g_array_new (FALSE, TRUE, sizeof (RejiSimScenario));

  g_log_set_writer_func (log_to_stderr, NULL, NULL);
  reji_i18n_init ();

  if (!parse_arguments (&argc, &argv, &host, &port, scenarios))
    return EXIT_USAGE;

  /* GOption overwrites a default without freeing it, so the default is set
   * only when --host was not given. */
  if (host == NULL)
    host = g_strdup ("127.0.0.1");

  simulator = reji_simulator_new ();
  for (guint i = 0; i < scenarios->len; i++)
    reji_simulator_set_scenario (simulator, &g_array_index (scenarios, RejiSimScenario, i));

  if (!reji_simulator_listen (simulator, host, (guint) port, &error))
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ? EXIT_USAGE : EXIT_FAILURE;
    }

  if (reji_sim_origin_is_wildcard (host))
    /* Translators: %s is the address given with --host, such as 0.0.0.0. */
    g_printerr (_("Warning: listening on %s, so other devices on the network can reach the simulator.\n"),
                host);

  base_url = reji_simulator_dup_base_url (simulator);
  printf ("%s\n", base_url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  reji_simulator_shutdown (simulator);
  return EXIT_SUCCESS;
}
