/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-client-private.h"
#include "reji-komoju-error-private.h"
#include "reji-komoju-json.h"

/* The API version whose JSON shapes the parser expects. */
#define KOMOJU_API_VERSION "2025-01-28"

/* Seconds an unused keep-alive connection stays open. */
#define IDLE_TIMEOUT 60

struct _RejiKomojuClient
{
  GObject      parent_instance;

  char        *base_url;       /* (owned) without a trailing slash */
  char        *authorization;  /* (owned) "Basic …"; wiped in finalize */
  guint        timeout;        /* seconds */
  SoupSession *session;        /* (owned) */
};

G_DEFINE_FINAL_TYPE (RejiKomojuClient, reji_komoju_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_SECRET_KEY,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gpointer (*ResponseParser) (JsonObject  *object,
                                    GError     **error);

/* The state of one request, kept as the GTask's data. */
typedef struct
{
  SoupMessage    *message;          /* (owned) */
  const char     *method;           /* static string */
  char           *path;             /* (owned) relative to the base URL */
  char           *idempotency_key;  /* (owned) (nullable) POST only */
  guint           timeout;          /* the client's timeout when sent */
  gint64          started_at;       /* monotonic time, µs */
  ResponseParser  parse;
  GDestroyNotify  result_free;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_free (request->path);
  g_free (request->idempotency_key);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* GObject */

static void
set_base_url (RejiKomojuClient *self,
              const char       *base_url)
{
  gsize length;

  g_return_if_fail (base_url != NULL);

  /* "…/api/v1/" and "…/api/v1" name the same API; paths start with '/'. */
  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);
}

static void
set_secret_key (RejiKomojuClient *self,
                const char       *secret_key)
{
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  /* HTTP Basic with the key as the user name and an empty password. Only
   * the header value is kept, never the key by itself. */
  credentials = g_strconcat (secret_key != NULL ? secret_key : "", ":", NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);

  explicit_bzero (credentials, strlen (credentials));
  explicit_bzero (encoded, strlen (encoded));
}

static void
reji_komoju_client_constructed (GObject *object)
{
  RejiKomojuClient *self = REJI_KOMOJU_CLIENT (object);

  G_OBJECT_CLASS (reji_komoju_client_parent_class)->constructed (object);

  if (self->authorization == NULL)
    set_secret_key (self, NULL);

  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", IDLE_TIMEOUT,
                                                 "user-agent", "Reji/" PACKAGE_VERSION,
                                                 NULL);
}

static void
reji_komoju_client_dispose (GObject *object)
{
  RejiKomojuClient *self = REJI_KOMOJU_CLIENT (object);

  /* Every pending request holds a reference on the client through its
   * GTask, so no request is in flight here. */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (reji_komoju_client_parent_class)->dispose (object);
}

