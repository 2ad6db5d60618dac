/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REJI_TYPE_SECRET_STORE (reji_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (RejiSecretStore, reji_secret_store, REJI, SECRET_STORE, GObject)

RejiSecretStore *reji_secret_store_new              (void);
gboolean         reji_secret_store_is_overridden    (RejiSecretStore      *self);

void             reji_secret_store_lookup_async     (RejiSecretStore      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char            *reji_secret_store_lookup_finish    (RejiSecretStore      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void             reji_secret_store_store_async      (RejiSecretStore      *self,
                                                     const char           *secret_key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         reji_secret_store_store_finish     (RejiSecretStore      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void             reji_secret_store_clear_async      (RejiSecretStore      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         reji_secret_store_clear_finish     (RejiSecretStore      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
