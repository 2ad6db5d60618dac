/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-sale: times sales through Reji's real window against the
 * in-process simulator, the way training mode runs them, with every sale
 * journaled to a SQLite file in a temporary directory, and prints figures. It needs a display (Xvfb is fine) and checks nothing.
 *
 *   bench-sale [SALES [WAIT_SECONDS]]
 *
 * For each of SALES sales (default 50) it measures two times. The first
 * runs from the Charge click to the first frame painted with the QR code.
 * The second runs from the start of the customer's last 3-D Secure
 * request to the first frame painted on the "paid" page. The customer
 * starts that request a random 0 to 2 s after the QR code appears, so it
 * falls anywhere between two polls of the token.
 *
 * Meanwhile a high-priority 1 ms timeout records the longest gap between
 * two of its dispatches, which is how long the main loop was blocked. It
 * is measured in wall-clock time, which includes time the kernel gave
 * other processes, and in CPU time of the main thread.
 *
 * Then one sale waits WAIT_SECONDS (default 60) on the QR code, and the
 * CPU time the process used in that wait is printed as a share of one
 * core. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "reji-charge-page.h"
#include "reji-i18n.h"
#include "reji-journal.h"
#include "reji-test-utils.h"
#include "reji-verify-page.h"
#include "reji-window.h"

/* The simulator's test card that passes 3-D Secure without a challenge. */
#define CARD_FRICTIONLESS "4100000000000100"
/* The maximum time, in milliseconds, the simulated customer takes to
 * open the 3-D Secure page after the QR code appears. */
#define CUSTOMER_DELAY_MAX 2000

typedef struct
{
  RejiWindow *window;
  /* Journals every sale, as RejiApplication does, in a temporary file. */
  RejiJournal *journal;
  /* Main-loop gap monitor, in monotonic microseconds. */
  guint       monitor_id;
  gint64      last_dispatch;
  gint64      max_gap;
  guint       n_long_gaps;
  /* The same in CPU time of the main thread, which leaves out the time
   * other processes had the CPU. */
  gint64      last_dispatch_cpu;
  gint64      max_gap_cpu;
} Bench;

/* The maximum time the main loop may be blocked without missing a frame
 * at 60 frames per second, in microseconds. */
#define FRAME_BUDGET 16000

static GtkWidget *
template_child (GtkWidget  *widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  if (child == NULL)
    g_error ("template child %s not found", name);
  return GTK_WIDGET (child);
}

static GtkWidget *
charge_child (Bench      *bench,
              const char *name)
{
  GtkWidget *page = template_child (GTK_WIDGET (bench->window), REJI_TYPE_WINDOW, "charge_page");

  return template_child (page, REJI_TYPE_CHARGE_PAGE, name);
}

static GtkWidget *
qr_picture (Bench *bench)
{
  GtkWidget *page = template_child (GTK_WIDGET (bench->window), REJI_TYPE_WINDOW, "verify_page");

  return template_child (page, REJI_TYPE_VERIFY_PAGE, "qr_picture");
}

static const char *
visible_page (Bench *bench)
{
  GtkWidget *stack = template_child (GTK_WIDGET (bench->window), REJI_TYPE_WINDOW, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
monitor_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 now_cpu = thread_cpu_time ();

  bench->max_gap = MAX (bench->max_gap, now - bench->last_dispatch);
  bench->max_gap_cpu = MAX (bench->max_gap_cpu, now_cpu - bench->last_dispatch_cpu);
  if (now - bench->last_dispatch > FRAME_BUDGET)
    bench->n_long_gaps++;
  bench->last_dispatch = now;
  bench->last_dispatch_cpu = now_cpu;
  return G_SOURCE_CONTINUE;
}

static void
start_monitor (Bench *bench)
{
  bench->last_dispatch = g_get_monotonic_time ();
  bench->last_dispatch_cpu = thread_cpu_time ();
  bench->monitor_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, monitor_cb, bench, NULL);
}

static void
stop_monitor (Bench *bench)
{
  g_clear_handle_id (&bench->monitor_id, g_source_remove);
}

