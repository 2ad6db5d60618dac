/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-komoju-error.h"
#include "reji-komoju-error-private.h"
#include "reji-komoju-json.h"
#include "reji-komoju-log.h"
#include "reji-komoju-request.h"
#include "reji-komoju-retry.h"

/* One request to KOMOJU, from the first attempt to the task's result.
 *
 * Each attempt sends a new SoupMessage with the same headers, idempotency
 * key and body bytes, reads at most REJI_KOMOJU_MAX_BODY_SIZE bytes of the
 * response and either returns the result or waits and tries again. Two
 * deadlines guard each attempt: `connect_timeout` until the request
 * headers are written (DNS, TCP, TLS), then `timeout` until the whole
 * response has arrived. libsoup 3.2 has no connect timeout of its own, so a
 * deadline cancels the attempt's private GCancellable and the attempt
 * fails with REJI_KOMOJU_ERROR_TIMEOUT; the caller's cancellable only
 * feeds into that private one, and cancelling it gives
 * G_IO_ERROR_CANCELLED as before. */

#define READ_CHUNK_SIZE 16384

/* RFC 6585; libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  /* Fixed for the whole request */
  SoupSession         *session;          /* (owned) */
  GMainContext        *context;          /* (owned) the task's context */
  char                *url;              /* (owned) */
  char                *authorization;    /* (owned) wiped when freed */
  RejiKomojuRequestConfig config;        /* its pointers are not used */
  const char          *method;           /* static string */
  char                *path;             /* (owned) */
  GBytes              *body;             /* (owned) (nullable) */
  char                *idempotency_key;  /* (owned) (nullable) POST only */
  RejiKomojuParseFunc  parse;
  gpointer             parse_data;
  GDestroyNotify       parse_data_free;
  GDestroyNotify       result_free;
  GCancellable        *caller_cancellable;  /* (owned) (nullable) */
  gulong               caller_cancelled_id;

  /* The current attempt */
  guint                attempt;          /* 1 for the first */
  guint                waited_ms;        /* backoff summed over retries */
  gint64               attempt_started_at;
  SoupMessage         *message;          /* (owned) (nullable) */
  GCancellable        *attempt_cancellable;  /* (owned) (nullable) */
  GSource             *deadline;         /* (owned) (nullable) */
  gboolean             headers_written;
  gboolean             timed_out;
  GInputStream        *stream;           /* (owned) (nullable) */
  GByteArray          *received;         /* (owned) (nullable) */
  GSource             *backoff;          /* (owned) (nullable) */
} Request;

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
clear_attempt (Request *request)
{
  clear_source (&request->deadline);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->received, g_byte_array_unref);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->attempt_cancellable);
}

static void
request_free (Request *request)
{
  clear_attempt (request);
  clear_source (&request->backoff);
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancelled_id);
  g_clear_object (&request->caller_cancellable);

  if (request->parse_data_free != NULL)
    g_clear_pointer (&request->parse_data, request->parse_data_free);
  explicit_bzero (request->authorization, strlen (request->authorization));
  g_free (request->authorization);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->idempotency_key);
  g_free (request->path);
  g_free (request->url);
  g_clear_pointer (&request->context, g_main_context_unref);
  g_clear_object (&request->session);
  g_free (request);
}

static const char *
describe_idempotency_key (const Request *request)
{
  return request->idempotency_key != NULL ? request->idempotency_key : "none";
}

/* Response mapping */

static gboolean
is_json_content_type (const char *content_type)
{
  return g_ascii_strcasecmp (content_type, "application/json") == 0
         || g_str_has_suffix (content_type, "+json");
}

static GError *
new_timeout_error (const Request *request)
{
  if (!request->headers_written)
    return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT,
                        /* Translators: %u is a number of seconds. */
                        ngettext ("Could not connect to KOMOJU within %u second",
                                  "Could not connect to KOMOJU within %u seconds",
                                  request->config.connect_timeout),
                        request->config.connect_timeout);

  return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT,
                      /* Translators: %u is a number of seconds. */
                      ngettext ("KOMOJU did not respond within %u second",
                                "KOMOJU did not respond within %u seconds",
                                request->config.timeout),
                      request->config.timeout);
}