static void
reji_komoju_client_finalize (GObject *object)
{
  RejiKomojuClient *self = REJI_KOMOJU_CLIENT (object);

  if (self->authorization != NULL)
    explicit_bzero (self->authorization, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (reji_komoju_client_parent_class)->finalize (object);
}

static void
reji_komoju_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RejiKomojuClient *self = REJI_KOMOJU_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_komoju_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RejiKomojuClient *self = REJI_KOMOJU_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      set_base_url (self, g_value_get_string (value));
      break;

    case PROP_SECRET_KEY:
      set_secret_key (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      reji_komoju_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_komoju_client_class_init (RejiKomojuClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reji_komoju_client_constructed;
  object_class->dispose = reji_komoju_client_dispose;
  object_class->finalize = reji_komoju_client_finalize;
  object_class->get_property = reji_komoju_client_get_property;
  object_class->set_property = reji_komoju_client_set_property;

  /**
   * RejiKomojuClient:base-url:
   *
   * The API root, such as "https://komoju.com/api/v1"; request paths such
   * as "/secure_tokens" are appended to it.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:secret-key:
   *
   * The KOMOJU secret key sent with HTTP Basic authentication. Write-only:
   * the client keeps only the Authorization header built from it.
   */
  properties[PROP_SECRET_KEY] =
    g_param_spec_string ("secret-key", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:timeout:
   *
   * Seconds a request may wait for the server to read or send data before
   * it fails with %REJI_KOMOJU_ERROR_TIMEOUT; 0 waits forever.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reji_komoju_client_init (RejiKomojuClient *self)
{
  self->timeout = REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT;
}

/**
 * reji_komoju_client_new:
 * @base_url: the API root, such as "https://komoju.com/api/v1"
 * @secret_key: the KOMOJU secret key
 *
 * Returns: (transfer full): a client with the default timeout
 */
RejiKomojuClient *
reji_komoju_client_new (const char *base_url,
                        const char *secret_key)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (REJI_TYPE_KOMOJU_CLIENT,
                       "base-url", base_url,
                       "secret-key", secret_key,
                       NULL);
}

const char *
reji_komoju_client_get_base_url (RejiKomojuClient *self)
{
  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (self), NULL);

  return self->base_url;
}

guint
reji_komoju_client_get_timeout (RejiKomojuClient *self)
{
  g_return_val_if_fail (REJI_IS_KOMOJU_CLIENT (self), 0);

  return self->timeout;
}

/**
 * reji_komoju_client_set_timeout:
 * @self: a client
 * @seconds: the new timeout; 0 waits forever
 *
 * Sets #RejiKomojuClient:timeout. libsoup applies a new timeout to new
 * connections only, so a keep-alive connection opened earlier keeps the
 * old one until it closes.
 */
void
reji_komoju_client_set_timeout (RejiKomojuClient *self,
                                guint             seconds)
{
  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* Response mapping */

static gboolean
is_json_content_type (const char *content_type)
{
  return g_ascii_strcasecmp (content_type, "application/json") == 0
         || g_str_has_suffix (content_type, "+json");
}

static GError *
map_transport_error (const Request *request,
                     const GError  *transport_error)
{
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (transport_error);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_TIMEOUT,
                        /* Translators: %u is a number of seconds. */
                        ngettext ("KOMOJU did not respond within %u second",
                                  "KOMOJU did not respond within %u seconds",
                                  request->timeout),
                        request->timeout);

  /* GIO, resolver, TLS and libsoup errors alike: nothing usable arrived. */
  return g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK,
                      /* Translators: %s is the system's error message, such as
                       * "Connection refused". */
                      _("Network error while contacting KOMOJU: %s"),
                      transport_error->message);
}

static GError *
map_error_status (guint       status,
                  const char *reason_phrase,
                  const char *content_type,
                  GBytes     *body)
{
  GError *error = NULL;

  /* KOMOJU's error body; a missing Content-Type is given a chance too. */
  if (content_type == NULL || is_json_content_type (content_type))
    error = reji_komoju_json_parse_api_error (status, body);
  if (error != NULL)
    return error;

  if (reason_phrase == NULL || *reason_phrase == '\0')
    reason_phrase = soup_status_get_phrase (status);

  error = g_error_new (REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS,
                       /* Translators: %u is an HTTP status code such as 503 and
                        * %s its reason phrase, such as "Service Unavailable". */
                       _("KOMOJU responded with HTTP %u (%s)"),
                       status, reason_phrase);
  reji_komoju_error_set_http_status (error, status);

  return error;
}

/* Turns what libsoup returned for a request into the parsed result or a
 * GError. This is the one place where transport errors, HTTP statuses and
 * response bodies become REJI_KOMOJU_ERROR codes; G_IO_ERROR_CANCELLED is
 * the only error passed through unchanged. */
static gpointer
map_response (const Request  *request,
              const GError   *transport_error,
              guint           status,
              const char     *reason_phrase,
              const char     *content_type,
              GBytes         *body,
              GError        **error)
{
  g_autoptr(JsonObject) object = NULL;

  if (transport_error != NULL)
    {
      g_propagate_error (error, map_transport_error (request, transport_error));
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_propagate_error (error, map_error_status (status, reason_phrase, content_type, body));
      return NULL;
    }

  if (content_type != NULL && !is_json_content_type (content_type))
    {
      g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a MIME type such as "text/html". */
                   _("Invalid response from KOMOJU: expected JSON but received “%s”"),
                   content_type);
      return NULL;
    }

  object = reji_komoju_json_parse_object (body, error);
  if (object == NULL)
    return NULL;

  return request->parse (object, error);
}

