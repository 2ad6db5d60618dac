/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The API version whose JSON shapes the parser expects. */
#define REJI_KOMOJU_API_VERSION "2025-01-28"

/* The largest response body the client reads, in bytes. */
#define REJI_KOMOJU_MAX_BODY_SIZE (1024 * 1024)

/* Turns a 2xx response's root object into the task's result. Returning
 * TRUE with *out_result NULL is a valid "nothing found". */
typedef gboolean (*RejiKomojuParseFunc) (JsonObject  *object,
                                         gpointer     parse_data,
                                         gpointer    *out_result,
                                         GError     **error);

/* The client's settings when a request starts; the request copies them. */
typedef struct
{
  SoupSession *session;
  const char  *base_url;
  const char  *authorization;
  guint        connect_timeout;   /* seconds; 0 waits forever */
  guint        timeout;           /* seconds; 0 waits forever */
  guint        max_attempts;
  guint        retry_base_delay;  /* ms */
  guint        retry_max_delay;   /* ms */
  guint        max_retry_wait;    /* ms, summed over all retries */
} RejiKomojuRequestConfig;

/* What to send and how to read the response. */
typedef struct
{
  const char          *method;
  const char          *path;
  GBytes              *body;             /* (nullable) POST only */
  const char          *idempotency_key;  /* (nullable) NULL: a random UUID */
  RejiKomojuParseFunc  parse;
  gpointer             parse_data;       /* (transfer full) (nullable) */
  GDestroyNotify       parse_data_free;
  GDestroyNotify       result_free;
} RejiKomojuRequestSpec;

void reji_komoju_request_send (GTask                         *task,
                               const RejiKomojuRequestConfig *config,
                               const RejiKomojuRequestSpec   *spec);

G_END_DECLS
