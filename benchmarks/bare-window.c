/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The baseline for benchmarks/run-startup: an empty libadwaita window that
 * quits once it has painted its first frame, the same way Reji does with
 * REJI_EXIT_AFTER_FIRST_FRAME=1. */

#include <adwaita.h>

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
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 860);
  g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.reji_pos.BareWindow",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