/* Sending */

static void
log_request_error (const Request *request,
                   const GError  *error)
{
  const char *idempotency_key = request->idempotency_key != NULL ? request->idempotency_key : "none";

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
    g_warning ("%s %s failed (idempotency key %s): %s",
               request->method, request->path, idempotency_key, error->message);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessage *message = request->message;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *content_type;
  gpointer parsed;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport_error);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  g_debug ("%s %s: HTTP %u in %" G_GINT64_FORMAT " ms (idempotency key %s)",
           request->method, request->path, soup_message_get_status (message),
           (g_get_monotonic_time () - request->started_at) / 1000,
           request->idempotency_key != NULL ? request->idempotency_key : "none");

  parsed = map_response (request, transport_error,
                         soup_message_get_status (message),
                         soup_message_get_reason_phrase (message),
                         content_type, body, &error);
  if (parsed == NULL)
    {
      log_request_error (request, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, request->result_free);
}

/* Sends @method to @path (relative to the base URL) with the headers every
 * KOMOJU request carries, and for a POST the JSON @body and its
 * idempotency key. @body may be the only reference to a buffer holding
 * card data: the message keeps it until the task is freed, and the
 * buffer's free function wipes it. */
static void
send_request (RejiKomojuClient *self,
              GTask            *task,
              const char       *method,
              char             *path,
              GBytes           *body,
              const char       *idempotency_key,
              ResponseParser    parse,
              GDestroyNotify    result_free)
{
  g_autoptr(Request) request = g_new0 (Request, 1);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessageHeaders *headers;

  request->method = method;
  request->path = path;
  request->timeout = self->timeout;
  request->parse = parse;
  request->result_free = result_free;

  request->message = soup_message_new (method, url);
  if (request->message == NULL)
    {
      g_warning ("%s %s not sent: “%s” is not a valid URL", method, path, url);
      g_task_return_new_error (task, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_NETWORK,
                               /* Translators: %s is the URL of a KOMOJU API endpoint. */
                               _("Invalid KOMOJU URL “%s”"), url);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-KOMOJU-API-VERSION", KOMOJU_API_VERSION);

  if (body != NULL)
    {
      request->idempotency_key = idempotency_key != NULL ? g_strdup (idempotency_key)
                                                         : g_uuid_string_random ();
      soup_message_headers_replace (headers, "X-KOMOJU-IDEMPOTENCY", request->idempotency_key);
      soup_message_set_request_body_from_bytes (request->message, "application/json", body);
    }

  request->started_at = g_get_monotonic_time ();
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_free);

  soup_session_send_and_read_async (self->session,
                                    ((Request *) g_task_get_task_data (task))->message,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    request_sent_cb,
                                    g_object_ref (task));
}

/* Builds "/<collection>/<escaped id>". */
static char *
build_item_path (const char *collection,
                 const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/", collection, "/", escaped, NULL);
}

/* Secure tokens */

/**
 * reji_komoju_client_create_secure_token_async:
 * @self: a client
 * @request: the card and amount; copied before this function returns
 * @idempotency_key: (nullable): the `X-KOMOJU-IDEMPOTENCY` value, or NULL
 *   for a new random UUID
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `POST /secure_tokens`. The card number and security code are
 * serialised into a private buffer before this returns, so the caller may
 * wipe them at once; that buffer is zeroed when the request is done.
 */
void
reji_komoju_client_create_secure_token_async (RejiKomojuClient             *self,
                                              const RejiSecureTokenRequest *request,
                                              const char                   *idempotency_key,
                                              GCancellable                 *cancellable,
                                              GAsyncReadyCallback           callback,
                                              gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->currency != NULL);
  g_return_if_fail (request->return_url != NULL);
  g_return_if_fail (request->number != NULL);
  g_return_if_fail (request->security_code != NULL);
  g_return_if_fail (idempotency_key == NULL || *idempotency_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_create_secure_token_async);

  body = reji_komoju_json_build_secure_token_body (request);
  send_request (self, task, SOUP_METHOD_POST, g_strdup ("/secure_tokens"),
                body, idempotency_key,
                (ResponseParser) reji_komoju_json_parse_secure_token,
                (GDestroyNotify) reji_secure_token_free);
}

