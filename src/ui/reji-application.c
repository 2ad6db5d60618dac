/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the UI layer is written. */

#include "config.h"

#include "reji-application.h"

struct _RejiApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RejiApplication, reji_application, ADW_TYPE_APPLICATION)

static void
reji_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
reji_application_class_init (RejiApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = reji_application_activate;
}

static void
reji_application_init (RejiApplication *self)
{
}

RejiApplication *
reji_application_new (void)
{
  return g_object_new (REJI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
