/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-http.h"
#include "reji-sim-idempotency.h"

/* KOMOJU takes idempotency keys of at most 100 ASCII characters. */
#define MAX_KEY_LENGTH 100

/* The first response to a POST with an idempotency key, kept for replays.
 * KOMOJU keeps keys for 24 hours, and the simulator keeps them while it
 * runs. */
typedef struct
{
  char   *body_checksum;
  guint   status;
  char   *content_type;
  GBytes *body;
} StoredResponse;

struct _RejiSimIdempotency
{
  /* "PATH KEY" → StoredResponse */
  GHashTable *responses;
  /* "PATH KEY" of the requests still being handled, such as delayed ones. */
  GHashTable *running;
};

static void
stored_response_free (StoredResponse *stored)
{
  g_free (stored->body_checksum);
  g_free (stored->content_type);
  g_bytes_unref (stored->body);
  g_free (stored);
}

RejiSimIdempotency *
reji_sim_idempotency_new (void)
{
  RejiSimIdempotency *idempotency = g_new0 (RejiSimIdempotency, 1);

  idempotency->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) stored_response_free);
  idempotency->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return idempotency;
}

void
reji_sim_idempotency_free (RejiSimIdempotency *idempotency)
{
  g_hash_table_unref (idempotency->responses);
  g_hash_table_unref (idempotency->running);
  g_free (idempotency);
}

static gboolean
key_valid (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isprint (key[i]))
        return FALSE;
    }

  return TRUE;
}

/* Computes a checksum of the request body. The body itself may contain
 * card data, so it is not kept. */
static char *
compute_body_checksum (SoupServerMessage *message)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
}

static void
respond_conflict (SoupServerMessage *message,
                  const char        *key)
{
  /* NOTE: KOMOJU documents the 409 status of this case but not its error
   * code, so "conflict" is a guess. */
  g_autoptr(RejiSimError) error =
    /* Translators: %s is an idempotency key. */
    reji_sim_error_new (409, "conflict", NULL,
                        _("A request with the idempotency key %s is still being processed. Retry later."),
                        key);

  g_debug ("Idempotency key %s: the first request is still running", key);
  reji_sim_respond_error (message, error);
}

/**
 * reji_sim_idempotency_begin:
 * @idempotency: the stored responses
 * @message: a POST request with an idempotency key
 * @path: the request path
 * @key: the request's `X-KOMOJU-IDEMPOTENCY` value
 *
 * Responds to @message when its key needs no new processing. The stored
 * response is replayed byte for byte when the same key came with the same
 * body on the same path. A 409 error is sent while the first request with
 * the key is still being handled, and a 422 error when the key is invalid
 * or came with another body. Otherwise the key counts as running until
 * reji_sim_idempotency_store().
 *
 * Returns: %TRUE when @message has its response
 */
gboolean
reji_sim_idempotency_begin (RejiSimIdempotency *idempotency,
                             SoupServerMessage  *message,
                             const char         *path,
                             const char         *key)
{
  g_autofree char *table_key = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(RejiSimError) error = NULL;
  StoredResponse *stored;

  if (!key_valid (key))
    {
      error = reji_sim_error_new (422, "invalid_parameter", "X-KOMOJU-IDEMPOTENCY",
                                  _("The idempotency key must be 1 to 100 printable ASCII characters."));
      reji_sim_respond_error (message, error);
      return TRUE;
    }

  table_key = g_strconcat (path, " ", key, NULL);
  if (g_hash_table_contains (idempotency->running, table_key))
    {
      respond_conflict (message, key);
      return TRUE;
    }

  stored = g_hash_table_lookup (idempotency->responses, table_key);
  if (stored == NULL)
    {
      g_hash_table_add (idempotency->running, g_steal_pointer (&table_key));
      return FALSE;
    }

  checksum = compute_body_checksum (message);
  if (!g_str_equal (checksum, stored->body_checksum))
    {
      g_debug ("Idempotency key %s reused with another request body", key);
      error = reji_sim_error_new (422, "unprocessable_entity", NULL,
                                  /* Translators: %s is an idempotency key. */
                                  _("The idempotency key %s was already used with another request."),
                                  key);
      reji_sim_respond_error (message, error);
      return TRUE;
    }

  g_debug ("Idempotency key %s: replaying the stored response", key);
  soup_server_message_set_status (message, stored->status, NULL);
  soup_server_message_set_response (message, stored->content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (stored->body, NULL),
                                    g_bytes_get_size (stored->body));
  return TRUE;
}

/* Stores the response that @message now has, for later replays of @key,
 * and ends the running state that reji_sim_idempotency_begin() set. */
void
reji_sim_idempotency_store (RejiSimIdempotency *idempotency,
                            SoupServerMessage  *message,
                            const char         *path,
                            const char         *key)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *response_body = soup_server_message_get_response_body (message);
  StoredResponse *stored = g_new0 (StoredResponse, 1);
  g_autofree char *table_key = g_strconcat (path, " ", key, NULL);

  stored->body_checksum = compute_body_checksum (message);
  stored->status = soup_server_message_get_status (message);
  stored->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  stored->body = soup_message_body_flatten (response_body);

  g_hash_table_remove (idempotency->running, table_key);
  g_hash_table_insert (idempotency->responses, g_steal_pointer (&table_key), stored);
}