static GError *
map_transport_error (const Request *request,
                     const GError  *transport_error)
{
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Our own deadline cancelled the attempt, not the caller. */
      if (request->timed_out)
        return new_timeout_error (request);
      return g_error_copy (transport_error);
    }

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return new_timeout_error (request);

  if (transport_error->domain == G_TLS_ERROR)
    return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TLS,
                        /* Translators: %s is the TLS library's error message. */
                        _("Could not set up a secure connection to KOMOJU: %s"),
                        transport_error->message);

  /* GIO, resolver and libsoup errors alike: nothing usable arrived. */
  return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK,
                      /* Translators: %s is the system's error message, such as
                       * "Connection refused". */
                      _("Network error while contacting KOMOJU: %s"),
                      transport_error->message);
}

static GError *
map_error_status (SoupMessage *message,
                  GBytes      *body)
{
  guint status = soup_message_get_status (message);
  const char *reason_phrase = soup_message_get_reason_phrase (message);
  const char *content_type;
  GError *error = NULL;

  /* KOMOJU's error body; a missing Content-Type is given a chance too. */
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  if (content_type == NULL || is_json_content_type (content_type))
    error = reji_komoju_json_parse_api_error (status, body);
  if (error != NULL)
    return error;

  if (reason_phrase == NULL || *reason_phrase == '\0')
    reason_phrase = status == HTTP_TOO_MANY_REQUESTS ? "Too Many Requests" : soup_status_get_phrase (status);

  error = g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS,
                       /* Translators: %u is an HTTP status code such as 503 and
                        * %s its reason phrase, such as "Service Unavailable". */
                       _("KOMOJU responded with HTTP %u (%s)"),
                       status, reason_phrase);
  reji_komoju_error_set_http_status (error, status);

  return error;
}

/* A 2xx body must be declared as `application/json`, with no charset or
 * UTF-8, the only encoding JSON allows on the wire (RFC 8259). */
static gboolean
check_content_type (SoupMessage  *message,
                    GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(GHashTable) params = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, &params);
  const char *charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  const char *raw = soup_message_headers_get_one (headers, "Content-Type");

  if (content_type != NULL
      && g_ascii_strcasecmp (content_type, "application/json") == 0
      && (charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0))
    return TRUE;

  if (raw == NULL)
    g_set_error_literal (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                         _("Invalid response from KOMOJU: the Content-Type header is missing"));
  else
    g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                 /* Translators: %s is a MIME type such as "text/html". */
                 _("Invalid response from KOMOJU: expected JSON but received “%s”"),
                 raw);

  return FALSE;
}

static void
set_too_large_error (GError **error)
{
  g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
               /* Translators: %u is a number of bytes. */
               _("Invalid response from KOMOJU: the body is too large (more than %u bytes)"),
               (guint) REJI_KOMOJU_MAX_BODY_SIZE);
}

/* Turns a complete response into the parsed result or a REJI_KOMOJU_ERROR. */
static gboolean
map_response (Request   *request,
              GBytes    *body,
              gpointer  *out_result,
              GError   **error)
{
  g_autoptr(JsonObject) object = NULL;

  *out_result = NULL;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_propagate_error (error, map_error_status (request->message, body));
      return FALSE;
    }

  if (!check_content_type (request->message, error))
    return FALSE;

  object = reji_komoju_json_parse_object (body, error);
  if (object == NULL)
    return FALSE;

  return request->parse (object, request->parse_data, out_result, error);
}

/* Retries */

/* Whether @error may go away on its own and resending cannot charge twice.
 * Every POST carries an idempotency key, so KOMOJU returns the first
 * response to a resent POST it already processed. A 409 means it is still
 * processing the first one. */
static gboolean
error_is_retryable (const Request *request,
                    const GError  *error,
                    guint          status)
{
  if (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK)
      || g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT))
    return TRUE;

  if (SOUP_STATUS_IS_SERVER_ERROR (status) || status == HTTP_TOO_MANY_REQUESTS)
    return TRUE;

  return status == SOUP_STATUS_CONFLICT && request->body != NULL;
}

static void start_attempt (GTask *task);

static gboolean
backoff_done_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->backoff, g_source_unref);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_debug ("%s %s cancelled while waiting to retry (idempotency key %s)",
               request->method, request->path, describe_idempotency_key (request));
      g_task_return_error_if_cancelled (task);
      return G_SOURCE_REMOVE;
    }

  start_attempt (task);

  return G_SOURCE_REMOVE;
}

/* Schedules the next attempt after the server's `Retry-After` or a
 * backoff delay. Returns FALSE when that wait would exceed the total wait
 * limit, so the caller returns @error instead. */