static void
frame_painted_cb (GdkFrameClock *frame_clock,
                  gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for the next frame the window paints, and returns the monotonic
 * time in microseconds when it was painted. */
static gint64
wait_for_frame (Bench *bench)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  gboolean painted = FALSE;
  gulong handler;

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (frame_painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
  reji_test_wait_until (&painted);
  g_signal_handler_disconnect (frame_clock, handler);

  return g_get_monotonic_time ();
}

/* Iterates the main loop until @check returns TRUE. Every dispatch
 * (a network response, a timer, a frame) may change what @check reads. */
static void
wait_for (Bench     *bench,
          gboolean (*check) (Bench *bench))
{
  while (!check (bench))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
qr_shown (Bench *bench)
{
  return gtk_picture_get_paintable (GTK_PICTURE (qr_picture (bench))) != NULL
         && g_strcmp0 (visible_page (bench), "verify") == 0;
}

static gboolean
result_shown (Bench *bench)
{
  return g_strcmp0 (visible_page (bench), "result") == 0;
}

static void
fill_form (Bench *bench)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expiry = g_strdup_printf ("12/%02d", (g_date_time_get_year (now) + 2) % 100);

  gtk_editable_set_text (GTK_EDITABLE (charge_child (bench, "amount_entry")), "1000");
  gtk_editable_set_text (GTK_EDITABLE (charge_child (bench, "number_entry")), CARD_FRICTIONLESS);
  gtk_editable_set_text (GTK_EDITABLE (charge_child (bench, "expiry_entry")), expiry);
  gtk_editable_set_text (GTK_EDITABLE (charge_child (bench, "security_code_entry")), "123");
  gtk_editable_set_text (GTK_EDITABLE (charge_child (bench, "name_entry")), "Test Card");
}

/* Starts a new sale, clicks Charge and waits for the QR code to be
 * painted. Returns the milliseconds from the click to that frame. */
static double
charge_until_qr (Bench *bench)
{
  gint64 clicked;

  gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.new-sale", NULL);
  fill_form (bench);
  wait_for_frame (bench);

  clicked = g_get_monotonic_time ();
  g_signal_emit_by_name (charge_child (bench, "charge_button"), "clicked");
  wait_for (bench, qr_shown);
  return (wait_for_frame (bench) - clicked) / 1000.0;
}

static const char *
authentication_url (Bench *bench)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (reji_window_get_sale (bench->window));

  return token->authentication_url;
}

/* Completes 3-D Secure as the customer's browser would, and waits for
 * the paid page to be painted. Returns the milliseconds from the start of
 * the customer's request to that frame. */
static double
verify_until_paid (Bench *bench,
                   guint *n_polls)
{
  RejiSale *sale = reji_window_get_sale (bench->window);
  g_autofree char *url = g_strdup (authentication_url (bench));
  gint64 started;
  guint status;
  double elapsed;

  reji_test_run_for (g_random_int_range (0, CUSTOMER_DELAY_MAX));
  started = g_get_monotonic_time ();
  status = reji_test_complete_3ds (url, NULL);
  if (status != 303)
    g_error ("the 3-D Secure page answered HTTP %u, expected 303", status);

  wait_for (bench, result_shown);
  elapsed = (wait_for_frame (bench) - started) / 1000.0;

  if (reji_sale_get_state (sale) != REJI_SALE_STATE_PAID)
    g_error ("the sale ended in state %d, not paid", reji_sale_get_state (sale));
  *n_polls = reji_sale_get_n_polls (sale);
  return elapsed;
}

static void
window_sale_changed_cb (RejiWindow *window,
                        GParamSpec *pspec,
                        Bench      *bench)
{
  RejiSale *sale = reji_window_get_sale (window);

  if (sale != NULL && reji_sale_get_state (sale) == REJI_SALE_STATE_EDITING)
    reji_journal_track_sale (bench->journal, sale, REJI_MODE_TRAINING);
}

