/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _RejiSimIdempotency RejiSimIdempotency;

RejiSimIdempotency *reji_sim_idempotency_new     (void);
void                reji_sim_idempotency_free    (RejiSimIdempotency *idempotency);

gboolean            reji_sim_idempotency_begin   (RejiSimIdempotency *idempotency,
                                                  SoupServerMessage  *message,
                                                  const char         *path,
                                                  const char         *key);
void                reji_sim_idempotency_store   (RejiSimIdempotency *idempotency,
                                                  SoupServerMessage  *message,
                                                  const char         *path,
                                                  const char         *key);

G_END_DECLS
