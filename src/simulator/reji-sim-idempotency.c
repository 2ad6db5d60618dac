/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-http.h"
#include "reji-sim-idempotency.h"

/* KOMOJU takes idempotency keys of at most 100 ASCII characters. */
#define MAX_KEY_LENGTH 100

/* The first answer to a POST with an idempotency key, kept to replay it.
 * KOMOJU keeps keys for 24 hours; the simulator keeps them as long as it
 * runs. */
typedef struct
{
  char   *body_checksum;
  guint   status;
  char   *content_type;
  GBytes *body;
} StoredAnswer;

struct _RejiSimIdempotency
{
  /* "PATH KEY" → StoredAnswer */
  GHashTable *answers;
};

static void
stored_answer_free (StoredAnswer *answer)
{
  g_free (answer->body_checksum);
  g_free (answer->content_type);
  g_bytes_unref (answer->body);
  g_free (answer);
}

RejiSimIdempotency *
reji_sim_idempotency_new (void)
{
  RejiSimIdempotency *idempotency = g_new0 (RejiSimIdempotency, 1);

  idempotency->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) stored_answer_free);
  return idempotency;
}

void
reji_sim_idempotency_free (RejiSimIdempotency *idempotency)
{
  g_hash_table_unref (idempotency->answers);
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

/* A checksum of the request body; the body itself may hold card data and
 * is not kept. */
static char *
compute_body_checksum (SoupServerMessage *message)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
}

/**
 * reji_sim_idempotency_replay:
 * @idempotency: the stored answers
 * @message: a POST request with an idempotency key
 * @path: the request path
 * @key: the request's `X-KOMOJU-IDEMPOTENCY` value
 *
 * Answers @message when its key needs no new processing: with the stored
 * answer, byte for byte, when the same key came with the same body on the
 * same path; with a 422 error when the key is invalid or came with another
 * body.
 *
 * Returns: %TRUE when @message has its answer
 */
gboolean
reji_sim_idempotency_replay (RejiSimIdempotency *idempotency,
                             SoupServerMessage  *message,
                             const char         *path,
                             const char         *key)
{
  g_autofree char *table_key = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(RejiSimError) error = NULL;
  StoredAnswer *answer;

  if (!key_valid (key))
    {
      error = reji_sim_error_new (422, "invalid_parameter", "X-KOMOJU-IDEMPOTENCY",
                                  _("The idempotency key must be 1 to 100 printable ASCII characters."));
      reji_sim_respond_error (message, error);
      return TRUE;
    }

  table_key = g_strconcat (path, " ", key, NULL);
  answer = g_hash_table_lookup (idempotency->answers, table_key);
  if (answer == NULL)
    return FALSE;

  checksum = compute_body_checksum (message);
  if (!g_str_equal (checksum, answer->body_checksum))
    {
      g_debug ("Idempotency key %s reused with another request body", key);
      error = reji_sim_error_new (422, "unprocessable_entity", NULL,
                                  /* Translators: %s is an idempotency key. */
                                  _("The idempotency key %s was already used with another request."),
                                  key);
      reji_sim_respond_error (message, error);
      return TRUE;
    }

  g_debug ("Idempotency key %s: replaying the stored answer", key);
  soup_server_message_set_status (message, answer->status, NULL);
  soup_server_message_set_response (message, answer->content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer->body, NULL),
                                    g_bytes_get_size (answer->body));
  return TRUE;
}

/* Keeps the answer that @message now holds for later replays of @key. */
void
reji_sim_idempotency_store (RejiSimIdempotency *idempotency,
                            SoupServerMessage  *message,
                            const char         *path,
                            const char         *key)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *response_body = soup_server_message_get_response_body (message);
  StoredAnswer *answer = g_new0 (StoredAnswer, 1);

  answer->body_checksum = compute_body_checksum (message);
  answer->status = soup_server_message_get_status (message);
  answer->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  answer->body = soup_message_body_flatten (response_body);

  g_hash_table_insert (idempotency->answers, g_strconcat (path, " ", key, NULL), answer);
}
