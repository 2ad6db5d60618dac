/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-client.h"
#include "reji-komoju-client-private.h"
#include "reji-komoju-json.h"
#include "reji-komoju-request.h"
#include "reji-komoju-url.h"

/* Seconds an unused keep-alive connection stays open. */
#define IDLE_TIMEOUT 60

struct _RejiKomojuClient
{
  GObject      parent_instance;

  char        *base_url;          /* (owned) without a trailing slash */
  GError      *base_url_error;    /* (owned) (nullable) why it is not allowed */
  char        *authorization;     /* (owned) "Basic …"; wiped in finalize */
  guint        connect_timeout;   /* seconds */
  guint        timeout;           /* seconds */
  guint        max_attempts;
  guint        retry_base_delay;  /* ms */
  guint        retry_max_delay;   /* ms */
  guint        max_retry_wait;    /* ms */
  SoupSession *session;           /* (owned) */
};

G_DEFINE_FINAL_TYPE (RejiKomojuClient, reji_komoju_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_SECRET_KEY,
  PROP_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_BASE_DELAY,
  PROP_RETRY_MAX_DELAY,
  PROP_MAX_RETRY_WAIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  /* A client with a base URL that is not allowed fails every request
   * with this error, so reji_komoju_client_new() stays safe to call. */
  if (!reji_komoju_base_url_is_allowed (self->base_url, &self->base_url_error))
    g_warning ("KOMOJU client will send nothing: %s", self->base_url_error->message);
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
  g_clear_error (&self->base_url_error);

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

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    case PROP_RETRY_BASE_DELAY:
      g_value_set_uint (value, self->retry_base_delay);
      break;

    case PROP_RETRY_MAX_DELAY:
      g_value_set_uint (value, self->retry_max_delay);
      break;

    case PROP_MAX_RETRY_WAIT:
      g_value_set_uint (value, self->max_retry_wait);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Sets a plain number property and notifies only on a change. A change
 * applies to requests started afterwards. */
static void
set_uint_property (RejiKomojuClient *self,
                   guint            *field,
                   guint             value,
                   GParamSpec       *pspec)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
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

    case PROP_CONNECT_TIMEOUT:
      set_uint_property (self, &self->connect_timeout, g_value_get_uint (value), pspec);
      break;

    case PROP_MAX_ATTEMPTS:
      set_uint_property (self, &self->max_attempts, g_value_get_uint (value), pspec);
      break;

    case PROP_RETRY_BASE_DELAY:
      set_uint_property (self, &self->retry_base_delay, g_value_get_uint (value), pspec);
      break;

    case PROP_RETRY_MAX_DELAY:
      set_uint_property (self, &self->retry_max_delay, g_value_get_uint (value), pspec);
      break;

    case PROP_MAX_RETRY_WAIT:
      set_uint_property (self, &self->max_retry_wait, g_value_get_uint (value), pspec);
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
   * Seconds one attempt may take from writing the request until the whole
   * response has arrived. It is also the maximum pause while reading or
   * writing. After it the attempt fails with %REJI_KOMOJU_ERROR_TIMEOUT,
   * and 0 waits forever.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT / 1000, REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:connect-timeout:
   *
   * Seconds one attempt may take to resolve the host, connect, finish the
   * TLS handshake and write the request headers before it fails with
   * %REJI_KOMOJU_ERROR_TIMEOUT. 0 waits forever.
   *
   * NOTE: the time a request waits for a free connection (libsoup 3.2
   * opens at most 2 per host by default) counts too.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       0, G_MAXUINT / 1000, REJI_KOMOJU_CLIENT_DEFAULT_CONNECT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:max-attempts:
   *
   * The maximum number of attempts of one request, the first included, so
   * 1 never retries. Only failures that may go away are retried: network
   * errors, timeouts, 429 and 5xx responses, and for a POST also 409.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL,
                       1, 100, REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:retry-base-delay:
   *
   * Milliseconds: the upper bound of the random wait before the first
   * retry. The bound doubles for each later retry up to
   * #RejiKomojuClient:retry-max-delay. A `Retry-After` header replaces
   * the random wait.
   */
  properties[PROP_RETRY_BASE_DELAY] =
    g_param_spec_uint ("retry-base-delay", NULL, NULL,
                       0, G_MAXINT32, REJI_KOMOJU_CLIENT_DEFAULT_RETRY_BASE_DELAY,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:retry-max-delay:
   *
   * Milliseconds: the largest upper bound of the random wait before a
   * retry.
   */
  properties[PROP_RETRY_MAX_DELAY] =
    g_param_spec_uint ("retry-max-delay", NULL, NULL,
                       0, G_MAXINT32, REJI_KOMOJU_CLIENT_DEFAULT_RETRY_MAX_DELAY,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RejiKomojuClient:max-retry-wait:
   *
   * Milliseconds: the most one request waits between attempts in total.
   * A retry whose wait would pass it is not made, and the request fails
   * with the last error.
   */
  properties[PROP_MAX_RETRY_WAIT] =
    g_param_spec_uint ("max-retry-wait", NULL, NULL,
                       0, G_MAXUINT, REJI_KOMOJU_CLIENT_DEFAULT_MAX_RETRY_WAIT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reji_komoju_client_init (RejiKomojuClient *self)
{
  self->timeout = REJI_KOMOJU_CLIENT_DEFAULT_TIMEOUT;
  self->connect_timeout = REJI_KOMOJU_CLIENT_DEFAULT_CONNECT_TIMEOUT;
  self->max_attempts = REJI_KOMOJU_CLIENT_DEFAULT_MAX_ATTEMPTS;
  self->retry_base_delay = REJI_KOMOJU_CLIENT_DEFAULT_RETRY_BASE_DELAY;
  self->retry_max_delay = REJI_KOMOJU_CLIENT_DEFAULT_RETRY_MAX_DELAY;
  self->max_retry_wait = REJI_KOMOJU_CLIENT_DEFAULT_MAX_RETRY_WAIT;
}

/**
 * reji_komoju_client_new:
 * @base_url: the API root, such as "https://komoju.com/api/v1"
 * @secret_key: the KOMOJU secret key
 *
 * Creates a client with the default timeouts and retries. When @base_url
 * is not allowed (see reji_komoju_base_url_is_allowed()), the client
 * logs a warning and fails every request with
 * %REJI_KOMOJU_ERROR_INVALID_URL; reji_komoju_client_new_checked()
 * reports that at once instead.
 *
 * Returns: (transfer full): the new client
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

/**
 * reji_komoju_client_new_checked:
 * @base_url: the API root, such as "https://komoju.com/api/v1"
 * @secret_key: the KOMOJU secret key
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_URL error
 *
 * Creates a client after checking @base_url with
 * reji_komoju_base_url_is_allowed().
 *
 * Returns: (transfer full) (nullable): the new client, or NULL when
 *   @base_url is not allowed
 */
RejiKomojuClient *
reji_komoju_client_new_checked (const char  *base_url,
                                const char  *secret_key,
                                GError     **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reji_komoju_base_url_is_allowed (base_url, error))
    return NULL;

  return reji_komoju_client_new (base_url, secret_key);
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

/* Sending */

static void
fill_config (RejiKomojuClient        *self,
             RejiKomojuRequestConfig *config)
{
  config->session = self->session;
  config->base_url = self->base_url;
  config->authorization = self->authorization;
  config->connect_timeout = self->connect_timeout;
  config->timeout = self->timeout;
  config->max_attempts = self->max_attempts;
  config->retry_base_delay = self->retry_base_delay;
  config->retry_max_delay = self->retry_max_delay;
  config->max_retry_wait = self->max_retry_wait;
}

/* Sends @spec, or fails at once when the base URL is not allowed. */
static void
send_request (RejiKomojuClient            *self,
              GTask                       *task,
              const RejiKomojuRequestSpec *spec)
{
  RejiKomojuRequestConfig config;

  if (self->base_url_error != NULL)
    {
      if (spec->parse_data_free != NULL && spec->parse_data != NULL)
        spec->parse_data_free (spec->parse_data);
      g_warning ("%s %s not sent: %s", spec->method, spec->path, self->base_url_error->message);
      g_task_return_error (task, g_error_copy (self->base_url_error));
      return;
    }

  fill_config (self, &config);
  reji_komoju_request_send (task, &config, spec);
}

/* Parsers */

static gboolean
parse_secure_token (JsonObject  *object,
                    gpointer     base_url,
                    gpointer    *out_result,
                    GError     **error)
{
  g_autoptr(RejiSecureToken) token = reji_komoju_json_parse_secure_token (object, error);

  if (token == NULL)
    return FALSE;

  /* The URL becomes a QR code a customer scans: never pass on one that
   * could lead anywhere but a real 3-D Secure page. */
  if (token->authentication_url != NULL
      && !reji_komoju_authentication_url_is_allowed (token->authentication_url, base_url, error))
    return FALSE;

  *out_result = g_steal_pointer (&token);
  return TRUE;
}

static gboolean
parse_payment (JsonObject  *object,
               gpointer     parse_data,
               gpointer    *out_result,
               GError     **error)
{
  *out_result = reji_komoju_json_parse_payment (object, error);

  return *out_result != NULL;
}

static gboolean
parse_payment_list (JsonObject  *object,
                    gpointer     external_order_num,
                    gpointer    *out_result,
                    GError     **error)
{
  return reji_komoju_json_find_payment_in_list (object, external_order_num,
                                                (RejiPayment **) out_result, error);
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
  send_request (self, task, &(RejiKomojuRequestSpec) {
                  .method = SOUP_METHOD_POST,
                  .path = "/secure_tokens",
                  .body = body,
                  .idempotency_key = idempotency_key,
                  .parse = parse_secure_token,
                  .parse_data = g_strdup (self->base_url),
                  .parse_data_free = g_free,
                  .result_free = (GDestroyNotify) reji_secure_token_free,
                });
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
  g_autofree char *path = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (token_id != NULL && *token_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_get_secure_token_async);

  path = build_item_path ("secure_tokens", token_id);
  send_request (self, task, &(RejiKomojuRequestSpec) {
                  .method = SOUP_METHOD_GET,
                  .path = path,
                  .parse = parse_secure_token,
                  .parse_data = g_strdup (self->base_url),
                  .parse_data_free = g_free,
                  .result_free = (GDestroyNotify) reji_secure_token_free,
                });
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
 * Sends `POST /payments` without an `external_order_num`; see
 * reji_komoju_client_create_payment_for_order_async().
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
  reji_komoju_client_create_payment_for_order_async (self, token_id, amount, currency, NULL,
                                                     idempotency_key, cancellable, callback, user_data);
}

/**
 * reji_komoju_client_create_payment_for_order_async:
 * @self: a client
 * @token_id: a non-empty id of a verified secure token
 * @amount: the amount in the currency's smallest unit, equal to the token's
 * @currency: the ISO 4217 code, equal to the token's
 * @external_order_num: (nullable): the sale's own id, sent as
 *   `external_order_num` so reji_komoju_client_find_payment_async() can
 *   find the payment when its response is lost; NULL leaves it out
 * @idempotency_key: (nullable): the `X-KOMOJU-IDEMPOTENCY` value, or NULL
 *   for a new random UUID
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `POST /payments`, which charges the token and, with KOMOJU's
 * default, captures the payment at once. Network errors, timeouts, 409,
 * 429 and 5xx responses are retried with the same idempotency key and the
 * same body bytes, so KOMOJU charges at most once.
 */
void
reji_komoju_client_create_payment_for_order_async (RejiKomojuClient    *self,
                                                   const char          *token_id,
                                                   gint64               amount,
                                                   const char          *currency,
                                                   const char          *external_order_num,
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
  g_return_if_fail (external_order_num == NULL || *external_order_num != '\0');
  g_return_if_fail (idempotency_key == NULL || *idempotency_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_create_payment_async);

  body = reji_komoju_json_build_payment_body (token_id, amount, currency, external_order_num);
  send_request (self, task, &(RejiKomojuRequestSpec) {
                  .method = SOUP_METHOD_POST,
                  .path = "/payments",
                  .body = body,
                  .idempotency_key = idempotency_key,
                  .parse = parse_payment,
                  .result_free = (GDestroyNotify) reji_payment_free,
                });
}

/**
 * reji_komoju_client_create_payment_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Finishes both reji_komoju_client_create_payment_async() and
 * reji_komoju_client_create_payment_for_order_async().
 *
 * Returns: (transfer full) (nullable): the payment; a declined card is a
 *   %REJI_KOMOJU_ERROR_API error with KOMOJU's code, such as
 *   "card_declined". %REJI_KOMOJU_ERROR_IN_PROGRESS, %REJI_KOMOJU_ERROR_NETWORK,
 *   %REJI_KOMOJU_ERROR_TIMEOUT, %REJI_KOMOJU_ERROR_TLS and
 *   %REJI_KOMOJU_ERROR_INVALID_RESPONSE leave the outcome unknown: the card
 *   may have been charged.
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
  g_autofree char *path = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (payment_id != NULL && *payment_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_get_payment_async);

  path = build_item_path ("payments", payment_id);
  send_request (self, task, &(RejiKomojuRequestSpec) {
                  .method = SOUP_METHOD_GET,
                  .path = path,
                  .parse = parse_payment,
                  .result_free = (GDestroyNotify) reji_payment_free,
                });
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

/**
 * reji_komoju_client_find_payment_async:
 * @self: a client
 * @external_order_num: the non-empty `external_order_num` a payment was
 *   created with
 * @cancellable: (nullable): a cancellable
 * @callback: called when the response has arrived
 * @user_data: data for @callback
 *
 * Sends `GET /payments?external_order_num=…`, to learn whether a charge
 * whose response was lost went through. Like every GET it is retried on
 * network errors, timeouts, 429 and 5xx.
 *
 * NOTE: only the first page of KOMOJU's list is read; one order number
 * should match one payment.
 */
void
reji_komoju_client_find_payment_async (RejiKomojuClient    *self,
                                       const char          *external_order_num,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (external_order_num != NULL && *external_order_num != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reji_komoju_client_find_payment_async);

  escaped = g_uri_escape_string (external_order_num, NULL, FALSE);
  path = g_strconcat ("/payments?external_order_num=", escaped, NULL);
  send_request (self, task, &(RejiKomojuRequestSpec) {
                  .method = SOUP_METHOD_GET,
                  .path = path,
                  .parse = parse_payment_list,
                  .parse_data = g_strdup (external_order_num),
                  .parse_data_free = g_free,
                  .result_free = (GDestroyNotify) reji_payment_free,
                });
}

/**
 * reji_komoju_client_find_payment_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a %REJI_KOMOJU_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the first listed payment whose
 *   `external_order_num` matches, or NULL without an error when KOMOJU
 *   has none
 */
RejiPayment *
reji_komoju_client_find_payment_finish (RejiKomojuClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reji_komoju_client_find_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Other requests */

/* Sends a request built in another file of this layer, with the client's
 * settings, retries and checks. */
void
reji_komoju_client_send_request (RejiKomojuClient            *self,
                                 GTask                       *task,
                                 const RejiKomojuRequestSpec *spec)
{
  g_return_if_fail (REJI_IS_KOMOJU_CLIENT (self));
  g_return_if_fail (spec != NULL);

  send_request (self, task, spec);
}