static RejiJournal *
open_journal (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("reji-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  RejiJournal *journal;

  if (dir == NULL)
    g_error ("could not create a directory for the journal: %s", error->message);
  path = g_build_filename (dir, "journal.sqlite3", NULL);
  journal = reji_journal_open (path, &error);
  if (journal == NULL)
    g_error ("could not open the journal %s: %s", path, error->message);

  *out_dir = g_steal_pointer (&dir);
  return journal;
}

static void
remove_journal (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the median and the 95th percentile (nearest rank) of @samples. */
static void
print_distribution (const char *what,
                    GArray     *samples)
{
  double *values = (double *) samples->data;
  guint n = samples->len;
  guint p95_rank = (95 * n + 99) / 100;

  qsort (values, n, sizeof (double), compare_doubles);
  g_print ("%s: median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms (%u sales)\n",
           what, values[n / 2], values[MAX (p95_rank, 1) - 1], values[0], values[n - 1], n);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
run_sales (Bench *bench,
           guint  n_sales)
{
  g_autoptr(GArray) to_qr = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_paid = g_array_new (FALSE, FALSE, sizeof (double));
  guint total_polls = 0;
  double total_paid_ms = 0;

  start_monitor (bench);
  for (guint i = 0; i < n_sales; i++)
    {
      double qr_ms = charge_until_qr (bench);
      guint n_polls = 0;
      double paid_ms = verify_until_paid (bench, &n_polls);

      g_array_append_val (to_qr, qr_ms);
      g_array_append_val (to_paid, paid_ms);
      total_polls += n_polls;
      total_paid_ms += paid_ms;
    }
  stop_monitor (bench);

  print_distribution ("Charge click to QR painted", to_qr);
  print_distribution ("3-D Secure completed to paid painted", to_paid);
  g_print ("Token polls: %u in %u sales, %.2f per sale\n",
           total_polls, n_sales, (double) total_polls / n_sales);
  g_print ("Longest main-loop gap during the sales: %.1f ms wall clock, %.1f ms main-thread CPU; "
           "%u gaps over %d ms\n",
           bench->max_gap / 1000.0, bench->max_gap_cpu / 1000.0, bench->n_long_gaps, FRAME_BUDGET / 1000);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_wait (Bench *bench,
          guint  wait_seconds)
{
  RejiSale *sale;
  guint polls_before;
  gboolean waited = FALSE;
  double cpu_before;
  double cpu_used;

  charge_until_qr (bench);
  sale = reji_window_get_sale (bench->window);
  polls_before = reji_sale_get_n_polls (sale);
  cpu_before = cpu_seconds ();

  /* Not reji_test_run_for(): its waits fail after 20 s. */
  g_timeout_add_seconds (wait_seconds, set_flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);

  cpu_used = cpu_seconds () - cpu_before;
  g_print ("Waiting %u s for 3-D Secure: %.3f s CPU, %.2f %% of one core, %u token polls (%.1f per minute)\n",
           wait_seconds, cpu_used, 100.0 * cpu_used / wait_seconds,
           reji_sale_get_n_polls (sale) - polls_before,
           60.0 * (reji_sale_get_n_polls (sale) - polls_before) / wait_seconds);
  reji_sale_cancel (sale);
}

int
main (int   argc,
      char *argv[])
{
  guint n_sales = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50;
  guint wait_seconds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 60;
  g_autoptr(RejiSimulator) simulator = NULL;
  g_autoptr(RejiKomojuClient) client = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *return_url = NULL;
  g_autofree char *journal_dir = NULL;
  Bench bench = { 0 };

  if (n_sales == 0)
    g_error ("usage: bench-sale [SALES [WAIT_SECONDS]] with SALES > 0");

  reji_i18n_init ();
  adw_init ();

  simulator = reji_test_start_simulator ();
  base_url = reji_simulator_dup_base_url (simulator);
  return_url = reji_simulator_dup_return_url (simulator);
  client = reji_komoju_client_new (base_url, "sk_test_reji_benchmark");
  bench.journal = open_journal (&journal_dir);
  bench.window = g_object_ref_sink (reji_window_new (NULL, client, REJI_MODE_TRAINING, return_url));
  g_signal_connect (bench.window, "notify::sale", G_CALLBACK (window_sale_changed_cb), &bench);
  gtk_window_present (GTK_WINDOW (bench.window));
  wait_for_frame (&bench);

  g_print ("Renderer: GSK_RENDERER=%s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)");
  run_sales (&bench, n_sales);
  if (wait_seconds > 0)
    run_wait (&bench, wait_seconds);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_clear_object (&bench.window);
  g_clear_object (&bench.journal);
  remove_journal (journal_dir);
  reji_simulator_shutdown (simulator);
  return EXIT_SUCCESS;
}
