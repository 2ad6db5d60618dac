/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The history window on a journal of the test's own. */

#include "config.h"

#include <glib/gstdio.h>

#include "reji-history-window.h"
#include "reji-journal.h"
#include "reji-test-window.h"

static gboolean
window_closed (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
test_history_escape_closes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("reji-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.sqlite3", NULL);
  g_autoptr(RejiKomojuClient) client = reji_komoju_client_new ("http://127.0.0.1:9/api/v1", "sk_test_history");
  g_autoptr(RejiJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  RejiHistoryWindow *history;

  journal = reji_journal_open (path, &error);
  g_assert_no_error (error);

  history = reji_history_window_new (NULL, journal, client);
  g_object_ref_sink (history);
  gtk_window_present (GTK_WINDOW (history));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (history)));
  g_assert_cmpuint (reji_history_window_get_n_rows (history), ==, 0);

  /* Escape on the day's list closes the window, as Ctrl+W does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.escape", NULL));
  reji_test_wait_for (window_closed, history);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (history)));

  g_object_unref (history);
  g_clear_object (&journal);
  g_remove (path);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_window_init (&argc, &argv);

  g_test_add_func ("/reji/history/escape-closes", test_history_escape_closes);

  return g_test_run ();
}