static gboolean
schedule_retry (GTask        *task,
                const GError *error,
                guint         status)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *retry_after = NULL;
  guint delay;

  if (status != 0)
    retry_after = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                                "Retry-After");
  if (!reji_komoju_parse_retry_after (retry_after, now, &delay))
    delay = reji_komoju_backoff_delay (request->attempt, request->config.retry_base_delay,
                                       request->config.retry_max_delay);

  if ((guint64) request->waited_ms + delay > request->config.max_retry_wait)
    {
      g_message ("%s %s not retried: a wait of %u ms would exceed the limit of %u ms"
                 " (attempt %u, idempotency key %s)",
                 request->method, request->path, delay, request->config.max_retry_wait,
                 request->attempt, describe_idempotency_key (request));
      return FALSE;
    }

  g_message ("%s %s failed on attempt %u of %u (idempotency key %s), retrying in %u ms: %s",
             request->method, request->path, request->attempt, request->config.max_attempts,
             describe_idempotency_key (request), delay, error->message);

  request->waited_ms += delay;
  clear_attempt (request);

  /* A cancellable source dispatches at its ready time or as soon as the
   * caller cancels, whichever comes first. */
  request->backoff = g_cancellable_source_new (request->caller_cancellable);
  g_source_set_ready_time (request->backoff, g_get_monotonic_time () + (gint64) delay * 1000);
  g_source_set_callback (request->backoff, G_SOURCE_FUNC (backoff_done_cb),
                         g_object_ref (task), g_object_unref);
  g_source_attach (request->backoff, request->context);

  return TRUE;
}

/* Attempts */

static void
log_request_error (const Request *request,
                   const GError  *error)
{
  const char *idempotency_key = describe_idempotency_key (request);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s %s cancelled (idempotency key %s)",
             request->method, request->path, idempotency_key);
  else if (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API))
    g_message ("%s %s failed with HTTP %u, KOMOJU code %s, param %s (idempotency key %s): %s",
               request->method, request->path,
               reji_komoju_error_get_http_status (error),
               reji_komoju_error_get_api_code (error),
               reji_komoju_error_get_param (error) != NULL ? reji_komoju_error_get_param (error) : "none",
               idempotency_key, error->message);
  else
    g_warning ("%s %s failed on attempt %u (idempotency key %s): %s",
               request->method, request->path, request->attempt, idempotency_key, error->message);
}

static GError *
new_in_progress_error (void)
{
  GError *error = g_error_new_literal (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_IN_PROGRESS,
                                       _("KOMOJU is still processing an earlier attempt of this request; "
                                         "its outcome is not known yet"));

  reji_komoju_error_set_http_status (error, SOUP_STATUS_CONFLICT);

  return error;
}

/* Ends the current attempt: @transport_error is what libsoup or the
 * stream reported, and @too_large is TRUE when the body passed the size limit. */
static void
finish_attempt (GTask        *task,
                const GError *transport_error,
                gboolean      too_large)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  guint status = 0;

  clear_source (&request->deadline);
  if (request->received != NULL)
    body = g_byte_array_free_to_bytes (g_steal_pointer (&request->received));

  if (transport_error != NULL)
    g_propagate_error (&error, map_transport_error (request, transport_error));
  else
    {
      status = soup_message_get_status (request->message);
      reji_komoju_log_response (request->message, body,
                                (g_get_monotonic_time () - request->attempt_started_at) / 1000);
      if (too_large)
        set_too_large_error (&error);
      else
        map_response (request, body, &result, &error);
    }

  if (error == NULL)
    {
      /* Closing the body stream hands the connection back to libsoup,
       * which allows only a few connections per host. */
      clear_attempt (request);
      g_task_return_pointer (task, result, result != NULL ? request->result_free : NULL);
      return;
    }

  if (request->attempt < request->config.max_attempts
      && error_is_retryable (request, error, status)
      && schedule_retry (task, error, status))
    return;

  clear_attempt (request);

  if (status == SOUP_STATUS_CONFLICT && request->body != NULL)
    {
      g_clear_error (&error);
      error = new_in_progress_error ();
    }

  log_request_error (request, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
read_next_chunk (GTask *task);

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      finish_attempt (task, error, FALSE);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_attempt (task, NULL, FALSE);
      return;
    }

  g_byte_array_append (request->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (request->received->len > REJI_KOMOJU_MAX_BODY_SIZE)
    {
      finish_attempt (task, NULL, TRUE);
      return;
    }

  read_next_chunk (task);
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, chunk_read_cb, g_object_ref (task));
}