/**
 * reji_komoju_client_create_secure_token_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the new token
 */
RejiSecureToken *
reji_komoju_client_create_secure_token_finish (RejiKomojuClient  *self,
                                               GAsyncResult      *result,
                                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_create_secure_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * reji_komoju_client_get_secure_token_async:
 * @self: a client
 * @token_id: a non-empty token id
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `GET /secure_tokens/{id}`, to read the verification status after
 * 3-D Secure.
 */
void
reji_komoju_client_get_secure_token_async (RejiKomojuClient    *self,
                                           const char          *token_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (token_id != NULL && *token_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_get_secure_token_async);

  send_request (self, task, SOUP_METHOD_GET, build_item_path ("secure_tokens", token_id),
                NULL, NULL,
                (ResponseParser) reji_komoju_json_parse_secure_token,
                (GDestroyNotify) reji_secure_token_free);
}

/**
 * reji_komoju_client_get_secure_token_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the token
 */
RejiSecureToken *
reji_komoju_client_get_secure_token_finish (RejiKomojuClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_get_secure_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Payments */

/**
 * reji_komoju_client_create_payment_async:
 * @self: a client
 * @token_id: a non-empty id of a verified secure token
 * @amount: the amount in the currency's smallest unit, equal to the token's
 * @currency: the ISO 4217 code, equal to the token's
 * @idempotency_key: (nullable): the `X-KOMOJU-IDEMPOTENCY` value, or NULL
 *   for a new random UUID
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `POST /payments`, which charges the token and, with KOMOJU's
 * default, captures the payment at once.
 */
void
reji_komoju_client_create_payment_async (RejiKomojuClient    *self,
                                         const char          *token_id,
                                         gint64               amount,
                                         const char          *currency,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (token_id != NULL && *token_id != '\0');
  g_return_if_fail (currency != NULL);
  g_return_if_fail (idempotency_key == NULL || *idempotency_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_create_payment_async);

  body = reji_komoju_json_build_payment_body (token_id, amount, currency);
  send_request (self, task, SOUP_METHOD_POST, g_strdup ("/payments"),
                body, idempotency_key,
                (ResponseParser) reji_komoju_json_parse_payment,
                (GDestroyNotify) reji_payment_free);
}

/**
 * reji_komoju_client_create_payment_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the payment; a declined card is a
 *   %REJI_KOMOJU_ERROR_API error with KOMOJU's code, such as "card_declined"
 */
RejiPayment *
reji_komoju_client_create_payment_finish (RejiKomojuClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_create_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * reji_komoju_client_get_payment_async:
 * @self: a client
 * @payment_id: a non-empty payment id
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `GET /payments/{id}`.
 */
void
reji_komoju_client_get_payment_async (RejiKomojuClient    *self,
                                      const char          *payment_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (payment_id != NULL && *payment_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_get_payment_async);

  send_request (self, task, SOUP_METHOD_GET, build_item_path ("payments", payment_id),
                NULL, NULL,
                (ResponseParser) reji_komoju_json_parse_payment,
                (GDestroyNotify) reji_payment_free);
}

/**
 * reji_komoju_client_get_payment_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the payment
 */
RejiPayment *
reji_komoju_client_get_payment_finish (RejiKomojuClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_get_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Other requests */

void
reji_komoju_client_send_post (RejiKomojuClient         *self,
                              GTask                    *task,
                              char                     *path,
                              GBytes                   *body,
                              const char               *idempotency_key,
                              RejiKomojuResponseParser  parse,
                              GDestroyNotify            result_free)
{
  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (body != NULL);

  send_request (self, task, SOUP_METHOD_POST, path, body, idempotency_key, parse, result_free);
}
