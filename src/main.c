/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-application.h"
#include "reji-i18n.h"

/* Test-only: with REJI_EXIT_AFTER_FIRST_FRAME=1 in the environment, Reji
 * quits once its first window has painted a frame. benchmarks/run-startup
 * times the start of Reji this way, and nothing else sets the variable. */
static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, app);
  g_application_quit (app);
}

static void
window_realized_cb (GtkWidget    *window,
                    GApplication *app)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_painted_cb), app);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RejiApplication) app = NULL;

  reji_i18n_init ();
  app = reji_application_new ();

  if (g_strcmp0 (g_getenv ("REJI_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