static void
message_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      finish_attempt (task, error, FALSE);
      return;
    }

  request->received = g_byte_array_new ();

  /* A declared length over the limit fails before any byte is read. */
  headers = soup_message_get_response_headers (request->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > REJI_KOMOJU_MAX_BODY_SIZE)
    {
      finish_attempt (task, NULL, TRUE);
      return;
    }

  read_next_chunk (task);
}

static gboolean
deadline_reached_cb (gpointer user_data)
{
  Request *request = user_data;

  g_debug ("%s %s: attempt %u timed out %s (idempotency key %s)",
           request->method, request->path, request->attempt,
           request->headers_written ? "waiting for the response" : "connecting",
           describe_idempotency_key (request));

  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline, g_source_unref);
  g_cancellable_cancel (request->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
arm_deadline (Request *request,
              guint    seconds)
{
  clear_source (&request->deadline);
  if (seconds == 0)
    return;

  request->deadline = g_timeout_source_new (seconds * 1000);
  g_source_set_callback (request->deadline, deadline_reached_cb, request, NULL);
  g_source_attach (request->deadline, request->context);
}

/* Once the request headers are out, the connection (and TLS) is up: the
 * read deadline replaces the connect deadline. */
static void
wrote_headers_cb (SoupMessage *message,
                  gpointer     user_data)
{
  Request *request = user_data;

  request->headers_written = TRUE;
  arm_deadline (request, request->config.timeout);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Request *request = user_data;

  if (request->attempt_cancellable != NULL)
    g_cancellable_cancel (request->attempt_cancellable);
}

static SoupMessage *
build_message (Request *request)
{
  SoupMessage *message = soup_message_new (request->method, request->url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Authorization", request->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-KOMOJU-API-VERSION", REJI_KOMOJU_API_VERSION);

  if (request->body != NULL)
    {
      soup_message_headers_replace (headers, "X-KOMOJU-IDEMPOTENCY", request->idempotency_key);
      soup_message_set_request_body_from_bytes (message, "application/json", request->body);
    }

  return message;
}

static void
start_attempt (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->attempt++;
  request->timed_out = FALSE;
  request->headers_written = FALSE;
  request->message = build_message (request);
  if (request->message == NULL)
    {
      g_warning ("%s %s not sent: the URL is not valid", request->method, request->path);
      g_task_return_new_error (task, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_URL,
                               /* Translators: %s is the path of a KOMOJU API endpoint,
                                * such as "/payments". */
                               _("Could not build a valid KOMOJU URL for “%s”"), request->path);
      return;
    }
  request->attempt_cancellable = g_cancellable_new ();
  g_signal_connect (request->message, "wrote-headers", G_CALLBACK (wrote_headers_cb), request);

  reji_komoju_log_request (request->message, request->body, request->attempt);

  request->attempt_started_at = g_get_monotonic_time ();
  arm_deadline (request, request->config.connect_timeout);
  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, message_sent_cb, g_object_ref (task));
}

/*
 * reji_komoju_request_send:
 * @task: the task to return the result on; its cancellable is the caller's
 * @config: the client's settings
 * @spec: the request
 *
 * Sends the request, retrying as the config allows, and returns the parsed
 * result or a %REJI_KOMOJU_ERROR (or %G_IO_ERROR_CANCELLED) on @task. The
 * body bytes are kept and sent unchanged on every attempt; the buffer's
 * own free function runs when the task is done.
 */
void
reji_komoju_request_send (GTask                         *task,
                          const RejiKomojuRequestConfig *config,
                          const RejiKomojuRequestSpec   *spec)
{
  Request *request = g_new0 (Request, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  request->session = g_object_ref (config->session);
  request->context = g_main_context_ref (g_task_get_context (task));
  request->url = g_strconcat (config->base_url, spec->path, NULL);
  request->authorization = g_strdup (config->authorization);
  request->config = *config;
  request->config.max_attempts = MAX (config->max_attempts, 1);
  request->method = spec->method;
  request->path = g_strdup (spec->path);
  request->parse = spec->parse;
  request->parse_data = spec->parse_data;
  request->parse_data_free = spec->parse_data_free;
  request->result_free = spec->result_free;

  if (spec->body != NULL)
    {
      request->body = g_bytes_ref (spec->body);
      request->idempotency_key = spec->idempotency_key != NULL ? g_strdup (spec->idempotency_key)
                                                               : g_uuid_string_random ();
    }

  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                            request, NULL);
    }

  start_attempt (task);
}
